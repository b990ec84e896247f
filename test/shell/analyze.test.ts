import { describe, expect, it } from 'vitest';
import { analyzeShell } from '../../src/shell/analyze.js';
import { CORPUS } from './corpus.js';
import { ctx, render } from './fixtures.js';

describe('analyzeShell corpus', () => {
  it('has no duplicate cases', () => {
    const seen = new Set<string>();
    for (const c of CORPUS) {
      expect(seen.has(c.cmd), c.cmd).toBe(false);
      seen.add(c.cmd);
    }
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(CORPUS.map((c) => [c.cmd, c] as const))('%s', (_cmd, c) => {
    const a = analyzeShell(c.cmd, ctx);
    expect(a.commands.map(render)).toEqual(c.argv);
    expect(a.unknowns.map((u) => u.kind).sort()).toEqual([...(c.unknowns ?? [])].sort());
    for (const [i, w] of Object.entries(c.w ?? {})) expect(a.commands[Number(i)]?.wrappers.join('>'), `wrappers of #${i}`).toBe(w);
    for (const [i, d] of Object.entries(c.cwd ?? {})) expect(a.commands[Number(i)]?.cwd, `cwd of #${i}`).toBe(d);
    for (const [i, r] of Object.entries(c.redir ?? {})) {
      expect(a.commands[Number(i)]?.redirects.map((x) => `${x.fd} ${x.op} ${x.target.value ?? `<${x.target.pattern}>`}`), `redirects of #${i}`).toEqual(r);
    }
    if (c.interp) expect(a.interpreter.map((f) => `${f.kind} ${f.value}`).sort()).toEqual([...c.interp].sort());
  });
});
