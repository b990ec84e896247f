// Checks that belong to other modules, plugged in when this build has them: audit log
// verification (src/audit/sink.ts) and settings lint (src/settings/lint.ts). Each degrades to a
// clear "not available in this build" instead of failing.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installDir, stateDir } from '../../env/locations.js';
import { loadAuditModule, openSandboxAuditSink, type AuditModuleLoader } from '../audit-sink.js';

export interface PluginCheck {
  status: 'ok' | 'failed' | 'unavailable';
  summary: string;
  details: string[];
}

/** A settings linter (the default wraps src/settings/lint.ts; tests pass their own). */
export interface SettingsLintModule {
  lintMergedSettings(opts: { project: string; env: Readonly<Record<string, string | undefined>> }): Promise<{ severity: 'error' | 'warning' | 'info'; message: string }[]>;
}
export type SettingsLintLoader = () => Promise<SettingsLintModule | undefined>;

/** `gatehouse settings lint` over every settings file Claude Code would read for the project. */
export const loadSettingsLint: SettingsLintLoader = async () => {
  const [{ lintSettings }, { readAllSettings }] = await Promise.all([import('../../settings/lint.js'), import('../../settings/scopes.js')]);
  return {
    lintMergedSettings: async ({ project, env }) =>
      lintSettings(readAllSettings(env, project), { installDir: installDir() }).findings.map((f) => ({
        severity: f.severity,
        message: `${f.file ? `${f.file}${f.line ? `:${f.line}` : ''} ` : ''}${f.id}: ${f.message}`,
      })),
  };
};

export async function auditCheck(env: Readonly<Record<string, string | undefined>>, loader: AuditModuleLoader = loadAuditModule): Promise<PluginCheck> {
  const mod = await loader();
  if (!mod) {
    const dir = join(stateDir(env), 'sandbox');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      accessSync(dir, constants.W_OK);
      return { status: 'unavailable', summary: 'the tamper-evident audit log module is not in this build', details: [`sandbox events go to ${join(dir, 'events.jsonl')} (plain JSONL, writable, not tamper-evident)`] };
    } catch (e) {
      return { status: 'failed', summary: `no audit module, and the fallback ${dir} is not writable`, details: [(e as Error).message] };
    }
  }
  const details: string[] = [];
  try {
    const sink = await openSandboxAuditSink(env, async () => mod);
    await sink.append({ event: 'SandboxDoctor', extra: { check: 'audit-writable' } });
    details.push(`appended a SandboxDoctor record to ${sink.where}`);
  } catch (e) {
    return { status: 'failed', summary: 'the audit log is not writable', details: [(e as Error).message] };
  }
  if (!mod.verifyAudit) return { status: 'ok', summary: 'audit log writable (this build cannot verify it)', details };
  const v = await mod.verifyAudit(env);
  details.push(v.detail);
  return v.ok ? { status: 'ok', summary: `audit log writable and verifies (${v.records} records)`, details } : { status: 'failed', summary: 'audit log does NOT verify', details };
}

export async function lintCheck(project: string, env: Readonly<Record<string, string | undefined>>, loader: SettingsLintLoader = loadSettingsLint): Promise<PluginCheck> {
  const mod = await loader();
  if (!mod) return { status: 'unavailable', summary: 'settings lint is not in this build', details: [] };
  const items = await mod.lintMergedSettings({ project, env });
  const errors = items.filter((i) => i.severity === 'error');
  const warnings = items.filter((i) => i.severity === 'warning');
  return {
    status: errors.length ? 'failed' : 'ok',
    summary: `${errors.length} error(s), ${warnings.length} warning(s)`,
    details: [...errors, ...warnings].slice(0, 10).map((i) => `${i.severity}: ${i.message}`),
  };
}
