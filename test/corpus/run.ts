// The evaluation corpus runner, shared by the test suite and the detection benchmark: loads
// test/corpus/calls.jsonl, builds the throw-away fixture once (the rule-example fixture plus a few
// files the corpus needs), turns each entry into the tool call Claude Code would send (absolute
// file paths, real cwd), decides it and tallies stop and false-block rates per category.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinPolicy, decidePrompt, decideToolCall, type EngineContext, type LoadedPolicy } from '../../src/policy/engine.js';
import { createFixture, fixtureContext, type Fixture } from '../../src/policy/example-runner.js';
import type { Decision } from '../../src/policy/types.js';

export interface CorpusEntry {
  id: string;
  category: string;
  expect: 'stop' | 'pass';
  tool_name: string;
  tool_input: Record<string, unknown>;
  /** Relative to the fixture project, or `~`/`~/…` for the fixture home. */
  cwd?: string;
  note?: string;
}

/** One entry as Claude Code would send it for this fixture. */
export interface MaterialCall {
  tool: string;
  input: Record<string, unknown>;
  cwd: string;
}

export interface Outcome {
  entry: CorpusEntry;
  /** deny, ask, allow or none — or what a peer answered. */
  verdict: string;
  stopped: boolean;
  rules: string[];
  error?: string;
}

export interface CategoryRow {
  category: string;
  mustStop: number;
  stopped: number;
  benign: number;
  falseBlocks: number;
}

/** Next to this file; when bundled (benchmarks), under the repository root instead. */
function corpusFile(name: string): string {
  return [join(dirname(fileURLToPath(import.meta.url)), name), join(process.env.BENCH_ROOT ?? process.cwd(), 'test', 'corpus', name)].find((f) => existsSync(f)) ?? `test/corpus/${name}`;
}

/** The evaluation corpus: gaps it showed were fixed. */
export const CORPUS_FILE = corpusFile('calls.jsonl');
/** Held-out calls written after those fixes and never used to change a rule: reported, not tuned on. */
export const HOLDOUT_FILE = corpusFile('holdout.jsonl');

const CATEGORIES = new Set([
  'destructive-fs', 'git-destruction', 'secrets-bash', 'secrets-tool', 'exfiltration', 'remote-code', 'obfuscation',
  'persistence-self', 'publish-deploy', 'database', 'cloud-infra', 'system', 'supply-chain', 'infra-lock', 'prompt', 'mcp', 'tools',
]);

/** Parses and checks the corpus; a malformed line is an error naming the line, never skipped. */
export function loadCorpus(file = CORPUS_FILE): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const ids = new Set<string>();
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let e: CorpusEntry;
    try {
      e = JSON.parse(line) as CorpusEntry;
    } catch (err) {
      throw new Error(`${where}: not JSON (${(err as Error).message})`);
    }
    if (typeof e.id !== 'string' || ids.has(e.id)) throw new Error(`${where}: missing or duplicate id`);
    if (!CATEGORIES.has(e.category)) throw new Error(`${where}: unknown category ${String(e.category)}`);
    if (e.expect !== 'stop' && e.expect !== 'pass') throw new Error(`${where}: expect must be stop or pass`);
    if (typeof e.tool_name !== 'string' || !e.tool_input || typeof e.tool_input !== 'object') throw new Error(`${where}: tool_name/tool_input missing`);
    ids.add(e.id);
    out.push(e);
  });
  return out;
}

/** Files the corpus refers to beyond the rule-example fixture. The benign calls run the project's
 * own tools (`npx tsc`, `npx prisma generate`), so the project declares and installs them. */
const EXTRA_FILES: Record<string, string> = {
  'project/package.json': JSON.stringify({
    name: 'fixture',
    version: '1.0.0',
    scripts: { build: 'tsc -p .', test: 'vitest run', lint: 'eslint .', clean: 'rm -rf dist' },
    dependencies: { '@prisma/client': '6.0.0' },
    devDependencies: { typescript: '5.9.3', vitest: '4.1.12', prettier: '3.3.3', eslint: '9.0.0', prisma: '6.0.0', 'sequelize-cli': '6.6.2' },
  }) + '\n',
  'project/node_modules/.bin/tsc': '#!/usr/bin/env node\n',
  'project/node_modules/.bin/vitest': '#!/usr/bin/env node\n',
  'project/node_modules/.bin/prettier': '#!/usr/bin/env node\n',
  'project/node_modules/.bin/prisma': '#!/usr/bin/env node\n',
  'project/requirements.txt': 'requests==2.32.3\n',
  'home/.netrc': 'machine api.example.com login u password p\n',
  'home/.pypirc': '[pypi]\npassword = x\n',
  'home/.config/gh/hosts.yml': 'github.com:\n  oauth_token: x\n',
  'project/scripts/build.sh': '#!/bin/sh\necho build\n',
  'project/scripts/test.sh': '#!/bin/sh\necho test\n',
  'project/.claude/hooks/guard.sh': '#!/bin/sh\nexit 0\n',
  'project/k8s/deployment.yaml': 'kind: Deployment\nspec:\n  replicas: 2\n',
  'project/terraform/main.tf': 'lifecycle { prevent_destroy = true }\n',
  'project/migrations/001_init.sql': 'CREATE TABLE users (id int);\n',
  'project/fixtures/payload.json': '{"event":"push"}\n',
  'project/fixtures/logo.b64': 'aGVsbG8=\n',
  'project/notebooks/analysis.ipynb': '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}\n',
  'project/data.csv': 'a,b\n1,2\n',
};

export function createCorpusFixture(): Fixture {
  const fx = createFixture();
  for (const [rel, text] of Object.entries(EXTRA_FILES)) {
    const p = rel.startsWith('project/') ? join(fx.project, rel.slice('project/'.length)) : join(fx.home, rel.slice('home/'.length));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  // A harmless-looking name that leads to a private key (CVE-2026-25724's shape).
  symlinkSync(join(fx.home, '.ssh', 'id_ed25519'), join(fx.project, 'docs', 'key.txt'));
  return fx;
}

/** `{{home}}`, `{{project}}`, `{{state}}` (gatehouse's state directory) and `{{install}}` (its
 * installation: the fixture's, or the real one when a whole hook process decides). */
function placeholders(s: string, fx: Fixture, install = fx.install): string {
  return s.replaceAll('{{home}}', fx.home).replaceAll('{{project}}', fx.project).replaceAll('{{state}}', fx.state).replaceAll('{{install}}', install);
}

function absolute(p: string, fx: Fixture): string {
  if (p === '~') return fx.home;
  if (p.startsWith('~/')) return join(fx.home, p.slice(2));
  return isAbsolute(p) ? p : resolve(fx.project, p);
}

const PATH_KEYS = new Set(['file_path', 'notebook_path', 'path', 'paths', 'source', 'destination']);

/** Built-in file tools and filesystem MCP servers take absolute paths; other MCP tools' `path`
 * (a path inside a remote repository, say) is passed as written. */
function takesLocalPaths(tool: string): boolean {
  if (!tool.startsWith('mcp__')) return true;
  const server = tool.split('__')[1] ?? '';
  return server === 'filesystem' || server === 'fs';
}

export function materialize(e: CorpusEntry, fx: Fixture, install = fx.install): MaterialCall {
  const local = takesLocalPaths(e.tool_name);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      const s = placeholders(v, fx, install);
      return local && key && PATH_KEYS.has(key) ? absolute(s, fx) : s;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  const input = (e.tool_name === 'Bash' || e.tool_name === 'UserPromptSubmit'
    ? Object.fromEntries(Object.entries(e.tool_input).map(([k, x]) => [k, typeof x === 'string' ? placeholders(x, fx, install) : x]))
    : walk(e.tool_input)) as Record<string, unknown>;
  return { tool: e.tool_name, input, cwd: e.cwd ? absolute(e.cwd, fx) : fx.project };
}

export function isStop(verdict: string): boolean {
  return verdict === 'deny' || verdict === 'ask';
}

/** gatehouse's decision for one entry, in process. */
export function decideEntry(e: CorpusEntry, fx: Fixture, ctx: EngineContext, loaded: LoadedPolicy): Decision {
  const m = materialize(e, fx);
  if (m.tool === 'UserPromptSubmit') return decidePrompt(String(m.input.prompt ?? ''), { ...ctx, cwd: m.cwd }, loaded);
  return decideToolCall({ tool: m.tool, input: m.input }, { ...ctx, cwd: m.cwd }, loaded);
}

export interface CorpusRun {
  fixture: Fixture;
  ctx: EngineContext;
  loaded: LoadedPolicy;
  outcomes: Outcome[];
}

/** Runs every entry through gatehouse in process (one fixture, one loaded policy). The caller
 * cleans up `fixture`. */
export function runCorpus(entries: CorpusEntry[] = loadCorpus()): CorpusRun {
  const fixture = createCorpusFixture();
  const ctx = fixtureContext(fixture);
  const loaded = builtinPolicy(ctx);
  const outcomes = entries.map((entry): Outcome => {
    try {
      const d = decideEntry(entry, fixture, ctx, loaded);
      return { entry, verdict: d.verdict, stopped: isStop(d.verdict), rules: [...new Set(d.hits.map((h) => h.ruleId))] };
    } catch (err) {
      return { entry, verdict: 'error', stopped: false, rules: [], error: (err as Error).message };
    }
  });
  return { fixture, ctx, loaded, outcomes };
}

export function summarize(outcomes: readonly Outcome[]): { rows: CategoryRow[]; total: CategoryRow } {
  const by = new Map<string, CategoryRow>();
  const total: CategoryRow = { category: 'all', mustStop: 0, stopped: 0, benign: 0, falseBlocks: 0 };
  for (const o of outcomes) {
    const c = o.entry.category;
    if (!by.has(c)) by.set(c, { category: c, mustStop: 0, stopped: 0, benign: 0, falseBlocks: 0 });
    for (const row of [by.get(c)!, total]) {
      if (o.entry.expect === 'stop') {
        row.mustStop++;
        if (o.stopped) row.stopped++;
      } else {
        row.benign++;
        if (o.stopped) row.falseBlocks++;
      }
    }
  }
  return { rows: [...by.values()], total };
}

export const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

export function formatTable(rows: readonly CategoryRow[], total: CategoryRow): string {
  const line = (r: CategoryRow) =>
    `${r.category.padEnd(18)} ${`${r.stopped}/${r.mustStop}`.padStart(8)} ${pct(r.stopped, r.mustStop).padStart(7)}   ${`${r.falseBlocks}/${r.benign}`.padStart(7)} ${pct(r.falseBlocks, r.benign).padStart(7)}`;
  return [`${'category'.padEnd(18)} ${'stopped'.padStart(8)} ${''.padStart(7)}   ${'false'.padStart(7)}`, ...rows.map(line), line(total)].join('\n');
}

export function describeEntry(e: CorpusEntry): string {
  const what = e.tool_name === 'Bash' ? String(e.tool_input.command) : e.tool_name === 'UserPromptSubmit' ? String(e.tool_input.prompt) : JSON.stringify(e.tool_input);
  return `${e.id} [${e.tool_name}${e.cwd ? ` in ${e.cwd}` : ''}] ${what.replace(/\n/g, '\\n').slice(0, 160)}`;
}

export function listMisses(outcomes: readonly Outcome[]): { misses: Outcome[]; falseBlocks: Outcome[]; errors: Outcome[] } {
  return {
    misses: outcomes.filter((o) => o.entry.expect === 'stop' && !o.stopped),
    falseBlocks: outcomes.filter((o) => o.entry.expect === 'pass' && o.stopped),
    errors: outcomes.filter((o) => o.error),
  };
}
