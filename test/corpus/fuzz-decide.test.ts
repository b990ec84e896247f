// End-to-end fuzzing of decisions: random and mutated tool calls (every tool, hostile field
// types, corpus calls with their strings mutated) never make decideToolCall or decidePrompt
// throw, and hostile command lines are decided — deny or ask, never "none" — within 50 ms of CPU.
// FUZZ_DECIDE_ITERATIONS overrides the default count (e.g. 100000 for a long run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPolicy, decidePrompt, decideToolCall } from '../../src/policy/engine.js';
import { fixtureContext } from '../../src/policy/example-runner.js';
import { createCorpusFixture, loadCorpus, materialize } from './run.js';
import { prng } from '../support/prng.js';

const ITERATIONS = Number(process.env.FUZZ_DECIDE_ITERATIONS ?? 20_000);

const fx = createCorpusFixture();
afterAll(() => fx.cleanup());
const ctx = fixtureContext(fx);
const loaded = builtinPolicy(ctx);
const corpus = loadCorpus().map((e) => ({ e, m: materialize(e, fx) }));

const TOOLS = [
  'Bash', 'Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Grep', 'Glob', 'LS', 'WebFetch', 'WebSearch', 'Task', 'Agent', 'TodoWrite',
  'BashOutput', 'KillShell', 'ExitPlanMode', 'mcp__filesystem__read_file', 'mcp__filesystem__write_file', 'mcp__fs__delete_directory',
  'mcp__shell__run_command', 'mcp__desktop-commander__start_process', 'mcp__postgres__query', 'mcp__x__y', 'mcp__', 'mcp____', 'Unknown', '',
];
const KEYS = ['command', 'file_path', 'path', 'paths', 'pattern', 'glob', 'notebook_path', 'content', 'old_string', 'new_string', 'edits', 'url', 'prompt', 'query', 'source', 'destination', 'cmd', 'recursive', 'output_mode', 'sql', '__proto__', 'constructor'];
const STRINGS = [
  '', '.', '..', '/', '~', '~/', '~root', '.env', '../.env', '~/.ssh/id_ed25519', '/proc/self/environ', 'docs/key.txt', '.claude/settings.json', '.git/hooks/pre-commit',
  '*', '**/*', '.en*', '[', '{a,b}', 'file:///etc/passwd', 'https://example.com/?a=$(cat .env)', 'rm -rf ~', 'cat .env', '$(', '`', '"', "'", '\\', '\0', '\uD800',
  'a'.repeat(5000), '/'.repeat(300), '../'.repeat(100), 'x\ny', ' ', '-rf', '--', '%2e%2e/.env', 'C:\\Windows', '\u202e', '🙂',
];
const CHARS = ' \t\n\\\'"`$(){}[]<>|&;!#*?~=-:,.@%^+0123456789abcxyz/\0';

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function mutateString(r: () => number, s: string): string {
  const edits = 1 + Math.floor(r() * 5);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.4) s = s.slice(0, at) + pick(r, [...CHARS]) + s.slice(at);
    else if (op < 0.6) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 3));
    else if (op < 0.85) s = s.slice(0, at) + pick(r, STRINGS) + s.slice(at);
    else s = s.slice(0, at) + s.slice(at, at + Math.floor(r() * 30)).repeat(2) + s.slice(at);
  }
  return s;
}

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (k < 0.55 || depth > 3) return r() < 0.5 ? pick(r, STRINGS) : mutateString(r, pick(r, STRINGS));
  if (k < 0.65) return Math.floor(r() * 2 ** 32) - 2 ** 31;
  if (k < 0.7) return pick(r, [null, true, false, NaN, Infinity, -0]);
  if (k < 0.85) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  return randomObject(r, depth + 1);
}

function randomObject(r: () => number, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) o[pick(r, KEYS)] = randomValue(r, depth);
  return o;
}

/** A corpus call with its strings mutated, a field's type changed, or a field dropped. */
function mutateCall(r: () => number, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const op = r();
    if (op < 0.1) continue;
    if (op < 0.2) out[k] = randomValue(r, 2);
    else out[k] = typeof v === 'string' && r() < 0.8 ? mutateString(r, v) : v;
  }
  return out;
}

describe('decision fuzzing', () => {
  it(`decides ${ITERATIONS} random and mutated tool calls without throwing`, () => {
    const r = prng(0xdec1de);
    const verdicts = new Set(['deny', 'ask', 'allow', 'none']);
    const seen = new Map<string, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const { e, m } = pick(r, corpus);
      const mode = i % 4;
      const tool = mode === 0 ? pick(r, TOOLS) : m.tool;
      const input = mode === 0 ? randomObject(r) : mode === 3 ? { ...randomObject(r), ...mutateCall(r, m.input) } : mutateCall(r, m.input);
      const cwd = r() < 0.1 ? pick(r, ['/', fx.home, '/nonexistent/dir', `${fx.project}/src`]) : m.cwd;
      let verdict: string;
      try {
        const d =
          tool === 'UserPromptSubmit'
            ? decidePrompt(typeof input.prompt === 'string' ? input.prompt : String(input.prompt), { ...ctx, cwd }, loaded)
            : decideToolCall({ tool, input }, { ...ctx, cwd }, loaded);
        verdict = d.verdict;
      } catch (err) {
        expect.fail(`iteration ${i} (from ${e.id}) threw ${(err as Error).stack}\ncall: ${JSON.stringify({ tool, input, cwd }).slice(0, 2000)}`);
      }
      expect(verdicts.has(verdict)).toBe(true);
      seen.set(verdict, (seen.get(verdict) ?? 0) + 1);
    }
    // The mutations keep enough of the corpus to reach both outcomes.
    expect(seen.get('none') ?? 0).toBeGreaterThan(0);
    expect((seen.get('deny') ?? 0) + (seen.get('ask') ?? 0)).toBeGreaterThan(0);
  }, 600_000);
});

describe('regressions found by the fuzzer', () => {
  it.each([
    ['a malformed escape in an MCP file:// URL', { tool: 'mcp__fetch__fetch', input: { url: 'file:///tmp/%E0%A4%A' } }, fx.project],
    ['a ripgrep search from the directory above the project', { tool: 'Bash', input: { command: 'rg TODO' } }, fx.home],
  ] as const)('%s is decided', (_name, call, cwd) => {
    expect(() => decideToolCall({ tool: call.tool, input: { ...call.input } }, { ...ctx, cwd }, loaded)).not.toThrow();
  });
});

const PAD = ': ' + 'a'.repeat(100_000) + '; ';
const HOSTILE: [name: string, command: string][] = [
  ['a 100 KB command hiding rm -rf ~ at its end', `${PAD}rm -rf ~`],
  ['a 100 KB command hiding cat .env at its end', `echo ${'b'.repeat(100_000)} && cat .env`],
  ['100 KB of short commands (past the command budget)', Array.from({ length: 14_000 }, (_, i) => `ls ${i}`).join('; ')],
  ['a 100 KB heredoc piped to a shell', `bash <<'EOF'\n${'echo hi\n'.repeat(12_500)}EOF`],
  ['10,000-deep $( nesting', '$('.repeat(10_000) + 'ls' + ')'.repeat(10_000)],
  ['10,000 nested subshells', '( '.repeat(10_000) + 'ls' + ' )'.repeat(10_000)],
  ['10,000 nested groups', '{ '.repeat(10_000) + 'ls; ' + '}; '.repeat(10_000)],
  ['10,000 nested parameter defaults', 'echo ' + '${X:-'.repeat(10_000) + '}'.repeat(10_000)],
  ['5,000 nested quoted substitutions', '"$(echo '.repeat(5_000) + '"'.repeat(5_000)],
  ['eval chain', 'eval '.repeat(5_000) + 'ls'],
  ['10,001 double quotes', '"'.repeat(10_001)],
  ['alternating quotes', `"'`.repeat(10_000)],
  ['10,000 backquotes', '`'.repeat(9_999)],
  ['unterminated ANSI-C quote', "cat $'" + '\\x2e'.repeat(20_000)],
  ['quote-split rm of home, 2,000 pieces', 'r' + "''".repeat(2_000) + 'm -rf ~'],
];

describe('hostile command lines', () => {
  // Measured on a warmed-up decision core (every corpus call decided once), like the analyser's
  // own pathological-input test; a cold process adds JIT time that is not the decision's.
  beforeAll(() => {
    for (const { m } of corpus) {
      if (m.tool === 'UserPromptSubmit') decidePrompt(String(m.input.prompt), { ...ctx, cwd: m.cwd }, loaded);
      else decideToolCall({ tool: m.tool, input: m.input }, { ...ctx, cwd: m.cwd }, loaded);
    }
  });

  it.each(HOSTILE)('%s: deny or ask within 50 ms of CPU', (_name, command) => {
    let best = Infinity;
    let d = decideToolCall({ tool: 'Bash', input: { command } }, ctx, loaded);
    // CPU time, best of twelve: other load on a shared machine (and the JIT's and the collector's
    // first passes over a new shape of input, which take ~10 rounds to settle on the 100 KB inputs
    // when the fuzz loop above ran short) do not fail the bound; a blow-up still would.
    for (let i = 0; i < 12; i++) {
      const t0 = process.cpuUsage();
      d = decideToolCall({ tool: 'Bash', input: { command } }, ctx, loaded);
      const used = process.cpuUsage(t0);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    expect(['deny', 'ask']).toContain(d.verdict);
    expect(best).toBeLessThan(50);
  });
});
