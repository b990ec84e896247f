import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, type Command, type Group } from '../../src/cli/command.js';
import { printError } from '../../src/cli/format.js';
import { memoryIo, type Io } from '../../src/cli/io.js';
import { GatehouseError } from '../../src/errors.js';
import init from '../../src/cli/commands/init.js';
import uninstall from '../../src/cli/commands/uninstall.js';
import settings from '../../src/cli/commands/settings.js';

// The dispatcher finds commands among built .js files; from source, call them the same way it does.
const COMMANDS: Record<string, Command | Group> = { init, uninstall, settings };
async function main([name, ...rest]: string[], io: Io): Promise<number> {
  try {
    return await runCommand(COMMANDS[name!]!, rest, io);
  } catch (e) {
    printError(io, e);
    return e instanceof GatehouseError ? (e.code.startsWith('cli/') ? 2 : 3) : 70;
  }
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'gh-cli-init-'));
  roots.push(root);
  const project = join(root, 'project');
  mkdirSync(project);
  const env = { HOME: join(root, 'home'), GATEHOUSE_STATE_DIR: join(root, 'state'), GATEHOUSE_CLAUDE_MANAGED_DIR: join(root, 'managed'), GATEHOUSE_ISOLATED: '0', NO_COLOR: '1' };
  const run = async (...argv: string[]) => {
    const io = memoryIo({ cwd: project, env });
    const code = await main(argv, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  return { root, project, env, run, settings: join(project, '.claude', 'settings.json') };
}

describe('gatehouse init / uninstall / settings lint', () => {
  it('--dry-run shows a diff and writes nothing', async () => {
    const t = setup();
    const r = await t.run('init', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`would create ${t.settings}`);
    expect(r.out).toContain('+        "matcher": "*",');
    expect(existsSync(t.settings)).toBe(false);
    expect(existsSync(join(t.project, '.claudeignore'))).toBe(false);
  });

  it('installs, reports no change the second time, lints clean, uninstalls', async () => {
    const t = setup();
    expect((await t.run('init')).code).toBe(0);
    const again = await t.run('init', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ changed: false, files: [{ action: 'unchanged' }] });
    const lint = await t.run('settings', 'lint', '--json');
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.out).summary.errors).toBe(0);
    const un = await t.run('uninstall');
    expect(un.code).toBe(0);
    expect(existsSync(t.settings)).toBe(false);
    expect((await t.run('settings', 'lint')).code).toBe(1);
  });

  it('lint exits 1 with the file position of an error', async () => {
    const t = setup();
    await t.run('init');
    const v = JSON.parse(readFileSync(t.settings, 'utf8'));
    v.permissions.allow = ['Bash(*)'];
    writeFileSync(t.settings, JSON.stringify(v, null, 2));
    const r = await t.run('settings', 'lint');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error\s+settings\/broad-allow\s+\.claude\/settings\.json:\d+:\d+/);
  });

  it.each([
    [['init', '--scope', 'global'], 2, /unknown scope 'global'/],
    [['init', '--timeout', '5000'], 2, /seconds, not milliseconds/],
    [['init', '--disable-bypass'], 2, /only apply to --scope managed/],
  ])('%j exits %i', async (argv, code, message) => {
    const t = setup();
    const r = await t.run(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });

  it('refuses to touch a settings file that is not valid JSON (exit 3)', async () => {
    const t = setup();
    mkdirSync(join(t.project, '.claude'));
    writeFileSync(t.settings, '{"model": "opus",}\n');
    const r = await t.run('init');
    expect(r.code).toBe(3);
    expect(r.err).toContain('settings.json:1:18 settings/invalid-json trailing comma');
    expect(readFileSync(t.settings, 'utf8')).toBe('{"model": "opus",}\n');
  });

  it('managed scope writes a file to copy into place and says how', async () => {
    const t = setup();
    const r = await t.run('init', '--scope', 'managed', '--allow-managed-hooks-only', '--disable-bypass');
    expect(r.code).toBe(0);
    const out = join(t.env.GATEHOUSE_STATE_DIR, 'managed-settings.json');
    expect(r.out).toContain(`sudo install -D -m 0644 '${out}'`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ allowManagedHooksOnly: true, permissions: { disableBypassPermissionsMode: 'disable' } });
  });
});
