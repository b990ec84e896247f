// Every rule's own examples, like ESLint's RuleTester: a `match` example must fire the rule, a
// `pass` example must not. Also checks the discipline: ids unique and well-formed, every rule has
// examples of both kinds, no duplicate example.
import { afterAll, describe, expect, it } from 'vitest';
import { PACKS } from '../../src/policy/packs/index.js';
import { createFixture, describeExample, fixtureContext, runExample } from '../../src/policy/example-runner.js';

const fx = createFixture();
afterAll(() => fx.cleanup());
const ctx = fixtureContext(fx);

describe('rule packs', () => {
  const ids = PACKS.flatMap((p) => p.rules.map((r) => r.id));
  it('have unique, well-formed ids in their own namespace', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PACKS) for (const r of p.rules) expect(r.id).toMatch(new RegExp(`^${p.PACK}/[a-z0-9]+(-[a-z0-9]+)*$`));
  });

  for (const pack of PACKS) {
    describe(pack.PACK, () => {
      for (const rule of pack.rules) {
        describe(rule.id, () => {
          it('has match and pass examples, none duplicated', () => {
            expect(rule.examples.match.length).toBeGreaterThan(0);
            expect(rule.examples.pass.length).toBeGreaterThan(0);
            const all = [...rule.examples.match, ...rule.examples.pass].map(describeExample);
            expect(new Set(all).size).toBe(all.length);
            expect(rule.summary && rule.why && rule.fix).toBeTruthy();
          });
          it.each(rule.examples.match.map((e) => [describeExample(e), e] as const))('fires on %s', (_d, e) => {
            const fired = runExample(e, ctx).hits.map((h) => h.ruleId);
            expect(fired).toContain(rule.id);
          });
          it.each(rule.examples.pass.map((e) => [describeExample(e), e] as const))('stays quiet on %s', (_d, e) => {
            const fired = runExample(e, ctx).hits.map((h) => h.ruleId);
            expect(fired).not.toContain(rule.id);
          });
        });
      }
    });
  }
});
