// Pure pieces, table-driven: settings validation, output parsers, patterns, which calls mutate.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/actions/types.js';
import { defaultConfig, loadConfig, parseConfig } from '../../src/rollback/config.js';
import { parseRawDiff } from '../../src/rollback/changes.js';
import { literalPattern } from '../../src/rollback/excludes.js';
import { isMutatingCall } from '../../src/rollback/mutating.js';
import { sessionRefName } from '../../src/rollback/refs.js';
import { parseStatus } from '../../src/rollback/scan.js';
import { parseMergeTree } from '../../src/rollback/undo.js';
import { write, sandbox } from './helpers.js';
import { join } from 'node:path';

describe('parseConfig', () => {
  it('fills defaults and accepts every setting', () => {
    const c = parseConfig({ enabled: false, excludes: ['*.tmp'], defaultExcludes: false, maxFileMB: 5, onFailure: 'deny', lockTimeoutMs: 100, mutatingTools: ['mcp__fs__*'], retention: { days: 7, maxStoreMB: 100 } }, 'f');
    expect(c).toEqual({ enabled: false, excludes: ['*.tmp'], defaultExcludes: false, maxFileMB: 5, onFailure: 'deny', lockTimeoutMs: 100, mutatingTools: ['mcp__fs__*'], retention: { days: 7, maxStoreMB: 100 } });
    expect(parseConfig({}, 'f')).toEqual(defaultConfig());
  });

  it.each([
    [[], undefined, /expected a JSON object/],
    [{ onFailure: 'maybe' }, 'onFailure', /warn \| ask \| deny/],
    [{ maxFileMB: -1 }, 'maxFileMB', /number from/],
    [{ excludes: 'node_modules' }, 'excludes', /list of non-empty/],
    [{ excludes: ['a\nb'] }, 'excludes', /one-line/],
    [{ retention: { days: 'x' } }, 'retention.days', /number/],
    [{ retention: { weeks: 1 } }, 'retention.weeks', /unknown setting/],
    [{ colour: true }, 'colour', /unknown setting/],
  ])('rejects %j naming the key', (raw, key, msg) => {
    try {
      parseConfig(raw, '/cfg/rollback.json');
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; key?: string; message: string; file?: string };
      expect(err.code).toBe('rollback/bad-config');
      expect(err.key).toBe(key);
      expect(err.message).toMatch(msg);
      expect(err.file).toBe('/cfg/rollback.json');
    }
  });

  it('reports several problems at once', () => {
    expect(() => parseConfig({ onFailure: 1, maxFileMB: 'big' }, 'f')).toThrowError(/2 problems/);
  });

  it('reads the file from the config folder; missing means defaults; GATEHOUSE_ROLLBACK=off disables', () => {
    const sb = sandbox();
    try {
      expect(loadConfig(sb.env)).toEqual(defaultConfig());
      write(join(sb.root, 'config'), { 'rollback.json': '{"maxFileMB": 2}' });
      expect(loadConfig(sb.env).maxFileMB).toBe(2);
      expect(loadConfig({ ...sb.env, GATEHOUSE_ROLLBACK: 'off' }).enabled).toBe(false);
      write(join(sb.root, 'config'), { 'rollback.json': '{nope' });
      expect(() => loadConfig(sb.env)).toThrowError(expect.objectContaining({ code: 'rollback/bad-config' }));
    } finally {
      sb.cleanup();
    }
  });
});

describe('parseStatus', () => {
  it('sorts porcelain v2 records into changed, deleted, untracked files and folders', () => {
    const rec = (xy: string, path: string) => `1 ${xy} N... 100644 100644 100644 ${'a'.repeat(40)} ${'b'.repeat(40)} ${path}`;
    const out = Buffer.from([rec('.M', 'src/a b.ts'), rec('.D', 'gone.txt'), rec('.T', 'link'), rec('A.', 'staged.txt'), '? new.txt', '? newdir/', ''].join('\0'));
    expect(parseStatus(out)).toEqual({ changed: ['src/a b.ts', 'link'], deleted: ['gone.txt'], untrackedFiles: ['new.txt'], untrackedDirs: ['newdir'], staged: true });
    expect(parseStatus(Buffer.from(''))).toEqual({ changed: [], deleted: [], untrackedFiles: [], untrackedDirs: [], staged: false });
  });
});

describe('parseRawDiff', () => {
  it('reads diff-tree -z records', () => {
    const z = (m: string, p: string) => `:${m}\0${p}`;
    const out = Buffer.from([z('000000 100644 0000 aaaa A', 'new'), z('100644 100755 aaaa bbbb M', 'x'), z('100644 000000 aaaa 0000 D', 'old'), z('100644 120000 a b T', 'l'), ''].join('\0'));
    expect(parseRawDiff(out).map((f) => `${f.status}:${f.path}:${f.newMode}`)).toEqual(['added:new:100644', 'modified:x:100755', 'deleted:old:000000', 'modified:l:120000']);
  });
});

describe('parseMergeTree', () => {
  it('reads a clean result', () => {
    expect(parseMergeTree(Buffer.from(`${'c'.repeat(40)}\0\0`))).toEqual({ tree: 'c'.repeat(40), conflicted: [], conflicts: [] });
  });
  it('reads conflicts and skips informational messages', () => {
    const out = Buffer.from([`${'c'.repeat(40)}`, 'f.txt', '', '1', 'f.txt', 'Auto-merging', 'Auto-merging f.txt\n', '1', 'f.txt', 'CONFLICT (contents)', 'Merge conflict in f.txt\n', ''].join('\0'));
    expect(parseMergeTree(out).conflicts).toEqual([{ path: 'f.txt', type: 'CONFLICT (contents)', message: 'Merge conflict in f.txt' }]);
  });
});

describe('literalPattern', () => {
  it.each([
    ['big.bin', false, '/big.bin'],
    ['a*b?[c].bin', false, '/a\\*b\\?\\[c].bin'],
    ['!important', false, '/!important'],
    ['#hash', false, '/#hash'],
    ['trailing ', false, '/trailing\\ '],
    ['dir', true, '/dir/'],
    ['new\nline', false, undefined],
  ])('%j → %j', (path, dir, expected) => {
    expect(literalPattern(path, dir)).toBe(expected);
  });
});

describe('sessionRefName', () => {
  it.each([
    ['3f2a9c1e-0b4d-4c9e-9d1e-2f3a4b5c6d7e', 'refs/checkpoints/3f2a9c1e-0b4d-4c9e-9d1e-2f3a4b5c6d7e'],
    ['../../heads/x', /^refs\/checkpoints\/h-[0-9a-f]{32}$/],
    ['x.lock', /^refs\/checkpoints\/h-/],
    ['', /^refs\/checkpoints\/h-/],
  ])('%j', (session, expected) => {
    expect(sessionRefName(session)).toMatch(expected);
  });
});

describe('isMutatingCall', () => {
  const cfg = { ...defaultConfig(), mutatingTools: ['mcp__db__*', 'Custom'] };
  const act = (kind: 'write' | 'read' | 'delete', path: string): Action => ({ kind, path, raw: path, via: { tool: 'x' } });
  it.each([
    ['Bash', undefined, true],
    ['Write', undefined, true],
    ['MultiEdit', undefined, true],
    ['NotebookEdit', undefined, true],
    ['Read', undefined, false],
    ['Grep', undefined, false],
    ['Custom', undefined, true],
    ['mcp__db__insert', undefined, true],
    ['mcp__fs__write', [act('write', '/p/a')], true],
    ['mcp__fs__delete', [act('delete', '/p/sub/a')], true],
    ['mcp__fs__write', [act('write', '/elsewhere/a')], false],
    ['mcp__fs__read', [act('read', '/p/a')], false],
    ['mcp__fs__write', undefined, false],
  ] as [string, Action[] | undefined, boolean][])('%s → %s', (tool, actions, expected) => {
    expect(isMutatingCall(tool, cfg, '/p', actions)).toBe(expected);
  });
});
