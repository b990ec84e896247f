// `gatehouse settings lint`: every Claude Code settings file that applies to a project, checked for
// the mistakes that silently switch protection off (invalid files, fail-open hooks, bypass mode,
// broad or secret-naming allows) and for whether gatehouse's own hooks are in force.
import { GUARD_EVENTS, INSTALLED_EVENTS, isGatehouseHandler } from './install-plan.js';
import { isPlainObject, type JsonPath } from './json.js';
import { checkHooks, checkPermissions, checkTopLevel, FileLinter, IGNORED_FILE, type Finding } from './lint-file.js';
import type { SettingsSource } from './scopes.js';

export type { Finding, Severity } from './lint-file.js';

export interface LintFacts {
  /** Why this machine counts as an isolated environment (container, devcontainer), if it does. */
  isolated?: string;
  /** This gatehouse install, to recognise its hook command. */
  installDir?: string;
}

export interface FileStatus {
  scope: string;
  file: string;
  exists: boolean;
  /** Claude Code would use it (exists, parses, no file-invalidating problem). */
  valid: boolean;
}

export interface LintReport {
  findings: Finding[];
  files: FileStatus[];
  summary: { errors: number; warnings: number; infos: number };
}

/** Allow rules broad enough to hand the agent a whole channel. */
const BROAD: { re: RegExp; severity: 'error' | 'warning'; what: string }[] = [
  { re: /^(\*|Bash|Bash\((\*|:\*|\*\*)\))$/, severity: 'error', what: 'any shell command' },
  { re: /^(Edit|Write|NotebookEdit|MultiEdit)(\((\*|\*\*|\/\*\*|\/\/\*\*|~\/\*\*)\))?$/, severity: 'warning', what: 'writing any file' },
  { re: /^Read\((\/\/\*\*|~\/\*\*)\)$/, severity: 'warning', what: 'reading any file on the machine' },
  { re: /^WebFetch(\((\*|domain:\*)\))?$/, severity: 'warning', what: 'fetching any URL (an exfiltration channel)' },
  { re: /^mcp__\*/, severity: 'warning', what: 'every tool of every MCP server' },
];

const SECRETISH = /\.env\b|\benv\b|printenv|\.pem\b|\bpem\b|\.key\b|\bkeys?\b|secret|token|credential|passw(?:or)?d/i;

function checkPolicy(l: FileLinter, s: Record<string, unknown>, facts: LintFacts, bypassDisabled: boolean): void {
  const perms = isPlainObject(s.permissions) ? s.permissions : undefined;
  const allow = Array.isArray(perms?.allow) ? perms.allow : [];
  allow.forEach((rule, i) => {
    if (typeof rule !== 'string') return;
    const path: JsonPath = ['permissions', 'allow', i];
    const broad = BROAD.find((b) => b.re.test(rule.trim()));
    if (broad) l.add('settings/broad-allow', broad.severity, path, `"${rule}" pre-approves ${broad.what}`, 'allow the specific commands or paths you need, e.g. "Bash(npm test)", "Edit(./src/**)"');
    if (SECRETISH.test(rule)) l.add('settings/secret-allow', 'error', path, `"${rule}" pre-approves something that names secrets (env, key, token, credential, password…)`, 'remove it; read the one value you need yourself and pass it on');
  });
  if (perms?.defaultMode === 'bypassPermissions') {
    const sev = facts.isolated || bypassDisabled ? 'info' : 'error';
    const why = facts.isolated ? ` (this looks isolated: ${facts.isolated})` : bypassDisabled ? ' (managed settings disable bypass mode, so it falls back to default)' : '';
    l.add('settings/bypass-permissions', sev, ['permissions', 'defaultMode'], `defaultMode "bypassPermissions" runs every tool call without asking${why}`, 'use it only inside a container or VM; on a workstation use "default" or "acceptEdits"');
  }
  if (s.skipDangerousModePermissionPrompt === true && !facts.isolated) {
    l.add('settings/bypass-permissions', 'warning', ['skipDangerousModePermissionPrompt'], 'skipDangerousModePermissionPrompt hides the warning before bypass mode', 'remove it outside isolated environments');
  }
  if (s.disableAllHooks === true) {
    l.add('settings/disable-all-hooks', 'error', ['disableAllHooks'], 'disableAllHooks switches off every hook from settings and plugins, gatehouse included', 'remove "disableAllHooks"');
  }
  const sb = s.sandbox;
  if (isPlainObject(sb) && sb.enabled === true && sb.failIfUnavailable !== true) {
    l.add('settings/sandbox-fail-open', 'warning', ['sandbox'], 'the sandbox is enabled, but Claude Code runs commands unsandboxed when it cannot start it', 'add "failIfUnavailable": true');
  }
}

function hasGatehouse(settings: Record<string, unknown>, event: string, installDir?: string): boolean {
  const groups = isPlainObject(settings.hooks) ? settings.hooks[event] : undefined;
  if (!Array.isArray(groups)) return false;
  return groups.some((g) => isPlainObject(g) && Array.isArray(g.hooks) && g.hooks.some((h) => isGatehouseHandler(h, installDir)));
}

export function lintSettings(sources: readonly SettingsSource[], facts: LintFacts = {}): LintReport {
  const findings: Finding[] = [];
  const files: FileStatus[] = [];
  const usable: SettingsSource[] = [];
  const bypassDisabled = sources.some((s) => s.scope === 'managed' && isPlainObject(s.value?.permissions) && s.value.permissions.disableBypassPermissionsMode === 'disable');
  for (const src of sources) {
    if (!src.exists) {
      files.push({ scope: src.scope, file: src.file, exists: false, valid: false });
      continue;
    }
    if (src.error || !src.parsed || !src.value) {
      const e = src.error;
      findings.push({
        id: e?.code === 'settings/invalid-json' ? 'settings/invalid-json' : 'settings/unreadable',
        severity: 'error',
        file: src.file,
        ...(e?.line !== undefined ? { line: e.line } : {}),
        ...(e?.column !== undefined ? { column: e.column } : {}),
        message: `${e?.message ?? 'cannot be read'}. ${IGNORED_FILE}`,
        fix: 'fix the file so it is one valid JSON object (no comments, no trailing commas)',
        invalidatesFile: true,
      });
      files.push({ scope: src.scope, file: src.file, exists: true, valid: false });
      continue;
    }
    const l = new FileLinter(src, src.parsed, facts.installDir);
    checkTopLevel(l, src.value);
    checkPermissions(l, src.value.permissions);
    checkHooks(l, src.value.hooks);
    checkPolicy(l, src.value, facts, bypassDisabled);
    findings.push(...l.findings);
    const valid = !l.findings.some((f) => f.invalidatesFile);
    files.push({ scope: src.scope, file: src.file, exists: true, valid });
    if (valid) usable.push(src);
  }

  // What Claude Code would actually run: gatehouse's hooks from the files it accepts.
  const missing = INSTALLED_EVENTS.filter((ev) => !usable.some((s) => hasGatehouse(s.value!, ev, facts.installDir)));
  if (missing.length === INSTALLED_EVENTS.length) {
    findings.push({ id: 'settings/gatehouse-missing', severity: 'error', message: 'no gatehouse hooks are in force: nothing checks tool calls', fix: 'run `gatehouse init` (or fix the settings file that holds them, if one is reported invalid above)' });
  } else if (missing.length) {
    const guards = missing.filter((e) => GUARD_EVENTS.has(e));
    findings.push({
      id: 'settings/gatehouse-missing',
      severity: guards.length ? 'error' : 'warning',
      message: `gatehouse hooks are missing for ${missing.join(', ')}`,
      fix: 'run `gatehouse init` again to add them',
    });
  }
  const managedOnly = usable.some((s) => s.scope === 'managed' && s.value!.allowManagedHooksOnly === true);
  const inManaged = usable.some((s) => s.scope === 'managed' && hasGatehouse(s.value!, 'PreToolUse', facts.installDir));
  if (managedOnly && !inManaged && missing.length < INSTALLED_EVENTS.length) {
    findings.push({ id: 'settings/gatehouse-not-managed', severity: 'error', message: 'allowManagedHooksOnly is set, so only managed hooks run, but gatehouse is installed outside managed settings', fix: 'run `gatehouse init --scope managed`' });
  } else if (!inManaged && missing.length < INSTALLED_EVENTS.length) {
    findings.push({ id: 'settings/hooks-switchable', severity: 'info', message: 'gatehouse runs from user/project settings, which a user can switch off (--bare, --setting-sources, disableAllHooks)', fix: 'for enforcement, install with `gatehouse init --scope managed --allow-managed-hooks-only --disable-bypass`' });
  }

  const rank = { error: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return { findings, files, summary: { errors: count('error'), warnings: count('warning'), infos: count('info') } };
}
