// Shell analysis: start-up cost of the analyser as a process (against `node -e 0` in the same
// run), and in-process analysis time per command over the test corpus.
import { build } from 'esbuild';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeShell } from '../src/shell/analyze.js';
import { CORPUS } from '../test/shell/corpus.js';
import { ctx } from '../test/shell/fixtures.js';
import { machine, mdTable, ms, quietEnv, ratio, report, stats, timeInterleaved } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const runs = Number(process.env.BENCH_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'gh-bench-shell-'));

// The analyser bundled the way the hook bundles it: one CommonJS file, minified syntax.
const entry = join(dir, 'entry.ts');
writeFileSync(entry, `import { analyzeShell } from ${JSON.stringify(join(root, 'src/shell/analyze.ts'))};
const fs = { readdir: () => null, isDir: () => false };
analyzeShell('npm test && git status', { cwd: '/', home: '/', env: {}, fs });\n`);
const bundle = join(dir, 'analyzer.cjs');
await build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minifySyntax: true, minifyWhitespace: true, logLevel: 'warning' });

const env = quietEnv();
const proc = timeInterleaved(
  [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], env },
    { name: 'load analyser + analyse one command', cmd: process.execPath, args: [bundle], env },
  ],
  runs,
);
const floor = stats(proc['node -e 0']!);
const load = stats(proc['load analyser + analyse one command']!);

// In process: warm up, then time each corpus command many times.
const cmds = CORPUS.map((c) => c.cmd);
for (let i = 0; i < 20; i++) for (const c of cmds) analyzeShell(c, ctx);
const perCmd: number[] = [];
const reps = 50;
for (const c of cmds) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) analyzeShell(c, ctx);
  perCmd.push(Number(process.hrtime.bigint() - t0) / 1e6 / reps);
}
const per = stats(perCmd);
const rows = [
  ['node -e 0 (floor)', ms(floor.median), ms(floor.p90), '1.00×'],
  ['load analyser + analyse one command', ms(load.median), ms(load.p90), ratio(load.median, floor.median)],
];
console.log(rows.map((r) => r.join('  ')).join('\n'));
console.log(`per command: median ${per.median.toFixed(4)} ms, p99 ${per.p99.toFixed(4)} ms, max ${per.max.toFixed(4)} ms`);

report(`## Shell analysis

The analyser alone, bundled like the hook (CommonJS, ${(statSync(bundle).size / 1024).toFixed(0)} KB), as a whole process against
\`node -e 0\` in the same run (${runs} interleaved runs each, \`NODE_EXTRA_CA_CERTS\` unset), and in process over the
${cmds.length} command lines of the test corpus (each analysed ${reps}× after warm-up; the figure is the mean per call for each
command, then the median and p99 over commands).

Command: \`npm run bench -- shell\` · machine: ${machine()}

${mdTable(['subject', 'median ms', 'p90 ms', 'vs floor'], rows)}

| per-command analysis (in process) | median ms | p99 ms | max ms |
|---|---|---|---|
| ${cmds.length} corpus commands | ${per.median.toFixed(4)} | ${per.p99.toFixed(4)} | ${per.max.toFixed(4)} |
`);
