// Every security rule's own examples, run through the same scanner the check uses (like
// ESLint's RuleTester): each hit example must report the rule, each safe look-alike must not.
import { describe, expect, it } from 'vitest';
import { AST_RULES, SECURITY_RULE_META } from '../../../src/verify/security/index.js';
import { WORKFLOW_RULES } from '../../../src/verify/security/rules-workflow.js';
import { SECRET_RULE } from '../../../src/verify/security/secrets.js';
import { scanFile } from '../../../src/verify/security/scan-file.js';
import type { Examples } from '../../../src/verify/security/rule.js';

const RULES: { id: string; examples: Examples }[] = [...AST_RULES, ...WORKFLOW_RULES, SECRET_RULE];

describe('security rule catalogue', () => {
  it('has unique ids, each with CWE metadata, a severity and at least one hit and one safe example', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      const meta = SECURITY_RULE_META.find((m) => m.id === r.id)!;
      expect(meta, r.id).toBeDefined();
      expect(meta.cwe?.length, `${r.id} cwe`).toBeGreaterThan(0);
      expect(meta.securitySeverity, `${r.id} severity`).toBeGreaterThan(0);
      expect(r.examples.hit.length, `${r.id} hit examples`).toBeGreaterThan(0);
      expect(r.examples.safe.length, `${r.id} safe examples`).toBeGreaterThan(0);
      const all = [...r.examples.hit, ...r.examples.safe].map((e) => e.file + e.code);
      expect(new Set(all).size, `${r.id} duplicate examples`).toBe(all.length);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it.each(rule.examples.hit.map((e, i) => [i, e] as const))('reports hit example %i', (_i, e) => {
        const ids = scanFile(e.file, e.code).map((f) => f.ruleId);
        expect(ids, e.code).toContain(rule.id);
      });
      it.each(rule.examples.safe.map((e, i) => [i, e] as const))('stays silent on safe look-alike %i', (_i, e) => {
        const ids = scanFile(e.file, e.code).map((f) => f.ruleId);
        expect(ids, e.code).not.toContain(rule.id);
      });
    });
  }
});

describe('docs/verify.md', () => {
  it('documents every rule id (a rule without a doc row fails, like ESLint’s checkRuleFiles)', async () => {
    const { readFileSync } = await import('node:fs');
    const { DOC_RULES } = await import('../../../src/verify/checks/docs.js');
    const { CRITICAL_RULES } = await import('../../../src/verify/checks/critical.js');
    const doc = readFileSync(new URL('../../../docs/verify.md', import.meta.url), 'utf8');
    const missing = [...SECURITY_RULE_META, ...DOC_RULES, ...CRITICAL_RULES].map((r) => r.id).filter((id) => !doc.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
