// Is the Stop-hook gate turned on for this project? Read on every Stop event inside the hook
// process, so it only looks at one env var and one small file; the gate itself is loaded
// separately, and only when this says yes.
import { readFileSync } from 'node:fs';
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

/** Loads the gate from the built package at run time, so the hook bundle never contains it. */
export async function loadStopGate(installDir: string): Promise<typeof import('./stop-gate.js')> {
  const { pathToFileURL } = await import('node:url');
  const url = pathToFileURL(join(installDir, 'dist', 'verify', 'stop-gate.js')).href;
  return (await import(url)) as typeof import('./stop-gate.js');
}
