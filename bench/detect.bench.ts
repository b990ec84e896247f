// What anomaly detection adds to one hook call, with a session that already saw 10,000 events.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDetectors } from '../src/detect/run.js';
import { saveBaseline, updateSession } from '../src/detect/store.js';
import { newBaseline, newSessionState, type Observation } from '../src/detect/types.js';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const hook = join(root, 'dist', 'hook.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 60);
const base = mkdtempSync(join(tmpdir(), 'gh-bench-detect-'));
const project = join(base, 'project');
const home = join(base, 'home');
const state = join(base, 'state');
for (const d of [project, home, state]) mkdirSync(d, { recursive: true });
writeFileSync(join(project, 'README.md'), '# x\n');
const ctx = { projectDir: project, home, allowedDirs: [], stateDir: state };

// A session history of 10,000 events: reads, commands, results, a few network fetches.
let s = newSessionState('bench', 0);
let b = newBaseline(0);
const t0 = Date.now() - 10_000 * 2000;
for (let i = 0; i < 10_000; i++) {
  const obs: Observation = i % 2
    ? { event: 'PostToolUse', now: t0 + i * 2000, session: 'bench', tool: 'Bash', callKey: `k${i % 50}`, actions: [], output: { secrets: 0, injection: [] } }
    : { event: 'PreToolUse', now: t0 + i * 2000, session: 'bench', tool: 'Bash', callKey: `k${i % 50}`, verdict: 'none', actions: [{ kind: 'exec', program: 'npm', argv: ['npm', 'test'], via: { tool: 'Bash' } }, ...(i % 100 === 0 ? [{ kind: 'network' as const, host: `host${i % 7}.example.com`, direction: 'fetch' as const, via: { tool: 'Bash' } }] : [])] };
  const r = runDetectors(obs, s, b, ctx);
  s = r.state;
  b = r.baseline;
}
updateSession(state, 'bench', Date.now(), () => ({ state: s, result: null }));
saveBaseline(state, project, b);

// In process: one locked read-run-write cycle.
const samples: number[] = [];
for (let i = 0; i < 2000; i++) {
  const obs: Observation = { event: 'PreToolUse', now: Date.now(), session: 'bench', tool: 'Read', callKey: 'r', verdict: 'none', actions: [{ kind: 'read', path: join(project, 'README.md'), raw: 'README.md', via: { tool: 'Read' } }] };
  const a = process.hrtime.bigint();
  updateSession(state, 'bench', obs.now, (st) => {
    const r = runDetectors(obs, st, b, ctx);
    return { state: r.state, result: r };
  });
  samples.push(Number(process.hrtime.bigint() - a) / 1e6);
}
const inProc = stats(samples);

const env = quietEnv({ HOME: home, GATEHOUSE_STATE_DIR: state, CLAUDE_PROJECT_DIR: project });
const event = JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 'bench', cwd: project, tool_name: 'Read', tool_input: { file_path: join(project, 'README.md') }, tool_use_id: 'toolu_b' });
const res = timeInterleaved(
  [
    { name: 'floor', cmd: process.execPath, args: ['-e', '0'], env },
    { name: 'on', cmd: process.execPath, args: [hook], input: event, env },
    { name: 'off', cmd: process.execPath, args: [hook], input: event, env: { ...env, GATEHOUSE_DETECT: '0' } },
  ],
  runs,
);
const floor = stats(res.floor!);
const on = stats(res.on!);
const off = stats(res.off!);
console.log(`in process median ${ms(inProc.median)} p99 ${ms(inProc.p99)}; hook on ${ms(on.median)} off ${ms(off.median)} floor ${ms(floor.median)}`);
report(`## Anomaly detection

What the detectors add to one hook call when the session has already seen 10,000 events (the state
is a bounded summary, so its size does not grow with the session). In process: one locked
read–detect–write cycle of the session state. As a process: a PreToolUse Read through the whole hook
with detection on and off (\`GATEHOUSE_DETECT=0\`), interleaved with \`node -e 0\`, ${runs} runs each,
\`NODE_EXTRA_CA_CERTS\` unset. Target: ≤ 2 ms median added.

Command: \`npm run bench -- detect\` · machine: ${machine()}

${mdTable(['measure', 'median ms', 'p99 / p90 ms'], [
  ['detectors in process (lock, read, run, write)', ms(inProc.median), ms(inProc.p99)],
  ['hook, detection on', ms(on.median), ms(on.p90)],
  ['hook, detection off', ms(off.median), ms(off.p90)],
  ['added by detection (median difference)', ms(on.median - off.median), ''],
  ['node -e 0', ms(floor.median), ms(floor.p90)],
  ['hook (on) vs floor', ratio(on.median, floor.median), ''],
])}
`);
