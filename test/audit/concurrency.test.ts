// Real processes: parallel writers keep one linear chain; a writer killed mid-append is recovered.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPublicKey } from '../../src/audit/keys.js';
import { LAYOUT } from '../../src/audit/options.js';
import { verifyLog } from '../../src/audit/verify.js';
import { ROOT, cli, ensureBuilt, tempState } from './helpers.js';

beforeAll(() => ensureBuilt());

const appendUrl = () => pathToFileURL(join(ROOT, 'dist', 'audit', 'append.js')).href;
const writer = join(ROOT, 'test', 'audit', 'fixtures', 'writer.mjs');

function runWriter(env: NodeJS.ProcessEnv, id: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [writer, appendUrl(), String(id), String(count)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${id} exited ${code}: ${err}`))));
  });
}

describe('parallel writers', () => {
  it('8 processes × 1,000 events: nothing lost, nothing interleaved, the chain verifies', { timeout: 120_000 }, async () => {
    const { env, o } = tempState();
    const penv = { ...process.env, ...env, GATEHOUSE_AUDIT_FSYNC: 'checkpoint' };
    await Promise.all(Array.from({ length: 8 }, (_, i) => runWriter(penv, i, 1000)));
    const r = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, entries: 8000, firstSeq: 1, lastSeq: 8000 });
    expect(r.checkpoints.verified).toBe(81); // the first entry, then every 100th
    const lines = readFileSync(join(o.dir, LAYOUT.current), 'utf8').trimEnd().split('\n');
    const ids = new Set(lines.map((l) => (JSON.parse(l) as { decision_id: string }).decision_id));
    for (let w = 0; w < 8; w++) for (let i = 0; i < 1000; i++) expect(ids.has(`w${w}-${i}`)).toBe(true);
    expect(statSync(join(o.dir, LAYOUT.lock), { throwIfNoEntry: false })).toBeUndefined();
  });
});

describe('a writer killed mid-append', () => {
  const event = (cwd: string, id: string) =>
    JSON.stringify({ session_id: 'crash', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: `echo ${id}` }, tool_use_id: id });

  async function killMidWrite(env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
    const cur = join(env.GATEHOUSE_STATE_DIR!, 'audit', LAYOUT.current);
    const before = statSync(cur).size;
    const p = spawn(process.execPath, [join(ROOT, 'dist', 'hook.cjs')], { env: { ...env, GATEHOUSE_TEST_AUDIT_TORN_WRITE: '1' }, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((resolve) => p.on('exit', resolve));
    p.stdin.end(event(cwd, 'toolu_killed'));
    const deadline = Date.now() + 20_000;
    while (statSync(cur).size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(statSync(cur).size).toBeGreaterThan(before);
    p.kill('SIGKILL');
    await exited; // reaped: the pid is gone, as after a real crash
  }

  it('leaves a torn tail that verify reports, and the next hook call recovers it', { timeout: 60_000 }, async () => {
    const { env, o, state } = tempState();
    const penv = { ...process.env, ...env };
    const hook = (id: string) => spawnSync(process.execPath, [join(ROOT, 'dist', 'hook.cjs')], { env: penv, input: event(state, id) });
    expect(hook('toolu_1').status).toBe(0);
    await killMidWrite(penv, state);
    const torn = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
    expect(torn.ok).toBe(false);
    expect(torn.problems[0]).toMatchObject({ kind: 'torn-tail', seq: 2 });
    // The dead writer still "holds" the lock file; the next hook breaks it, sets the torn bytes aside, notes it.
    expect(statSync(join(o.dir, LAYOUT.lock), { throwIfNoEntry: false })).toBeDefined();
    const after = hook('toolu_3');
    expect(after.status).toBe(0);
    expect(after.stdout.toString()).toBe('');
    const r = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
    expect(r).toMatchObject({ ok: true, entries: 3, notes: { 'torn-tail-recovered': 1 } });
    expect(readdirSync(join(o.dir, LAYOUT.torn))).toHaveLength(1);
  });

  it('can be recovered explicitly with `gatehouse audit recover`', { timeout: 60_000 }, async () => {
    const { env, o, state } = tempState();
    const penv = { ...process.env, ...env };
    spawnSync(process.execPath, [join(ROOT, 'dist', 'hook.cjs')], { env: penv, input: event(state, 'toolu_1') });
    await killMidWrite(penv, state);
    const v1 = await cli(['audit', 'verify'], { env: { ...env } });
    expect(v1.code).toBe(1);
    expect(v1.stdout).toMatch(/torn-tail/);
    const rec = await cli(['audit', 'recover'], { env: { ...env } });
    expect(rec.stdout).toMatch(/recovered: set aside \d+ bytes after seq 1/);
    const v2 = await cli(['audit', 'verify'], { env: { ...env } });
    expect(v2.code).toBe(0);
    expect(v2.stdout).toMatch(/1 × torn-tail-recovered/);
    expect(verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) }).entries).toBe(2);
  });
});
