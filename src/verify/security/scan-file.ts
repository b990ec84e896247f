// One file through every security engine that applies to it (code rules, workflow rules, secrets).
import type { Finding } from '../types.js';
import { scanSource, sourceLang } from './ast-scan.js';
import { AST_RULES } from './index.js';
import { scanSecrets } from './secrets.js';
import { scanWorkflow } from './workflow-scan.js';
import { isWorkflowPath } from './workflow-parse.js';

/** `everything`: parse minified files too (set for the files of a change; see isMinified). */
export function scanFile(file: string, text: string, everything = false): Finding[] {
  const out: Finding[] = [];
  if (sourceLang(file)) out.push(...scanSource(file, text, AST_RULES, 'security', everything));
  if (isWorkflowPath(file)) out.push(...scanWorkflow(file, text));
  out.push(...scanSecrets(file, text));
  return out;
}

