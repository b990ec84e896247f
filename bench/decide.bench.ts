// The decision core in process: decideToolCall / decidePrompt over every call of the evaluation
// corpus, many passes, one loaded policy (as the hook has after its policy cache hit). Each
// decision is timed on its own; the figures are the median and p99 over all of them.
import { builtinPolicy } from '../src/policy/engine.js';
import { fixtureContext } from '../src/policy/example-runner.js';
import { createCorpusFixture, decideEntry, describeEntry, loadCorpus } from '../test/corpus/run.js';
import { machine, mdTable, percentile, report, stats } from './lib.js';

const passes = Number(process.env.BENCH_PASSES ?? 30);
const entries = loadCorpus();
const fx = createCorpusFixture();
const ctx = fixtureContext(fx);
const loaded = builtinPolicy(ctx);

const time = (i: number): number => {
  const t = process.hrtime.bigint();
  decideEntry(entries[i]!, fx, ctx, loaded);
  return Number(process.hrtime.bigint() - t) / 1e6;
};

for (let w = 0; w < 3; w++) for (let i = 0; i < entries.length; i++) time(i);
const all: number[] = [];
const perEntry: number[][] = entries.map(() => []);
for (let p = 0; p < passes; p++) {
  for (let i = 0; i < entries.length; i++) {
    const dt = time(i);
    all.push(dt);
    perEntry[i]!.push(dt);
  }
}
const st = stats(all);
const bash = stats(entries.flatMap((e, i) => (e.tool_name === 'Bash' ? perEntry[i]! : [])));
const other = stats(entries.flatMap((e, i) => (e.tool_name !== 'Bash' ? perEntry[i]! : [])));
const slowest = entries
  .map((e, i) => ({ e, median: percentile([...perEntry[i]!].sort((a, b) => a - b), 50) }))
  .sort((a, b) => b.median - a.median)
  .slice(0, 5);
const f = (x: number) => x.toFixed(3);
console.log(`decisions: ${st.n}, median ${f(st.median)} ms, p99 ${f(st.p99)} ms, max ${f(st.max)} ms`);
fx.cleanup();

report(`## Decision core in process

\`decideToolCall\` (and \`decidePrompt\` for prompts) on every call of the evaluation corpus
(${entries.length} calls, \`test/corpus/calls.jsonl\`), ${passes} passes after 3 warm-up passes, one policy
loaded once, each decision timed alone (${st.n} decisions). Includes the shell analysis, the
filesystem facts (globs, symlinks, the ignore file, what a recursive search reaches) and the
rules. Targets: median ≤ 0.5 ms, p99 ≤ 5 ms.

Command: \`npm run bench -- decide\` · machine: ${machine()}

${mdTable(
  ['decisions', 'median ms', 'p90 ms', 'p99 ms', 'max ms'],
  [
    [`all (${st.n})`, f(st.median), f(st.p90), f(st.p99), f(st.max)],
    [`Bash (${bash.n})`, f(bash.median), f(bash.p90), f(bash.p99), f(bash.max)],
    [`other tools and prompts (${other.n})`, f(other.median), f(other.p90), f(other.p99), f(other.max)],
  ],
)}

Slowest calls (median of their ${passes} decisions): ${slowest.map((s) => `\`${describeEntry(s.e).replace(/`/g, "'").slice(0, 70)}\` ${f(s.median)} ms`).join(' · ')}
`);
