// Runs the benchmarks: every bench/<name>.bench.ts (or the names given as arguments) is bundled
// with esbuild and run in its own Node process. Each prints its figures and hands back a Markdown
// section, which replaces that bench's section of docs/PERFORMANCE.md. Nothing here asserts.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const outDir = join(root, '.tmp', 'bench');
mkdirSync(outDir, { recursive: true });

const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : all;
for (const n of names) if (!all.includes(n)) { console.error(`bench: no bench/${n}.bench.ts (have: ${all.join(', ')})`); process.exit(2); }

// Each bench's section goes into docs/PERFORMANCE.md unless the bench names another docs/ file.
const docs = new Map();
const docText = (name) => {
  if (!docs.has(name)) {
    const p = join(root, 'docs', name);
    docs.set(name, existsSync(p) ? readFileSync(p, 'utf8') : `# ${name.replace(/\.md$/, '')}\n`);
  }
  return docs.get(name);
};
let failed = 0;
for (const name of names) {
  const bundled = join(outDir, `${name}.mjs`);
  await build({ entryPoints: [join(benchDir, `${name}.bench.ts`)], outfile: bundled, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const resultFile = join(outDir, `${name}.json`);
  rmSync(resultFile, { force: true }); // a failed run must not reuse an old result
  console.log(`\n=== bench ${name} ===`);
  const env = { ...process.env, BENCH_RESULT: resultFile, BENCH_ROOT: root };
  const r = spawnSync(process.execPath, [bundled], { stdio: 'inherit', env, cwd: root });
  if (r.status !== 0 || !existsSync(resultFile)) { console.error(`bench ${name} failed (exit ${r.status})`); failed++; continue; }
  const { markdown, doc: target = 'PERFORMANCE.md' } = JSON.parse(readFileSync(resultFile, 'utf8'));
  const doc = docText(target);
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  docs.set(target, i >= 0 && j > i ? doc.slice(0, i) + section + doc.slice(j + end.length) : doc.trimEnd() + '\n\n' + section + '\n');
}
for (const [name, text] of docs) {
  writeFileSync(join(root, 'docs', name), text);
  console.log(`\nwrote docs/${name}`);
}
process.exit(failed ? 1 : 0);
