// Rollback on a generated 10,000-file project with an ignored 20,000-file node_modules: the cold
// first snapshot, incremental and no-change snapshots, a whole-tree restore and a single-call undo
// (in-process, as the hook and the CLI call them), then the hook process for a mutating Write with
// checkpoints on and off, against `node -e 0` in the same run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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

const time = (fn: () => void): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
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
  cold.push(time(() => snap('manual')));
}
// A floor measured in the same run: one git process doing nothing (git --version).
const gitFloor: number[] = [];
const spawnGit = () => spawnSync('git', ['--version']);
const noChange: number[] = [];
const incremental: number[] = [];
for (let i = 0; i < runs; i++) {
  gitFloor.push(time(spawnGit));
  noChange.push(time(() => snap('manual')));
  change25();
  incremental.push(time(() => snap('manual')));
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
    }),
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
    }),
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
  }));
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
const proc = (args: string[], env: NodeJS.ProcessEnv, input?: string): number => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, input });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
proc([hook], envOn, ev('PreToolUse', 'warm')); // builds the hook's store (cold) before timing
const hookRuns = Number(process.env.BENCH_HOOK_RUNS ?? 30);
const h: Record<string, number[]> = { floor: [], preOn: [], postOn: [], preOff: [], postOff: [] };
for (let i = 0; i < 3 + hookRuns; i++) {
  const keep = i >= 3;
  const f = proc(['-e', '0'], envOn);
  const a = proc([hook], envOn, ev('PreToolUse', `on${i}`));
  writeFileSync(target, `// write ${i}\n`);
  const b = proc([hook], envOn, ev('PostToolUse', `on${i}`));
  const c = proc([hook], envOff, ev('PreToolUse', `off${i}`, offTarget));
  writeFileSync(offTarget, `// write ${i} off\n`);
  const d = proc([hook], envOff, ev('PostToolUse', `off${i}`, offTarget));
  if (keep) {
    h.floor!.push(f);
    h.preOn!.push(a);
    h.postOn!.push(b);
    h.preOff!.push(c);
    h.postOff!.push(d);
  }
}
rmSync(work, { recursive: true, force: true });

const gf = stats(gitFloor);
const row = (name: string, s: Stats, tgt = '') => [name, String(s.n), ms(s.median), ms(s.p90), ratio(s.median, gf.median), tgt];
const inc = stats(incremental);
const none = stats(noChange);
const rest = stats(restore);
const rows = [
  row('floor: one `git --version` process', gf, ''),
  row('cold first snapshot (fresh store)', stats(cold), 'background at SessionStart'),
  row('incremental snapshot, ~25 files changed', inc, `≤ 100 ms: ${inc.median <= 100 ? 'met' : 'MISSED'}`),
  row('no-change snapshot', none, `≤ 60 ms: ${none.median <= 60 ? 'met' : 'MISSED'}`),
  row('whole-tree restore (~25 files differ)', rest, `≤ 200 ms: ${rest.median <= 200 ? 'met' : 'MISSED'}`),
  row('single-call undo (~25 files)', stats(undo), ''),
  row('alternative: one known path (add + write-tree)', stats(targeted), 'not used; see decision 0400'),
];
const floor = stats(h.floor!);
const hrow = (name: string, xs: number[]) => {
  const s = stats(xs);
  return [name, ms(s.median), ms(s.p90), ratio(s.median, floor.median)];
};
const hookRows = [
  hrow('node -e 0', h.floor!),
  hrow('PreToolUse Write, checkpoints off', h.preOff!),
  hrow('PreToolUse Write, checkpoints on (nothing changed)', h.preOn!),
  hrow('PostToolUse Write, checkpoints off', h.postOff!),
  hrow('PostToolUse Write, checkpoints on (1 file changed)', h.postOn!),
];
for (const r of [...rows, ...hookRows]) console.log(r.join('  '));

report(`## Rollback checkpoints

A generated project of 10,000 source files (~50 MB) plus a 20,000-file \`node_modules/\` that
\`.gitignore\` excludes. Snapshot, restore and undo are timed in-process, as the hook and the CLI call
them (each includes its git processes and the store lock). "~25 files changed" = 20 rewritten,
5 created, 5 deleted. ${runs} runs (restore and undo: ${Math.min(runs, 10)}); cold: 3 fresh stores.
The floor is one \`git --version\` process timed in the same loop: on a loaded machine every figure
grows with it. Load average at the start of this run: ${load0.toFixed(1)} on ${cpus().length} CPUs.

Command: \`npm run bench -- rollback\` · machine: ${machine()}

${mdTable(['operation', 'runs', 'median ms', 'p90 ms', 'median vs git floor', 'target'], rows)}

Hook processes (\`node dist/hook.cjs\`) for a Write into that project, checkpoints on and off
(\`GATEHOUSE_ROLLBACK=off\`), interleaved with \`node -e 0\` in the same run; ${hookRuns} runs each after
3 warm-ups; \`NODE_EXTRA_CA_CERTS\` unset for every process.

${mdTable(['subject', 'median ms', 'p90 ms', 'median vs floor'], hookRows)}
`);
