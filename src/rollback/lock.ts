// One writer per store at a time: parallel hooks (sub-agents, several sessions in one folder) and
// the CLI all take this lock before touching the shadow index, refs or journal. A lock whose owner
// died (killed hook, crashed background snapshot) is taken over; a live owner is waited for.
import { crypto } from '../env/builtins.js';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { GatehouseError } from '../errors.js';

export interface LockOwner {
  pid: number;
  token: string;
  ts: number;
}

export interface Lock {
  path: string;
  token: string;
  release(): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' && typeof o.token === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeOwner(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lock file with no readable owner is only stale once it is old enough not to be mid-write. */
const UNREADABLE_GRACE_MS = 2000;

/** Takes over a dead owner's lock: rename it aside (atomic, only one taker wins), then check that
 * what was renamed is the stale lock and not a fresh one created in between. */
function takeOverIfStale(path: string, now: number): void {
  const owner = readOwner(path);
  if (owner && alive(owner.pid)) return;
  if (!owner) {
    // Unreadable: a writer may be between create and write. Judge by age.
    const age = statAge(path, now);
    if (age === undefined || age < UNREADABLE_GRACE_MS) return;
  }
  const aside = `${path}.stale-${crypto().randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = readOwner(aside);
  if (owner && moved && moved.token !== owner.token) {
    // We moved a fresh lock: put it back if the slot is still free.
    try {
      linkSync(aside, path);
    } catch {
      // the slot was taken meanwhile; the fresh owner will notice nothing, which is the same race
      // every lock-file scheme has; it needs a crash and two racing takers at once.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

function statAge(path: string, now: number): number | undefined {
  try {
    return now - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Acquires the lock, waiting up to timeoutMs. Throws rollback/locked on timeout. */
export function acquireLock(path: string, timeoutMs: number, pid = process.pid): Lock {
  const token = crypto().randomBytes(12).toString('hex');
  const start = Date.now();
  let wait = 5;
  for (;;) {
    const now = Date.now();
    if (writeOwner(path, { pid, token, ts: now })) break;
    takeOverIfStale(path, now);
    if (writeOwner(path, { pid, token, ts: Date.now() })) break;
    if (Date.now() - start >= timeoutMs) {
      const owner = readOwner(path);
      throw new GatehouseError({
        code: 'rollback/locked',
        message: `another checkpoint of this project is in progress${owner ? ` (process ${owner.pid})` : ''} and did not finish within ${timeoutMs} ms`,
        hint: 'a first snapshot of a large project can take a while; try again shortly',
      });
    }
    sleepSync(Math.min(wait, Math.max(1, timeoutMs - (Date.now() - start))));
    wait = Math.min(wait * 2, 50);
  }
  return lockHandle(path, token);
}

function lockHandle(path: string, token: string): Lock {
  return {
    path,
    token,
    release() {
      const owner = readOwner(path);
      if (owner?.token !== token) return; // taken over: not ours to remove
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/** Hands a held lock to another process (the detached first snapshot): it becomes the owner. */
export function transferLock(lock: Lock, pid: number): void {
  const tmp = `${lock.path}.handoff-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ pid, token: lock.token, ts: Date.now() } satisfies LockOwner));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, lock.path);
}

/** Adopts a lock handed over with transferLock, if the token still matches. */
export function adoptLock(path: string, token: string): Lock | undefined {
  const owner = readOwner(path);
  if (owner?.token !== token) return undefined;
  const tmp = `${path}.adopt-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, token, ts: Date.now() } satisfies LockOwner));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return lockHandle(path, token);
}
