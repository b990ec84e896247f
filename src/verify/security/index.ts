// The security rule catalogue: every rule gatehouse can report from the security check.
import type { RuleMeta } from '../types.js';
import { JS_RULES } from './rules-js.js';
import { PY_RULES } from './rules-python.js';
import { WORKFLOW_RULES } from './rules-workflow.js';
import { SECRET_RULE } from './secrets.js';
import { UNREADABLE_WORKFLOW } from './workflow-scan.js';
import type { AstRule } from './rule.js';

export const AST_RULES: AstRule[] = [...JS_RULES, ...PY_RULES];

const strip = <T extends RuleMeta>(r: T): RuleMeta => ({
  id: r.id,
  summary: r.summary,
  why: r.why,
  fix: r.fix,
  level: r.level,
  ...(r.cwe ? { cwe: r.cwe } : {}),
  ...(r.precision ? { precision: r.precision } : {}),
  ...(r.securitySeverity !== undefined ? { securitySeverity: r.securitySeverity } : {}),
});

export const META_RULES: RuleMeta[] = [
  {
    id: 'gatehouse/unscanned-file',
    summary: 'Changed file too large to scan',
    why: 'A file gatehouse cannot read is a file nothing checked; it must not pass silently.',
    fix: 'Review it by hand, or keep generated and bundled files out of the change.',
    level: 'error',
    precision: 'very-high',
  },
  {
    id: 'gatehouse/unused-suppression',
    summary: 'Suppression comment that suppresses nothing',
    why: 'Stale suppressions hide the next real finding on that line.',
    fix: 'Remove the comment, or correct the rule id it names.',
    level: 'warning',
    precision: 'very-high',
  },
  {
    id: 'gatehouse/suppressed',
    summary: 'A finding is suppressed by a comment',
    why: 'Suppressions are decisions; one added in a change deserves a reviewer’s look.',
    fix: 'Check the reason in the comment; remove the suppression if the finding is real.',
    level: 'note',
    precision: 'very-high',
  },
  {
    id: 'gatehouse/suppression-without-rule',
    summary: 'Suppression comment without a rule id',
    why: 'A blanket suppression would hide every present and future finding on the line.',
    fix: 'Name the rule: `gatehouse-ignore <rule-id> -- reason`.',
    level: 'warning',
    precision: 'very-high',
  },
];

/** Metadata of every security rule, for SARIF and the docs. */
export const SECURITY_RULE_META: RuleMeta[] = [...AST_RULES, ...WORKFLOW_RULES, SECRET_RULE, UNREADABLE_WORKFLOW, ...META_RULES].map(strip);
