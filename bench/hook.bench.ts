// The hook as a whole process, as Claude Code runs it, against `node -e 0` in the same run: with
// everything on (policy, audit log, detectors, checkpoints), and with parts switched off to show
// what each costs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const hook = join(root, 'dist', 'hook.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 60);
const base = mkdtempSync(join(tmpdir(), 'gh-bench-hook-'));
const home = join(base, 'home');
const project = join(home, 'project');
mkdirSync(join(project, 'src'), { recursive: true });
writeFileSync(join(project, 'README.md'), '# x\n');
for (let i = 0; i < 50; i++) writeFileSync(join(project, 'src', `m${i}.ts`), `export const v${i} = ${i};\n`);
spawnSync('git', ['init', '-q'], { cwd: project });
const state = join(base, 'state');
const env = quietEnv({ HOME: home, GATEHOUSE_STATE_DIR: state, CLAUDE_PROJECT_DIR: project });
const decisionOnly = { ...env, GATEHOUSE_AUDIT: 'off', GATEHOUSE_DETECT: '0', GATEHOUSE_ROLLBACK: 'off' };

const event = (o: Record<string, unknown>) =>
  JSON.stringify({ session_id: 'bench', cwd: project, transcript_path: '/dev/null', permission_mode: 'default', tool_use_id: 'toolu_bench', ...o });
const read = event({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(project, 'README.md') } });
const bashRO = event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git status --short && ls src | wc -l' } });
const bashRW = event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test && git status' } });
const deny = event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'cat .env' } });

const inProc = { ...env, GATEHOUSE_DAEMON: '0' };
const inProcDecision = { ...decisionOnly, GATEHOUSE_DAEMON: '0' };
const subjects = [
  { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], env },
  { name: 'resident: Read README.md, decision only', cmd: process.execPath, args: [hook], input: read, env: decisionOnly },
  { name: 'resident: Read README.md, everything on', cmd: process.execPath, args: [hook], input: read, env },
  { name: 'resident: Bash read-only, everything on', cmd: process.execPath, args: [hook], input: bashRO, env },
  { name: 'resident: Bash `cat .env` (deny), everything on', cmd: process.execPath, args: [hook], input: deny, env },
  { name: 'resident: Bash `npm test && git status`, everything on (takes a checkpoint)', cmd: process.execPath, args: [hook], input: bashRW, env },
  { name: 'in-process: Read README.md, decision only', cmd: process.execPath, args: [hook], input: read, env: inProcDecision },
  { name: 'in-process: Read README.md, everything on', cmd: process.execPath, args: [hook], input: read, env: inProc },
  { name: 'in-process: Bash read-only, everything on', cmd: process.execPath, args: [hook], input: bashRO, env: inProc },
  { name: 'in-process: Bash `cat .env` (deny), everything on', cmd: process.execPath, args: [hook], input: deny, env: inProc },
  { name: 'in-process: Bash read-only, no V8 code cache', cmd: process.execPath, args: [hook], input: bashRO, env: { ...inProc, GATEHOUSE_CODE_CACHE: '0' } },
];
// A subject that fails would time a crash, not the hook: check each answers first.
for (const s of subjects.slice(1)) {
  const r = spawnSync(s.cmd, s.args, { input: s.input, env: s.env });
  if (r.status !== 0) throw new Error(`${s.name}: exit ${r.status}: ${r.stderr}`);
}
// Start the resident process and let it warm up, as a working session would.
for (let i = 0; i < 3; i++) spawnSync(process.execPath, [hook], { input: read, env });
await new Promise((r) => setTimeout(r, 1000));
for (let i = 0; i < 30; i++) for (const input of [read, bashRO, deny]) spawnSync(process.execPath, [hook], { input, env });
const res = timeInterleaved(subjects, runs);
const floor = stats(res['node -e 0']!);
const rows = subjects.map((s) => {
  const st = stats(res[s.name]!);
  return [s.name, ms(st.median), ms(st.p90), ratio(st.median, floor.median), s.name === 'node -e 0' ? '' : `+${ms(st.median - floor.median)}`];
});
for (const r of rows) console.log(r.join('  '));
report(`## Hook process

Whole \`node dist/hook.cjs\` processes fed one PreToolUse event on stdin, interleaved with \`node -e 0\`
(the floor) in the same run; ${runs} runs each after 3 warm-ups, in a git project of 50 files.
"Resident" is the normal path once a session is under way: the launcher asks the resident hook
process (started after two calls within a minute, warmed by the calls before the measurement).
"In-process" is the launcher deciding itself (\`GATEHOUSE_DAEMON=0\`, and what any call does when no
resident process is running).
\`NODE_EXTRA_CA_CERTS\` is unset for every process (on these machines it adds ~40 ms to any Node
start; \`gatehouse init\` empties it in the hook command). "Decision only" switches the audit log,
the detectors and checkpoints off (\`GATEHOUSE_AUDIT=off GATEHOUSE_DETECT=0 GATEHOUSE_ROLLBACK=off\`);
"everything on" is what an installed hook does. Targets: the decision ≤ 1.3× the floor, the audit log
≤ 3 ms more, the detectors ≤ 2 ms more; a change-making Bash call also pays its checkpoint.

Command: \`npm run bench -- hook\` · machine: ${machine()}

${mdTable(['subject', 'median ms', 'p90 ms', 'median vs floor', 'added'], rows)}
`);
