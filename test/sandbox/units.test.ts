// Small pure parts: the ignore walk, the network allowlist, the violation scanner.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHidden } from '../../src/sandbox/ignore-walk.js';
import { decideHost, isPrivateAddress, parseAllowEntry } from '../../src/sandbox/net/allowlist.js';
import { scanLine, summarize } from '../../src/sandbox/violations.js';
import { makeWorld } from './helpers.js';

describe('hidden files (ignore file, policy protect, built-in secrets)', () => {
  it('honours nested ignore files, negations, protect/unprotect, and masks directories whole', () => {
    const w = makeWorld({ git: false });
    const p = w.project;
    writeFileSync(join(p, '.claudeignore'), '*.pem\n!public.pem\nsecrets/\n');
    mkdirSync(join(p, 'pkg', 'deep'), { recursive: true });
    writeFileSync(join(p, 'pkg', '.claudeignore'), 'local.txt\n');
    for (const f of ['public.pem', 'private.pem', 'pkg/local.txt', 'pkg/deep/local.txt', 'pkg/ok.txt', 'pkg/.env.local', 'pkg/.env.example', 'notes.md', 'id_ed25519', 'data/credentials.json', 'keep.key'].map((x) => join(p, x))) {
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, 'x');
    }
    const policy = { protect: [{ pattern: 'notes.md', source: 'policy.yaml:3' }], unprotect: [{ pattern: 'keep.key', source: 'policy.yaml:5' }] };
    const r = findHidden(p, w.home, { policy });
    expect(r.entries.map((e) => [e.path.slice(p.length + 1), e.kind, e.source])).toEqual([
      ['.env', 'file', 'built-in secret file'],
      ['data/credentials.json', 'file', 'built-in secret file'],
      ['id_ed25519', 'file', 'built-in secret file'],
      ['notes.md', 'file', 'policy.yaml:3'],
      ['pkg/.env.local', 'file', 'built-in secret file'],
      ['pkg/deep/local.txt', 'file', 'pkg/.claudeignore:1'],
      ['pkg/local.txt', 'file', 'pkg/.claudeignore:1'],
      ['private.pem', 'file', '.claudeignore:1'],
      ['secrets', 'dir', '.claudeignore:3'],
    ]);
  });

  it('fails closed past its limit', () => {
    const w = makeWorld({ git: false });
    expect(() => findHidden(w.project, w.home, { limit: 3 })).toThrow(expect.objectContaining({ code: 'sandbox/project-too-large' }));
  });
});

describe('network allowlist', () => {
  it.each([
    ['packages.example.com', 'packages.example.com', 443, true],
    ['packages.example.com', 'evil.packages.example.com', 443, false],
    ['*.github.com', 'api.github.com', 443, true],
    ['*.github.com', 'github.com', 443, false],
    ['github.com:443', 'github.com', 22, false],
    ['https://example.test/path', 'example.test', 443, true],
    ['[::1]:8080', '::1', 8080, true],
  ])('%s allows %s:%d → %s', (entry, host, port, want) => {
    expect(decideHost([parseAllowEntry(entry)], host, port).allow).toBe(want);
  });
  it.each(['*', '*.com', '', 'a b', 'x:99999'])('rejects %j', (e) => {
    expect(() => parseAllowEntry(e)).toThrow();
  });
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['169.254.169.254', true],
    ['172.20.0.1', true],
    ['100.64.0.1', true],
    ['::ffff:192.168.1.1', true],
    ['fd00::1', true],
    ['8.8.8.8', false],
    ['2606:4700::1111', false],
  ])('private address %s → %s', (ip, want) => {
    expect(isPrivateAddress(ip)).toBe(want);
  });
});

describe('violation scanner', () => {
  const ctx = { hidden: ['/home/u/.ssh', '/p/.env'] };
  it.each([
    ["touch: cannot touch '/etc/x': Read-only file system", 'write-denied', '/etc/x'],
    ['/bin/sh: 1: cannot create /home/u/y: Read-only file system', 'write-denied', '/home/u/y'],
    ["Error: EROFS: read-only file system, open '/usr/lib/z'", 'write-denied', '/usr/lib/z'],
    ["OSError: [Errno 30] Read-only file system: '/opt/q'", 'write-denied', '/opt/q'],
    ['cat: /home/u/.ssh/id_rsa: No such file or directory', 'read-denied', '/home/u/.ssh/id_rsa'],
    ['unshare: unshare failed: No space left on device', 'userns-denied', undefined],
    ['curl: (6) Could not resolve host: example.com', 'network-denied', undefined],
  ])('%s', (line, kind, target) => {
    expect(scanLine(line, ctx)).toEqual(expect.objectContaining(target ? { kind, target } : { kind }));
  });
  it('ignores ordinary errors about paths that are not hidden', () => {
    expect(scanLine('cat: /p/missing.txt: No such file or directory', ctx)).toBeUndefined();
    expect(scanLine('all good', ctx)).toBeUndefined();
  });
  it('summarises by kind', () => {
    expect(summarize([{ kind: 'write-denied', target: '/a', detail: '' }, { kind: 'write-denied', target: '/b', detail: '' }, { kind: 'userns-denied', detail: '' }])).toEqual(['write refused (read-only) ×2: /a, /b', 'user namespace refused ×1']);
  });
});
