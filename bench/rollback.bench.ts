// Rollback on a generated 10,000-file project with an ignored 20,000-file node_modules: the cold
// first snapshot, incremental and no-change snapshots, a whole-tree restore and a single-call undo
// (in-process, as the hook and the CLI call them), then the hook process for a mutating Write with
// checkpoints on and off, against `node -e 0` in the same run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/rollback/config.js';
import { git } from '../src/rollback/git.js';
import { applySwitch, currentTree, planSwitch } from '../src/rollback/restore.js';
import { takeCheckpoint, withStore } from '../src/rollback/snapshot.js';
import { storeFor } from '../src/rollback/store.js';
import { planUndo } from '../src/rollback/undo.js';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, type Stats } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const hook = join(root, 'dist', 'hook.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 20);
const work = mkdtempSync(join(tmpdir(), 'gh-bench-rollback-'));
const project = join(work, 'project');
const state = join(work, 'state');
const cfg = defaultConfig();
const load0 = loadavg()[0]!;

function generate(): void {
  for (let d = 0; d < 100; d++) {
    const dir = join(project, 'src', `mod${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `file${f}.ts`), `// module ${d} file ${f}\nexport const v${f} = ${d * 100 + f};\n` + '/* filler */\n'.repeat(300 + ((d * f) % 200)));
  }
  for (let d = 0; d < 200; d++) {
    const dir = join(project, 'node_modules', `pkg${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `index${f}.js`), `module.exports = ${f};\n`);
  }
  writeFileSync(join(project, '.gitignore'), 'node_modules/\n');
}

/** CPU time of this process and of the git processes it waited for (Linux /proc, 100 Hz ticks):
 * unlike wall time it barely moves when other work shares the machine. */
function cpuMs(): number {
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = ((Number(f[13]) || 0) + (Number(f[14]) || 0)) * 10;
  } catch {
    children = NaN;
  }
  const own = process.cpuUsage();
  return children + (own.user + own.system) / 1000;
}

const cpuSum: Record<string, number> = {};
const time = (fn: () => void, name?: string): number => {
  const c0 = name ? cpuMs() : 0;
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (name) cpuSum[name] = (cpuSum[name] ?? 0) + (cpuMs() - c0);
  return wall;
};

let round = 0;
/** ~25 changed files: 20 rewritten, 5 new (and the previous round's 5 new ones deleted). */
function change25(): void {
  round++;
  for (let i = 0; i < 20; i++) writeFileSync(join(project, 'src', `mod${(round * 7 + i) % 100}`, `file${i}.ts`), `// round ${round}\nexport const changed = ${i};\n`);
  for (let i = 0; i < 5; i++) {
    try {
      unlinkSync(join(project, 'src', `new-${round - 1}-${i}.ts`));
    } catch {
      // first round
    }
    writeFileSync(join(project, 'src', `new-${round}-${i}.ts`), `export const n = ${i};\n`);
  }
}

generate();
const store = storeFor(state, project);
const snap = (kind: 'before' | 'after' | 'manual', extra: Record<string, string> = {}) =>
  withStore(store, 60_000, () => takeCheckpoint(store, cfg, state, { kind, session: 'bench', ...extra }));

// Cold: a fresh store each time (the page cache is warm after the first run; the first is reported too).
const cold: number[] = [];
for (let i = 0; i < 3; i++) {
  rmSync(store.dir, { recursive: true, force: true });
  cold.push(time(() => snap('manual'), 'cold'));
}
// A floor measured in the same run: one git process doing nothing (git --version).
const gitFloor: number[] = [];
const spawnGit = () => spawnSync('git', ['--version']);
const noChange: number[] = [];
const incremental: number[] = [];
for (let i = 0; i < runs; i++) {
  gitFloor.push(time(spawnGit, 'floor'));
  noChange.push(time(() => snap('manual'), 'noChange'));
  change25();
  incremental.push(time(() => snap('manual'), 'incremental'));
}

// Whole-tree restore: back to the previous checkpoint (~25 files differ), as `gatehouse rollback --yes` does it.
const restore: number[] = [];
const w = { stateDir: state, cfg };
let previous = snap('manual').tree;
for (let i = 0; i < Math.min(runs, 10); i++) {
  change25();
  const now = snap('manual').tree;
  restore.push(
    time(() => {
      const plan = withStore(store, 60_000, () => planSwitch(store, currentTree(store, w), previous));
      applySwitch(store, w, plan, { kind: 'restore', session: 'bench-cli', target: previous });
    }, 'restore'),
  );
  previous = now;
}

// Single-call undo: a Bash-like call changing ~25 files, then `gatehouse undo --yes`.
const undo: number[] = [];
for (let i = 0; i < Math.min(runs, 10); i++) {
  const id = `toolu_bench_${i}`;
  const before = snap('before', { tool: 'Bash', tool_use_id: id });
  change25();
  snap('after', { tool: 'Bash', tool_use_id: id, base: before.tree });
  undo.push(
    time(() => {
      const plan = planUndo(store, w, id);
      if (!plan.switch || plan.conflicts.length) throw new Error('unexpected conflict');
      applySwitch(store, w, plan.switch, { kind: 'undo', session: 'bench-cli', target: id });
    }, 'undo'),
  );
}

// The alternative measured for the design record: updating one known path instead of scanning.
const targeted: number[] = [];
for (let i = 0; i < runs; i++) {
  writeFileSync(join(project, 'src', 'mod1', 'file1.ts'), `// targeted ${i}\n`);
  targeted.push(time(() => {
    withStore(store, 60_000, () => {
      git(store.git, ['add', '-A', '--', ':(literal)src/mod1/file1.ts']);
      git(store.git, ['write-tree']);
    });
  }, 'targeted'));
}
snap('manual');

// Hook processes: PreToolUse + PostToolUse of a Write, checkpoints on vs off (GATEHOUSE_ROLLBACK=off).
const hookState = join(work, 'hook-state');
const envOn = quietEnv({ HOME: work, GATEHOUSE_STATE_DIR: hookState, CLAUDE_PROJECT_DIR: project, GATEHOUSE_CONFIG_DIR: join(work, 'cfg') });
const envOff = { ...envOn, GATEHOUSE_ROLLBACK: 'off' };
const target = join(project, 'src', 'mod3', 'file3.ts');
// The runs with checkpoints off write an ignored file, so they leave nothing for the next
// checkpointed PreToolUse to find: it really is a no-change snapshot.
const offTarget = join(project, 'node_modules', 'pkg0', 'index0.js');
const ev = (name: string, id: string, file = target) =>
  JSON.stringify({ hook_event_name: name, session_id: 'bench', cwd: project, transcript_path: '/dev/null', permission_mode: 'default', tool_name: 'Write', tool_use_id: id, tool_input: { file_path: file, content: 'x' }, tool_response: { filePath: file } });
const hookRuns = Number(process.env.BENCH_HOOK_RUNS ?? 30);
const h: Record<string, number[]> = { floor: [], preOn: [], postOn: [], preOff: [], postOff: [] };
const hookCpu: Record<string, number> = {};
/** One whole process; its wall time and CPU (its own and its git children's) count after warm-up. */
const proc = (name: string, keep: boolean, args: string[], env: NodeJS.ProcessEnv, input?: string): void => {
  const c0 = cpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, input });
  if (r.error) throw r.error;
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!keep) return;
  h[name]!.push(wall);
  hookCpu[name] = (hookCpu[name] ?? 0) + (cpuMs() - c0);
};
proc('floor', false, [hook], envOn, ev('PreToolUse', 'warm')); // builds the hook's store (cold) before timing
for (let i = 0; i < 3 + hookRuns; i++) {
  const keep = i >= 3;
  proc('floor', keep, ['-e', '0'], envOn);
  proc('preOn', keep, [hook], envOn, ev('PreToolUse', `on${i}`));
  writeFileSync(target, `// write ${i}\n`);
  proc('postOn', keep, [hook], envOn, ev('PostToolUse', `on${i}`));
  proc('preOff', keep, [hook], envOff, ev('PreToolUse', `off${i}`, offTarget));
  writeFileSync(offTarget, `// write ${i} off\n`);
  proc('postOff', keep, [hook], envOff, ev('PostToolUse', `off${i}`, offTarget));
}
rmSync(work, { recursive: true, force: true });

const gf = stats(gitFloor);
const cpuMean = (key: string, n: number) => ms((cpuSum[key] ?? NaN) / n);
const row = (name: string, s: Stats, key: string, tgt = '') => [name, String(s.n), ms(s.median), ms(s.p90), ratio(s.median, gf.median), cpuMean(key, s.n), tgt];
const inc = stats(incremental);
const none = stats(noChange);
const rest = stats(restore);
const rows = [
  row('floor: one `git --version` process', gf, 'floor'),
  row('cold first snapshot (fresh store)', stats(cold), 'cold', 'background at SessionStart'),
  row('incremental snapshot, ~25 files changed', inc, 'incremental', `≤ 100 ms: ${inc.median <= 100 ? 'met' : 'MISSED'}`),
  row('no-change snapshot', none, 'noChange', `≤ 60 ms: ${none.median <= 60 ? 'met' : 'MISSED'}`),
  row('whole-tree restore (~25 files differ)', rest, 'restore', `≤ 200 ms: ${rest.median <= 200 ? 'met' : 'MISSED'}`),
  row('single-call undo (~25 files)', stats(undo), 'undo'),
  row('alternative: add one known changed path + write-tree, no scan', stats(targeted), 'targeted', 'not used; see decision 0400'),
];
const floor = stats(h.floor!);
const hrow = (label: string, key: string) => {
  const s = stats(h[key]!);
  return [label, ms(s.median), ms(s.p90), ratio(s.median, floor.median), ms((hookCpu[key] ?? NaN) / s.n)];
};
const hookRows = [
  hrow('node -e 0', 'floor'),
  hrow('PreToolUse Write, checkpoints off', 'preOff'),
  hrow('PreToolUse Write, checkpoints on (nothing changed)', 'preOn'),
  hrow('PostToolUse Write, checkpoints off', 'postOff'),
  hrow('PostToolUse Write, checkpoints on (1 file changed)', 'postOn'),
];
for (const r of [...rows, ...hookRows]) console.log(r.join('  '));

report(`## Rollback checkpoints

A generated project of 10,000 source files (~50 MB) plus a 20,000-file \`node_modules/\` that
\`.gitignore\` excludes. Snapshot, restore and undo are timed in-process, as the hook and the CLI call
them (each includes its git processes and the store lock). "~25 files changed" = 20 rewritten,
5 created, 5 deleted. ${runs} runs (restore and undo: ${Math.min(runs, 10)}); cold: 3 fresh stores.
The floor is one \`git --version\` process timed in the same loop: on a loaded machine every wall-clock
figure grows with it. "CPU ms" is the CPU time of gatehouse and its git processes per operation
(from /proc, 10 ms ticks summed over all runs), which other load on the machine barely changes. Load average at the start of this run: ${load0.toFixed(1)} on ${cpus().length} CPUs.

Command: \`npm run bench -- rollback\` · machine: ${machine()}

${mdTable(['operation', 'runs', 'median ms', 'p90 ms', 'median vs git floor', 'CPU ms (mean)', 'target'], rows)}

Hook processes (\`node dist/hook.cjs\`) for a Write into that project, checkpoints on and off
(\`GATEHOUSE_ROLLBACK=off\`), interleaved with \`node -e 0\` in the same run; ${hookRuns} runs each after
3 warm-ups; \`NODE_EXTRA_CA_CERTS\` unset for every process.

${mdTable(['subject', 'median ms', 'p90 ms', 'median vs floor', 'CPU ms (mean)'], hookRows)}
`);
