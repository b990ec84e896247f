// One writer per checkpoint store at a time: parallel hooks (sub-agents, several sessions in one
// folder) and the CLI take this lock before touching the shadow index, refs or journal. It is the
// shared file lock with no age limit: a first snapshot of a big project can run for minutes, so only
// a dead holder's lock is taken over; a live one is waited for.
import { acquireLock as acquireFileLock, adoptLock as adoptFileLock, releaseLock, type LockHandle } from '../env/file-lock.js';

/** transferLock hands a held lock to another process (the detached first snapshot). */
export { sleepSync, transferLock } from '../env/file-lock.js';

export interface Lock extends LockHandle {
  release(): void;
}

function withRelease(h: LockHandle): Lock {
  return { ...h, release: () => releaseLock(h) };
}

/** Acquires the store lock, waiting up to timeoutMs. Throws rollback/locked on timeout. */
export function acquireLock(path: string, timeoutMs: number): Lock {
  return withRelease(
    acquireFileLock(path, {
      timeoutMs,
      staleMs: Infinity,
      code: 'rollback/locked',
      what: 'the checkpoint store',
      hint: 'another checkpoint of this project is in progress (a first snapshot of a large project can take a while); try again shortly',
    }),
  );
}

/** Adopts a lock handed over with transferLock, if the token still matches. */
export function adoptLock(path: string, token: string): Lock | undefined {
  const h = adoptFileLock(path, token);
  return h && withRelease(h);
}
