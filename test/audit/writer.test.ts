import { appendFileSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecord } from '../../src/audit/append.js';
import { GENESIS, entryHash } from '../../src/audit/chain.js';
import { readCheckpoints } from '../../src/audit/checkpoint.js';
import { loadPublicKey } from '../../src/audit/keys.js';
import { LAYOUT } from '../../src/audit/options.js';
import { verifyLog } from '../../src/audit/verify.js';
import { recoverLog } from '../../src/audit/writer.js';
import { record, tempState } from './helpers.js';

const lines = (f: string) => readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('appendRecord', () => {
  it('writes a linear chain whose hashes recompute, and verifies', () => {
    const { o, env } = tempState();
    for (let i = 0; i < 5; i++) appendRecord(record(), { env, options: o });
    const es = lines(join(o.dir, LAYOUT.current));
    expect(es.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(es[0]!.prev).toBe(GENESIS);
    for (let i = 1; i < es.length; i++) expect(es[i]!.prev).toBe(es[i - 1]!.hash);
    for (const e of es) expect(entryHash(e)).toBe(e.hash);
    expect(verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) }).ok).toBe(true);
  });

  it('keeps the log and key out of reach of other users (0600 files, 0700 dirs)', () => {
    const { o, env } = tempState();
    appendRecord(record({ event: 'Stop' }), { env, options: o });
    expect(statSync(join(o.dir, LAYOUT.current)).mode & 0o777).toBe(0o600);
    expect(statSync(o.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(o.keyDir, 'audit-ed25519.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(o.keyDir).mode & 0o777).toBe(0o700);
  });

  it('signs a checkpoint at the first entry, every N entries and at the end of a turn', () => {
    const { o, env } = tempState();
    const opts = { ...o, checkpointEvery: 3 };
    for (let i = 0; i < 7; i++) appendRecord(record(), { env, options: opts });
    appendRecord(record({ event: 'Stop' }), { env, options: opts });
    expect(readCheckpoints(join(o.dir, LAYOUT.checkpoints)).map((c) => c.cp!.seq)).toEqual([1, 3, 6, 8]);
  });

  it('records user, host and the git repository from .git files', () => {
    const { o, env, state } = tempState();
    const repo = join(state, 'repo');
    mkdirSync(join(repo, '.git', 'refs', 'heads'), { recursive: true });
    mkdirSync(join(repo, 'sub'));
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/feature/x\n');
    mkdirSync(join(repo, '.git', 'refs', 'heads', 'feature'));
    writeFileSync(join(repo, '.git', 'refs', 'heads', 'feature', 'x'), 'a'.repeat(40) + '\n');
    writeFileSync(join(repo, '.git', 'config'), '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://bob:hunter2secret@git.example.com/team/app.git\n');
    const e = appendRecord(record({ cwd: join(repo, 'sub') }), { env: { ...env, USER: 'alice' }, options: o })!;
    expect(e).toMatchObject({ user: 'alice', repo: { root: repo, branch: 'feature/x', commit: 'a'.repeat(40), remote: 'https://git.example.com/team/app.git' } });
    expect(typeof (e as { host?: string }).host).toBe('string');
    expect(readFileSync(join(o.dir, LAYOUT.current), 'utf8')).not.toContain('hunter2');
  });

  it('shortens long strings, keeping a prefix, the length and a hash', () => {
    const { o, env } = tempState();
    const e = appendRecord(record({ tool_name: 'Write', input: { file_path: '/p/a', content: 'x'.repeat(10_000) } }), { env, options: { ...o, maxString: 100 } })!;
    const content = (e as { input: { content: string } }).input.content;
    expect(content).toMatch(/^x{100}…\[truncated: 10000 chars, sha256:[0-9a-f]{16}\]$/);
  });

  it('does nothing when the audit log is switched off', () => {
    const { o, env } = tempState();
    expect(appendRecord(record(), { env, options: { ...o, enabled: false } })).toBeUndefined();
    expect(() => statSync(o.dir)).toThrow();
  });

  it('seals the current segment when the UTC day changes, and the chain runs on across segments', () => {
    const { o, env } = tempState();
    appendRecord(record({ ts: '2026-11-24T23:59:00.000Z' }), { env, options: o, now: new Date('2026-11-24T23:59:00Z') });
    appendRecord(record({ ts: '2026-11-24T23:59:30.000Z' }), { env, options: o, now: new Date('2026-11-24T23:59:30Z') });
    appendRecord(record({ ts: '2026-11-25T00:00:10.000Z' }), { env, options: o, now: new Date('2026-11-25T00:00:10Z') });
    expect(readdirSync(join(o.dir, LAYOUT.segments))).toEqual(['000000000001.jsonl']);
    expect(lines(join(o.dir, LAYOUT.current)).map((e) => e.seq)).toEqual([3]);
    expect(statSync(join(o.dir, LAYOUT.segments, '000000000001.jsonl')).mode & 0o777).toBe(0o400);
    const r = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
    expect(r).toMatchObject({ ok: true, entries: 3, segments: 2 });
  });

  it('seals by size', () => {
    const { o, env } = tempState();
    const small = { ...o, segmentBytes: 2000 };
    for (let i = 0; i < 12; i++) appendRecord(record(), { env, options: small, now: new Date('2026-11-25T12:00:00Z') });
    expect(readdirSync(join(o.dir, LAYOUT.segments))).toEqual(['000000000001.jsonl', '000000000005.jsonl']);
    expect(verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) })).toMatchObject({ ok: true, entries: 12 });
  });

  it('expires old segments behind a signed anchor, and what is kept still verifies', () => {
    const { o, env } = tempState();
    const opts = { ...o, retentionDays: 30 };
    const day = (d: string) => ({ ts: `${d}T10:00:00.000Z` });
    for (const d of ['2026-01-01', '2026-01-01', '2026-01-02', '2026-03-01', '2026-03-02']) {
      appendRecord(record(day(d)), { env, options: opts, now: new Date(`${d}T10:00:00Z`) });
    }
    // Written on 03-02: segments of 01-01 and 01-02 are older than 30 days and expire at the 03-01 rotation.
    const r = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
    expect(r.ok).toBe(true);
    expect(r.anchor).toMatchObject({ seq: 4, expired: 3 });
    expect(r.notes['retention-expired']).toBe(2);
    expect(readdirSync(join(o.dir, LAYOUT.segments)).some((n) => n.startsWith('000000000001'))).toBe(false);
  });

  it('takes over a lock left by a dead process', () => {
    const { o, env } = tempState();
    appendRecord(record(), { env, options: o });
    // pid 2^22+1 is beyond pid_max defaults: no such process.
    writeFileSync(join(o.dir, LAYOUT.lock), `4194305 ${hostname()} ${Date.now()} dead\n`);
    appendRecord(record(), { env, options: { ...o, lockTimeoutMs: 2000 } });
    expect(lines(join(o.dir, LAYOUT.current))).toHaveLength(2);
  });

  it('takes over a lock older than the stale limit even if its holder looks alive', () => {
    const { o, env } = tempState();
    appendRecord(record(), { env, options: o });
    const lock = join(o.dir, LAYOUT.lock);
    writeFileSync(lock, `1 elsewhere ${Date.now()} hung\n`);
    utimesSync(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    appendRecord(record(), { env, options: { ...o, lockTimeoutMs: 2000 } });
    expect(lines(join(o.dir, LAYOUT.current))).toHaveLength(2);
  });

  it('gives up with audit/lock-timeout while a live holder keeps the lock', () => {
    const { o, env } = tempState();
    appendRecord(record(), { env, options: o });
    writeFileSync(join(o.dir, LAYOUT.lock), `${process.pid} ${hostname()} ${Date.now()} me\n`);
    expect(() => appendRecord(record(), { env, options: { ...o, lockTimeoutMs: 100 } })).toThrow(/audit\/lock-timeout|could not lock/);
  });

  it('recovers a torn tail on the next append, noting it in the chain', () => {
    const { o, env } = tempState();
    appendRecord(record(), { env, options: o });
    appendFileSync(join(o.dir, LAYOUT.current), '{"actions":[],"cwd":"/p","decision":"acc');
    const before = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
    expect(before.ok).toBe(false);
    expect(before.problems[0]).toMatchObject({ kind: 'torn-tail', seq: 2 });
    appendRecord(record(), { env, options: o });
    const es = lines(join(o.dir, LAYOUT.current));
    expect(es.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(es[1]).toMatchObject({ kind: 'note', note: 'torn-tail-recovered', detail: { after_seq: 1, bytes: 40 } });
    expect(readdirSync(join(o.dir, LAYOUT.torn))).toHaveLength(1);
    expect(verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) }).ok).toBe(true);
  });

  it('recoverLog sets aside a damaged last line too', () => {
    const { o, env } = tempState();
    appendRecord(record(), { env, options: o });
    appendFileSync(join(o.dir, LAYOUT.current), 'garbage line\n');
    expect(() => appendRecord(record(), { env, options: o })).toThrow(/audit\/corrupt-tail|not a valid entry/);
    expect(recoverLog(o, env)).toMatchObject({ recovered: true });
    appendRecord(record(), { env, options: o });
    expect(verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) }).ok).toBe(true);
  });
});

describe('sessionTrail / formatTrail', () => {
  it('returns one session’s records in order, one line each', async () => {
    const { formatTrail, sessionTrail } = await import('../../src/audit/trail.js');
    const { o, env } = tempState();
    appendRecord(record({ session_id: 'a', input: { command: 'ls' } }), { env, options: o });
    appendRecord(record({ session_id: 'b' }), { env, options: o });
    appendRecord(record({ session_id: 'a', verdict: 'deny', decision: 'reject', rules: ['secrets/env-file'], input: { command: 'cat .env' } }), { env, options: o });
    expect(sessionTrail(o.dir, 'a').map((e) => e.seq)).toEqual([1, 3]);
    const text = formatTrail(o.dir, 'a').trimEnd().split('\n');
    expect(text).toHaveLength(2);
    expect(text[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+3\s+a\s+PreToolUse Bash\s+deny \[secrets\/env-file\]\s+cat \.env$/);
  });
});
