// Which tool calls get a checkpoint before and after: the built-in tools that change files, MCP
// tools whose extracted actions write or delete inside the project, and any the user lists.
import type { Action } from '../actions/types.js';
import type { RollbackConfig } from './config.js';
import { isWithin } from './store.js';

export const FILE_CHANGING_TOOLS: ReadonlySet<string> = new Set(['Bash', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

function listed(tool: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? tool.startsWith(p.slice(0, -1)) : tool === p));
}

/** Without actions (PostToolUse), only the name-based part of the answer is available. */
export function isMutatingCall(tool: string, cfg: RollbackConfig, projectDir: string, actions?: readonly Action[]): boolean {
  if (FILE_CHANGING_TOOLS.has(tool) || listed(tool, cfg.mutatingTools)) return true;
  if (!tool.startsWith('mcp__') || !actions) return false;
  return actions.some(
    (a) => (a.kind === 'write' || a.kind === 'delete') && (a.pattern || isWithin(projectDir, a.path) || (a.literal !== undefined && isWithin(projectDir, a.literal))),
  );
}
