import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countChanges, diffTrees } from '../../src/rollback/changes.js';
import { git } from '../../src/rollback/git.js';
import { readJournal } from '../../src/rollback/journal.js';
import { readHead } from '../../src/rollback/refs.js';
import { takeCheckpoint, withStore, type CheckpointFacts } from '../../src/rollback/snapshot.js';
import type { RollbackConfig } from '../../src/rollback/config.js';
import { config, sandbox, sh, storeOf, userGit, userGitState, write, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

function snap(facts: Partial<CheckpointFacts> = {}, cfg: RollbackConfig = config()) {
  const store = storeOf(sb);
  return withStore(store, 5000, () => takeCheckpoint(store, cfg, sb.state, { kind: 'manual', session: 's1', ...facts }));
}

function files(tree: string): string[] {
  const store = storeOf(sb);
  return git(store.bare, ['ls-tree', '-r', '--name-only', tree]).stdout.toString().split('\n').filter(Boolean).sort();
}

describe('takeCheckpoint', () => {
  it('records tracked and untracked files, minus ignored paths and default excludes', () => {
    write(sb.project, {
      'src/a.ts': 'a',
      'notes.txt': 'n',
      '.gitignore': 'secret.env\nlogs/\n',
      'secret.env': 'X=1',
      'logs/x.log': 'l',
      'node_modules/p/index.js': 'm',
      'pkg/node_modules/q/index.js': 'm',
      'dist/out.js': 'd',
      'lib/dist/keep.js': 'k',
    });
    const cp = snap();
    expect(files(cp.tree)).toEqual(['.gitignore', 'lib/dist/keep.js', 'notes.txt', 'src/a.ts']);
  });

  it('makes no new commit when nothing changed, and says so', () => {
    write(sb.project, { 'a.txt': 'a' });
    const first = snap();
    const second = snap();
    expect(second.unchanged).toBe(true);
    expect(second.commit).toBe(first.commit);
    const j = readJournal(storeOf(sb).journalPath);
    expect(j.at(-1)).toMatchObject({ kind: 'manual', unchanged: true, commit: first.commit });
  });

  it('counts added, modified and deleted files against the previous checkpoint', () => {
    write(sb.project, { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    snap();
    write(sb.project, { 'a.txt': 'A', 'd.txt': 'd', 'e/f.txt': 'f' });
    rmSync(join(sb.project, 'c.txt'));
    const cp = snap();
    expect(cp.changes).toEqual({ added: 2, modified: 1, deleted: 1 });
  });

  it.each([
    ['edits and deletes', 'echo A > a.txt && rm b.txt'],
    ['new files in new folders', 'mkdir -p n/m && echo 1 > n/m/x && echo 2 > n/y && echo 3 > top.txt'],
    ['a file replaced by a folder', 'rm a.txt && mkdir a.txt && echo i > a.txt/inner'],
    ['a symlink and a mode change', 'ln -s b.txt l && chmod +x c.sh'],
    ['a deleted folder', 'rm -rf d'],
  ])('counts %s the same way a tree comparison does', (_name, script) => {
    write(sb.project, { 'a.txt': 'a', 'b.txt': 'b', 'c.sh': 'echo', 'd/e.txt': 'e', 'd/f/g.txt': 'g' });
    const first = snap();
    sh(sb.project, script);
    const cp = snap();
    expect(cp.changes).toEqual(countChanges(diffTrees(storeOf(sb), first.tree, cp.tree)));
  });

  it('labels changes found before a call as outside, and the call’s before points at them', () => {
    write(sb.project, { 'a.txt': 'a' });
    snap({ kind: 'after', tool: 'Bash', tool_use_id: 't0' });
    write(sb.project, { 'a.txt': 'edited by the user' });
    const cp = snap({ kind: 'before', tool: 'Bash', tool_use_id: 't1' });
    expect(cp.outside?.changes).toEqual({ added: 0, modified: 1, deleted: 0 });
    const j = readJournal(storeOf(sb).journalPath).slice(-2);
    expect(j.map((e) => e.kind)).toEqual(['outside', 'before']);
    expect(j[1]).toMatchObject({ tool_use_id: 't1', unchanged: true, commit: j[0]!.commit });
  });

  it('counts an after against its own before, not against the head', () => {
    write(sb.project, { 'a.txt': 'a' });
    const before = snap({ kind: 'before', tool_use_id: 't1' });
    write(sb.project, { 'b.txt': 'b' });
    rmSync(join(sb.project, 'a.txt'));
    const after = snap({ kind: 'after', tool_use_id: 't1', base: before.tree });
    expect(after.changes).toEqual({ added: 1, modified: 0, deleted: 1 });
  });

  it('records files over the size cap by path, size and hash without storing them', () => {
    write(sb.project, { 'small.txt': 's', 'big.bin': Buffer.alloc(3 * 1024 * 1024, 7) });
    const cp = snap({}, config({ maxFileMB: 1 }));
    expect(files(cp.tree)).toEqual(['small.txt']);
    expect(cp.large).toEqual([{ path: 'big.bin', size: 3 * 1024 * 1024, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    // A project .gitignore negation cannot pull it back in.
    write(sb.project, { '.gitignore': '*.bin\n!big.bin\n' });
    const again = snap({}, config({ maxFileMB: 1 }));
    expect(files(again.tree)).toEqual(['.gitignore', 'small.txt']);
    // Shrunk below the cap, it is stored again.
    writeFileSync(join(sb.project, 'big.bin'), 'now small');
    expect(files(snap({}, config({ maxFileMB: 1 })).tree)).toContain('big.bin');
  });

  it('drops a tracked file from checkpoints once it grows past the cap', () => {
    write(sb.project, { 'grow.bin': 'tiny' });
    snap({}, config({ maxFileMB: 1 }));
    writeFileSync(join(sb.project, 'grow.bin'), Buffer.alloc(2 * 1024 * 1024, 1));
    const cp = snap({}, config({ maxFileMB: 1 }));
    expect(files(cp.tree)).toEqual([]);
    expect(cp.large.map((l) => l.path)).toEqual(['grow.bin']);
  });

  it('records nested repositories as their commit and never renames their .git', () => {
    write(sb.project, { 'top.txt': 't', 'vendor/lib/x.txt': 'x', 'empty-repo/y.txt': 'y' });
    userGit(join(sb.project, 'vendor/lib'), ['init', '-q']);
    userGit(join(sb.project, 'vendor/lib'), ['add', '.']);
    userGit(join(sb.project, 'vendor/lib'), ['commit', '-qm', 'i']);
    userGit(join(sb.project, 'empty-repo'), ['init', '-q']);
    const head = userGit(join(sb.project, 'vendor/lib'), ['rev-parse', 'HEAD']).trim();
    const cp = snap();
    const store = storeOf(sb);
    const entry = git(store.bare, ['ls-tree', '-r', cp.tree]).stdout.toString();
    expect(entry).toContain(`160000 commit ${head}\tvendor/lib`);
    expect(entry).not.toContain('empty-repo');
    expect(existsSync(join(sb.project, 'vendor/lib/.git/HEAD'))).toBe(true);
    expect(existsSync(join(sb.project, 'empty-repo/.git/HEAD'))).toBe(true);
    expect(cp.notes.join('\n')).toMatch(/empty-repo\/ has no commit yet/);
  });

  it('never touches the user’s repository: index, HEAD, refs, stash, config byte-identical', () => {
    write(sb.project, { 'a.txt': 'a', 'b.txt': 'b' });
    userGit(sb.project, ['init', '-q']);
    userGit(sb.project, ['add', '.']);
    userGit(sb.project, ['commit', '-qm', 'one']);
    write(sb.project, { 'a.txt': 'stashed' });
    userGit(sb.project, ['stash', '-q']);
    write(sb.project, { 'b.txt': 'staged' });
    userGit(sb.project, ['add', 'b.txt']);
    write(sb.project, { 'c.txt': 'untracked' });
    userGit(sb.project, ['pack-refs', '--all']);
    const before = userGitState(sb.project);
    const cp = snap();
    write(sb.project, { 'd.txt': 'd' });
    snap();
    expect(userGitState(sb.project)).toEqual(before);
    expect(files(cp.tree)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(userGit(sb.project, ['status', '--porcelain'])).toBe('M  b.txt\n?? c.txt\n?? d.txt\n');
  });

  it('ignores GIT_DIR and GIT_INDEX_FILE exported in the environment', () => {
    write(sb.project, { 'a.txt': 'a' });
    userGit(sb.project, ['init', '-q']);
    const before = userGitState(sb.project);
    const saved = { dir: process.env.GIT_DIR, index: process.env.GIT_INDEX_FILE };
    process.env.GIT_DIR = join(sb.project, '.git');
    process.env.GIT_INDEX_FILE = join(sb.project, '.git', 'index');
    try {
      snap();
    } finally {
      if (saved.dir === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved.dir;
      if (saved.index === undefined) delete process.env.GIT_INDEX_FILE;
      else process.env.GIT_INDEX_FILE = saved.index;
    }
    expect(userGitState(sb.project)).toEqual(before);
  });

  it('runs no hook and no fsmonitor configured in the project repository', () => {
    write(sb.project, { 'a.txt': 'a' });
    userGit(sb.project, ['init', '-q']);
    const marker = join(sb.root, 'ran');
    write(sb.project, { '.git/hooks/post-index-change': `#!/bin/sh\ntouch ${marker}\n` });
    sh(sb.project, `chmod +x .git/hooks/post-index-change && git config core.fsmonitor 'touch ${marker}' && git config core.hooksPath .git/hooks`);
    snap();
    write(sb.project, { 'b.txt': 'b' });
    snap();
    expect(existsSync(marker)).toBe(false);
  });

  it('stores bytes exactly, whatever the project’s .gitattributes ask for', () => {
    const crlf = 'line one\r\nline two\r\n';
    write(sb.project, { '.gitattributes': '* text=auto eol=lf\n*.txt filter=evil\n', 'w.txt': crlf });
    const cp = snap();
    const store = storeOf(sb);
    const blob = git(store.bare, ['cat-file', 'blob', `${cp.tree}:w.txt`]).stdout.toString();
    expect(blob).toBe(crlf);
  });

  it('keeps the head cache right when the ref moved without it', () => {
    write(sb.project, { 'a.txt': 'a' });
    const cp = snap();
    const store = storeOf(sb);
    writeFileSync(store.headPath, '0000000000000000000000000000000000000000 x\n');
    expect(readHead(store)).toEqual({ commit: cp.commit, tree: cp.tree });
  });

  it('works for a folder that is not a git repository, renames included', () => {
    write(sb.project, { 'old/name.txt': 'content' });
    const a = snap();
    renameSync(join(sb.project, 'old'), join(sb.project, 'new'));
    const b = snap();
    expect(diffTrees(storeOf(sb), a.tree, b.tree).map((f) => `${f.status} ${f.path}`)).toEqual(['added new/name.txt', 'deleted old/name.txt']);
    expect(readFileSync(join(sb.project, 'new/name.txt'), 'utf8')).toBe('content');
  });
});
