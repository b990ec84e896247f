// Fetching: registry packages through npm's own client against a loopback registry, and the
// in-memory tarball reader's refusal of links and paths that leave the package.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNpmSpec } from '../../src/mcp/fetch/npm-pack.js';
import { readTarball } from '../../src/mcp/fetch/tar-read.js';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'gh-mcp-fetch-'));
let server: Server;
let registry = '';
let tgz: Buffer;
const requests: string[] = [];

beforeAll(async () => {
  const out = execFileSync('npm', ['pack', join(__dirname, '..', 'fixtures', 'mcp', 'js-hidden-bcc'), '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: tmp, env: { ...process.env, npm_config_cache: join(tmp, 'c0') } });
  tgz = readFileSync(join(tmp, JSON.parse(out.toString())[0].filename));
  const integrity = 'sha512-' + createHash('sha512').update(tgz).digest('base64');
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/postmark-mail-mcp') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'postmark-mail-mcp', 'dist-tags': { latest: '1.0.16' }, versions: { '1.0.16': { name: 'postmark-mail-mcp', version: '1.0.16', dist: { tarball: `${registry}postmark-mail-mcp/-/postmark-mail-mcp-1.0.16.tgz`, integrity } } } }));
    } else if (req.url === '/postmark-mail-mcp/-/postmark-mail-mcp-1.0.16.tgz') {
      res.end(tgz);
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('registry specs', () => {
  it.each([
    ['pkg', { name: 'pkg', exact: false }],
    ['@s/pkg@1.2.3', { name: '@s/pkg', range: '1.2.3', exact: true }],
    ['pkg@^1', { name: 'pkg', range: '^1', exact: false }],
    ['pkg@latest', { name: 'pkg', range: 'latest', exact: false }],
  ])('parses %s', (spec, want) => expect(parseNpmSpec(spec)).toEqual(want));
  it.each(['git+https://x/y.git', 'github:a/b', './dir', 'file:../x', 'https://x/y.tgz', 'pkg@$(id)'])('refuses %s', (spec) => expect(parseNpmSpec(spec)).toBeUndefined());

  it('fetches name@version with npm pack --ignore-scripts from the configured registry and scans it', async () => {
    const env = { HOME: join(tmp, 'home'), PATH: process.env.PATH, npm_config_registry: registry, npm_config_cache: join(tmp, 'cache'), GATEHOUSE_STATE_DIR: join(tmp, 'state') };
    const { code, io } = await cli(['mcp', 'scan', 'postmark-mail-mcp@1.0.16', '--json'], { cwd: tmp, env });
    expect(io.stderr).toBe('');
    expect(code).toBe(1);
    const t = JSON.parse(io.stdout).targets[0];
    expect(t.package).toMatchObject({ name: 'postmark-mail-mcp', version: '1.0.16', source: 'npm', integrity: 'sha512-' + createHash('sha512').update(tgz).digest('base64') });
    expect(t.findings.map((f: { id: string }) => f.id)).toContain('mcp/code/hidden-recipient');
    expect(requests).toContain('GET /postmark-mail-mcp/-/postmark-mail-mcp-1.0.16.tgz');
  });
});

function tarEntry(name: string, body: string, type = '0', link = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(Buffer.byteLength(body).toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write(link, 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
  data.write(body);
  return Buffer.concat([h, data]);
}

describe('readTarball', () => {
  it('reads regular files in memory and refuses links and escaping paths', () => {
    const tar = Buffer.concat([
      tarEntry('package/package.json', '{"name":"x","version":"1.0.0"}'),
      tarEntry('package/index.js', 'console.log(1)'),
      tarEntry('package/creds', '', '2', '/home/user/.ssh/id_rsa'),
      tarEntry('package/../../evil.js', 'evil()'),
      tarEntry('/etc/cron.d/x.js', 'evil()'),
      Buffer.alloc(1024),
    ]);
    const r = readTarball(gzipSync(tar));
    expect(r.files.map((f) => f.path).sort()).toEqual(['index.js', 'package.json']);
    expect(r.skipped.map((s) => s.why).sort()).toEqual(['path leaves the package', 'path leaves the package', 'symbolic link']);
  });

  it('fails clearly on something that is not a tarball', () => {
    expect(() => readTarball(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'x.tgz')).toThrow(/not a readable gzip archive/);
  });
});

describe('scan command', () => {
  const env = () => ({ HOME: join(tmp, 'home2'), PATH: process.env.PATH, GATEHOUSE_STATE_DIR: join(tmp, 'state2') });
  const fixture = (n: string) => join(__dirname, '..', 'fixtures', 'mcp', n);

  it('exits by --fail-on and prints SARIF 2.1.0', async () => {
    const a = await cli(['mcp', 'scan', fixture('js-base64-image'), '--json'], { cwd: tmp, env: env() });
    expect(a.code).toBe(0); // medium < high
    const b = await cli(['mcp', 'scan', fixture('js-base64-image'), '--fail-on', 'medium'], { cwd: tmp, env: env() });
    expect(b.code).toBe(1);
    const s = await cli(['mcp', 'scan', fixture('js-path-confinement'), '--sarif'], { cwd: tmp, env: env() });
    const sarif = JSON.parse(s.io.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('mcp/code/path-prefix-check');
    expect(run.results[0]).toMatchObject({ ruleId: 'mcp/code/path-prefix-check', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'index.js' }, region: { startLine: 12 } } }] });
    expect(run.results[0].partialFingerprints['gatehouse/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects a bad --fail-on and an unknown target with clear errors', async () => {
    expect((await cli(['mcp', 'scan', fixture('py-fs-safe'), '--fail-on', 'severe'], { cwd: tmp, env: env() })).code).toBe(2);
    const r = await cli(['mcp', 'scan', '/nonexistent/thing'], { cwd: tmp, env: env() });
    expect(r.code).toBe(3);
    expect(r.io.stderr).toContain('mcp/target-not-found');
  });

  it('suppresses a finding by fingerprint until the code changes', async () => {
    const proj = join(tmp, 'supp');
    const pkg = join(proj, 'srv');
    mkdirSync(proj, { recursive: true });
    execFileSync('cp', ['-r', fixture('js-path-confinement'), pkg]);
    const e = { ...env(), CLAUDE_PROJECT_DIR: proj };
    const first = JSON.parse((await cli(['mcp', 'scan', pkg, '--json'], { cwd: proj, env: e })).io.stdout);
    const f = first.targets[0].findings.find((x: { id: string }) => x.id === 'mcp/code/path-prefix-check');
    expect((await cli(['mcp', 'suppress', f.fingerprint, '--reason', 'ALLOWED_DIR ends with a separator in our deployment', '--id', f.id], { cwd: proj, env: e })).code).toBe(0);
    const second = await cli(['mcp', 'scan', pkg, '--json'], { cwd: proj, env: e });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.io.stdout).targets[0].findings.find((x: { id: string }) => x.id === f.id).suppressed.reason).toContain('separator');
    writeFileSync(join(pkg, 'index.js'), readFileSync(join(pkg, 'index.js'), 'utf8') + '\n// changed\n');
    const third = await cli(['mcp', 'scan', pkg, '--json'], { cwd: proj, env: e });
    expect(third.code).toBe(1);
    expect(JSON.parse(third.io.stdout).lapsedSuppressions).toHaveLength(1);
  });
});
