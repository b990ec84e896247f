// The `before` checkpoint of a call that is still running, kept until its PostToolUse arrives so the
// `after` can count exactly what that call changed. Calls that never finish (refused by another
// hook, never approved) leave markers that retention removes.
import { crypto } from '../env/builtins.js';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { OID_RE } from './git.js';
import { writeAtomic, type Store } from './store.js';

export interface Pending {
  commit: string;
  tree: string;
  ts: string;
}

function file(store: Store, toolUseId: string): string {
  const safe = /^[A-Za-z0-9_-]{1,128}$/.test(toolUseId) ? toolUseId : 'h-' + crypto().createHash('sha256').update(toolUseId).digest('hex').slice(0, 32);
  return join(store.pendingDir, `${safe}.json`);
}

export function writePending(store: Store, toolUseId: string, p: Pending): void {
  writeAtomic(file(store, toolUseId), JSON.stringify(p));
}

export function hasPending(store: Store, toolUseId: string): boolean {
  return existsSync(file(store, toolUseId));
}

/** Reads and removes the marker. */
export function takePending(store: Store, toolUseId: string): Pending | undefined {
  const f = file(store, toolUseId);
  let p: Pending | undefined;
  try {
    const v = JSON.parse(readFileSync(f, 'utf8')) as Pending;
    if (OID_RE.test(v.commit) && OID_RE.test(v.tree)) p = v;
  } catch {
    return undefined;
  }
  try {
    unlinkSync(f);
  } catch {
    // raced with another after for the same call
  }
  return p;
}

/** Removes markers older than maxAgeMs; returns how many. */
export function prunePending(store: Store, maxAgeMs: number, now = Date.now()): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(store.pendingDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const f = join(store.pendingDir, name);
    try {
      if (now - statSync(f).mtimeMs > maxAgeMs) {
        unlinkSync(f);
        n++;
      }
    } catch {
      // gone
    }
  }
  return n;
}
