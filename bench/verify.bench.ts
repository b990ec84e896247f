// Verification speed: the security scan over a large real JS/TS tree (gatehouse's own
// node_modules), and `gatehouse verify` wall time on a generated 1,000-file project (the
// project's tests excluded), each against a floor measured in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { scanFile } from '../src/verify/security/scan-file.js';
import { isMinified, loadAstGrep } from '../src/verify/security/ast-scan.js';
import { machine, mdTable, ms, quietEnv, ratio, report, stats } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const loadAtStart = loadavg()[0]!.toFixed(1);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// --- 1. security scan throughput -------------------------------------------------------------
function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && /\.(js|mjs|cjs|ts|mts|cts|tsx|jsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
}
const tree: string[] = [];
walk(join(root, 'node_modules'), tree);
const sources = tree
  .map((p) => ({ p, size: statSync(p).size }))
  .filter((f) => f.size <= 1024 * 1024)
  .map((f) => ({ rel: relative(root, f.p), text: readFileSync(f.p, 'utf8') }));
const lines = sources.reduce((n, s) => n + s.text.split('\n').length, 0);
const mb = sources.reduce((n, s) => n + s.text.length, 0) / 1e6;
loadAstGrep();
const minified = sources.filter((s) => isMinified(s.text)).length;

function timeScan(fn: (rel: string, text: string) => unknown): number {
  const t0 = process.hrtime.bigint();
  for (const s of sources) fn(s.rel, s.text);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
// Floor: reading nothing, just touching every file's text (a regex over it), to show the
// scan's cost over the cheapest possible pass.
const floorFn = (_r: string, t: string) => /child_process/.test(t);
let findings = 0;
const scanRuns: number[] = [];
const floorRuns: number[] = [];
timeScan(scanFile); // warm-up (native addon, JIT)
for (let i = 0; i < RUNS; i++) {
  floorRuns.push(timeScan(floorFn));
  scanRuns.push(timeScan((r, t) => (findings += scanFile(r, t).length)));
}
findings = Math.round(findings / RUNS);
const scan = stats(scanRuns);
const floor = stats(floorRuns);
const filesPerSec = (sources.length / scan.median) * 1000;
console.log(`security scan: ${sources.length} files, ${ms(scan.median)} ms median → ${filesPerSec.toFixed(0)} files/s`);

// --- 2. gatehouse verify on a generated 1,000-file project -----------------------------------
const proj = mkdtempSync(join(tmpdir(), 'gatehouse-bench-verify-'));
const git = (...a: string[]) => execFileSync('git', a, { cwd: proj, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', HOME: proj } });
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'b@example.test');
git('config', 'user.name', 'bench');
symlinkSync(join(root, 'node_modules'), join(proj, 'node_modules'), 'dir');
writeFileSync(join(proj, '.gitignore'), 'node_modules\n');
writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'bench', type: 'module', scripts: { test: 'vitest run' } }));
writeFileSync(join(proj, 'eslint.config.js'), "export default [{ rules: { 'no-unused-vars': 'error', eqeqeq: 'error' } }];\n");
const N = 1000;
for (let i = 0; i < N; i++) {
  const dir = join(proj, 'src', `mod${Math.floor(i / 50)}`);
  mkdirSync(dir, { recursive: true });
  const body = [...Array(40)].map((_, k) => `  total += helper${k % 5}(input, ${k});`).join('\n');
  const isPy = i % 10 === 9;
  if (isPy) writeFileSync(join(dir, `file${i}.py`), `"""Module ${i}."""\nimport json\n\n\ndef run_${i}(data):\n    """Parse and sum."""\n    return sum(json.loads(data))\n`);
  else
    writeFileSync(
      join(dir, `file${i}.js`),
      `/** Helpers for module ${i}. */\nconst helper0 = (a, b) => a + b;\nconst helper1 = (a, b) => a * b;\nconst helper2 = (a, b) => a - b;\nconst helper3 = (a, b) => (b ? a / b : 0);\nconst helper4 = (a, b) => a % (b + 1);\n\n/** Sums the helpers for ${i}. */\nexport function compute${i}(input) {\n  let total = 0;\n${body}\n  return total;\n}\n`,
    );
}
git('add', '-A');
git('commit', '-q', '-m', 'base');
git('checkout', '-q', '-b', 'change');
for (let i = 0; i < 20; i++) {
  const f = join(proj, 'src', `mod${i}`, `file${i * 50}.js`);
  writeFileSync(f, readFileSync(f, 'utf8') + `\n/** Added ${i}. */\nexport const added${i} = ${i};\n`);
}
git('commit', '-q', '-am', 'change 20 files');

const gh = join(root, 'bin', 'gatehouse.mjs');
const env = quietEnv({ HOME: proj, PATH: process.env.PATH ?? '' });
const subjects = [
  { name: 'floor: `gatehouse --version`', args: ['--version'] },
  { name: 'verify --checks security,docs,critical --base main (20 changed files)', args: ['verify', '--checks', 'security,docs,critical', '--base', 'main'] },
  { name: 'verify --checks security,docs (all 1,000 files, no base)', args: ['verify', '--checks', 'security,docs'] },
  { name: 'verify --checks lint,security,docs,critical --base main (ESLint on 20 files)', args: ['verify', '--checks', 'lint,security,docs,critical', '--base', 'main'] },
  { name: 'verify --checks lint,security,docs (ESLint + scans on all 1,000 files)', args: ['verify', '--checks', 'lint,security,docs'] },
];
const res: Record<string, number[]> = {};
for (const s of subjects) {
  res[s.name] = [];
  const w = spawnSync(process.execPath, [gh, ...s.args], { cwd: proj, env, encoding: 'utf8' });
  if (w.status !== 0 && s.args[0] !== '--version') console.log(`note: ${s.name} exited ${w.status}: ${w.stdout.slice(-400)}`);
}
for (let i = 0; i < RUNS; i++) {
  for (const s of subjects) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, [gh, ...s.args], { cwd: proj, env });
    res[s.name]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const vfloor = stats(res[subjects[0]!.name]!);
const rows = subjects.map((s) => {
  const st = stats(res[s.name]!);
  return [s.name, ms(st.median), ms(st.p90), ratio(st.median, vfloor.median)];
});
for (const r of rows) console.log(r.join('  '));

report(`## Verification

Command: \`npm run bench -- verify\` · machine: ${machine()} · ${RUNS} runs each (after one warm-up) · 1-minute load average at start: ${loadAtStart} (on 2 cores, above 2 means other work competed for the CPU; compare the ratios, not the milliseconds).

**Security scan throughput** (\`scanFile\`: the 14 code rules, the workflow rules and the secret scan, in one
process, files already in memory): every JS/TS file under gatehouse's own \`node_modules\` up to 1 MiB
(${sources.length} files, ${(lines / 1000).toFixed(0)}k lines, ${mb.toFixed(1)} MB; ${minified} of them minified, so
only secret-scanned). Floor: one regex pass over the same texts.
Target: ≥ 1,000 files/s.

${mdTable(['subject', 'median ms', 'p90 ms', 'files/s', 'vs floor'], [
  ['floor: one regex test per file', ms(floor.median), ms(floor.p90), ((sources.length / floor.median) * 1000).toFixed(0), '1.00×'],
  [`security scan, one thread (${findings} findings)`, ms(scan.median), ms(scan.p90), filesPerSec.toFixed(0), ratio(scan.median, floor.median)],
])}

**\`gatehouse verify\` wall time** on a generated project of ${N} source files (900 JS, 100 Python,
~50 lines each) with a 20-file change on a branch; whole CLI processes; the project's own tests are
not run (no \`test\` check). ESLint is the project's (10.x, two rules). Floor: \`gatehouse --version\`.

${mdTable(['subject', 'median ms', 'p90 ms', 'vs floor'], rows)}
`);
