// One real-client run, as its own process so it can live inside a private network namespace
// (`unshare -n`) together with the fake API: bring loopback up, start the fake, run `claude -p`,
// write everything observed to a JSON file. Bundled to plain JS by the harness (Node 20 runs no TS).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startFakeAnthropic, type LoggedRequest, type ToolResultSeen, type Turn } from '../../src/demo/fake-api.js';

export interface RunSpec {
  claude: string;
  cwd: string;
  prompt: string;
  args: string[];
  /** The complete environment for claude (ANTHROPIC_BASE_URL is added here). */
  env: Record<string, string>;
  script: Turn[];
  /** Inside `unshare -n`: bring the loopback interface up first. */
  netns: boolean;
  timeoutMs: number;
  resultFile: string;
  /** Inside `unshare -m`: lay an overlay over /etc and write these files into it (managed settings). */
  etcOverlay?: { upper: string; work: string; files: Record<string, string> };
}

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  requests: LoggedRequest[];
  toolResults: ToolResultSeen[];
  netns: boolean;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RunSpec;
  if (spec.netns) {
    const r = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip link set lo up failed: ${r.stderr || r.error}`);
  }
  if (spec.etcOverlay) {
    // Only this private mount namespace sees the overlay; the real /etc is never written.
    const o = spec.etcOverlay;
    const r = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=/etc,upperdir=${o.upper},workdir=${o.work}`, '/etc'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`overlay on /etc failed: ${r.stderr || r.error}`);
    for (const [path, text] of Object.entries(o.files)) {
      if (!path.startsWith('/etc/')) throw new Error(`refusing to write outside /etc: ${path}`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  const fake = await startFakeAnthropic({ script: spec.script });
  const started = Date.now();
  const child = spawn(spec.claude, ['-p', spec.prompt, ...spec.args], {
    cwd: spec.cwd,
    env: { ...spec.env, ANTHROPIC_BASE_URL: fake.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, spec.timeoutMs);
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  const result: RunResult = {
    exitCode,
    signal,
    timedOut,
    durationMs: Date.now() - started,
    stdout,
    stderr,
    requests: fake.requests,
    toolResults: fake.toolResults,
    netns: spec.netns,
  };
  await fake.close();
  writeFileSync(spec.resultFile, JSON.stringify(result));
}

main().catch((e: unknown) => {
  process.stderr.write(`e2e runner: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
