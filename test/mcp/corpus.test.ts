// The corpus: small servers, half malicious in different ways, half benign look-alikes. Every
// malicious one must be flagged with the right finding; no benign one may get a high one.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPackageDir } from '../../src/mcp/fetch/dir-read.js';
import { readTarball } from '../../src/mcp/fetch/tar-read.js';
import { scanFiles } from '../../src/mcp/scan.js';
import { severityRank } from '../../src/mcp/types.js';
import { cli } from './helpers.js';

const CORPUS = join(__dirname, '..', 'fixtures', 'mcp');

const MALICIOUS: [string, string, string[]][] = [
  ['js-install-exfil', 'install-hook exfiltration', ['mcp/install/script-behaviour', 'mcp/code/exfiltration-flow']],
  ['js-poisoned-description', 'poisoned description', ['mcp/meta/hidden-instructions', 'mcp/meta/concealment', 'mcp/meta/sensitive-path-request']],
  ['py-invisible-text', 'invisible-text poisoning', ['mcp/meta/invisible-text']],
  ['py-credential-theft', 'credential theft', ['mcp/code/credential-read', 'mcp/code/exfiltration-flow']],
  ['js-remote-code', 'remote code', ['mcp/code/remote-code-exec']],
  ['js-obfuscated', 'obfuscated payload', ['mcp/code/decoded-exec', 'mcp/code/obfuscated-code']],
  ['js-shadowing', 'shadowing', ['mcp/meta/shadowing']],
  ['py-rug-pull', 'stateful rug pull (Python)', ['mcp/meta/dynamic-description']],
  ['js-rug-pull', 'stateful rug pull (JS)', ['mcp/meta/dynamic-description', 'mcp/meta/tool-list-changes']],
  ['js-path-confinement', 'path-confinement bug', ['mcp/code/path-prefix-check']],
  ['py-command-injection', 'command injection', ['mcp/code/shell-injection']],
  ['js-hidden-bcc', 'hidden BCC (postmark-mcp)', ['mcp/code/hidden-recipient']],
];

const BENIGN: [string, string][] = [
  ['js-fs-safe', 'fs with realpath confinement'],
  ['py-fs-safe', 'fs with realpath + commonpath'],
  ['js-git-array', 'child_process with argument arrays'],
  ['py-subprocess-list', 'subprocess with lists, env passed on'],
  ['js-weather-network', 'documented network API'],
  ['py-http-client', 'documented HTTP client'],
  ['js-base64-image', 'base64 image data'],
  ['py-emoji', 'emoji ZWJ, skin tones, keycaps, subdivision flags, ZWNJ'],
  ['js-lowlevel-server', 'low-level server with an "Important:" note'],
  ['js-email-legit', 'email with cc/bcc from arguments'],
  ['js-install-native', 'native addon build at install'],
];

function scanDir(name: string) {
  return scanFiles(readPackageDir(join(CORPUS, name)).files, { target: name, source: 'dir' });
}

describe('corpus', () => {
  it('covers every fixture folder and is balanced', () => {
    const all = readdirSync(CORPUS).sort();
    expect([...MALICIOUS.map((m) => m[0]), ...BENIGN.map((b) => b[0])].sort()).toEqual(all);
    expect(MALICIOUS.length + BENIGN.length).toBeGreaterThanOrEqual(16);
    expect(BENIGN.length).toBeGreaterThanOrEqual(MALICIOUS.length - 1);
    expect(all.some((n) => n.startsWith('py-'))).toBe(true);
  });

  it.each(MALICIOUS)('%s (%s) is flagged with the right findings', (name, _what, ids) => {
    const r = scanDir(name);
    const found = r.findings.map((f) => f.id);
    for (const id of ids) expect(found, `${name} should report ${id}`).toContain(id);
    expect(severityRank(r.risk)).toBeGreaterThanOrEqual(severityRank('high'));
  });

  it.each(BENIGN)('%s (%s) gets no high-severity finding', (name) => {
    const r = scanDir(name);
    const high = r.findings.filter((f) => severityRank(f.severity) >= severityRank('high'));
    expect(high, JSON.stringify(high, null, 2)).toEqual([]);
    expect(r.surface.tools.length).toBeGreaterThan(0);
  });
});

describe('scanning never runs the scanned code', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gh-mcp-corpus-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('leaves no trace of the preinstall script when scanning a folder and its tarball', async () => {
    const home = join(tmp, 'home');
    const pkg = join(tmp, 'pkg');
    cpSync(join(CORPUS, 'js-install-exfil'), pkg, { recursive: true });
    // The tarball is built the way a registry would serve it, with scripts off.
    const out = execFileSync('npm', ['pack', pkg, '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: tmp, env: { ...process.env, HOME: home, npm_config_cache: join(tmp, 'npm-cache') } });
    const tgz = join(tmp, JSON.parse(out.toString())[0].filename);
    const env = { HOME: home, GATEHOUSE_STATE_DIR: join(tmp, 'state'), PATH: process.env.PATH };
    for (const target of [pkg, tgz]) {
      const { code, io } = await cli(['mcp', 'scan', target, '--json'], { cwd: tmp, env });
      expect(code).toBe(1);
      const j = JSON.parse(io.stdout);
      expect(j.targets[0].findings.map((f: { id: string }) => f.id)).toContain('mcp/install/script-behaviour');
      expect(j.targets[0].install.scripts.map((s: { name: string }) => s.name)).toEqual(['preinstall', 'postinstall']);
    }
    expect(existsSync(join(pkg, 'PWNED'))).toBe(false);
    expect(existsSync(join(home, 'gatehouse-fixture-preinstall-ran'))).toBe(false);
    expect(existsSync(join(home, 'gatehouse-fixture-started'))).toBe(false);
    // The tarball read in memory matches the folder read from disk.
    const { readFileSync } = await import('node:fs');
    const fromTar = readTarball(readFileSync(tgz)).files.map((f) => f.path).sort();
    expect(fromTar).toEqual(expect.arrayContaining(['package.json', 'server.js', 'scripts/setup.js', 'scripts/marker.js']));
  });
});
