import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git } from '../../src/rollback/git.js';
import { readJournal } from '../../src/rollback/journal.js';
import { listSessionRefs } from '../../src/rollback/refs.js';
import { takeCheckpoint, withStore } from '../../src/rollback/snapshot.js';
import { config, runCli, sandbox, sh, storeOf, write, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
  write(sb.project, { 'a.txt': 'a\n', 'b.txt': 'b\n' });
});
afterEach(() => sb.cleanup());

const DAY = 86_400_000;

function agentCall(id: string, script: string, session = 'sess-1', now = Date.now()): void {
  const store = storeOf(sb);
  const before = withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'before', session, tool: 'Bash', tool_use_id: id, now }));
  sh(sb.project, script);
  withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'after', session, tool: 'Bash', tool_use_id: id, base: before.tree, now }));
}

const cli = (...argv: string[]) => runCli(sb, argv);

describe('gatehouse checkpoints', () => {
  it('lists calls with their change counts, per session', async () => {
    agentCall('toolu_1', 'rm a.txt && echo c > c.txt', 'sess-aaa');
    agentCall('toolu_2', 'echo B > b.txt', 'sess-bbb');
    const r = await cli('checkpoints');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/session sess-aaa\n.*baseline/);
    expect(r.out).toMatch(/Bash +toolu_1 +\+1 -1/);
    expect(r.out).toMatch(/session sess-bbb\n.*Bash +toolu_2 +~1/);
    const only = JSON.parse((await cli('checkpoints', '--session', 'sess-b', '--json')).out) as { rows: { type: string; tool_use_id?: string }[] };
    expect(only.rows.filter((x) => x.type === 'call').map((x) => x.tool_use_id)).toEqual(['toolu_2']);
  });

  it('shows a call whose after never came as running or interrupted', async () => {
    const store = storeOf(sb);
    withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'before', session: 's', tool: 'Bash', tool_use_id: 'toolu_x' }));
    expect((await cli('checkpoints')).out).toMatch(/toolu_x +running or interrupted/);
  });

  it('takes a checkpoint on request', async () => {
    const r = await cli('checkpoints', 'snapshot', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('rejects an unknown subcommand as usage', async () => {
    const r = await cli('checkpoints', 'frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cli\/unknown-command/);
  });
});

describe('gatehouse checkpoints prune', () => {
  it('drops idle sessions, keeps recent ones and the latest, and frees their objects', async () => {
    const old = Date.now() - 40 * DAY;
    agentCall('toolu_old', 'head -c 20000 /dev/urandom > old.bin', 'sess-old', old);
    agentCall('toolu_old2', 'rm old.bin', 'sess-old', old);
    agentCall('toolu_new', 'echo n > n.txt', 'sess-new');
    const store = storeOf(sb);
    const oldBlob = git(store.bare, ['rev-parse', `${readJournal(store.journalPath).find((e) => e.tool_use_id === 'toolu_old' && e.kind === 'after')!.tree}:old.bin`]).stdout.toString().trim();

    const dry = JSON.parse((await cli('checkpoints', 'prune', '--dry-run', '--json')).out);
    expect(dry.stores[0].sessionsRemoved).toEqual(['sess-old']);
    expect(git(store.bare, ['cat-file', '-e', oldBlob], { okStatus: [1, 128] }).status).toBe(0);

    const r = JSON.parse((await cli('checkpoints', 'prune', '--json')).out);
    expect(r.stores[0]).toMatchObject({ sessionsRemoved: ['sess-old'], sessionsKept: 1 });
    expect([...listSessionRefs(store).keys()]).toEqual(['refs/checkpoints/sess-new']);
    expect(readJournal(store.journalPath).every((e) => e.session === 'sess-new')).toBe(true);
    expect(git(store.bare, ['cat-file', '-e', oldBlob], { okStatus: [1, 128] }).status).not.toBe(0);
    // What is left still restores.
    expect((await cli('rollback', '--to', 'toolu_new', '--yes')).code).toBe(0);
  });

  it('drops the oldest sessions until the store is under the size cap', async () => {
    agentCall('toolu_a', 'head -c 300000 /dev/urandom > a.bin', 'sess-a', Date.now() - 3 * DAY);
    agentCall('toolu_b', 'rm a.bin && head -c 300000 /dev/urandom > b.bin', 'sess-b', Date.now() - 2 * DAY);
    agentCall('toolu_c', 'rm b.bin && echo small > c.txt', 'sess-c', Date.now() - DAY);
    const r = JSON.parse((await cli('checkpoints', 'prune', '--max-size', '0.25', '--json')).out);
    expect(r.stores[0].sessionsRemoved.sort()).toEqual(['sess-a', 'sess-b']);
    expect(r.stores[0].bytesAfter).toBeLessThan(r.stores[0].bytesBefore);
  });

  it('runs by itself after a session-start snapshot, at most once a day', async () => {
    agentCall('toolu_old', 'echo x > x.txt', 'sess-old', Date.now() - 90 * DAY);
    agentCall('toolu_new', 'echo y > y.txt', 'sess-new');
    expect((await cli('checkpoints', 'snapshot', '--kind', 'session-start', '--session', 'sess-3')).code).toBe(0);
    expect([...listSessionRefs(storeOf(sb)).keys()].sort()).toEqual(['refs/checkpoints/sess-3', 'refs/checkpoints/sess-new']);
  });

  it('never drops the session holding the latest checkpoint, however old', async () => {
    agentCall('toolu_1', 'echo x > x.txt', 'sess-only', Date.now() - 400 * DAY);
    const r = JSON.parse((await cli('checkpoints', 'prune', '--json')).out);
    expect(r.stores[0].sessionsRemoved).toEqual([]);
  });

  it('removes the store of a project folder that no longer exists, with --all', async () => {
    agentCall('toolu_1', 'echo x > x.txt', 'sess-gone', Date.now() - 60 * DAY);
    const dir = storeOf(sb).dir;
    rmSync(sb.project, { recursive: true });
    const io = await runCli(sb, ['checkpoints', 'prune', '--all', '--json'], { cwd: sb.root });
    expect(JSON.parse(io.out).stores[0]).toMatchObject({ removed: true, store: dir });
  });
});

describe('rollback targets', () => {
  it('goes back to before the first change of a prompt', async () => {
    const store = storeOf(sb);
    const call = (id: string, prompt: string, script: string) => {
      const before = withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'before', session: 's', prompt, tool: 'Bash', tool_use_id: id }));
      sh(sb.project, script);
      withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'after', session: 's', prompt, tool: 'Bash', tool_use_id: id, base: before.tree }));
    };
    call('t1', 'p-1', 'echo 1 > one.txt');
    call('t2', 'p-2', 'echo 2 > two.txt');
    call('t3', 'p-2', 'rm a.txt');
    expect((await cli('rollback', '--to', 'prompt:p-2', '--yes')).code).toBe(0);
    expect([existsSync(join(sb.project, 'one.txt')), existsSync(join(sb.project, 'two.txt')), existsSync(join(sb.project, 'a.txt'))]).toEqual([true, false, true]);
    const r = JSON.parse((await cli('diff', 'prompt:p-2', '--now', '--json')).out) as { files: unknown[] };
    expect(r.files).toEqual([]);
  });
});

describe('gatehouse diff', () => {
  it('shows one call’s change set, with secrets redacted', async () => {
    agentCall('toolu_1', 'echo "token=ghp_abcdefghijklmnopqrstuvwxyz0123456789" > leak.txt && rm b.txt');
    const r = await cli('diff', 'toolu_1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Bash toolu_1/);
    expect(r.out).toMatch(/deleted file mode 100644/);
    expect(r.out).not.toMatch(/ghp_abcdefghij/);
    expect(r.out).toMatch(/\[REDACTED:/);
  });

  it('compares a point with the current files (--now) and lists files as JSON', async () => {
    agentCall('toolu_1', 'echo 1 > one.txt');
    write(sb.project, { 'later.txt': 'later\n' });
    const r = JSON.parse((await cli('diff', 'toolu_1', '--now', '--json')).out) as { files: { status: string; path: string }[] };
    expect(r.files.map((f) => `${f.status} ${f.path}`)).toEqual(['added later.txt', 'added one.txt']);
  });

  it('shows what a checkpoint recorded', async () => {
    agentCall('toolu_1', 'true');
    write(sb.project, { 'user.txt': 'u\n' });
    agentCall('toolu_2', 'true');
    const outside = readJournal(storeOf(sb).journalPath).find((e) => e.kind === 'outside')!;
    const r = await cli('diff', outside.commit.slice(0, 8), '--name-status');
    expect(r.out).toMatch(/changes made outside the agent/);
    expect(r.out).toMatch(/A\tuser\.txt/);
  });

  it('needs an argument', async () => {
    expect((await cli('diff')).code).toBe(2);
  });
});

describe('command help', () => {
  it.each(['checkpoints', 'diff', 'rollback', 'undo'])('%s --help documents exit codes', async (name) => {
    const r = await cli(name, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^gatehouse ${name} — `));
    expect(r.out).toMatch(/Exit codes:/);
  });
});

describe('without git', () => {
  it('answers exit 4 (unavailable) with a hint', async () => {
    const saved = process.env.PATH;
    process.env.PATH = join(sb.root, 'no-such-bin');
    try {
      const r = await cli('checkpoints');
      expect(r.code).toBe(4);
      expect(r.err).toMatch(/rollback\/git-unavailable/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('a project path with spaces', () => {
  it('round-trips', async () => {
    const p = join(sb.root, 'my project');
    write(p, { 'f.txt': 'f\n' });
    const s2 = { ...sb, project: p };
    const store = storeOf(s2);
    const before = withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'before', session: 's', tool: 'Bash', tool_use_id: 'toolu_s' }));
    rmSync(join(p, 'f.txt'));
    withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'after', session: 's', tool: 'Bash', tool_use_id: 'toolu_s', base: before.tree }));
    const r = await runCli(s2, ['undo', 'toolu_s', '--yes']);
    expect(r.code).toBe(0);
  });
});
