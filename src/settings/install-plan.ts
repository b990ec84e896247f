// What `gatehouse init` puts into a Claude Code settings file: one hook handler per event, the
// deny rules that mirror the ignore file, and (managed scope) the switches that lock it in.
import { join, relative, sep } from 'node:path';
import type { FragmentItem } from './fragment.js';
import { GUARD_EDIT_PATHS, HOME_SECRET_PATHS, mirrorIgnore, type MirrorResult } from './ignore-rules.js';
import type { Scope } from './scopes.js';

/** Events gatehouse answers. Guard events can refuse; on them a failed hook must block. */
export const INSTALLED_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'UserPromptSubmit',
  'SessionStart',
  'SessionEnd',
  'Stop',
  'SubagentStop',
  'ConfigChange',
  'Notification',
] as const;

export const GUARD_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PermissionRequest', 'UserPromptSubmit']);
/** Events whose matcher is a tool name; the others match a source/reason/type, or everything when absent. */
export const TOOL_MATCHER_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied']);

/** Seconds. A guard answers in ~30 ms; the limit only matters when something hangs. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** POSIX single-quoting: safe for any path. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface HookCommandOptions {
  /** The gatehouse package root. */
  installDir: string;
  /** The Node binary (absolute). */
  nodePath: string;
  /** The project, for a portable command when gatehouse is installed inside it. */
  projectDir?: string;
}

/**
 * The shell command Claude Code runs. `NODE_EXTRA_CA_CERTS=` empties a variable that makes every
 * Node start load a CA bundle (~36 ms measured per hook call); the hook makes no network calls.
 * When gatehouse lives inside the project (node_modules), the command names it through
 * $CLAUDE_PROJECT_DIR and `node` from PATH, so a committed settings file works on every clone.
 */
export function hookCommand(o: HookCommandOptions): string {
  const bundle = join(o.installDir, 'dist', 'hook.cjs');
  if (o.projectDir) {
    const rel = relative(o.projectDir, bundle);
    if (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== bundle) {
      const posix = rel.split(sep).join('/');
      if (/^[A-Za-z0-9_./@+-]+$/.test(posix)) return `NODE_EXTRA_CA_CERTS= node "$CLAUDE_PROJECT_DIR/${posix}"`;
    }
  }
  return `NODE_EXTRA_CA_CERTS= ${shellQuote(o.nodePath)} ${shellQuote(bundle)}`;
}

/** Is this handler gatehouse's? Recognised by this install's bundle path, or by the names any
 * install uses (`…/gatehouse/dist/hook.cjs`, `gatehouse hook`). */
export function isGatehouseHandler(h: unknown, installDir?: string): boolean {
  if (typeof h !== 'object' || h === null) return false;
  const cmd = (h as { command?: unknown }).command;
  const args = (h as { args?: unknown }).args;
  const text = [typeof cmd === 'string' ? cmd : '', ...(Array.isArray(args) ? args.filter((a) => typeof a === 'string') : [])].join(' ');
  if (installDir && text.includes(join(installDir, 'dist', 'hook.cjs'))) return true;
  return /gatehouse[^'"\s]*[/\\]dist[/\\]hook\.cjs/.test(text) || /(^|[\s'"/\\])gatehouse(\.mjs)?['"]?\s+hook(\s|$)/.test(text);
}

export interface HandlerSpec {
  type: 'command';
  command: string;
  timeout: number;
  onFailure?: 'block';
}

export function handlerFor(event: string, command: string, timeout: number): HandlerSpec {
  return GUARD_EVENTS.has(event) ? { type: 'command', command, timeout, onFailure: 'block' } : { type: 'command', command, timeout };
}

export function hookGroupFor(event: string, command: string, timeout: number): Record<string, unknown> {
  const handler = handlerFor(event, command, timeout);
  return TOOL_MATCHER_EVENTS.has(event) ? { matcher: '*', hooks: [handler] } : { hooks: [handler] };
}

export interface PlanOptions {
  scope: Scope;
  command: string;
  timeout?: number;
  /** The project's ignore file text (existing or the default about to be written). */
  ignoreText?: string;
  /** Add permissions.deny rules (default true). */
  denyRules?: boolean;
  /** Managed scope: only managed hooks run. */
  allowManagedHooksOnly?: boolean;
  /** Managed scope: `--dangerously-skip-permissions` / bypass mode cannot be used. */
  disableBypass?: boolean;
}

export interface Plan {
  items: FragmentItem[];
  mirror: MirrorResult;
  denyRules: string[];
}

export function denyRulesFor(mirror: MirrorResult): string[] {
  const rules: string[] = [];
  for (const p of [...mirror.paths, ...HOME_SECRET_PATHS]) rules.push(`Read(${p})`, `Edit(${p})`);
  for (const p of GUARD_EDIT_PATHS) rules.push(`Edit(${p})`);
  return [...new Set(rules)];
}

export function installPlan(o: PlanOptions): Plan {
  const timeout = o.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  const items: FragmentItem[] = INSTALLED_EVENTS.map((event) => ({ op: 'append', path: ['hooks', event], value: hookGroupFor(event, o.command, timeout) }));
  const mirror = o.ignoreText !== undefined ? mirrorIgnore(o.ignoreText, { anchoredAllowed: o.scope === 'project' || o.scope === 'local' }) : { paths: [], skipped: [] };
  const denyRules = o.denyRules === false ? [] : denyRulesFor(mirror);
  for (const r of denyRules) items.push({ op: 'append', path: ['permissions', 'deny'], value: r });
  if (o.scope === 'managed') {
    if (o.allowManagedHooksOnly) items.push({ op: 'set', path: ['allowManagedHooksOnly'], value: true });
    if (o.disableBypass) items.push({ op: 'set', path: ['permissions', 'disableBypassPermissionsMode'], value: 'disable' });
  }
  return { items, mirror, denyRules };
}
