import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitApply, commitRemove, planApply, planRemove, type FragmentItem } from '../../src/settings/apply.js';
import { commitInit, commitUninstall, planInit, planUninstall } from '../../src/settings/install.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const SANDBOX: FragmentItem[] = [
  { op: 'set', path: ['sandbox'], value: { enabled: true, failIfUnavailable: true } },
  { op: 'append', path: ['permissions', 'deny'], value: 'Read(~/.vault-token)' },
];

describe('apply/remove for other owners (e.g. the sandbox advisor)', () => {
  it('keeps each owner’s entries apart from init’s and from the user’s', () => {
    const root = mkdtempSync(join(tmpdir(), 'gh-apply-'));
    roots.push(root);
    const projectDir = join(root, 'p');
    mkdirSync(join(projectDir, '.claude'), { recursive: true });
    const file = join(projectDir, '.claude', 'settings.json');
    const original = '{\n  "model": "opus"\n}\n';
    writeFileSync(file, original);
    const now = new Date('2026-01-01T00:00:00Z');
    const ctx = { env: { HOME: join(root, 'home') }, projectDir, stateDir: join(root, 'state'), installDir: '/opt/gatehouse', nodePath: '/usr/bin/node', now };
    commitInit(ctx, planInit(ctx, { scope: 'project' }));

    const target = { file, scope: 'project' as const, owner: 'sandbox', stateDir: ctx.stateDir };
    const plan = planApply(target, SANDBOX, now);
    expect(plan.diff).toContain('+  "sandbox": {');
    commitApply(plan, now);
    expect(planApply(target, SANDBOX, now).diff).toBe('');

    // init's uninstall leaves the sandbox settings; the sandbox's removal leaves nothing behind.
    commitUninstall(ctx, planUninstall(ctx, 'project'));
    const mid = JSON.parse(readFileSync(file, 'utf8'));
    expect(mid.sandbox).toEqual({ enabled: true, failIfUnavailable: true });
    expect(mid.permissions.deny).toEqual(['Read(~/.vault-token)']);
    expect(mid.hooks).toBeUndefined();
    commitRemove(planRemove(target));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ model: 'opus' });
  });

  it('deletes a file it created once its entries are gone', () => {
    const root = mkdtempSync(join(tmpdir(), 'gh-apply-'));
    roots.push(root);
    const file = join(root, 'settings.local.json');
    const target = { file, scope: 'local' as const, owner: 'sandbox', stateDir: join(root, 'state') };
    commitApply(planApply(target, SANDBOX, new Date()), new Date());
    expect(existsSync(file)).toBe(true);
    commitRemove(planRemove(target));
    expect(existsSync(file)).toBe(false);
  });
});
