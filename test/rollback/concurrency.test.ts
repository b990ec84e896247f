// Real processes racing on one store: parallel hooks, and a snapshot killed at random points.
// Needs the build (dist/): `npm test` builds first.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { git } from '../../src/rollback/git.js';
import { readJournal } from '../../src/rollback/journal.js';
import { takeCheckpoint, withStore } from '../../src/rollback/snapshot.js';
import { config, runCli, sandbox, storeOf, treeHash, write, type Sandbox } from './helpers.js';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'gatehouse.mjs');
const hook = join(root, 'dist', 'hook.cjs');

beforeAll(() => {
  if (!existsSync(hook) || !existsSync(join(root, 'dist', 'cli', 'commands', 'checkpoints.js'))) throw new Error('run `npm run build` first');
});

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

function run(args: string[], input?: string, kill?: { afterMs: number; group: boolean }): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { env: sb.env, cwd: sb.project, detached: Boolean(kill?.group) });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    if (input !== undefined) child.stdin.end(input);
    // group: the process and its git children die together; otherwise git outlives its parent.
    if (kill) {
      setTimeout(() => {
        try {
          if (kill.group) process.kill(-child.pid!, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          // already finished
        }
      }, kill.afterMs);
    }
    child.on('close', (code, signal) => res({ code, signal, out, err }));
  });
}

function many(n: number, prefix: string, size = 300): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`${prefix}/d${i % 20}/f${i}.txt`] = `${prefix} ${i}\n`.repeat(size / 10);
  return files;
}

function fsckOk(): void {
  const store = storeOf(sb);
  const r = git(store.bare, ['fsck', '--no-dangling', '--no-progress'], { okStatus: [] });
  expect(r.status).toBe(0);
}

const event = (o: Record<string, unknown>) =>
  JSON.stringify({ session_id: 'sess-par', cwd: sb.project, transcript_path: '/dev/null', permission_mode: 'default', ...o });

describe('concurrent snapshots', () => {
  it('parallel CLI snapshots and parallel hooks all succeed and leave a consistent store', async () => {
    write(sb.project, many(300, 'src'));
    const cold = await Promise.all([1, 2, 3, 4].map((i) => run([bin, 'checkpoints', 'snapshot', '--session', `s${i}`, '--json'])));
    for (const r of cold) expect([r.code, r.err]).toEqual([0, '']);
    write(sb.project, { 'src/d1/f1.txt': 'changed\n', 'new.txt': 'new\n' });
    const ids = ['toolu_p1', 'toolu_p2', 'toolu_p3', 'toolu_p4'];
    const pre = await Promise.all(ids.map((id) => run([hook], event({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: id, tool_input: { command: 'make' } }))));
    for (const r of pre) expect([r.code, r.out, r.err]).toEqual([0, '', '']);
    const post = await Promise.all(ids.map((id) => run([hook], event({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_use_id: id, tool_input: { command: 'make' }, tool_response: { stdout: '' } }))));
    for (const r of post) expect(r.code).toBe(0);

    const j = readJournal(storeOf(sb).journalPath);
    expect(j.filter((e) => e.kind === 'manual' || e.kind === 'baseline').length).toBeGreaterThanOrEqual(4);
    expect(j.filter((e) => e.kind === 'before').map((e) => e.tool_use_id).sort()).toEqual(ids);
    expect(j.filter((e) => e.kind === 'after').map((e) => e.tool_use_id).sort()).toEqual(ids);
    // Exactly one of the parallel pre-call snapshots saw the outside change.
    expect(j.filter((e) => e.kind === 'outside')).toHaveLength(1);
    fsckOk();
    expect(readdirSync(storeOf(sb).dir).filter((f) => f.includes('lock'))).toEqual([]);
    const dry = await runCli(sb, ['rollback', '--to', j.at(-1)!.commit.slice(0, 12), '--dry-run']);
    expect(dry.out).toMatch(/Already at that state/);
  });

  it.each([
    [40, 'with its git processes', true],
    [150, 'with its git processes', true],
    [300, 'with its git processes', true],
    [500, 'with its git processes', true],
    [200, 'leaving its git process running', false],
  ])('a snapshot killed after %i ms %s leaves a store the next snapshot repairs', async (delay, _how, group) => {
    write(sb.project, many(2500, 'a', 2000));
    const killed = await run([bin, 'checkpoints', 'snapshot', '--session', 'victim'], undefined, { afterMs: delay, group });
    if (killed.code !== 0) expect(killed.signal).toBe('SIGKILL');
    // The next snapshot (as a hook would take it) takes the dead owner's lock and finishes the job.
    write(sb.project, { 'a/d0/f0.txt': 'after the kill\n' });
    const store = storeOf(sb);
    const cp = withStore(store, 5000, () => takeCheckpoint(store, config(), sb.state, { kind: 'before', session: 'next', tool: 'Bash', tool_use_id: 'toolu_k' }));
    const count = git(store.bare, ['ls-tree', '-r', '--name-only', cp.tree]).stdout.toString().split('\n').filter(Boolean).length;
    expect(count).toBe(2500);
    fsckOk();
    // And a restore from it works.
    const original = treeHash(sb.project);
    write(sb.project, { 'a/d3/f3.txt': 'damage\n' });
    const r = await runCli(sb, ['rollback', '--to', 'toolu_k', '--yes']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(treeHash(sb.project)).toEqual(original);
  });
});
