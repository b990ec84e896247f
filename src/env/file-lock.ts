// A cross-process lock from plain files, so parallel hook processes take turns (the audit chain
// stays linear, a session's detector state and the checkpoint store are updated by one process at a
// time). O_EXCL creation is atomic on local filesystems; the file names its holder (pid, host, time,
// token). A holder that died (or a lock older than `staleMs`) is broken, but only by one breaker at
// a time (a second O_EXCL file), and only if the lock still holds what was judged stale, so a fresh
// lock taken in between is never removed by mistake. A held lock can be handed to another process
// (transferLock / adoptLock): ownership follows the token, not the pid.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
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
  /** Shown with the timeout error. */
  hint?: string;
  /** A lock older than this is taken over even if its holder seems alive (pid reuse, hung holder);
   * `Infinity`: only a dead holder's lock is (for holders that may legitimately run for minutes). */
  staleMs?: number;
}

export interface LockHandle {
  path: string;
  token: string;
}

/** A lock file whose holder cannot be read is being written, unless it has been like that this long. */
const UNREADABLE_GRACE_MS = 5_000;

let host: string | undefined;
function holderLine(pid: number, token: string): string {
  host ??= hostname();
  return `${pid} ${host} ${Date.now()} ${token}`;
}

function newToken(): string {
  return Math.random().toString(36).slice(2, 14);
}

interface Holder {
  pid: number;
  host: string;
  token: string;
}

function parseHolder(content: string | undefined): Holder | undefined {
  const [pidText, holderHost, , token] = (content ?? '').split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !holderHost || !token) return undefined;
  return { pid, host: holderHost, token };
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

/** Whether the lock text names `token` (its last field); no parsing on the release path. */
function heldBy(content: string | undefined, token: string): boolean {
  return content !== undefined && content.endsWith(` ${token}`);
}

function holderDead(h: Holder): boolean {
  host ??= hostname();
  if (h.host !== host) return false; // another machine sharing the directory: age decides
  try {
    process.kill(h.pid, 0);
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
  if (!tryCreate(breaker, holderLine(process.pid, newToken()))) {
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
  const token = newToken();
  const line = holderLine(process.pid, token);
  const staleMs = opts.staleMs ?? 30_000;
  const deadline = Date.now() + opts.timeoutMs;
  let wait = 0.2;
  let nextStaleCheck = 0;
  for (;;) {
    if (tryCreate(path, line)) return { path, token };
    const now = Date.now();
    if (now >= nextStaleCheck) {
      nextStaleCheck = now + 25;
      const seen = readText(path);
      if (seen !== undefined) {
        const age = ageMs(path) ?? 0;
        const holder = parseHolder(seen);
        // An unreadable (usually empty) lock is one being written right now, unless it stays so.
        const stale = holder ? holderDead(holder) || age > staleMs : age > Math.min(staleMs, UNREADABLE_GRACE_MS);
        if (stale && breakStale(path, seen)) continue;
      }
    }
    if (now >= deadline) {
      throw new GatehouseError({
        code: opts.code ?? 'lock/timeout',
        message: `could not lock ${opts.what ?? 'the file'} within ${opts.timeoutMs} ms (held by: ${(readText(path) ?? '?').split(' ').slice(0, 2).join(' on ')})`,
        file: path,
        ...(opts.hint ? { hint: opts.hint } : {}),
      });
    }
    sleepSync(wait * (0.5 + Math.random()));
    wait = Math.min(wait * 2, 8);
  }
}

/** Releases the lock if it is still ours (it may have been broken as stale while we hung). */
export function releaseLock(h: LockHandle): void {
  if (!heldBy(readText(h.path), h.token)) return;
  try {
    unlinkSync(h.path);
  } catch {
    // already gone
  }
}

/** Rewrites the holder line for `pid`, atomically (the token, and so the ownership, stays). */
function rewriteHolder(path: string, pid: number, token: string): void {
  const tmp = `${path}.handoff-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, holderLine(pid, token));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Hands a held lock to another process (a detached worker): the lock now names its pid, so it is
 * not broken when this process exits. The worker takes it with adoptLock and the same token. */
export function transferLock(h: LockHandle, pid: number): void {
  rewriteHolder(h.path, pid, h.token);
}

/** Takes over a lock handed over with transferLock, if it still carries `token`. */
export function adoptLock(path: string, token: string): LockHandle | undefined {
  if (!heldBy(readText(path), token)) return undefined;
  rewriteHolder(path, process.pid, token);
  return { path, token };
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
