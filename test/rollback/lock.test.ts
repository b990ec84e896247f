import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, adoptLock, transferLock } from '../../src/rollback/lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The lock file names its holder: `pid host time token`. */
function holder(path: string): { pid: number; token: string } {
  const [pid, , , token] = readFileSync(path, 'utf8').split(' ');
  return { pid: Number(pid), token: token! };
}

function holderLine(pid: number, token: string): string {
  return `${pid} ${hostname()} ${Date.now()} ${token}`;
}

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
    writeFileSync(path, holderLine(deadPid(), 'old'));
    const l = acquireLock(path, 1000);
    expect(holder(path).token).toBe(l.token);
    l.release();
  });

  it('never breaks a live holder\'s lock for its age (a first snapshot can run for minutes)', () => {
    const path = join(dir, 'lock');
    writeFileSync(path, holderLine(process.pid, 'long-snapshot'));
    utimesSync(path, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(() => acquireLock(path, 100)).toThrowError(expect.objectContaining({ code: 'rollback/locked' }));
    expect(holder(path).token).toBe('long-snapshot');
  });

  it('breaks a half-written lock file once it has stayed unreadable', () => {
    const path = join(dir, 'lock');
    writeFileSync(path, '');
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquireLock(path, 1000).release();
    expect(existsSync(path)).toBe(false);
  });

  it('waits out a half-written lock file only while it is fresh', () => {
    const path = join(dir, 'lock');
    writeFileSync(path, '');
    expect(() => acquireLock(path, 100)).toThrowError(expect.objectContaining({ code: 'rollback/locked' }));
  });

  it('does not remove a lock that was taken over from it', () => {
    const path = join(dir, 'lock');
    const a = acquireLock(path, 100);
    writeFileSync(path, holderLine(process.pid, 'someone-else'));
    a.release();
    expect(holder(path).token).toBe('someone-else');
  });

  it('hands a held lock to another process, which adopts it by token', () => {
    const path = join(dir, 'lock');
    const a = acquireLock(path, 100);
    transferLock(a, 424242);
    expect(holder(path).pid).toBe(424242);
    expect(adoptLock(path, 'wrong-token')).toBeUndefined();
    const b = adoptLock(path, a.token)!;
    expect(holder(path).pid).toBe(process.pid);
    b.release();
    expect(existsSync(path)).toBe(false);
  });
});
