// `gatehouse doctor` against real boundaries: it passes where protection is real and fails where
// the configuration claims protection it does not have.
import { mkdirSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installDir } from '../../src/env/locations.js';
import { linuxBwrapBackend } from '../../src/sandbox/backends/linux-bwrap.js';
import { runDoctor } from '../../src/sandbox/doctor/doctor.js';
import { findExecutable } from '../../src/sandbox/probe.js';
import { doctorCommand } from '../../src/sandbox/cli-doctor.js';
import { memoryIo } from '../../src/cli/io.js';
import { makeWorld, type World } from './helpers.js';

const bwrapWorks = (await linuxBwrapBackend().available()).ok;
const srtWorks = bwrapWorks && !!findExecutable('rg') && !!findExecutable('socat');
const noPlugins = { auditLoader: async () => undefined, lintLoader: async () => undefined };

function settings(w: World, json: unknown, file = 'settings.local.json') {
  mkdirSync(join(w.project, '.claude'), { recursive: true });
  writeFileSync(join(w.project, '.claude', file), JSON.stringify(json));
}

/** A PATH with the tools the canaries use but without bubblewrap. */
function pathWithoutBwrap(w: World): string {
  const bin = join(w.root, 'bin-no-bwrap');
  mkdirSync(bin, { recursive: true });
  for (const t of ['git', 'unshare', 'sh', 'socat']) {
    const p = findExecutable(t);
    if (p) symlinkSync(p, join(bin, t));
  }
  return bin;
}

function nothingLeftBehind(w: World) {
  expect(readdirSync(w.home).filter((f) => f.startsWith('.gatehouse-doctor'))).toEqual([]);
  expect(readdirSync(join(w.home, '.ssh')).filter((f) => f.startsWith('gatehouse-doctor'))).toEqual([]);
  expect(readdirSync(w.project).filter((f) => /gatehouse-doctor/.test(f))).toEqual([]);
  if (existsSync(join(w.project, '.git', 'hooks'))) expect(readdirSync(join(w.project, '.git', 'hooks')).filter((f) => /gatehouse-doctor/.test(f))).toEqual([]);
}

describe.skipIf(!bwrapWorks)('gatehouse doctor', () => {
  it('passes on the workspace profile: every canary claimed and stopped', async () => {
    const w = makeWorld();
    const r = await runDoctor({ project: w.project, env: w.env, profile: 'workspace', ...noPlugins });
    expect(r.control.ok, r.control.detail).toBe(true);
    expect(r.canaries.map((c) => [c.id, c.verdict])).toEqual([
      ['write-outside-project', 'protected'],
      ['read-canary-secret', 'protected'],
      ['reach-non-allowed-host', 'protected'],
      ['create-user-namespace', 'protected'],
      ['write-git-hooks', 'protected'],
      ['read-ignored-file', 'protected'],
    ]);
    expect(r.exitCode).toBe(0);
    nothingLeftBehind(w);
  });

  it('with the sandbox off, claims nothing and shows everything exposed (exit 0)', async () => {
    const w = makeWorld();
    const r = await runDoctor({ project: w.project, env: w.env, ...noPlugins });
    expect(r.boundary.kind).toBe('claude-unsandboxed');
    expect(r.canaries.every((c) => !c.claimed)).toBe(true);
    expect(r.canaries.filter((c) => c.verdict === 'exposed').map((c) => c.id)).toEqual(expect.arrayContaining(['write-outside-project', 'read-canary-secret', 'reach-non-allowed-host', 'write-git-hooks', 'read-ignored-file']));
    expect(r.exitCode).toBe(0);
    nothingLeftBehind(w);
  });

  it('fails when the settings claim a sandbox that cannot start and is not fail-closed', async () => {
    const w = makeWorld();
    settings(w, { sandbox: { enabled: true, filesystem: { denyRead: ['~/.ssh', '//' + w.project.slice(1) + '/**/.env*'] } } });
    const env = { ...w.env, PATH: pathWithoutBwrap(w) };
    const io = memoryIo({ env, cwd: w.project });
    const code = await doctorCommand({ json: false, allowNet: [] }, io, noPlugins);
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/runs Bash UNSANDBOXED/);
    expect(io.stdout).toMatch(/write a file outside the project\s+yes\s+NOT PROTECTED/);
    expect(io.stdout).toMatch(/read a planted secret under ~\/\.ssh\s+yes\s+NOT PROTECTED/);
    expect(io.stdout).toMatch(/read a file the ignore file hides\s+yes\s+NOT PROTECTED/);
    nothingLeftBehind(w);
  });

  it('passes when the same settings are fail-closed: Claude Code refuses Bash', async () => {
    const w = makeWorld();
    settings(w, { sandbox: { enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false } });
    const r = await runDoctor({ project: w.project, env: { ...w.env, PATH: pathWithoutBwrap(w) }, ...noPlugins });
    expect(r.boundary.kind).toBe('claude-refuses');
    expect(r.canaries.every((c) => c.stopped === true)).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!srtWorks)("tests Claude Code's sandbox through sandbox-runtime and reports what its settings leave open", async () => {
    const w = makeWorld();
    settings(w, { sandbox: { enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false, filesystem: { denyRead: ['~/.ssh'] } } });
    const r = await runDoctor({ project: w.project, env: w.env, ...noPlugins });
    expect(r.boundary.kind).toBe('claude-sandbox');
    const v = Object.fromEntries(r.canaries.map((c) => [c.id, c.verdict]));
    expect(v['write-outside-project']).toBe('protected');
    expect(v['read-canary-secret']).toBe('protected');
    expect(v['reach-non-allowed-host']).toBe('protected');
    expect(v['write-git-hooks']).toBe('protected');
    // .env is in the ignore file but not in denyRead: not claimed, and readable.
    expect(v['read-ignored-file']).toBe('exposed');
    // As root, sandbox-runtime leaves nested user namespaces open; the doctor must say so.
    const userns = r.canaries.find((c) => c.id === 'create-user-namespace')!;
    expect(['protected', 'NOT PROTECTED']).toContain(userns.verdict);
    expect(r.exitCode).toBe(userns.verdict === 'NOT PROTECTED' ? 1 : 0);
    nothingLeftBehind(w);
  });

  it("checks that gatehouse's hook fires, and fails when it does not", async () => {
    const w = makeWorld();
    const hook = (command: string) => ({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command, timeout: 10 }] }] } });
    settings(w, hook(`node ${join(installDir(), 'dist', 'hook.cjs')}`), 'settings.json');
    const ok = await runDoctor({ project: w.project, env: w.env, profile: 'workspace', ...noPlugins });
    expect(ok.hooks.status, JSON.stringify(ok.hooks)).toBe('ok');
    expect(ok.hooks.firing?.answer).toMatch(/deny/);
    settings(w, hook('true # gatehouse hook replaced'), 'settings.json');
    const broken = await runDoctor({ project: w.project, env: w.env, profile: 'workspace', ...noPlugins });
    expect(broken.hooks.status).toBe('not-firing');
    expect(broken.exitCode).toBe(1);
    settings(w, hook('gatehouse hook'), 'settings.json');
    writeFileSync(join(w.project, '.claude', 'settings.json'), JSON.stringify({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'node ' + join(installDir(), 'dist', 'hook.cjs'), timeout: 5000 }] }] } }));
    const ms = await runDoctor({ project: w.project, env: w.env, profile: 'workspace', ...noPlugins });
    expect(ms.hooks.problems.join(' ')).toMatch(/looks like milliseconds/);
  });

  it('plugs in the audit log and settings lint when the build has them', async () => {
    const w = makeWorld();
    const records: unknown[] = [];
    const audit = (ok: boolean) => async () => ({
      openAuditSink: async () => ({ where: 'memory', append: async (r: Record<string, unknown>) => void records.push(r) }),
      verifyAudit: async () => ({ ok, records: records.length, detail: ok ? 'chain intact' : 'record 3: hash mismatch' }),
    });
    const lint = async () => ({ lintMergedSettings: async () => [{ severity: 'error' as const, message: 'Bash(*) allowed' }, { severity: 'warning' as const, message: 'w' }] });
    const good = await runDoctor({ project: w.project, env: w.env, profile: 'workspace', auditLoader: audit(true), lintLoader: lint });
    expect(good.audit).toMatchObject({ status: 'ok' });
    expect(records).toContainEqual(expect.objectContaining({ event: 'SandboxDoctor', source: 'sandbox' }));
    expect(good.lint.summary).toBe('1 error(s), 1 warning(s)');
    const bad = await runDoctor({ project: w.project, env: w.env, profile: 'workspace', auditLoader: audit(false), lintLoader: async () => undefined });
    expect(bad.audit.status).toBe('failed');
    expect(bad.lint.status).toBe('unavailable');
    expect(bad.exitCode).toBe(1);
  });
});
