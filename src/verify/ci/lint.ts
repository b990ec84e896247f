// `gatehouse ci lint`: the security check's workflow rules over the project's workflows.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULE_IDS } from '../run.js';
import { WORKFLOW_RULES } from '../security/rules-workflow.js';
import { scanWorkflow, UNREADABLE_WORKFLOW } from '../security/workflow-scan.js';
import { applySuppressions, findSuppressions } from '../suppress.js';
import type { Finding } from '../types.js';

export function workflowFiles(project: string): string[] {
  try {
    return readdirSync(join(project, '.github', 'workflows'))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => `.github/workflows/${f}`);
  } catch {
    return [];
  }
}

const OWN = new Set([...WORKFLOW_RULES.map((r) => r.id), UNREADABLE_WORKFLOW.id]);

/** Lints the given workflow texts (path → text). Pure apart from what the caller read. */
export function lintWorkflowTexts(texts: Record<string, string>): Finding[] {
  const out: Finding[] = [];
  for (const [file, text] of Object.entries(texts)) {
    const found = scanWorkflow(file, text);
    const s = applySuppressions(found, findSuppressions(file, text), { check: 'security', ownIds: OWN, knownIds: ALL_RULE_IDS, reportUnknown: true });
    out.push(...s.kept, ...s.problems);
  }
  return out.map((f) => ({ ...f, isNew: true }));
}

export function lintWorkflows(project: string, files = workflowFiles(project)): Finding[] {
  const texts: Record<string, string> = {};
  for (const f of files) texts[f] = readFileSync(join(project, f), 'utf8');
  return lintWorkflowTexts(texts);
}
