// Is the Stop-hook gate turned on for this project? Read on every Stop event inside the hook
// process, so it only looks at one env var and one small file; the gate itself is loaded
// separately, and only when this says yes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** GATEHOUSE_VERIFY_ON_STOP=1/0 wins; else `stopGate.enabled` in .gatehouse/verify.json. A file
 * that cannot be parsed counts as on, so the gate can report the problem instead of going quiet. */
export function stopGateEnabled(env: Env, project: string): boolean {
  const v = env.GATEHOUSE_VERIFY_ON_STOP;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  let text: string;
  try {
    text = readFileSync(join(project, '.gatehouse', 'verify.json'), 'utf8');
  } catch {
    return false;
  }
  try {
    const o = JSON.parse(text) as { stopGate?: { enabled?: unknown } };
    return o?.stopGate?.enabled === true;
  } catch {
    return text.includes('stopGate');
  }
}

export interface StopGateAnswer {
  block: boolean;
  reason?: string;
  /** Checks that failed. */
  failed: string[];
}

/**
 * Runs the gate in its own Node process (dist/verify/stop-gate-main.js). A separate process keeps
 * ast-grep and the checks out of the hook bundle, and works however the hook itself is loaded
 * (the hook core runs inside a vm.Script, where dynamic import() is unavailable).
 */
export function runStopGateProcess(
  installDir: string,
  input: { cwd: string; stop_hook_active: boolean; project: string },
  env: Env,
  timeoutMs = 15 * 60_000,
): Promise<StopGateAnswer> {
  // child_process is required only here, so other events never load it.
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(installDir, 'dist', 'verify', 'stop-gate-main.js')], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        const a = JSON.parse(out) as StopGateAnswer;
        if (typeof a.block !== 'boolean') throw new Error('no verdict');
        resolve(a);
      } catch {
        reject(new Error(`the stop gate exited with ${code}: ${err.trim().split('\n')[0] ?? ''}`.slice(0, 300)));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
