// --run: the server is installed with scripts off and listed inside bubblewrap. Its start-up
// side effects (a file in HOME, a connection to a loopback listener) must not escape the jail,
// and its install scripts must never run.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bwrapAvailable, jailArgv } from '../../src/mcp/jail.js';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'gh-mcp-run-'));
const home = join(tmp, 'home');
const pkg = join(tmp, 'pkg');
let listener: Server;
let connections = 0;

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  cpSync(join(__dirname, '..', 'fixtures', 'mcp', 'js-install-exfil'), pkg, { recursive: true });
  listener = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const port = (listener.address() as { port: number }).port;
  writeFileSync(join(pkg, 'listener.json'), JSON.stringify({ port }));
});
afterAll(() => {
  listener.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('jail', () => {
  it('builds a bubblewrap command with no network, a clean env and limits', () => {
    const { command, args } = jailArgv({ packageDir: '/x/pkg', argv: ['node', '/srv/pkg/s.js'] });
    expect(command).toBe('bwrap');
    expect(args).toEqual(expect.arrayContaining(['--unshare-all', '--clearenv', '--die-with-parent', '--tmpfs', '/home', 'prlimit']));
    expect(args.join(' ')).toContain('--ro-bind /x/pkg /srv/pkg');
    expect(args.join(' ')).not.toMatch(/--bind(?!-try)|--ro-bind \/ \//);
  });
});

describe.runIf(bwrapAvailable())('mcp scan --run', () => {
  it('lists the tools inside the jail, and nothing escapes', async () => {
    const env = { HOME: home, GATEHOUSE_STATE_DIR: join(tmp, 'state'), PATH: process.env.PATH, npm_config_cache: join(tmp, 'npm-cache'), npm_config_offline: 'true' };
    const { code, io } = await cli(['mcp', 'scan', pkg, '--run', '--json'], { cwd: tmp, env });
    expect(io.stderr).toBe('');
    expect(code).toBe(1); // the install-time exfiltration is still critical
    const t = JSON.parse(io.stdout).targets[0];
    expect(t.run.ok).toBe(true);
    expect(t.run.tools.map((x: { name: string }) => x.name)).toEqual(['word_count']);
    expect(t.findings.map((f: { id: string }) => f.id)).not.toContain('mcp/meta/dynamic-mismatch');
    // Side effects: the server's start-up marker went to the jail's empty HOME, its connection
    // attempt met a network namespace with nothing in it, and no install script ran.
    expect(connections).toBe(0);
    expect(readdirSync(home).filter((n) => n.startsWith('gatehouse-fixture'))).toEqual([]);
    expect(existsSync(join(pkg, 'PWNED'))).toBe(false);
  });

  it('reports a mismatch when the running server lists other tools than its source shows', async () => {
    const odd = join(tmp, 'odd');
    cpSync(pkg, odd, { recursive: true });
    const { readFileSync } = await import('node:fs');
    // The name is computed at run time, so static extraction cannot see this tool.
    writeFileSync(join(odd, 'server.js'), readFileSync(join(odd, 'server.js'), 'utf8').replace("name: 'word_count',", "name: ['word', 'count'].join(process.env.SEP || '_'),"));
    const env = { HOME: home, GATEHOUSE_STATE_DIR: join(tmp, 'state'), PATH: process.env.PATH, npm_config_cache: join(tmp, 'npm-cache'), npm_config_offline: 'true' };
    const { io } = await cli(['mcp', 'scan', odd, '--run', '--json', '--fail-on', 'none'], { cwd: tmp, env });
    const t = JSON.parse(io.stdout).targets[0];
    expect(t.run.ok).toBe(true);
    expect(t.findings.filter((f: { id: string }) => f.id === 'mcp/meta/dynamic-mismatch').map((f: { message: string }) => f.message)).toEqual([
      'tool word_count: listed by the running server but not found in its source',
    ]);
  });

  it('pins the tool list the running server reports (pin --run)', async () => {
    const proj = join(tmp, 'proj');
    const srv = join(tmp, 'clean-server');
    mkdirSync(srv, { recursive: true });
    const { readFileSync } = await import('node:fs');
    writeFileSync(join(srv, 'package.json'), JSON.stringify({ name: 'clean-words', version: '1.0.0', bin: 'server.js' }));
    writeFileSync(join(srv, 'server.js'), readFileSync(join(pkg, 'server.js'), 'utf8').replace(/\/\/ Start-up side effects[\s\S]*?\} catch \{\}\n\n/, ''));
    mkdirSync(proj, { recursive: true });
    writeFileSync(join(proj, '.mcp.json'), JSON.stringify({ mcpServers: { words: { command: 'node', args: [join(srv, 'server.js')] } } }));
    const env = { HOME: home, GATEHOUSE_STATE_DIR: join(tmp, 'state3'), PATH: process.env.PATH, npm_config_cache: join(tmp, 'npm-cache'), npm_config_offline: 'true', CLAUDE_PROJECT_DIR: proj };
    const { code, io } = await cli(['mcp', 'pin', '--run', '--json'], { cwd: proj, env });
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout).pinned).toMatchObject([{ name: 'words', tools: 1, source: 'static+run' }]);
    const lock = JSON.parse(readFileSync(join(proj, '.gatehouse', 'mcp-lock.json'), 'utf8'));
    expect(lock.servers.words.tools.word_count.spec.description).toBe('Count the words in a text.');
    expect((await cli(['mcp', 'verify'], { cwd: proj, env })).code).toBe(0);
  });
});
