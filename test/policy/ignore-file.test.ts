import { describe, expect, it } from 'vitest';
import { loadIgnoreMatcher } from '../../src/policy/ignore-file.js';

const files: Record<string, string> = {
  '/p/.claudeignore': '# secrets\n.env\n.env.*\n!.env.example\nsecrets/\n*.pem\n/config/prod.yaml\n',
  '/p/pkg/.claudeignore': 'local.json\n!keep.pem\n',
};
const read = (f: string) => files[f] ?? null;
const m = loadIgnoreMatcher('/p', '/home/u', [{ pattern: 'deploy/keys/**', source: 'policy.yaml:4' }, { pattern: '~/notes/private/', source: 'policy.yaml:5' }], read);

describe('ignore file', () => {
  it.each([
    ['/p/.env', '.claudeignore:2'],
    ['/p/sub/.env', '.claudeignore:2'],
    ['/p/.env.local', '.claudeignore:3'],
    ['/p/secrets/db.yaml', '.claudeignore:5'],
    ['/p/a/b/key.pem', '.claudeignore:6'],
    ['/p/config/prod.yaml', '.claudeignore:7'],
    ['/p/pkg/local.json', 'pkg/.claudeignore:1'],
    ['/p/deploy/keys/a/b', 'policy.yaml:4'],
    ['/home/u/notes/private/x.md', 'policy.yaml:5'],
  ])('protects %s (by %s)', (path, source) => {
    expect(m.match(path)).toBe(source);
  });

  it.each(['/p/.env.example', '/p/src/environment.ts', '/p/sub/config/prod.yaml', '/p/pkg/keep.pem', '/p', '/elsewhere/.env', '/home/u/notes/public.md'])(
    'leaves %s alone',
    (path) => {
      expect(m.match(path)).toBeNull();
    },
  );

  it('matches a protected directory itself', () => {
    expect(m.match('/p/secrets', true)).toBe('.claudeignore:5');
  });

  it('is empty without any ignore file or pattern', () => {
    expect(loadIgnoreMatcher('/q', '/home/u', [], () => null).empty).toBe(true);
  });
});
