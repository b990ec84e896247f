// Detection on the evaluation corpus (test/corpus/calls.jsonl), gatehouse against peer guards,
// every call fed as the hook JSON Claude Code would send to a whole hook process:
//   gatehouse      node dist/hook.cjs
//   cc-safety-net  its Claude Code hook (`cc-safety-net hook -cc`), the npm package pinned in
//                  devDependencies, default settings
//   seed guide     examples/hooks/bash/dangerous-actions-blocker.sh of claude-code-ultimate-guide
//                  v3.28.1. Its licence (CC BY-SA) keeps it out of this repository: point
//                  SEED_GUIDE_DIR at a checkout of the guide; without it that column is skipped.
// A call counts as stopped on exit code 2, or a deny/ask permission decision, or a block
// decision; `allow`, nothing, or any other exit code counts as not stopped. Processes are timed
// as wholes (NODE_EXTRA_CA_CERTS unset), interleaved call by call with rotating order.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCorpusFixture, HOLDOUT_FILE, loadCorpus, materialize, pct, summarize, type CorpusEntry, type Outcome } from '../test/corpus/run.js';
import { machine, mdTable, ms, quietEnv, report, stats } from './lib.js';

const root = process.env.BENCH_ROOT ?? process.cwd();
const entries = loadCorpus();
const holdout = loadCorpus(HOLDOUT_FILE);
const fx = createCorpusFixture();
const limit = Number(process.env.BENCH_DETECTION_LIMIT ?? entries.length);
const corpus = entries.slice(0, limit);
const heldOut = holdout.slice(0, limit);

interface Peer {
  name: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  note: string;
}

// Every peer sees the fixture as its world: HOME is the fixture home, the project is the fixture project.
const base = quietEnv({ HOME: fx.home, CLAUDE_PROJECT_DIR: fx.project, USER: 'user' });
for (const k of ['CLAUDE_CODE_ENTRYPOINT', 'CLAUDE_CODE_SESSION_ATTENDED', 'GATEHOUSE_GATE', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_DATA_HOME', 'CC_SAFETY_NET_LEVEL', 'CC_SAFETY_NET_STRICT', 'CC_SAFETY_NET_PARANOID']) delete base[k];

const peers: Peer[] = [
  {
    name: 'gatehouse',
    cmd: process.execPath,
    args: [join(root, 'dist', 'hook.cjs')],
    env: { ...base, GATEHOUSE_STATE_DIR: fx.state },
    note: '`node dist/hook.cjs`, built-in packs plus the fixture project\'s (empty) policy',
  },
  {
    name: 'cc-safety-net',
    cmd: process.execPath,
    args: [join(root, 'node_modules', 'cc-safety-net', 'dist', 'bin', 'cc-safety-net.js'), 'hook', '-cc'],
    env: base,
    note: '`cc-safety-net hook -cc` (its Claude Code hook), npm cc-safety-net 2.4.5, default (standard) settings',
  },
];
const seedDir = process.env.SEED_GUIDE_DIR;
const seedHook = seedDir ? join(seedDir, 'examples', 'hooks', 'bash', 'dangerous-actions-blocker.sh') : '';
if (seedDir && existsSync(seedHook)) {
  peers.push({
    name: 'seed guide blocker',
    cmd: 'bash',
    args: [seedHook],
    env: base,
    note: '`bash examples/hooks/bash/dangerous-actions-blocker.sh` from the guide at v3.28.1, as shipped',
  });
} else {
  console.log(`seed guide hook not found (SEED_GUIDE_DIR=${seedDir ?? '<unset>'}): that column is skipped`);
}

function eventFor(e: CorpusEntry): { json: string; cwd: string } {
  // The hook process judges gatehouse's real installation, so {{install}} names it.
  const m = materialize(e, fx, root);
  // Each corpus call is its own session: the calls are unrelated, so the session detectors must not chain them.
  const common = { session_id: `detection-${e.id}`, transcript_path: join(fx.root, 'transcript.jsonl'), cwd: m.cwd, permission_mode: 'default' };
  const ev =
    m.tool === 'UserPromptSubmit'
      ? { ...common, hook_event_name: 'UserPromptSubmit', prompt: String(m.input.prompt ?? '') }
      : { ...common, hook_event_name: 'PreToolUse', tool_name: m.tool, tool_input: m.input, tool_use_id: `toolu_${e.id}` };
  return { json: JSON.stringify(ev), cwd: m.cwd };
}

/** What a hook's answer means for Claude Code. */
function verdictOf(status: number | null, stdout: string): string {
  if (status === 2) return 'block (exit 2)';
  const text = stdout.trim();
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as { decision?: string; hookSpecificOutput?: { permissionDecision?: string } };
      const d = o.hookSpecificOutput?.permissionDecision ?? o.decision;
      if (d) return d;
    } catch {
      return 'unparsable output';
    }
  }
  return status === 0 ? 'none' : `exit ${status}`;
}
const stopping = (v: string) => v === 'deny' || v === 'ask' || v === 'block' || v === 'block (exit 2)';

const outcomes = new Map<string, Outcome[]>(peers.map((p) => [p.name, []]));
const heldOutcomes = new Map<string, Outcome[]>(peers.map((p) => [p.name, []]));
const times = new Map<string, number[]>(peers.map((p) => [p.name, []]));
const floors = { 'node -e 0': [] as number[], 'bash running jq once': [] as number[] };
const scratch = mkdtempSync(join(tmpdir(), 'gh-detection-'));

const t0 = Date.now();
const all = [...corpus, ...heldOut];
all.forEach((e, i) => {
  const into = i < corpus.length ? outcomes : heldOutcomes;
  const { json, cwd } = eventFor(e);
  const order = peers.map((_, k) => peers[(k + i) % peers.length]!);
  for (const p of order) {
    const s = process.hrtime.bigint();
    const r = spawnSync(p.cmd, p.args, { input: json, env: p.env, cwd, encoding: 'utf8', timeout: 30_000 });
    const dt = Number(process.hrtime.bigint() - s) / 1e6;
    const verdict = r.error ? `error ${r.error.message}` : verdictOf(r.status, r.stdout);
    times.get(p.name)!.push(dt);
    into.get(p.name)!.push({ entry: e, verdict, stopped: stopping(verdict), rules: [] });
  }
  if (i % 8 === 0) {
    for (const [name, cmd, args] of [['node -e 0', process.execPath, ['-e', '0']], ['bash running jq once', 'bash', ['-c', 'jq -r .tool_name >/dev/null']]] as const) {
      const s = process.hrtime.bigint();
      spawnSync(cmd, [...args], { env: base, cwd: scratch, input: json });
      floors[name].push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  if ((i + 1) % 100 === 0) console.log(`${i + 1}/${all.length} calls (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
});
rmSync(scratch, { recursive: true, force: true });

const sums = new Map(peers.map((p) => [p.name, summarize(outcomes.get(p.name)!)]));
const heldSums = new Map(peers.map((p) => [p.name, summarize(heldOutcomes.get(p.name)!)]));
const cell = (n: number, d: number) => (d ? `${pct(n, d)} (${n}/${d})` : '—');

const overall = mdTable(
  ['guard', 'must-stop calls stopped', 'benign calls stopped (false blocks)', 'median ms / call', 'p90 ms / call'],
  peers.map((p) => {
    const t = sums.get(p.name)!.total;
    const st = stats(times.get(p.name)!);
    return [`**${p.name}**`, cell(t.stopped, t.mustStop), cell(t.falseBlocks, t.benign), ms(st.median), ms(st.p90)];
  }),
);
const heldTable = mdTable(
  ['guard', 'must-stop calls stopped', 'benign calls stopped (false blocks)'],
  peers.map((p) => {
    const t = heldSums.get(p.name)!.total;
    return [`**${p.name}**`, cell(t.stopped, t.mustStop), cell(t.falseBlocks, t.benign)];
  }),
);
const floorTable = mdTable(
  ['floor (same run)', 'median ms', 'p90 ms'],
  Object.entries(floors).map(([n, xs]) => {
    const st = stats(xs);
    return [n, ms(st.median), ms(st.p90)];
  }),
);
const categories = sums.get('gatehouse')!.rows.map((r) => r.category);
const perCategory = mdTable(
  ['category', 'must-stop', ...peers.map((p) => `${p.name} stopped`), 'benign', ...peers.map((p) => `${p.name} false blocks`)],
  categories.map((c) => {
    const rows = peers.map((p) => sums.get(p.name)!.rows.find((r) => r.category === c)!);
    return [c, rows[0]!.mustStop, ...rows.map((r) => pct(r.stopped, r.mustStop)), rows[0]!.benign, ...rows.map((r) => (r.benign ? pct(r.falseBlocks, r.benign) : '—'))];
  }),
);
const describe = (o: Outcome) => {
  const e = o.entry;
  const what = e.tool_name === 'Bash' ? String(e.tool_input.command) : e.tool_name === 'UserPromptSubmit' ? `prompt: ${String(e.tool_input.prompt)}` : `${e.tool_name} ${JSON.stringify(e.tool_input)}`;
  return `\`${e.id}\` ${what.replace(/\n/g, ' ⏎ ').replace(/\|/g, '\\|').replace(/`/g, "'").slice(0, 110)}`;
};
const gh = outcomes.get('gatehouse')!;
const ghHeld = heldOutcomes.get('gatehouse')!;
const heldMisses = ghHeld.filter((o) => o.entry.expect === 'stop' && !o.stopped);
const heldFalse = ghHeld.filter((o) => o.entry.expect === 'pass' && o.stopped);
const ghMisses = gh.filter((o) => o.entry.expect === 'stop' && !o.stopped);
const ghFalse = gh.filter((o) => o.entry.expect === 'pass' && o.stopped);
// Must-stop calls no other guard stopped, and how many of those gatehouse stopped.
const noPeer = gh.filter((o, i) => o.entry.expect === 'stop' && peers.slice(1).every((p) => !outcomes.get(p.name)![i]!.stopped));
const noPeerStopped = noPeer.filter((o) => o.stopped).length;

for (const p of peers) {
  const t = sums.get(p.name)!.total;
  console.log(`${p.name.padEnd(20)} stopped ${pct(t.stopped, t.mustStop)}  false blocks ${pct(t.falseBlocks, t.benign)}  median ${ms(stats(times.get(p.name)!).median)} ms`);
}

report(
  `## Results

Command: \`npm run bench -- detection\` (with \`SEED_GUIDE_DIR\` set, see below) · machine: ${machine()} ·
${corpus.length} calls (${sums.get('gatehouse')!.total.mustStop} must-stop, ${sums.get('gatehouse')!.total.benign} benign), one whole hook process per call and guard.

${overall}

${floorTable}

Must-stop calls that no peer stopped: ${noPeer.length}; gatehouse stopped ${noPeerStopped} of them.

### Held-out calls

${heldOut.length} calls (${heldSums.get('gatehouse')!.total.mustStop} must-stop, ${heldSums.get('gatehouse')!.total.benign} benign) in \`test/corpus/holdout.jsonl\`, written after the rules were
fixed against the corpus and never used to change a rule: the fairer estimate of how gatehouse does on calls it was
not tuned on.

${heldTable}

gatehouse missed: ${heldMisses.length ? heldMisses.map(describe).join(' · ') : 'nothing'}.
gatehouse stopped among the benign ones: ${heldFalse.length ? heldFalse.map((o) => `${describe(o)} → ${o.verdict}`).join(' · ') : 'nothing'}.

### Per category (share of calls stopped)

${perCategory}

### What gatehouse missed (${ghMisses.length})

${ghMisses.length ? ghMisses.map((o) => `- ${describe(o)} → ${o.verdict}`).join('\n') : '- nothing'}

### What gatehouse stopped among the benign calls (${ghFalse.length})

${ghFalse.length ? ghFalse.map((o) => `- ${describe(o)} → ${o.verdict}${o.entry.note ? ` (${o.entry.note})` : ''}`).join('\n') : '- nothing'}

### The guards as run

${peers.map((p) => `- **${p.name}**: ${p.note}.`).join('\n')}
- Every guard gets the same event on stdin, with \`HOME\` set to the fixture home, \`CLAUDE_PROJECT_DIR\` to the fixture project and the event's \`cwd\`.
- To reproduce the seed-guide column: check out claude-code-ultimate-guide at v3.28.1 (commit \`dbb6230\`; the hook
  is unchanged up to v3.40.0), set \`SEED_GUIDE_DIR\` to the checkout and run \`npm run bench -- detection\`.
  \`jq\` must be on PATH (the hook needs it). The hook is not copied into this repository (CC BY-SA).
`,
  'DETECTION.md',
);
fx.cleanup();
