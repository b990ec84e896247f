// The Claude Code hook protocol's input side: what arrives on stdin, validated by hand (no schema
// library on the hot path). Field names follow Claude Code exactly; see docs/hook-protocol.md.
import { GatehouseError } from '../errors.js';

export const KNOWN_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
  'UserPromptSubmit',
  'SessionStart',
  'SessionEnd',
  'Stop',
  'SubagentStop',
  'SubagentStart',
  'ConfigChange',
  'Notification',
  'PreCompact',
  'PostCompact',
] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];

/** Events whose answer can stop something; on these a failure to check is a refusal. */
export const BLOCKING_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PermissionRequest', 'UserPromptSubmit']);
export const TOOL_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
]);

export interface McpServerInfo {
  name?: string;
  /** Where Claude Code loaded it from: project, user, plugin, managed, dynamic, sdk… */
  source?: string;
}

export interface HookInput {
  hook_event_name: string;
  session_id: string;
  transcript_path?: string;
  cwd: string;
  prompt_id?: string;
  permission_mode?: string;
  agent_id?: string;
  agent_type?: string;
  // Tool events
  tool_name?: string;
  tool_input?: Record<string, unknown>;
  tool_use_id?: string;
  tool_response?: unknown;
  mcp_server?: McpServerInfo;
  error?: string;
  is_interrupt?: boolean;
  duration_ms?: number;
  permission_suggestions?: unknown[];
  // Prompt and lifecycle events
  prompt?: string;
  source?: string;
  reason?: string;
  stop_hook_active?: boolean;
  last_assistant_message?: string;
  message?: string;
  notification_type?: string;
  /** Everything else Claude Code sent, kept for the audit record. */
  [extra: string]: unknown;
}

function bad(message: string, key?: string): GatehouseError {
  return new GatehouseError({ code: 'hook/bad-input', message, key });
}

function optionalString(o: Record<string, unknown>, key: string): void {
  if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') throw bad(`expected a string`, key);
}

/** Checks the shape Claude Code promises. Throws hook/bad-input naming the first wrong field. */
export function validateHookInput(value: unknown): HookInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('the event is not a JSON object');
  }
  const o = value as Record<string, unknown>;
  if (typeof o.hook_event_name !== 'string' || o.hook_event_name === '') throw bad('missing hook_event_name', 'hook_event_name');
  if (typeof o.session_id !== 'string' || o.session_id === '') throw bad('missing session_id', 'session_id');
  if (typeof o.cwd !== 'string' || o.cwd === '') throw bad('missing cwd', 'cwd');
  for (const k of ['transcript_path', 'prompt_id', 'permission_mode', 'agent_id', 'agent_type', 'tool_use_id']) {
    optionalString(o, k);
  }
  const event = o.hook_event_name;
  if (TOOL_EVENTS.has(event)) {
    if (typeof o.tool_name !== 'string' || o.tool_name === '') throw bad('missing tool_name', 'tool_name');
    if (typeof o.tool_input !== 'object' || o.tool_input === null || Array.isArray(o.tool_input)) {
      throw bad('tool_input must be an object', 'tool_input');
    }
    if (o.mcp_server !== undefined && o.mcp_server !== null) {
      if (typeof o.mcp_server !== 'object' || Array.isArray(o.mcp_server)) throw bad('expected an object', 'mcp_server');
      optionalString(o.mcp_server as Record<string, unknown>, 'name');
      optionalString(o.mcp_server as Record<string, unknown>, 'source');
    }
  }
  if (event === 'UserPromptSubmit' && typeof o.prompt !== 'string') throw bad('missing prompt', 'prompt');
  return o as HookInput;
}

/** `mcp__github__create_issue` → { server: 'github', tool: 'create_issue' }. */
export function parseMcpToolName(name: string): { server: string; tool: string } | undefined {
  if (!name.startsWith('mcp__')) return undefined;
  const rest = name.slice(5);
  const i = rest.indexOf('__');
  if (i <= 0) return undefined;
  return { server: rest.slice(0, i), tool: rest.slice(i + 2) };
}

/** Legacy names map to the current ones so one rule covers both. */
export function canonicalToolName(name: string): string {
  if (name === 'Task') return 'Agent';
  return name;
}
