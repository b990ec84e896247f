// A security rule is a unit of knowledge: metadata first (id, CWE, severity, why, fix), then the
// matcher, then examples that must and must not match. Every rule's examples run in the tests.
import type { RuleMeta } from '../types.js';

export interface Example {
  /** The file name decides the language (`a.ts`, `x.py`, `.github/workflows/ci.yml`). */
  file: string;
  code: string;
}

export interface Examples {
  hit: Example[];
  safe: Example[];
}

/** An ast-grep rule object (`rule`, `constraints`, `utils`), as @ast-grep/napi takes it. */
export interface AstMatcher {
  rule: Record<string, unknown>;
  constraints?: Record<string, unknown>;
  utils?: Record<string, unknown>;
}

export interface AstRule extends RuleMeta {
  engine: 'ast';
  language: 'js' | 'py';
  /** The file text must contain one of these (a substring, or match a pattern) before the rule
   * is run: a cheap prefilter, because parsing is most of the cost. Keep it a superset of what the
   * matcher can match. */
  needs: (string | RegExp)[];
  matcher: AstMatcher;
  examples: Examples;
}

export function defineAstRule(r: Omit<AstRule, 'engine'>): AstRule {
  return { ...r, engine: 'ast' };
}

/** A non-literal value: anything but a plain string, or a template/f-string with substitutions. */
export const JS_NON_LITERAL = {
  any: [
    { not: { any: [{ kind: 'string' }, { kind: 'template_string' }] } },
    { kind: 'template_string', has: { kind: 'template_substitution' } },
  ],
};
export const PY_NON_LITERAL = {
  any: [{ not: { kind: 'string' } }, { kind: 'string', has: { kind: 'interpolation' } }],
};

/** The help text shown in SARIF and the docs. */
export function ruleHelp(r: RuleMeta): string {
  const cwe = r.cwe?.length ? `\n\n${r.cwe.map((c) => `[${c}](https://cwe.mitre.org/data/definitions/${c.slice(4)}.html)`).join(', ')}` : '';
  return `${r.summary}.\n\n**Why:** ${r.why}\n\n**Fix:** ${r.fix}\n\nSuppress one occurrence (with a reason) by a comment on the line or the line above: \`gatehouse-ignore ${r.id} -- reason\`.${cwe}`;
}
