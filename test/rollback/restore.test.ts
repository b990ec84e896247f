import { chmodSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/rollback/journal.js';
import { takeCheckpoint, withStore } from '../../src/rollback/snapshot.js';
import { config, read, runCli, sandbox, sh, storeOf, treeHash, userGit, userGitState, write, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

/** What the hook does around one Bash call: before, run, after (counted against the before). */
function agentCall(id: string, script: string, session = 'sess-1'): void {
  const store = storeOf(sb);
  const before = withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'before', session, tool: 'Bash', tool_use_id: id }));
  sh(sb.project, script);
  withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'after', session, tool: 'Bash', tool_use_id: id, base: before.tree }));
}

const cli = (...argv: string[]) => runCli(sb, argv);

const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));

function seed(): void {
  write(sb.project, {
    'a.txt': 'alpha\nbeta\ngamma\n',
    'b.txt': 'bee\n',
    'dir/one.txt': '1\n',
    'dir/sub/two.txt': '2\n',
    'img.bin': binary,
    'script.sh': '#!/bin/sh\necho hi\n',
    '.gitignore': 'ignored.log\n',
    'ignored.log': 'not checkpointed\n',
  });
  chmodSync(join(sb.project, 'script.sh'), 0o755);
  symlinkSync('a.txt', join(sb.project, 'link-to-a'));
}

const scenarios: [string, string][] = [
  ['edits', "sed -i 's/beta/BETA/' a.txt && echo more >> b.txt"],
  ['deletes', 'rm a.txt b.txt'],
  ['renames', 'mv a.txt renamed.txt && mv dir moved-dir'],
  ['new untracked files', 'echo n > new.txt && mkdir -p x/y && echo z > x/y/z.txt'],
  ['a deleted directory', 'rm -rf dir'],
  ['binary files', 'head -c 3000 /dev/urandom > img.bin && printf "\\000\\001\\002" > new.bin'],
  ['modes and symlinks', 'chmod -x script.sh && rm link-to-a && ln -s b.txt link-to-b'],
  ['a file replaced by a folder', 'rm b.txt && mkdir b.txt && echo inner > b.txt/inner'],
  ['everything at once', 'rm -rf dir a.txt && echo x > b.txt && mkdir new && echo y > new/y && head -c 100 /dev/urandom > img.bin'],
];

describe.each([
  ['a git repository', true],
  ['a folder that is not a git repository', false],
])('rollback --to <tool_use_id> in %s', (_name, isRepo) => {
  it.each(scenarios)('restores Bash-made %s exactly', async (_what, script) => {
    seed();
    if (isRepo) {
      userGit(sb.project, ['init', '-q']);
      userGit(sb.project, ['add', '.']);
      userGit(sb.project, ['commit', '-qm', 'seed']);
    }
    const original = treeHash(sb.project);
    const gitBefore = isRepo ? userGitState(sb.project) : undefined;
    agentCall('toolu_1', script);
    expect(treeHash(sb.project)).not.toEqual(original);
    const r = await cli('rollback', '--to', 'toolu_1', '--yes');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(treeHash(sb.project)).toEqual(original);
    expect(read(sb.project, 'ignored.log')).toBe('not checkpointed\n');
    if (gitBefore) expect(userGitState(sb.project)).toEqual(gitBefore);
  });
});

describe('changes made between agent calls', () => {
  it('are attributed to outside, survive an undo of the earlier call, and roll back only on request', async () => {
    seed();
    const original = treeHash(sb.project);
    agentCall('toolu_a', "sed -i 's/alpha/ALPHA/' a.txt");
    write(sb.project, { 'b.txt': 'edited by the user\n' });
    agentCall('toolu_b', 'rm dir/one.txt');

    const j = readJournal(storeOf(sb).journalPath);
    const outside = j.find((e) => e.kind === 'outside');
    expect(outside?.changes).toEqual({ added: 0, modified: 1, deleted: 0 });
    expect(j.filter((e) => e.kind === 'after').map((e) => [e.tool_use_id, e.changes])).toEqual([
      ['toolu_a', { added: 0, modified: 1, deleted: 0 }],
      ['toolu_b', { added: 0, modified: 0, deleted: 1 }],
    ]);

    // Undo the first call: its edit goes, the user's edit and the second call's delete stay.
    const u = await cli('undo', 'toolu_a', '--yes');
    expect(u.code).toBe(0);
    expect(read(sb.project, 'a.txt')).toBe('alpha\nbeta\ngamma\n');
    expect(read(sb.project, 'b.txt')).toBe('edited by the user\n');
    expect(() => read(sb.project, 'dir/one.txt')).toThrow();

    // Rolling back to before the second call keeps the user's edit (it came earlier)...
    await cli('rollback', '--to', 'toolu_b', '--yes');
    expect(read(sb.project, 'dir/one.txt')).toBe('1\n');
    expect(read(sb.project, 'b.txt')).toBe('edited by the user\n');
    expect(read(sb.project, 'a.txt')).toBe('ALPHA\nbeta\ngamma\n');

    // ...and to before the first call reverts everything, which the safety checkpoint can bring back.
    const back = await cli('rollback', '--to', 'toolu_a', '--yes', '--json');
    expect(treeHash(sb.project)).toEqual(original);
    const safety = JSON.parse(back.out).safety as string;
    await cli('rollback', '--to', safety.slice(0, 12), '--yes');
    expect(read(sb.project, 'b.txt')).toBe('edited by the user\n');
  });
});

describe('rollback command', () => {
  it('previews without a terminal, refuses to act without --yes (exit 5) and changes nothing', async () => {
    seed();
    agentCall('toolu_1', 'rm -rf dir && echo new > new.txt');
    const after = treeHash(sb.project);
    const dry = await cli('rollback', '--to', 'toolu_1', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/2 to create, 1 to remove/);
    expect(dry.out).toMatch(/create {2}dir\/one\.txt/);
    expect(dry.out).toMatch(/remove {2}new\.txt/);
    const r = await cli('rollback', '--to', 'toolu_1');
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/needs-confirmation/);
    expect(treeHash(sb.project)).toEqual(after);
  });

  it('asks on a terminal and does nothing when the answer is no', async () => {
    seed();
    agentCall('toolu_1', 'rm a.txt');
    const no = await runCli(sb, ['rollback', '--to', 'toolu_1'], { stdinIsTTY: true, prompt: async () => 'n' });
    expect(no.code).toBe(0);
    expect(no.out).toMatch(/Nothing was changed/);
    expect(() => read(sb.project, 'a.txt')).toThrow();
    const yes = await runCli(sb, ['rollback', '--to', 'toolu_1'], { stdinIsTTY: true, prompt: async () => 'y' });
    expect(yes.code).toBe(0);
    expect(read(sb.project, 'a.txt')).toBe('alpha\nbeta\ngamma\n');
  });

  it('refuses to overwrite a file that is in no checkpoint', async () => {
    seed();
    agentCall('toolu_1', 'rm b.txt');
    write(sb.project, { '.gitignore': 'ignored.log\nb.txt\n', 'b.txt': 'precious, ignored\n' });
    const r = await cli('rollback', '--to', 'toolu_1', '--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/would-overwrite/);
    expect(read(sb.project, 'b.txt')).toBe('precious, ignored\n');
  });

  it('goes back to the session start', async () => {
    seed();
    const store = storeOf(sb);
    withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'session-start', session: 'sess-1' }));
    const original = treeHash(sb.project);
    agentCall('toolu_1', 'rm a.txt');
    agentCall('toolu_2', 'echo x > x.txt');
    expect((await cli('rollback', '--to', 'session-start', '--yes')).code).toBe(0);
    expect(treeHash(sb.project)).toEqual(original);
  });

  it('explains an unknown target', async () => {
    seed();
    agentCall('toolu_1', 'true');
    const r = await cli('rollback', '--to', 'toolu_nope', '--yes');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/rollback\/unknown-checkpoint/);
  });

  it('says so when the project has no checkpoints', async () => {
    const r = await cli('rollback', '--to', 'session-start');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/rollback\/no-checkpoints/);
  });
});

describe('undo command', () => {
  it('reports a conflict with later edits and changes nothing', async () => {
    seed();
    agentCall('toolu_1', "sed -i 's/beta/BETA/' a.txt");
    agentCall('toolu_2', "sed -i 's/BETA/Beta from a later call/' a.txt");
    const now = treeHash(sb.project);
    const r = await cli('undo', 'toolu_1', '--yes');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/contents\) {2}a\.txt/);
    expect(r.out).toMatch(/Nothing was changed/);
    expect(treeHash(sb.project)).toEqual(now);
  });

  it('keeps later edits to other lines of the same file', async () => {
    write(sb.project, { 'f.txt': '1\n2\n3\n4\n5\n6\n7\n8\n9\n' });
    agentCall('toolu_1', "sed -i 's/^2$/two/' f.txt");
    agentCall('toolu_2', "sed -i 's/^8$/eight/' f.txt");
    expect((await cli('undo', 'toolu_1', '--yes')).code).toBe(0);
    expect(readFileSync(join(sb.project, 'f.txt'), 'utf8')).toBe('1\n2\n3\n4\n5\n6\n7\neight\n9\n');
  });

  it('undoes a Bash rename and can itself be undone through its safety checkpoint', async () => {
    seed();
    const original = treeHash(sb.project);
    agentCall('toolu_1', 'mv dir renamed && rm img.bin');
    const u = await cli('undo', 'toolu_1', '--yes', '--json');
    expect(treeHash(sb.project)).toEqual(original);
    const { safety } = JSON.parse(u.out) as { safety: string };
    await cli('rollback', '--to', safety, '--yes');
    expect(read(sb.project, 'renamed/one.txt')).toBe('1\n');
  });

  it('refuses without a terminal and without --yes', async () => {
    seed();
    agentCall('toolu_1', 'rm a.txt');
    const r = await cli('undo', 'toolu_1');
    expect(r.code).toBe(5);
    expect(() => read(sb.project, 'a.txt')).toThrow();
  });
});
