// Per-command overhead of `gatehouse sandbox run` against the bare command, for each backend:
// bubblewrap with gatehouse's arguments, the whole library path (resolve + masks + bwrap + clean-up),
// the CLI as a process, and @anthropic-ai/sandbox-runtime as a library. Medians, same run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { linuxBwrapBackend, bwrapArgs } from '../src/sandbox/backends/linux-bwrap.js';
import { linuxSrtBackend, shellQuote, srtConfig, SRT_VERSION, inCwd } from '../src/sandbox/backends/linux-srt.js';
import { resolveSandbox, runBaseDir } from '../src/sandbox/resolve.js';
import { spawnSandboxed } from '../src/sandbox/run.js';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const runs = Number(process.env.BENCH_RUNS ?? 60);
const base = mkdtempSync(join(tmpdir(), 'gh-bench-sandbox-'));
const home = join(base, 'home');
const project = join(base, 'project');
mkdirSync(join(home, '.ssh'), { recursive: true });
writeFileSync(join(home, '.ssh', 'id_x'), 'x');
mkdirSync(join(project, 'src'), { recursive: true });
for (let i = 0; i < 50; i++) writeFileSync(join(project, 'src', `f${i}.js`), '1');
writeFileSync(join(project, '.claudeignore'), '.env\n*.pem\n');
writeFileSync(join(project, '.env'), 'X=1');
const env = quietEnv({ HOME: home, GATEHOUSE_STATE_DIR: join(base, 'state') });
const node = process.execPath;

const COMMANDS: { label: string; argv: string[] }[] = [
  { label: '`true`', argv: ['/bin/true'] },
  { label: '`node -e 0`', argv: [node, '-e', '0'] },
];

function once(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const c = spawn(file, args, { stdio: 'ignore', env: opts.env ?? env, cwd: opts.cwd ?? project });
    c.on('error', reject);
    c.on('close', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
  });
}

/** Alternates async subjects run by run, so load drift hits them alike. */
async function timeAsyncInterleaved(fns: Record<string, () => Promise<unknown>>, n: number, warmup = 3): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [k, fn] of Object.entries(fns)) {
    out[k] = [];
    for (let i = 0; i < warmup; i++) await fn();
  }
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of Object.entries(fns)) {
      const t0 = process.hrtime.bigint();
      await fn();
      out[k]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return out;
}

async function timeAsync(fn: () => Promise<unknown>, n: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

const rows: (string | number)[][] = [];
const loadBefore = loadavg()[0]!.toFixed(1);
const add = (cmd: string, subject: string, samples: number[], floor: number) => {
  const s = stats(samples);
  rows.push([cmd, subject, ms(s.median), ms(s.p90), ms(s.median - floor), ratio(s.median, floor)]);
  console.log(`${cmd}  ${subject}  median ${ms(s.median)} ms  (+${ms(s.median - floor)})`);
};

const bwrap = linuxBwrapBackend({ env });
const srt = linuxSrtBackend({ env });
const bwrapOk = (await bwrap.available()).ok;
const srtOk = (await srt.available()).ok;

for (const c of COMMANDS) {
  // 1. bare vs bwrap with gatehouse's argument list (argv built once): the sandbox itself.
  const o = resolveSandbox({ profile: 'workspace', command: c.argv, projectDir: project, env });
  const subjects = [{ name: 'bare', cmd: c.argv[0]!, args: c.argv.slice(1), env, cwd: project }];
  if (bwrapOk) subjects.push({ name: 'bwrap', cmd: 'bwrap', args: bwrapArgs(o), env, cwd: project });
  const r = timeInterleaved(subjects, runs);
  const floor = stats(r.bare!).median;
  add(c.label, 'bare command (spawnSync)', r.bare!, floor);
  if (bwrapOk) add(c.label, 'bubblewrap, gatehouse workspace arguments (spawnSync)', r.bwrap!, floor);
  rmSync(runBaseDir(o), { recursive: true, force: true });

  // 2. the library path per command, async spawn: resolve (private tmp, ignore walk, masks) + bwrap + clean-up.
  const fns: Record<string, () => Promise<unknown>> = { bare: () => once(c.argv[0]!, c.argv.slice(1)) };
  if (bwrapOk) {
    fns.lib = async () => {
      const s = await spawnSandboxed({ profile: 'workspace', command: c.argv, projectDir: project, env }, bwrap, { stdio: 'pipe' });
      s.child.stdin!.end();
      await s.finished;
    };
  }
  const asyncRes = await timeAsyncInterleaved(fns, runs);
  const asyncFloor = stats(asyncRes.bare!).median;
  add(c.label, 'bare command (async spawn)', asyncRes.bare!, asyncFloor);
  if (bwrapOk) add(c.label, 'spawnSandboxed, bubblewrap (resolve + run + clean-up)', asyncRes.lib!, asyncFloor);
  if (srtOk) {
    // sandbox-runtime keeps its proxies in module state: initialise once, then wrap per command.
    const { SandboxManager } = await import('@anthropic-ai/sandbox-runtime');
    const so = resolveSandbox({ profile: 'workspace', command: c.argv, projectDir: project, env });
    const t0 = process.hrtime.bigint();
    await inCwd(project, () => SandboxManager.initialize(srtConfig(so) as never));
    const initMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cmd = c.argv.map(shellQuote).join(' ');
    const perCmd = await timeAsync(async () => {
      const wrapped = await inCwd(project, () => SandboxManager.wrapWithSandbox(cmd));
      await once('/bin/sh', ['-c', wrapped]);
      SandboxManager.cleanupAfterCommand?.();
    }, runs);
    await SandboxManager.reset();
    rmSync(runBaseDir(so), { recursive: true, force: true });
    add(c.label, `sandbox-runtime ${SRT_VERSION} library, initialised once (wrap + run)`, perCmd, asyncFloor);
    rows.push([c.label, `sandbox-runtime ${SRT_VERSION} initialize (once per process)`, ms(initMs), '', '', '']);
    const full = await timeAsync(async () => {
      const s = await spawnSandboxed({ profile: 'workspace', command: c.argv, projectDir: project, env }, linuxSrtBackend({ env }), { stdio: 'pipe' });
      s.child.stdin!.end();
      await s.finished;
    }, Math.min(runs, 20), 1);
    add(c.label, 'spawnSandboxed, sandbox-runtime backend (initialize + wrap + run + reset)', full, asyncFloor);
  }
}

// 3. The CLI as a whole process, against `node -e 0` (Node start-up is most of it).
const cli = join(root, 'bin', 'gatehouse.mjs');
const procs = timeInterleaved(
  [
    { name: 'node', cmd: node, args: ['-e', '0'], env, cwd: project },
    ...(bwrapOk ? [{ name: 'cli', cmd: node, args: [cli, 'sandbox', 'run', '--', '/bin/true'], env, cwd: project }] : []),
  ],
  Math.min(runs, 30),
);
const nodeFloor = stats(procs.node!).median;
add('`true`', 'floor: `node -e 0` process', procs.node!, nodeFloor);
if (bwrapOk) add('`true`', '`gatehouse sandbox run -- true` process (bubblewrap)', procs.cli!, nodeFloor);
rmSync(base, { recursive: true, force: true });
void spawnSync;

report(`## Sandbox run overhead

Per-command cost of running a command under \`gatehouse sandbox run\` (profile \`workspace\`, a project of
50 files with a \`.claudeignore\`), against the bare command measured in the same run; ${runs} runs each after
3 warm-ups (the sandbox-runtime end-to-end row: 20 runs). "+ms" is the median minus the bare median of
the same spawn kind. \`NODE_EXTRA_CA_CERTS\` is unset for every process. Target: ≤ 15 ms median overhead
for the bubblewrap path (the library path, \`spawnSandboxed\`). sandbox-runtime ${SRT_VERSION} is the newest
release that declares Node 20 support (0.0.79 and later declare Node ≥ 22.12); it needs bubblewrap, socat
and ripgrep, starts HTTP and SOCKS proxies and socat relays, and applies a seccomp helper.

Command: \`npm run bench -- sandbox\` · machine: ${machine()} · load average (1 min) ${loadBefore} before, ${loadavg()[0]!.toFixed(1)} after

${mdTable(['command', 'how', 'median ms', 'p90 ms', '+ms vs bare', 'ratio'], rows)}

Reading: the machine was shared with other builds while this ran (load average above, on 2 cores), so
absolute figures are inflated and the \`node -e 0\` rows, whose floor alone varies by tens of
milliseconds, are the noisiest; the \`true\` rows show the sandbox's own cost best. The CLI row adds
Node start-up and loading gatehouse's modules to the same bubblewrap run; embed \`spawnSandboxed\` (as the
MCP scanner's jail does) when the per-command figure matters.
`);
