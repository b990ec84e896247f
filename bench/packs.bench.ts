// Cost of the infrastructure packs (publish, database, cloud, system, supply-chain, infra-lock)
// and their command tables: in-process decision time over every example of those packs, decide()
// alone with and without the six packs on the same actions, and the hook as a whole process
// against `node -e 0` in the same run.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRules, decide } from '../src/policy/decide.js';
import { builtinPolicy, decideEnv, extractToolActions, annotate, decideToolCall } from '../src/policy/engine.js';
import { createFixture, fixtureContext } from '../src/policy/example-runner.js';
import { PACKS } from '../src/policy/packs/index.js';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const runs = Number(process.env.BENCH_RUNS ?? 40);
const loadBefore = loadavg()[0]!;
const MINE = new Set(['publish', 'database', 'cloud', 'system', 'supply-chain', 'infra-lock']);

const fx = createFixture();
const ctx = fixtureContext(fx);
const loaded = builtinPolicy(ctx);
const commands = PACKS.filter((p) => MINE.has(p.PACK)).flatMap((p) => p.rules.flatMap((r) => [...r.examples.match, ...r.examples.pass])).flatMap((e) => ('Bash' in e ? [e.Bash] : []));

function perCall(fn: (c: string) => void, reps: number): number[] {
  for (let i = 0; i < 5; i++) for (const c of commands) fn(c);
  return commands.map((c) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn(c);
    return Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  });
}

// Whole decision as the hook makes it: shell analysis, command tables, file facts, decide().
const full = stats(perCall((c) => decideToolCall({ tool: 'Bash', input: { command: c } }, ctx, loaded), 20));

// decide() alone on the same actions, with every pack and with the six packs left out.
const prepared = commands.map((c) => {
  const call = { tool: 'Bash', input: { command: c } };
  const actions = extractToolActions(call, ctx);
  annotate(actions, loaded, ctx);
  return { c, actions, env: decideEnv(ctx, loaded, actions) };
});
const all = loaded.compiled;
const others = PACKS.filter((p) => !MINE.has(p.PACK));
const without = compileRules(others.flatMap((p) => p.rules), all.sources);
const byCmd = new Map(prepared.map((p) => [p.c, p]));
const decideAll = stats(perCall((c) => { const p = byCmd.get(c)!; decide(p.actions, all, p.env); }, 200));
const decideWithout = stats(perCall((c) => { const p = byCmd.get(c)!; decide(p.actions, without, p.env); }, 200));
fx.cleanup();

// The hook process on a Bash call these packs judge.
const project = mkdtempSync(join(tmpdir(), 'gh-bench-packs-'));
const state = mkdtempSync(join(tmpdir(), 'gh-bench-packs-state-'));
writeFileSync(join(project, 'package.json'), '{"name":"x"}\n');
const env = quietEnv({ HOME: project, GATEHOUSE_STATE_DIR: state, CLAUDE_PROJECT_DIR: project });
const hook = join(root, 'dist', 'hook.cjs');
const event = (command: string) => JSON.stringify({ session_id: 'bench', cwd: project, transcript_path: '/dev/null', permission_mode: 'default', tool_use_id: 'toolu_bench', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const subjects = [
  { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], env },
  { name: 'hook: Bash `npm ci && npm test` (no objection)', cmd: process.execPath, args: [hook], input: event('npm ci && npm test'), env },
  { name: 'hook: Bash `psql -h db.prod.example.com -c "TRUNCATE orders"` (deny)', cmd: process.execPath, args: [hook], input: event('psql -h db.prod.example.com -c "TRUNCATE orders"'), env },
  { name: 'hook: Bash `npx cowsay hi` (ask; reads package.json)', cmd: process.execPath, args: [hook], input: event('npx cowsay hi'), env },
];
const proc = timeInterleaved(subjects, runs);
const floor = stats(proc['node -e 0']!);
const procRows = subjects.map((s) => {
  const st = stats(proc[s.name]!);
  return [s.name, ms(st.median), ms(st.p90), ratio(st.median, floor.median)];
});
const bundleKb = (statSync(join(root, 'dist', 'hook-core.cjs')).size / 1024).toFixed(0);
for (const r of procRows) console.log(r.join('  '));
console.log(`decideToolCall median ${ms(full.median)} p99 ${ms(full.p99)}; decide all ${ms(decideAll.median)} without ${ms(decideWithout.median)}`);

report(`## Infrastructure packs

The publish, database, cloud, system, supply-chain and infra-lock packs with their command tables,
over the ${commands.length} Bash examples of those packs. In process: each command decided 20× (whole
decision) or 200× (\`decide()\` alone) after warm-up; the figure per command is the mean, then the
median and p99 over commands. As a process: \`node dist/hook.cjs\` against \`node -e 0\`, ${runs}
interleaved runs each, \`NODE_EXTRA_CA_CERTS\` unset. The hook bundle (dist/hook-core.cjs) is ${bundleKb} KB.
Load average while measuring: ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on
${cpus().length} cores; under load, process ratios against the floor are inflated and noisy.

Command: \`npm run bench -- packs\` · machine: ${machine()}

| in process, per command | median ms | p99 ms |
|---|---|---|
| whole decision (analysis, tables, file facts, decide) | ${ms(full.median)} | ${ms(full.p99)} |
| decide() with every pack | ${ms(decideAll.median)} | ${ms(decideAll.p99)} |
| decide() without the six packs | ${ms(decideWithout.median)} | ${ms(decideWithout.p99)} |

${mdTable(['process', 'median ms', 'p90 ms', 'vs floor'], procRows)}
`);
