// Checks on one settings file: does Claude Code accept it at all, and are its hooks and
// permission rules shaped the way Claude Code reads them?
import { GUARD_EVENTS } from './install-plan.js';
import { isGatehouseHandler } from './install-plan.js';
import { isPlainObject, locate, pointer, type JsonPath, type ParsedJson } from './json.js';
import { DEFAULT_MODES, HANDLER_TYPES, hasType, HOOK_EVENTS, KEY_TYPES, KNOWN_KEYS, PERMISSION_KEYS, suggest, typeOf, UNCONSULTED_PATH_TOOLS } from './schema.js';
import type { SettingsSource } from './scopes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable id, `settings/<kebab>`. */
  id: string;
  severity: Severity;
  file?: string;
  /** JSON pointer inside the file. */
  pointer?: string;
  line?: number;
  column?: number;
  message: string;
  fix: string;
  /** Claude Code ignores the whole file because of this. */
  invalidatesFile?: boolean;
}

export const IGNORED_FILE = 'Claude Code ignores this whole file (silently in -p), with every rule and hook in it';

export class FileLinter {
  readonly findings: Finding[] = [];
  constructor(
    readonly source: SettingsSource,
    readonly parsed: ParsedJson,
    readonly installDir: string | undefined,
  ) {}

  add(id: string, severity: Severity, path: JsonPath, message: string, fix: string, invalidatesFile = false): void {
    const pos = locate(this.parsed, path);
    this.findings.push({
      id,
      severity,
      file: this.source.file,
      pointer: pointer(path),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      message,
      fix,
      ...(invalidatesFile ? { invalidatesFile } : {}),
    });
  }

  invalid(id: string, path: JsonPath, message: string, fix: string): void {
    this.add(id, 'error', path, `${message}. ${IGNORED_FILE}`, fix, true);
  }

  /** A malformed hook entry. Claude Code drops the whole file for PreToolUse/PermissionRequest
   * (such a hook may be what guards the rules beside it) and only the entry for other events. */
  badHook(event: string, path: JsonPath, message: string, fix: string): void {
    if (FILE_LEVEL_HOOK_EVENTS.has(event)) this.invalid('settings/hook-shape', path, message, fix);
    else this.add('settings/hook-shape', 'error', path, `${message}. Claude Code skips this hook entry`, fix);
  }
}

const FILE_LEVEL_HOOK_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PermissionRequest']);

export function checkTopLevel(l: FileLinter, s: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(s)) {
    if (!KNOWN_KEYS.has(key)) {
      const near = suggest(key, KNOWN_KEYS);
      l.add('settings/unknown-key', 'warning', [key], `unknown setting "${key}"${near ? ` — did you mean "${near}"?` : ''}; Claude Code ignores it`, near ? `rename it to "${near}"` : 'remove it, or check the spelling against the Claude Code settings reference');
      continue;
    }
    const t = KEY_TYPES[key];
    if (t && !hasType(value, t)) l.invalid('settings/wrong-type', [key], `"${key}" must be ${t === 'string-map' ? 'an object of strings' : t === 'string[]' ? 'an array of strings' : `a ${t}`}, not ${typeOf(value)}`, `fix the value of "${key}"`);
  }
}

const RULE = /^([A-Za-z_][A-Za-z0-9_-]*|\*)(\((.*)\))?$/s;

export function checkPermissions(l: FileLinter, perms: unknown): void {
  if (perms === undefined || !isPlainObject(perms)) return; // wrong type already reported
  for (const [key, value] of Object.entries(perms)) {
    const path = ['permissions', key];
    if (!PERMISSION_KEYS.has(key)) {
      const near = suggest(key, PERMISSION_KEYS);
      l.add('settings/unknown-key', 'warning', path, `unknown permissions setting "${key}"${near ? ` — did you mean "${near}"?` : ''}; Claude Code ignores it`, near ? `rename it to "${near}"` : 'remove it');
      continue;
    }
    if (key === 'allow' || key === 'deny' || key === 'ask' || key === 'additionalDirectories') {
      if (!hasType(value, 'string[]')) {
        l.invalid('settings/wrong-type', path, `permissions.${key} must be an array of strings, not ${typeOf(value)}`, `write it as "${key}": ["Rule(...)"]`);
        continue;
      }
      if (key !== 'additionalDirectories') (value as string[]).forEach((rule, i) => checkRule(l, key, rule, [...path, i]));
    } else if (key === 'defaultMode') {
      if (typeof value !== 'string' || !DEFAULT_MODES.includes(value)) {
        l.invalid('settings/invalid-value', path, `permissions.defaultMode must be one of ${DEFAULT_MODES.join(', ')} (got ${JSON.stringify(value)})`, 'use "default" (or "acceptEdits" for unattended edits)');
      }
    } else if (key === 'disableBypassPermissionsMode' || key === 'disableAutoMode') {
      if (value !== 'disable') l.invalid('settings/invalid-value', path, `permissions.${key} only accepts "disable" (got ${JSON.stringify(value)})`, `"${key}": "disable"`);
    }
  }
}

function checkRule(l: FileLinter, list: 'allow' | 'deny' | 'ask', rule: string, path: JsonPath): void {
  const m = RULE.exec(rule.trim());
  if (!m) {
    l.add('settings/malformed-rule', 'warning', path, `"${rule}" is not a permission rule (Tool or Tool(specifier))`, 'e.g. "Bash(npm test)", "Read(./.env)", "mcp__server__tool"');
    return;
  }
  const tool = m[1]!;
  const spec = m[3];
  if (spec !== undefined && UNCONSULTED_PATH_TOOLS.has(tool)) {
    const use = tool === 'Glob' ? 'Read' : 'Edit';
    l.add(
      'settings/unconsulted-path-rule',
      list === 'deny' ? 'error' : 'warning',
      path,
      `Claude Code never consults path rules under ${tool}: "${rule}" has no effect${list === 'deny' ? ', so nothing is protected by it' : ''}`,
      `use "${use}(${spec})" — ${use} rules cover ${tool === 'Glob' ? 'every file-reading tool' : 'Write, Edit and NotebookEdit'}`,
    );
  }
}

function checkHandler(l: FileLinter, event: string, h: unknown, path: JsonPath): void {
  if (!isPlainObject(h)) {
    l.badHook(event, path, `a hook handler must be an object like {"type": "command", "command": "..."}`, 'fix the handler');
    return;
  }
  if (typeof h.type !== 'string') {
    l.badHook(event, path, 'hook handler without "type"', 'add "type": "command"');
    return;
  }
  if (!HANDLER_TYPES.has(h.type)) {
    l.badHook(event, [...path, 'type'], `unknown hook type "${h.type}"`, `use one of ${[...HANDLER_TYPES].join(', ')}`);
    return;
  }
  if (h.type === 'command' && (typeof h.command !== 'string' || h.command.trim() === '')) {
    l.badHook(event, path, 'command hook without a "command"', 'add "command": "<program and arguments>"');
  }
  if (h.timeout !== undefined) {
    if (typeof h.timeout !== 'number' || !(h.timeout > 0)) {
      l.badHook(event, [...path, 'timeout'], `"timeout" must be a positive number of seconds (got ${JSON.stringify(h.timeout)})`, 'e.g. "timeout": 10');
    } else if (h.timeout >= 1000) {
      l.add('settings/timeout-milliseconds', 'warning', [...path, 'timeout'], `timeout ${h.timeout} looks like milliseconds, but Claude Code reads seconds (${Math.round(h.timeout / 60)} minutes here)`, `"timeout": ${Math.max(1, Math.round(h.timeout / 1000))}`);
    }
  }
  if (h.onFailure !== undefined && h.onFailure !== 'continue' && h.onFailure !== 'block') {
    l.badHook(event, [...path, 'onFailure'], `"onFailure" must be "continue" or "block" (got ${JSON.stringify(h.onFailure)})`, '"onFailure": "block"');
  }
  if (GUARD_EVENTS.has(event)) {
    const ours = isGatehouseHandler(h, l.installDir);
    if (h.onFailure !== 'block') {
      l.add(
        'settings/guard-hook-fails-open',
        ours ? 'error' : 'warning',
        path,
        `${ours ? "gatehouse's" : 'this'} ${event} hook fails open: if it crashes, hangs or prints bad JSON, Claude Code lets the call through`,
        'add "onFailure": "block"',
      );
    }
    if (h.async === true || h.asyncRewake === true) {
      l.add('settings/guard-hook-async', 'warning', path, `an async ${event} hook runs in the background and cannot refuse anything`, 'remove "async" from guard hooks');
    }
  }
}

export function checkHooks(l: FileLinter, hooks: unknown): void {
  if (hooks === undefined || !isPlainObject(hooks)) return;
  for (const [event, groups] of Object.entries(hooks)) {
    const path: JsonPath = ['hooks', event];
    if (!HOOK_EVENTS.has(event)) {
      const near = suggest(event, HOOK_EVENTS);
      l.add('settings/unknown-hook-event', 'warning', path, `unknown hook event "${event}"${near ? ` — did you mean "${near}"?` : ''}; these hooks never run`, near ? `rename it to "${near}"` : `use one of: ${[...HOOK_EVENTS].slice(0, 6).join(', ')}, …`);
      continue;
    }
    if (!Array.isArray(groups)) {
      l.badHook(event, path, `hooks.${event} must be an array of matcher groups`, `"${event}": [{"matcher": "*", "hooks": [{"type": "command", "command": "..."}]}]`);
      continue;
    }
    groups.forEach((g, i) => {
      const gp = [...path, i];
      if (!isPlainObject(g)) {
        l.badHook(event, gp, 'a matcher group must be an object', '{"matcher": "*", "hooks": [...]}');
        return;
      }
      if (!('hooks' in g) && ('type' in g || 'command' in g)) {
        l.badHook(event, gp, `handler placed directly in hooks.${event}; handlers must sit in a "hooks" array under a matcher group`, `wrap it: {"matcher": "*", "hooks": [ <this handler> ]}`);
        return;
      }
      if (g.matcher !== undefined && typeof g.matcher !== 'string') {
        l.badHook(event, [...gp, 'matcher'], '"matcher" must be a string', 'e.g. "matcher": "Bash|Read" or "*"');
      }
      if (!Array.isArray(g.hooks)) {
        l.badHook(event, gp, 'matcher group without a "hooks" array', 'add "hooks": [{"type": "command", "command": "..."}]');
        return;
      }
      g.hooks.forEach((h, j) => checkHandler(l, event, h, [...gp, 'hooks', j]));
    });
  }
}
