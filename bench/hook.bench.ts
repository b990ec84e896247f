// The hook as a whole process, as Claude Code runs it, against `node -e 0` in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const hook = join(root, 'dist', 'hook.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 60);
const project = mkdtempSync(join(tmpdir(), 'gh-bench-hook-'));
writeFileSync(join(project, 'README.md'), '# x\n');
const state = mkdtempSync(join(tmpdir(), 'gh-bench-state-'));
const env = quietEnv({ HOME: project, GATEHOUSE_STATE_DIR: state, CLAUDE_PROJECT_DIR: project });

const event = (o: Record<string, unknown>) =>
  JSON.stringify({ session_id: 'bench', cwd: project, transcript_path: '/dev/null', permission_mode: 'default', tool_use_id: 'toolu_bench', ...o });

const subjects = [
  { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], env },
  { name: 'hook: Read README.md (no objection)', cmd: process.execPath, args: [hook], input: event({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(project, 'README.md') } }), env },
  { name: 'hook: Bash `npm test && git status` (no objection)', cmd: process.execPath, args: [hook], input: event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test && git status' } }), env },
  { name: 'hook: Bash `cat .env` (deny)', cmd: process.execPath, args: [hook], input: event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'cat .env' } }), env },
  { name: 'hook without the V8 code cache: Bash (no objection)', cmd: process.execPath, args: [hook], input: event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test && git status' } }), env: { ...env, GATEHOUSE_CODE_CACHE: '0' } },
];
// A subject that fails would time a crash, not the hook: check each answers first.
for (const s of subjects.slice(1)) {
  const r = spawnSync(s.cmd, s.args, { input: s.input, env: s.env });
  if (r.status !== 0) throw new Error(`${s.name}: exit ${r.status}: ${r.stderr}`);
}
const res = timeInterleaved(subjects, runs);
const floor = stats(res['node -e 0']!);
const rows = subjects.map((s) => {
  const st = stats(res[s.name]!);
  return [s.name, ms(st.median), ms(st.p90), ratio(st.median, floor.median)];
});
for (const r of rows) console.log(r.join('  '));
report(`## Hook process

Whole \`node dist/hook.cjs\` processes fed one PreToolUse event on stdin, interleaved with \`node -e 0\`
(the floor) in the same run; ${runs} runs each after 3 warm-ups. \`NODE_EXTRA_CA_CERTS\` is unset for
every process (on these machines it adds ~40 ms to any Node start). Target: median ≤ 1.3× the floor.

Command: \`npm run bench -- hook\` · machine: ${machine()}

${mdTable(['subject', 'median ms', 'p90 ms', 'median vs floor'], rows)}
`);
