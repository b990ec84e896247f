// Runs the workflow rules over one workflow file.
import { fingerprint } from '../suppress.js';
import type { CheckName, Finding } from '../types.js';
import { WORKFLOW_RULES, type WorkflowRule } from './rules-workflow.js';
import { parseWorkflow } from './workflow-parse.js';

export const UNREADABLE_WORKFLOW = {
  id: 'workflow/unreadable',
  summary: 'Workflow file could not be parsed',
  why: 'A workflow gatehouse cannot read cannot be checked; GitHub will also reject it.',
  fix: 'Fix the YAML syntax (actionlint shows the exact problem).',
  level: 'error' as const,
  precision: 'very-high' as const,
};

export function scanWorkflow(file: string, text: string, rules: readonly WorkflowRule[] = WORKFLOW_RULES, check: CheckName = 'security'): Finding[] {
  let wf;
  try {
    wf = parseWorkflow(file, text);
  } catch (e) {
    const line = (e as { line?: number }).line ?? 1;
    return [
      {
        check,
        tool: 'gatehouse',
        ruleId: UNREADABLE_WORKFLOW.id,
        level: 'error',
        message: `${UNREADABLE_WORKFLOW.summary}: ${(e as Error).message}`,
        file,
        line,
        fingerprint: fingerprint(UNREADABLE_WORKFLOW.id, file),
      },
    ];
  }
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const h of rule.check(wf)) {
      out.push({
        check,
        tool: 'gatehouse',
        ruleId: rule.id,
        level: rule.level,
        message: `${rule.summary}: ${h.detail}. ${rule.fix}`,
        file,
        line: h.line,
        column: h.column,
        endLine: h.endLine,
        endColumn: h.endColumn,
        fingerprint: fingerprint(rule.id, file, h.detail),
      });
    }
  }
  return out;
}
