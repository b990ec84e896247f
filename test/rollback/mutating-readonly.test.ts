import { describe, expect, it } from 'vitest';
import { bashActions } from '../../src/actions/from-bash.js';
import { isReadOnlyBash } from '../../src/rollback/mutating.js';

const ctx = { cwd: '/tmp', home: '/root' };

describe('read-only Bash calls take no checkpoint', () => {
  it.each(['ls -la', 'git status --short', 'git log --oneline -5', 'cat README.md | head -3', 'grep -rn TODO src', 'git diff HEAD~1', 'git branch', 'pwd && echo hi', 'wc -l src/*.ts'])('%s is read-only', (c) => {
    expect(isReadOnlyBash(bashActions(c, ctx))).toBe(true);
  });
  it.each(['npm test', 'ls > files.txt', 'git commit -m x', 'git branch feature/x', 'rm -rf dist', 'sort -o out.txt in.txt', 'sed -i s/a/b/ f', '$(echo ls)', 'git stash', 'git config user.name x', 'python3 -c "print(1)"', 'echo x | tee out.txt', 'git diff --output=patch.txt', 'touch a'])('%s may change files', (c) => {
    expect(isReadOnlyBash(bashActions(c, ctx))).toBe(false);
  });
});
