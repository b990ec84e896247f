// Audit log: append throughput (one writer, eight writer processes), verify throughput, index build
// and query latency on 1,000,000 entries, the lock's cost, and what auditing adds to one hook call.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appendRecord } from '../src/audit/append.js';
import { GENESIS, linkEntry } from '../src/audit/chain.js';
import { catchUp, openIndex } from '../src/audit/index-db.js';
import { loadPublicKey } from '../src/audit/keys.js';
import { acquireLock, releaseLock } from '../src/env/file-lock.js';
import { auditOptions, LAYOUT } from '../src/audit/options.js';
import { queryRows, report, sessions } from '../src/audit/query.js';
import type { DecisionRecord } from '../src/audit/record.js';
import { segmentName } from '../src/audit/segments.js';
import { verifyLog } from '../src/audit/verify.js';
import { machine, mdTable, ms, quietEnv, ratio, report as emit, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const N_SINGLE = Number(process.env.BENCH_AUDIT_SINGLE ?? 5000);
const N_PER_WRITER = Number(process.env.BENCH_AUDIT_PER_WRITER ?? 1000);
const N_BIG = Number(process.env.BENCH_AUDIT_BIG ?? 1_000_000);
const HOOK_RUNS = Number(process.env.BENCH_RUNS ?? 150);

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `gh-bench-audit-${p}-`));
const TOOLS = ['Bash', 'Read', 'Edit', 'Write', 'Grep', 'Glob', 'WebFetch', 'mcp__github__create_issue'];
const RULES = ['secrets/env-file', 'filesystem/recursive-delete-critical', 'network/exfil-pipe', 'git/force-push-protected'];

function rec(i: number, ts = Date.now()): DecisionRecord {
  const deny = i % 20 === 0;
  const tool = TOOLS[i % TOOLS.length]!;
  return {
    v: 1,
    decision_id: `d-${i}`,
    ts: new Date(ts).toISOString(),
    event: i % 7 === 0 ? 'PostToolUse' : 'PreToolUse',
    session_id: `session-${(i / 250) | 0}`,
    prompt_id: `prompt-${(i / 10) | 0}`,
    tool_use_id: `toolu_${i}`,
    tool_name: tool,
    permission_mode: 'default',
    cwd: '/home/dev/project',
    input: tool === 'Bash' ? { command: `npm run build -- --filter pkg-${i % 1000} && git status` } : { file_path: `/home/dev/project/src/module-${i % 5000}.ts` },
    actions: tool === 'Bash' ? [`run npm run build`, 'run git status'] : [`read /home/dev/project/src/module-${i % 5000}.ts`],
    verdict: deny ? 'deny' : 'none',
    decision: deny ? 'reject' : 'accept',
    source: 'hook',
    rules: deny ? [RULES[i % RULES.length]!] : [],
    duration_ms: 1,
    policy_revision: 'builtin',
    gatehouse_version: 'bench',
    user: 'dev',
    host: 'bench',
  };
}

function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// 1. One writer, in process.
type Mode = 'always' | 'checkpoint' | 'off';
function singleWriter(fsync: Mode): number {
  const state = tmp('single');
  const env = { GATEHOUSE_STATE_DIR: state, GATEHOUSE_AUDIT_FSYNC: fsync };
  const o = auditOptions(env);
  appendRecord(rec(0), { env, options: o });
  const t = timeMs(() => {
    for (let i = 1; i <= N_SINGLE; i++) appendRecord(rec(i), { env, options: o });
  });
  return (N_SINGLE / t) * 1000;
}

// 2. Eight writer processes at once.
async function eightWriters(fsync: Mode): Promise<number> {
  const state = tmp('eight');
  const env = { ...quietEnv(), GATEHOUSE_STATE_DIR: state, GATEHOUSE_AUDIT_FSYNC: fsync };
  const script = join(root, 'test', 'audit', 'fixtures', 'writer.mjs');
  const url = pathToFileURL(join(root, 'dist', 'audit', 'append.js')).href;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 8 }, (_, w) => new Promise<void>((res, rej) => {
      const p = spawn(process.execPath, [script, url, String(w), String(N_PER_WRITER)], { env, stdio: 'ignore' });
      p.on('exit', (c) => (c === 0 ? res() : rej(new Error(`writer exit ${c}`))));
    })),
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const r = verifyLog(auditOptions(env).dir, { publicKey: loadPublicKey(auditOptions(env).keyDir) });
  if (!r.ok || r.entries !== 8 * N_PER_WRITER) throw new Error(`8 writers: log does not verify (${r.entries} entries)`);
  return ((8 * N_PER_WRITER) / wall) * 1000;
}

// 3–4. A big log written directly (same chain format, no lock per entry), in 32 MB segments.
function writeBigLog(n: number): { dir: string; genMs: number } {
  const state = tmp('big');
  const dir = join(state, 'audit');
  mkdirSync(join(dir, LAYOUT.segments), { recursive: true });
  const start = Date.now() - 60 * 86_400_000; // spread over 60 days
  const genMs = timeMs(() => {
    let prev = GENESIS;
    let segFirst = 1;
    let fd = openSync(join(dir, LAYOUT.segments, segmentName(1)), 'w');
    let size = 0;
    let buf: string[] = [];
    const flush = () => {
      writeSync(fd, buf.join(''));
      buf = [];
    };
    for (let i = 1; i <= n; i++) {
      if (size > 32 * 1024 * 1024) {
        flush();
        closeSync(fd);
        segFirst = i;
        fd = openSync(join(dir, LAYOUT.segments, segmentName(segFirst)), 'w');
        size = 0;
      }
      const { entry, line } = linkEntry({ ...rec(i, start + Math.floor((i / n) * 60 * 86_400_000)), kind: 'decision' } as unknown as Record<string, unknown>, i, prev);
      prev = entry.hash;
      buf.push(line);
      size += line.length;
      if (buf.length >= 2000) flush();
    }
    flush();
    closeSync(fd);
  });
  return { dir, genMs };
}

function median(fn: () => unknown, runs = 7): number {
  fn();
  return stats(Array.from({ length: runs }, () => timeMs(() => void fn()))).median;
}

// 5. The lock alone.
function lockCost(): number {
  const dir = tmp('lock');
  const path = join(dir, 'lock');
  const n = 20_000;
  const t = timeMs(() => {
    for (let i = 0; i < n; i++) releaseLock(acquireLock(path, { timeoutMs: 1000 }));
  });
  return (t / n) * 1000; // µs
}

// 6. The hook with and without the audit sink, as whole processes.
function hookCost() {
  const project = tmp('proj');
  writeFileSync(join(project, 'README.md'), '# x\n');
  const hook = join(root, 'dist', 'hook.cjs');
  const ev = JSON.stringify({ session_id: 'bench', cwd: project, transcript_path: '/dev/null', permission_mode: 'default', tool_use_id: 'toolu_bench', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test && git status' } });
  const base = { HOME: project, CLAUDE_PROJECT_DIR: project };
  const subjects = [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], env: quietEnv(base) },
    { name: 'hook, audit off', cmd: process.execPath, args: [hook], input: ev, env: quietEnv({ ...base, GATEHOUSE_STATE_DIR: tmp('off'), GATEHOUSE_AUDIT: 'off' }) },
    { name: 'hook, audit on (default: fsync at checkpoints)', cmd: process.execPath, args: [hook], input: ev, env: quietEnv({ ...base, GATEHOUSE_STATE_DIR: tmp('on') }) },
    { name: 'hook, audit on, fdatasync every entry', cmd: process.execPath, args: [hook], input: ev, env: quietEnv({ ...base, GATEHOUSE_STATE_DIR: tmp('always'), GATEHOUSE_AUDIT_FSYNC: 'always' }) },
  ];
  const res = timeInterleaved(subjects, HOOK_RUNS);
  // CPU time (user + sys, all threads) read inside each process as it exits, via a --require probe:
  // unlike wall time it does not grow while the process waits for a CPU on a busy machine.
  const probe = join(tmp('probe'), 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').appendFileSync(process.env.CPU_PROBE_OUT, (u.user + u.system) / 1000 + '\\n'); });\n");
  const cpu: Record<string, number[]> = {};
  const outs = subjects.map((x) => join(tmp('cpu'), 'out.txt'));
  for (let i = 0; i < HOOK_RUNS; i++) {
    subjects.forEach((x, k) => {
      const r = spawnSync(x.cmd, ['--require', probe, ...x.args], { input: x.input, env: { ...x.env, CPU_PROBE_OUT: outs[k]! } });
      if (r.error) throw r.error;
    });
  }
  subjects.forEach((x, k) => (cpu[x.name] = readFileSync(outs[k]!, 'utf8').trim().split('\n').map(Number)));
  const floor = stats(res['node -e 0']!).median;
  const off = stats(res['hook, audit off']!).median;
  const cpuOff = stats(cpu['hook, audit off']!).median;
  return subjects.map((s) => {
    const st = stats(res[s.name]!);
    const c = stats(cpu[s.name]!);
    const on = s.name.startsWith('hook, audit on');
    return [s.name, ms(st.median), ms(st.p90), ratio(st.median, floor), on ? `+${ms(st.median - off)}` : '', ms(c.median), on ? `+${ms(c.median - cpuOff)}` : ''];
  });
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

const single = { always: singleWriter('always'), checkpoint: singleWriter('checkpoint'), off: singleWriter('off') };
console.log(`single writer: ${JSON.stringify(single)}`);
const eight = { always: await eightWriters('always'), checkpoint: await eightWriters('checkpoint'), off: await eightWriters('off') };
console.log(`8 writers: ${JSON.stringify(eight)}`);
const lockUs = lockCost();
console.log(`lock acquire+release: ${lockUs.toFixed(1)} µs`);
const hookRows = hookCost();
for (const r of hookRows) console.log(r.join('  '));

const big = writeBigLog(N_BIG);
console.log(`generated ${N_BIG} entries in ${ms(big.genMs)} ms`);
const verifyMs = timeMs(() => {
  const r = verifyLog(big.dir);
  if (!r.ok) throw new Error('big log does not verify');
});
console.log(`verify: ${ms(verifyMs)} ms`);
const db = openIndex(big.dir);
const buildMs = timeMs(() => void catchUp(db, big.dir));
const catchUpNoop = median(() => catchUp(db, big.dir));
const now = Date.now();
const since30 = now - 30 * 86_400_000;
const queries: [string, () => unknown][] = [
  ['one session (250 records)', () => queryRows(db, { session: 'session-1234' }, 1000)],
  ['deny, last 30 days, newest 100', () => queryRows(db, { verdict: 'deny', since: since30 }, 100)],
  ['rule secrets/env-file, newest 100', () => queryRows(db, { rule: 'secrets/env-file' }, 100)],
  ['tool Bash + text "pkg-777", all', () => queryRows(db, { tool: 'Bash', match: 'pkg-777' }, 100_000)],
  ['text "module-4242" (command or path), all', () => queryRows(db, { match: 'module-4242' }, 100_000)],
  ['sessions, last 30 days, newest 50', () => sessions(db, { since: since30 })],
  ['report --since 30d', () => report(db, { since: since30 })],
];
const qRows = queries.map(([name, fn]) => {
  const m = median(fn, 5);
  console.log(`${name}: ${ms(m)} ms`);
  return [name, ms(m)];
});
db.close();

emit(`## Audit log

Command: \`npm run bench -- audit\` · machine: ${machine()}

**Append throughput** (\`appendRecord\`: lock, read the chain head, canonicalise + SHA-256, one write,
unlock; a signed checkpoint every 100 entries; \`GATEHOUSE_AUDIT_FSYNC\` decides when data is forced
to disk). One writer appends
${fmt(N_SINGLE)} records in process; eight writers are separate processes appending ${fmt(N_PER_WRITER)} each
at once (the resulting log verifies with all ${fmt(8 * N_PER_WRITER)} entries).

${mdTable(['writers', 'fsync at checkpoints (default)', 'fdatasync every entry', 'no fsync'], [
  ['1', `${fmt(single.checkpoint)} events/s`, `${fmt(single.always)} events/s`, `${fmt(single.off)} events/s`],
  ['8 processes', `${fmt(eight.checkpoint)} events/s`, `${fmt(eight.always)} events/s`, `${fmt(eight.off)} events/s`],
])}

The O_EXCL lock file alone (create + write holder + read + unlink): ${lockUs.toFixed(1)} µs per acquire/release.

**Time auditing adds to one hook call.** Whole \`node dist/hook.cjs\` processes fed one PreToolUse (Bash
\`npm test && git status\`), interleaved with \`node -e 0\` in the same run, ${HOOK_RUNS} runs each after 3
warm-ups; \`NODE_EXTRA_CA_CERTS\` unset for every process. "audit off" is \`GATEHOUSE_AUDIT=off\`.
Target: ≤ 3 ms median added.

${mdTable(['subject', 'wall median ms', 'wall p90 ms', 'wall vs floor', 'wall added by audit', 'CPU median ms', 'CPU added by audit'], hookRows)}

"CPU" is user + system time of the whole process (all threads), read by a \`--require\` probe as each
process exits (a separate pass of ${HOOK_RUNS} interleaved runs): it does not grow while a process waits
for a CPU, so on a busy machine it isolates what auditing costs better than wall time does.

For scale: a warm append in process costs 1/${fmt(single.checkpoint)} s ≈ ${ms(1000 / single.checkpoint)} ms (the
single-writer figure above). In a hook process the first append also pays for compiling the audit
code on first use; the whole-process difference above is what a tool call actually pays. These runs
share two cores with other work, which inflates every figure alike (compare the floor with an idle
machine's ~18 ms); the ratio to the floor is the stable number.

**A log of ${fmt(N_BIG)} entries** (${fmt(N_BIG / 1e6)}M decision records over 60 days, 250 per session, 5% denied, written
directly in the chain format in 32 MB segments: ${ms(big.genMs / 1000)} s to generate).

${mdTable(['operation', 'time'], [
  ['\`audit verify\` (hash + link of every entry)', `${ms(verifyMs / 1000)} s = ${fmt((N_BIG / verifyMs) * 1000)} entries/s`],
  ['index build from scratch (first query)', `${ms(buildMs / 1000)} s = ${fmt((N_BIG / buildMs) * 1000)} entries/s`],
  ['index catch-up with nothing new (every query pays this)', `${ms(catchUpNoop)} ms`],
])}

Query latency on the built index (median of 5, after one warm-up):

${mdTable(['query', 'median ms'], qRows)}
`);
