import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitInit, commitUninstall, planInit, planUninstall, type InstallContext } from '../../src/settings/install.js';
import { hookCommand, isGatehouseHandler } from '../../src/settings/install-plan.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function context(): InstallContext & { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'gh-install-'));
  dirs.push(root);
  for (const d of ['project', 'home', 'state', 'managed']) mkdirSync(join(root, d));
  return {
    root,
    env: { HOME: join(root, 'home'), GATEHOUSE_CLAUDE_MANAGED_DIR: join(root, 'managed') },
    projectDir: join(root, 'project'),
    stateDir: join(root, 'state'),
    installDir: '/opt/gatehouse',
    nodePath: '/usr/bin/node',
    now: new Date('2026-01-02T03:04:05Z'),
  };
}

const USER_SETTINGS = '{\n  "model": "opus",\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n';

describe('init and uninstall', () => {
  it('installs into project settings, backs up, and a second run changes nothing', () => {
    const ctx = context();
    const file = join(ctx.projectDir, '.claude', 'settings.json');
    mkdirSync(join(ctx.projectDir, '.claude'));
    writeFileSync(file, USER_SETTINGS);
    const plan = planInit(ctx, { scope: 'project' });
    expect(plan.changes.map((c) => [c.role, c.before === undefined ? 'create' : 'update'])).toEqual([
      ['settings', 'update'],
      ['ignore', 'create'],
      ['policy', 'create'],
    ]);
    const out = commitInit(ctx, plan);
    expect(readFileSync(out.backup!, 'utf8')).toBe(USER_SETTINGS);
    const v = JSON.parse(readFileSync(file, 'utf8'));
    expect(v.model).toBe('opus');
    expect(v.permissions.allow).toEqual(['Bash(npm test)']);
    expect(v.permissions.deny).toContain('Read(**/.env)');
    expect(v.hooks.PreToolUse[0]).toEqual({ matcher: '*', hooks: [{ type: 'command', command: "NODE_EXTRA_CA_CERTS= /usr/bin/node /opt/gatehouse/dist/hook.cjs", timeout: 10, onFailure: 'block' }] });
    expect(v.hooks.SessionStart[0]).toEqual({ hooks: [{ type: 'command', command: "NODE_EXTRA_CA_CERTS= /usr/bin/node /opt/gatehouse/dist/hook.cjs", timeout: 10 }] });
    expect(Object.keys(v.hooks)).toHaveLength(11);
    expect(readFileSync(join(ctx.projectDir, '.gatehouse', 'policy.yaml'), 'utf8')).toMatch(/^version: 1$/m);

    const again = planInit(ctx, { scope: 'project' });
    expect(again.changes.every((c) => c.before === c.after)).toBe(true);
    commitInit(ctx, again);
    expect(readdirSync(join(ctx.stateDir, 'backups'))).toHaveLength(1);
  });

  it('uninstall restores the original bytes and removes the files init created', () => {
    const ctx = context();
    const file = join(ctx.projectDir, '.claude', 'settings.json');
    mkdirSync(join(ctx.projectDir, '.claude'));
    writeFileSync(file, USER_SETTINGS);
    commitInit(ctx, planInit(ctx, { scope: 'project' }));
    const un = planUninstall(ctx, 'project');
    expect(un.fallback).toBe(false);
    commitUninstall(ctx, un);
    expect(readFileSync(file, 'utf8')).toBe(USER_SETTINGS);
    expect(existsSync(join(ctx.projectDir, '.claudeignore'))).toBe(false);
    expect(existsSync(join(ctx.projectDir, '.gatehouse'))).toBe(false);
    expect(planUninstall(ctx, 'project').removed).toEqual([]);
  });

  it('uninstall keeps what the user added or edited after init', () => {
    const ctx = context();
    commitInit(ctx, planInit(ctx, { scope: 'local' }));
    const file = join(ctx.projectDir, '.claude', 'settings.local.json');
    const v = JSON.parse(readFileSync(file, 'utf8'));
    v.permissions.allow = ['Bash(make)'];
    writeFileSync(file, JSON.stringify(v, null, 2));
    writeFileSync(join(ctx.projectDir, '.claudeignore'), '.env\nmine.txt\n');
    const un = planUninstall(ctx, 'local');
    commitUninstall(ctx, un);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ permissions: { allow: ['Bash(make)'] } });
    expect(readFileSync(join(ctx.projectDir, '.claudeignore'), 'utf8')).toBe('.env\nmine.txt\n');
    expect(un.kept.map((k) => k.what)).toEqual([join(ctx.projectDir, '.claudeignore')]);
  });

  it('without an install record, removes only hook handlers it recognises', () => {
    const ctx = context();
    const file = join(ctx.env.HOME!, '.claude', 'settings.json');
    mkdirSync(join(ctx.env.HOME!, '.claude'));
    const theirs = { type: 'command', command: 'echo theirs' };
    writeFileSync(file, JSON.stringify({ permissions: { deny: ['Read(**/.env)'] }, hooks: { PreToolUse: [{ matcher: '*', hooks: [theirs, { type: 'command', command: 'node /srv/gatehouse/dist/hook.cjs' }] }, { matcher: '*', hooks: [{ type: 'command', command: 'gatehouse hook' }] }] } }));
    const un = planUninstall(ctx, 'user');
    expect(un.fallback).toBe(true);
    commitUninstall(ctx, un);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ permissions: { deny: ['Read(**/.env)'] }, hooks: { PreToolUse: [{ matcher: '*', hooks: [theirs] }] } });
    expect(un.kept[0]?.what).toBe('permissions.deny rules');
  });

  it('managed scope offers the lock-in switches and writes to a separate file', () => {
    const ctx = context();
    const output = join(ctx.root, 'out.json');
    const plan = planInit(ctx, { scope: 'managed', allowManagedHooksOnly: true, disableBypass: true, output });
    expect(plan.settingsFile).toBe(join(ctx.root, 'managed', 'managed-settings.json'));
    commitInit(ctx, plan);
    const v = JSON.parse(readFileSync(output, 'utf8'));
    expect(v.allowManagedHooksOnly).toBe(true);
    expect(v.permissions.disableBypassPermissionsMode).toBe('disable');
    expect(v.permissions.deny).not.toContain('Read(/build.key)');
    expect(existsSync(plan.settingsFile)).toBe(false);
    expect(existsSync(join(ctx.projectDir, '.claudeignore'))).toBe(false);
  });

  it('refuses a settings file it cannot parse, and writes nothing', () => {
    const ctx = context();
    mkdirSync(join(ctx.projectDir, '.claude'));
    writeFileSync(join(ctx.projectDir, '.claude', 'settings.json'), '{"a": 1,}');
    expect(() => planInit(ctx, { scope: 'project' })).toThrow(/trailing comma/);
    expect(existsSync(join(ctx.projectDir, '.claudeignore'))).toBe(false);
  });
});

describe('hookCommand', () => {
  it.each([
    [{ installDir: '/opt/gatehouse', nodePath: '/usr/bin/node' }, 'NODE_EXTRA_CA_CERTS= /usr/bin/node /opt/gatehouse/dist/hook.cjs'],
    [{ installDir: "/home/o'neil/gh tools", nodePath: '/usr/bin/node' }, "NODE_EXTRA_CA_CERTS= /usr/bin/node '/home/o'\\''neil/gh tools/dist/hook.cjs'"],
    [{ installDir: '/p/node_modules/gatehouse', nodePath: '/usr/bin/node', projectDir: '/p' }, 'NODE_EXTRA_CA_CERTS= node "$CLAUDE_PROJECT_DIR/node_modules/gatehouse/dist/hook.cjs"'],
  ])('%j', (opts, want) => {
    expect(hookCommand(opts)).toBe(want);
  });

  it.each([
    ['NODE_EXTRA_CA_CERTS= /usr/bin/node /opt/gatehouse/dist/hook.cjs', true],
    ['node "$CLAUDE_PROJECT_DIR/node_modules/gatehouse/dist/hook.cjs"', true],
    ['npx gatehouse hook', true],
    ['node ./scripts/hook.cjs', false],
    ['echo gatehouse', false],
  ])('recognises %s: %s', (command, want) => {
    expect(isGatehouseHandler({ type: 'command', command })).toBe(want);
  });
});
