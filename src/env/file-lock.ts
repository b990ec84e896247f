// A cross-process lock from plain files, so parallel hook processes take turns (the audit chain
// stays linear, a session's detector state is updated one event at a time). O_EXCL creation is atomic on local filesystems; the file names its holder
// (pid, host, time). A holder that died (or a lock older than `staleMs`) is broken, but only by one
// breaker at a time (a second O_EXCL file), and only if the lock still holds what was judged stale —
// so a fresh lock taken in between is never removed by mistake.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { GatehouseError } from '../errors.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

export interface LockOptions {
  timeoutMs: number;
  /** Error code and what is locked, for the timeout error (default: a generic lock). */
  code?: string;
  what?: string;
  /** A lock older than this is taken over even if its holder seems alive (pid reuse, hung holder). */
  staleMs?: number;
}

export interface LockHandle {
  path: string;
  token: string;
}

let host: string | undefined;
function me(): string {
  host ??= hostname();
  return `${process.pid} ${host} ${Date.now()} ${Math.random().toString(36).slice(2, 10)}`;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? Date.now() - st.mtimeMs : undefined;
}

function holderDead(content: string): boolean {
  const [pidText, holderHost] = content.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  host ??= hostname();
  if (holderHost !== host) return false; // another machine sharing the directory: age decides
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function tryCreate(path: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Breaks the lock if it is still exactly `seen`; returns whether it did. */
function breakStale(path: string, seen: string): boolean {
  const breaker = `${path}.break`;
  if (!tryCreate(breaker, me())) {
    // A breaker that died mid-break leaves this behind; breaking takes microseconds.
    const age = ageMs(breaker);
    if (age !== undefined && age > 5_000) {
      try {
        unlinkSync(breaker);
      } catch {
        // someone else cleaned it
      }
    }
    return false;
  }
  try {
    if (readText(path) !== seen) return false;
    unlinkSync(path);
    return true;
  } catch {
    return false;
  } finally {
    try {
      unlinkSync(breaker);
    } catch {
      // already gone
    }
  }
}

/** Takes the lock at `path` (its directory must exist), waiting up to `timeoutMs`. */
export function acquireLock(path: string, opts: LockOptions): LockHandle {
  const token = me();
  const staleMs = opts.staleMs ?? 30_000;
  const deadline = Date.now() + opts.timeoutMs;
  let wait = 0.2;
  let nextStaleCheck = 0;
  for (;;) {
    if (tryCreate(path, token)) return { path, token };
    const now = Date.now();
    if (now >= nextStaleCheck) {
      nextStaleCheck = now + 25;
      const seen = readText(path);
      if (seen !== undefined) {
        const age = ageMs(path) ?? 0;
        // An empty lock is one being written right now, unless it has been empty for long.
        const stale = seen === '' ? age > staleMs : holderDead(seen) || age > staleMs;
        if (stale && breakStale(path, seen)) continue;
      }
    }
    if (now >= deadline) {
      throw new GatehouseError({
        code: opts.code ?? 'lock/timeout',
        message: `could not lock ${opts.what ?? 'the file'} within ${opts.timeoutMs} ms (held by: ${(readText(path) ?? '?').split(' ').slice(0, 2).join(' on ')})`,
        file: path,
      });
    }
    sleepSync(wait * (0.5 + Math.random()));
    wait = Math.min(wait * 2, 8);
  }
}

/** Releases the lock if it is still ours (it may have been broken as stale while we hung). */
export function releaseLock(h: LockHandle): void {
  if (readText(h.path) !== h.token) return;
  try {
    unlinkSync(h.path);
  } catch {
    // already gone
  }
}

export function withLock<T>(path: string, opts: LockOptions, fn: () => T): T {
  let h: LockHandle;
  try {
    h = acquireLock(path, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true, mode: 0o700 });
    h = acquireLock(path, opts);
  }
  try {
    return fn();
  } finally {
    releaseLock(h);
  }
}
