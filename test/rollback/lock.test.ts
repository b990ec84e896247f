import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, adoptLock, transferLock } from '../../src/rollback/lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('store lock', () => {
  it('is exclusive: a second taker times out with rollback/locked naming the owner', () => {
    const path = join(dir, 'lock');
    const a = acquireLock(path, 100);
    expect(() => acquireLock(path, 50)).toThrowError(expect.objectContaining({ code: 'rollback/locked', message: expect.stringContaining(String(process.pid)) }));
    a.release();
    acquireLock(path, 50).release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose owner died', () => {
    const path = join(dir, 'lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), token: 'old', ts: Date.now() }));
    const l = acquireLock(path, 1000);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(l.token);
    l.release();
  });

  it('waits out a half-written lock file only while it is fresh', () => {
    const path = join(dir, 'lock');
    writeFileSync(path, '');
    expect(() => acquireLock(path, 100)).toThrowError(expect.objectContaining({ code: 'rollback/locked' }));
  });

  it('does not remove a lock that was taken over from it', () => {
    const path = join(dir, 'lock');
    const a = acquireLock(path, 100);
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'someone-else', ts: Date.now() }));
    a.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('someone-else');
  });

  it('hands a held lock to another process, which adopts it by token', () => {
    const path = join(dir, 'lock');
    const a = acquireLock(path, 100);
    transferLock(a, 424242);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(424242);
    expect(adoptLock(path, 'wrong-token')).toBeUndefined();
    const b = adoptLock(path, a.token)!;
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    b.release();
    expect(existsSync(path)).toBe(false);
  });
});
