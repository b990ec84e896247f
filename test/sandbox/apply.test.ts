// The settings fragment and the applier, and `gatehouse sandbox advise --apply` end to end.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySettingsFragment, fragmentItems } from '../../src/sandbox/advise/apply.js';
import { buildSandboxFragment, ignorePatternToSandboxPath } from '../../src/sandbox/advise/fragment.js';
import { linuxBwrapBackend } from '../../src/sandbox/backends/linux-bwrap.js';
import { facts } from './fixtures.js';
import { cli, makeWorld } from './helpers.js';

describe('the sandbox settings fragment', () => {
  it.each([
    ['.env', '//p/**/.env'],
    ['/build/secret.txt', '//p/build/secret.txt'],
    ['config/*.key', '//p/config/*.key'],
    ['secrets/', '//p/**/secrets'],
    ['!.env.example', undefined],
    ['# comment', undefined],
  ])('ignore pattern %s → %s', (pat, want) => {
    expect(ignorePatternToSandboxPath('/p', pat)).toBe(want);
  });

  it('is fail-closed, denies credentials and ignored files, and merges existing allowlists', () => {
    const { fragment, notes } = buildSandboxFragment(
      facts({ claudeSandbox: { value: { allowedDomains: ['github.com'] } }, permissions: { value: { webFetchDomains: ['docs.example.test'] } } }),
      ['packages.example.com'],
    );
    expect(fragment.sandbox).toMatchObject({ enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false });
    expect(fragment.sandbox.filesystem.denyRead).toEqual(expect.arrayContaining(['~/.ssh', '~/.aws', '~/.gnupg', '~/.config/gcloud', '~/.kube', '~/.docker/config.json', '~/.npmrc', '~/.git-credentials', '//p/**/.env', '//p/**/*.pem']));
    expect(fragment.sandbox.network.allowedDomains).toEqual(['github.com', 'docs.example.test', 'packages.example.com']);
    expect(notes.join(' ')).toContain('!.env.example');
  });
});

describe('applySettingsFragment (through the shared settings engine)', () => {
  it('merges without losing anything, keeps a backup, is idempotent, and records what it owns', () => {
    const w = makeWorld({ git: false });
    const file = join(w.project, '.claude', 'settings.local.json');
    mkdirSync(join(w.project, '.claude'));
    writeFileSync(file, JSON.stringify({ model: 'x', sandbox: { enabled: false, filesystem: { denyRead: ['~/mine'] } }, hooks: { Stop: [] } }, null, 2));
    const frag = { sandbox: { enabled: true, filesystem: { denyRead: ['~/.ssh', '~/mine'] } } };
    const dry = applySettingsFragment(file, frag, { dryRun: true, env: w.env });
    expect(dry.changes).toEqual(['sandbox.enabled: false → true', 'sandbox.filesystem.denyRead: + "~/.ssh"']);
    expect(dry.diff).toContain('+');
    expect(JSON.parse(readFileSync(file, 'utf8')).sandbox.enabled).toBe(false);
    const r = applySettingsFragment(file, frag, { env: w.env });
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after).toEqual({ model: 'x', sandbox: { enabled: true, filesystem: { denyRead: ['~/mine', '~/.ssh'] } }, hooks: { Stop: [] } });
    expect(JSON.parse(readFileSync(r.backup!, 'utf8')).sandbox.enabled).toBe(false);
    expect(applySettingsFragment(file, frag, { env: w.env }).changed).toBe(false);
  });

  it('refuses to touch a file that is not valid JSON', () => {
    const w = makeWorld({ git: false });
    const file = join(w.project, 'bad.json');
    writeFileSync(file, '{ "sandbox": ');
    expect(() => applySettingsFragment(file, { a: 1 }, { env: w.env })).toThrow(expect.objectContaining({ code: expect.stringMatching(/^settings\//) }));
    expect(readFileSync(file, 'utf8')).toBe('{ "sandbox": ');
  });

  it('turns a nested fragment into engine items', () => {
    expect(fragmentItems({ a: { b: true, c: ['x', 'y'] } })).toEqual([
      { op: 'set', path: ['a', 'b'], value: true },
      { op: 'append', path: ['a', 'c'], value: 'x' },
      { op: 'append', path: ['a', 'c'], value: 'y' },
    ]);
  });
});

const bwrapWorks = (await linuxBwrapBackend().available()).ok && existsSync('/usr/bin/socat');

describe('gatehouse sandbox advise', () => {
  it.skipIf(!bwrapWorks)('prints the path and the recommendation, applies it, and then asks for nothing more', () => {
    const w = makeWorld();
    const o = { env: w.env, cwd: w.project };
    const first = cli(['sandbox', 'advise', '--json'], o);
    const out = JSON.parse(first.stdout);
    expect(out.evaluations[0].tree).toBe('corrected');
    expect(out.evaluations[0].path[0]).toMatchObject({ node: 'environment', answer: 'local' });
    expect(out.evaluations[0].leaf.id).toBe('enable-native-sandbox');
    expect(first.code).toBe(1);
    const dry = cli(['sandbox', 'advise', '--dry-run'], o);
    expect(dry.stdout).toContain('Would change');
    expect(dry.stdout).toContain('"failIfUnavailable": true');
    expect(existsSync(join(w.project, '.claude', 'settings.local.json'))).toBe(false);
    const applied = cli(['sandbox', 'advise', '--apply', '--allow-net', 'packages.example.com'], o);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('sandbox.failIfUnavailable: (unset) → true');
    const written = JSON.parse(readFileSync(join(w.project, '.claude', 'settings.local.json'), 'utf8'));
    expect(written.sandbox.network.allowedDomains).toEqual(['packages.example.com']);
    expect(written.sandbox.filesystem.denyRead).toContain(`/${w.project}/**/.env`);
    const again = cli(['sandbox', 'advise'], o);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('[native-sandbox-verified]');
    const seed = cli(['sandbox', 'advise', '--tree', 'seed', '--json'], o);
    expect(JSON.parse(seed.stdout).evaluations[0].tree).toBe('seed');
    // --revert takes out exactly what --apply added
    const file = join(w.project, '.claude', 'settings.local.json');
    const mine = JSON.parse(readFileSync(file, 'utf8'));
    mine.model = 'kept';
    writeFileSync(file, JSON.stringify(mine, null, 2));
    const reverted = cli(['sandbox', 'advise', '--revert'], o);
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}).toEqual({ model: 'kept' });
  });

  it('rejects a bad --answer and an over-broad host, and changes nothing', () => {
    const w = makeWorld({ git: false });
    const o = { env: w.env, cwd: w.project };
    expect(cli(['sandbox', 'advise', '--answer', 'nonsense'], o).code).toBe(2);
    const broad = cli(['sandbox', 'advise', '--apply', '--allow-net', '*.com'], o);
    expect(broad.code).toBe(3);
    expect(broad.stderr).toContain('sandbox/broad-host');
    expect(existsSync(join(w.project, '.claude'))).toBe(false);
  });
});
