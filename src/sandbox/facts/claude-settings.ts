// Reads Claude Code's settings in every scope and merges what the sandbox advice needs, with the
// file each value came from. Precedence (highest first): managed, local, project, user. Scalars:
// the highest scope wins; lists: merged across scopes (as Claude Code does).
import { readAllSettings } from '../../settings/scopes.js';
import { join } from 'node:path';
import type { HostView } from './environment.js';
import type { ClaudeSandboxFact, Fact, PermissionsFact } from './types.js';

export interface SettingsFile {
  scope: 'managed' | 'local' | 'project' | 'user';
  path: string;
  json?: Record<string, unknown>;
  error?: string;
}

export function claudeConfigDir(h: HostView, home: string): string {
  return h.env.CLAUDE_CONFIG_DIR && h.env.CLAUDE_CONFIG_DIR.startsWith('/') ? h.env.CLAUDE_CONFIG_DIR : join(home, '.claude');
}

/** `~/.claude.json` (or `$CLAUDE_CONFIG_DIR/.claude.json`). */
export function claudeJsonPath(h: HostView, home: string): string {
  return h.env.CLAUDE_CONFIG_DIR && h.env.CLAUDE_CONFIG_DIR.startsWith('/') ? join(h.env.CLAUDE_CONFIG_DIR, '.claude.json') : join(home, '.claude.json');
}

/** Every settings file, highest precedence first (discovery shared with `gatehouse settings`). */
export function readSettingsFiles(h: HostView, project: string, _home?: string): SettingsFile[] {
  return readAllSettings(h.env, project)
    .filter((x) => x.exists)
    .reverse()
    .map((x) => {
      const f: SettingsFile = { scope: x.scope, path: x.file };
      if (x.value && !x.error) f.json = x.value;
      if (x.error) f.error = x.error.message;
      return f;
    });
}

function get(o: unknown, path: string[]): unknown {
  let cur = o;
  for (const k of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function firstBool(files: SettingsFile[], path: string[], sources: Record<string, string>): boolean | undefined {
  for (const f of files) {
    const v = get(f.json, path);
    if (typeof v === 'boolean') {
      sources[path.join('.')] = f.path;
      return v;
    }
  }
  return undefined;
}

function allStrings(files: SettingsFile[], path: string[], sources?: Record<string, string>): string[] {
  const out: string[] = [];
  for (const f of files) {
    const v = get(f.json, path);
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'string' && !out.includes(x)) out.push(x);
      if (sources && v.length) sources[path.join('.')] = sources[path.join('.')] ? `${sources[path.join('.')]}, ${f.path}` : f.path;
    }
  }
  return out;
}

export function claudeSandboxFact(files: SettingsFile[]): Fact<ClaudeSandboxFact> {
  const ok = files.filter((f) => f.json);
  const sources: Record<string, string> = {};
  const v: ClaudeSandboxFact = {
    enabled: firstBool(ok, ['sandbox', 'enabled'], sources),
    failIfUnavailable: firstBool(ok, ['sandbox', 'failIfUnavailable'], sources),
    allowUnsandboxedCommands: firstBool(ok, ['sandbox', 'allowUnsandboxedCommands'], sources),
    autoAllowBashIfSandboxed: firstBool(ok, ['sandbox', 'autoAllowBashIfSandboxed'], sources),
    excludedCommands: allStrings(ok, ['sandbox', 'excludedCommands'], sources),
    denyRead: allStrings(ok, ['sandbox', 'filesystem', 'denyRead'], sources),
    allowWrite: allStrings(ok, ['sandbox', 'filesystem', 'allowWrite'], sources),
    allowedDomains: allStrings(ok, ['sandbox', 'network', 'allowedDomains'], sources),
    sources,
    unreadable: files.filter((f) => f.error).map((f) => f.path),
  };
  const ev: string[] = [];
  const show = (k: string, val: unknown) => ev.push(`sandbox.${k} = ${val === undefined ? '(unset)' : JSON.stringify(val)}${sources[`sandbox.${k}`] ? ` (${sources[`sandbox.${k}`]})` : ''}`);
  show('enabled', v.enabled);
  show('failIfUnavailable', v.failIfUnavailable);
  show('allowUnsandboxedCommands', v.allowUnsandboxedCommands);
  if (v.excludedCommands.length) ev.push(`sandbox.excludedCommands = ${JSON.stringify(v.excludedCommands)} (these run outside the sandbox)`);
  ev.push(`sandbox.filesystem.denyRead: ${v.denyRead.length} entr${v.denyRead.length === 1 ? 'y' : 'ies'}`);
  for (const u of v.unreadable) ev.push(`${u} is not valid JSON: Claude Code ignores it (silently in -p)`);
  if (!files.length) ev.push('no Claude Code settings file found in any scope');
  return { value: v, evidence: ev };
}

export function permissionsFact(files: SettingsFile[], extra: { claudeJson?: Record<string, unknown>; claudeJsonPath: string; shellRc: { path: string; text: string }[] }): Fact<PermissionsFact> {
  const ok = files.filter((f) => f.json);
  const ev: string[] = [];
  let defaultMode: string | undefined;
  let defaultModeSource: string | undefined;
  for (const f of ok) {
    const v = get(f.json, ['permissions', 'defaultMode']);
    if (typeof v === 'string') {
      defaultMode = v;
      defaultModeSource = f.path;
      break;
    }
  }
  ev.push(`permissions.defaultMode = ${defaultMode ?? '(unset: default)'}${defaultModeSource ? ` (${defaultModeSource})` : ''}`);
  const bypassDisabled = ok.some((f) => get(f.json, ['permissions', 'disableBypassPermissionsMode']) === 'disable');
  if (bypassDisabled) ev.push('permissions.disableBypassPermissionsMode = "disable"');
  let bypass = defaultMode === 'bypassPermissions';
  if (bypass) ev.push('defaultMode bypassPermissions skips every permission prompt');
  if (extra.claudeJson?.bypassPermissionsModeAccepted === true) {
    bypass = true;
    ev.push(`${extra.claudeJsonPath}: bypassPermissionsModeAccepted = true (the bypass warning was accepted on this account)`);
  }
  if (ok.some((f) => get(f.json, ['skipDangerousModePermissionPrompt']) === true)) {
    bypass = true;
    ev.push('skipDangerousModePermissionPrompt = true in settings');
  }
  for (const rc of extra.shellRc) {
    if (/--dangerously-skip-permissions|--permission-mode[ =]bypassPermissions/.test(rc.text)) {
      bypass = true;
      ev.push(`${rc.path} mentions --dangerously-skip-permissions (an alias or function)`);
    }
  }
  if (bypass && bypassDisabled) {
    bypass = false;
    ev.push('bypass is disabled by disableBypassPermissionsMode, so it cannot be used');
  }
  const deny = allStrings(ok, ['permissions', 'deny']);
  const allow = allStrings(ok, ['permissions', 'allow']);
  const readDeny = deny.map((r) => /^Read\((.+)\)$/.exec(r)?.[1]).filter((x): x is string => !!x);
  const webFetchDomains = allow.map((r) => /^WebFetch\(domain:(.+)\)$/.exec(r)?.[1]).filter((x): x is string => !!x);
  const v: PermissionsFact = { bypass, bypassDisabled, readDeny, webFetchDomains };
  if (defaultMode !== undefined) v.defaultMode = defaultMode;
  if (defaultModeSource !== undefined) v.defaultModeSource = defaultModeSource;
  return { value: v, evidence: ev };
}

/** Hook commands in project-controlled settings, as `Event: command`. */
export function projectHookCommands(files: SettingsFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.scope !== 'project' && f.scope !== 'local') continue;
    const hooks = get(f.json, ['hooks']);
    if (!hooks || typeof hooks !== 'object') continue;
    for (const [event, groups] of Object.entries(hooks as Record<string, unknown>)) {
      if (!Array.isArray(groups)) continue;
      for (const g of groups) {
        const hs = get(g, ['hooks']);
        if (!Array.isArray(hs)) continue;
        for (const h of hs) {
          const cmd = get(h, ['command']) ?? get(h, ['url']);
          if (typeof cmd === 'string') out.push(`${event}: ${cmd}`);
        }
      }
    }
  }
  return out;
}
