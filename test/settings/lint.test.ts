import { describe, expect, it } from 'vitest';
import { lintSettings, type LintFacts } from '../../src/settings/lint.js';
import { parseJsonStrict } from '../../src/settings/json.js';
import { readSettingsFile, type Scope, type SettingsSource } from '../../src/settings/scopes.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const GH = 'NODE_EXTRA_CA_CERTS= /usr/bin/node /opt/gatehouse/dist/hook.cjs';
const guard = (event: string) => ({ [event]: [{ matcher: '*', hooks: [{ type: 'command', command: GH, timeout: 10, onFailure: 'block' }] }] });
const installed = {
  hooks: {
    ...guard('PreToolUse'),
    ...guard('PermissionRequest'),
    ...guard('UserPromptSubmit'),
    ...Object.fromEntries(['PostToolUse', 'PostToolUseFailure', 'SessionStart', 'SessionEnd', 'Stop', 'SubagentStop', 'ConfigChange', 'Notification'].map((e) => [e, [{ hooks: [{ type: 'command', command: GH, timeout: 10 }] }]])),
  },
};

function source(value: unknown, scope: Scope = 'project'): SettingsSource {
  const text = JSON.stringify(value, null, 2);
  const parsed = parseJsonStrict(text, `/p/${scope}.json`);
  return { scope, file: `/p/${scope}.json`, exists: true, parsed, value: parsed.value as Record<string, unknown> };
}

const ids = (sources: SettingsSource[], facts: LintFacts = {}) => lintSettings(sources, facts).findings.map((f) => `${f.severity} ${f.id}`);

describe('lintSettings', () => {
  it('is clean (but for the switchable note) right after init', () => {
    expect(ids([source(installed)])).toEqual(['info settings/hooks-switchable']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['bypass mode on a workstation', { permissions: { defaultMode: 'bypassPermissions' } }, 'error settings/bypass-permissions'],
    ['Bash(*)', { permissions: { allow: ['Bash(*)'] } }, 'error settings/broad-allow'],
    ['bare Bash', { permissions: { allow: ['Bash'] } }, 'error settings/broad-allow'],
    ['Edit(**)', { permissions: { allow: ['Edit(**)'] } }, 'warning settings/broad-allow'],
    ['WebFetch', { permissions: { allow: ['WebFetch'] } }, 'warning settings/broad-allow'],
    ['mcp__*', { permissions: { allow: ['mcp__*'] } }, 'warning settings/broad-allow'],
    ['an allow naming .env', { permissions: { allow: ['Read(./.env)'] } }, 'error settings/secret-allow'],
    ['an allow naming a token', { permissions: { allow: ['Bash(echo $GITHUB_TOKEN)'] } }, 'error settings/secret-allow'],
    ['a Write path deny', { permissions: { deny: ['Write(./.env)'] } }, 'error settings/unconsulted-path-rule'],
    ['a Glob path allow', { permissions: { allow: ['Glob(src/**)'] } }, 'warning settings/unconsulted-path-rule'],
    ['a typo in a key', { permisions: {} }, 'warning settings/unknown-key'],
    ['a wrong type', { model: 5 }, 'error settings/wrong-type'],
    ['a deny that is a string', { permissions: { deny: 'Read(.env)' } }, 'error settings/wrong-type'],
    ['a bad defaultMode', { permissions: { defaultMode: 'yolo' } }, 'error settings/invalid-value'],
    ['an unknown event', { hooks: { PreTooluse: [] } }, 'warning settings/unknown-hook-event'],
    ['a handler not under a matcher group', { hooks: { PreToolUse: [{ type: 'command', command: 'x' }] } }, 'error settings/hook-shape'],
    ['a handler without command', { hooks: { Stop: [{ hooks: [{ type: 'command' }] }] } }, 'error settings/hook-shape'],
    ['a handler without type', { hooks: { Stop: [{ hooks: [{ command: 'x' }] }] } }, 'error settings/hook-shape'],
    ['a timeout as a string', { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'x', timeout: '5' }] }] } }, 'error settings/hook-shape'],
    ['a timeout in milliseconds', { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'x', timeout: 5000 }] }] } }, 'warning settings/timeout-milliseconds'],
    ['a guard hook that fails open', { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'x' }] }] } }, 'warning settings/guard-hook-fails-open'],
    ['disableAllHooks', { disableAllHooks: true }, 'error settings/disable-all-hooks'],
    ['a sandbox that may run unsandboxed', { sandbox: { enabled: true } }, 'warning settings/sandbox-fail-open'],
  ])('flags %s', (_name, extra, want) => {
    expect(ids([source(installed, 'user'), source(extra)])).toContain(want);
  });

  it('reports gatehouse’s own fail-open guard hook as an error', () => {
    const s = structuredClone(installed) as { hooks: Record<string, { hooks: Record<string, unknown>[] }[]> };
    delete s.hooks.PreToolUse![0]!.hooks[0]!.onFailure;
    expect(ids([source(s)])).toContain('error settings/guard-hook-fails-open');
  });

  it('suggests the key a typo meant', () => {
    const f = lintSettings([source({ permisions: {} })]).findings.find((x) => x.id === 'settings/unknown-key');
    expect(f?.message).toContain('did you mean "permissions"?');
    expect(f?.line).toBe(2);
  });

  it('treats bypass mode as a note in an isolated environment or when managed settings disable it', () => {
    const bypass = source({ permissions: { defaultMode: 'bypassPermissions' } });
    expect(ids([source(installed, 'user'), bypass], { isolated: 'Docker container' })).toContain('info settings/bypass-permissions');
    expect(ids([source(installed, 'user'), bypass, source({ permissions: { disableBypassPermissionsMode: 'disable' } }, 'managed')])).toContain('info settings/bypass-permissions');
  });

  it('does not count hooks in a file Claude Code would ignore', () => {
    const r = lintSettings([source({ ...installed, model: 5 })]);
    expect(r.files[0]?.valid).toBe(false);
    expect(r.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(expect.arrayContaining(['error settings/wrong-type', 'error settings/gatehouse-missing']));
  });

  it('reports missing guard events and a managed-only lock without gatehouse in it', () => {
    const partial = { hooks: { ...guard('PreToolUse') } };
    expect(ids([source(partial)])).toContain('error settings/gatehouse-missing');
    expect(ids([source(installed), source({ allowManagedHooksOnly: true }, 'managed')])).toContain('error settings/gatehouse-not-managed');
  });

  it('reports a file that does not parse, with its position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-lint-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{\n  "permissions": {"deny": ["Read(.env)"],}\n}\n');
    const r = lintSettings([readSettingsFile('project', file)]);
    expect(r.findings[0]).toMatchObject({ id: 'settings/invalid-json', severity: 'error', file, line: 2, invalidatesFile: true });
    expect(r.findings[0]?.message).toContain('Claude Code ignores this whole file');
  });
});
