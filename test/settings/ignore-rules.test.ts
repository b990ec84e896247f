import { describe, expect, it } from 'vitest';
import { claudePathFor, DEFAULT_CLAUDEIGNORE, globToRegExp, mirrorIgnore, parseIgnore } from '../../src/settings/ignore-rules.js';

// Claude Code's matching, observed with the real CLI: a pattern without an inner slash matches
// at any depth; an inner or leading slash anchors it at the project root.
describe('claudePathFor', () => {
  it.each([
    ['.env', '**/.env'],
    ['*.pem', '**/*.pem'],
    ['secrets/', '**/secrets/**'],
    ['/build.key', '/build.key'],
    ['config/prod.json', '/config/prod.json'],
    ['config/secrets/', '/config/secrets/**'],
    ['**/.docker/config.json', '**/.docker/config.json'],
    ['logs/**', '/logs/**'],
  ])('%s → %s', (pattern, want) => {
    expect(claudePathFor(parseIgnore(pattern)[0]!)).toBe(want);
  });
});

describe('parseIgnore', () => {
  it('skips comments and blanks, reads negations and escapes', () => {
    const p = parseIgnore('# c\n\n!keep.me\n\\#hash\n.env   \n');
    expect(p.map((x) => [x.raw, x.negated, x.line])).toEqual([
      ['keep.me', true, 3],
      ['#hash', false, 4],
      ['.env', false, 5],
    ]);
  });
});

describe('globToRegExp', () => {
  it.each([
    ['*.pem', 'a.pem', true],
    ['*.pem', 'dir/a.pem', false],
    ['**/x', 'a/b/x', true],
    ['**/x', 'x', true],
    ['id_rsa*', 'id_rsa.pub', true],
    ['.env.*', '.env.example', true],
    ['[ab].txt', 'c.txt', false],
  ])('%s vs %s', (glob, path, want) => {
    expect(globToRegExp(glob).test(path)).toBe(want);
  });
});

describe('mirrorIgnore', () => {
  it('leaves out patterns that a later exception carves from', () => {
    const r = mirrorIgnore('.env\n.env.*\n!.env.example\n*.pem\n', { anchoredAllowed: true });
    expect(r.paths).toEqual(['**/.env', '**/*.pem']);
    expect(r.skipped.map((s) => [s.pattern, s.line])).toEqual([['.env.*', 2]]);
  });

  it('leaves out anchored patterns outside project scopes', () => {
    const r = mirrorIgnore('/local.key\n*.key\n', { anchoredAllowed: false });
    expect(r.paths).toEqual(['**/*.key']);
    expect(r.skipped[0]?.reason).toMatch(/anchored/);
  });

  it('mirrors the default ignore file', () => {
    const r = mirrorIgnore(DEFAULT_CLAUDEIGNORE, { anchoredAllowed: true });
    expect(r.paths).toContain('**/.env');
    expect(r.paths).toContain('**/secrets/**');
    expect(r.paths).not.toContain('**/.env.*');
  });
});
