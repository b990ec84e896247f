// Retention: sessions with no checkpoint for `days` are dropped (one ref each), then git gc frees
// their objects; if the store is still above `maxStoreMB`, the oldest remaining sessions go too.
// The session holding the latest checkpoint is always kept: it is the baseline of the next one.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git.js';
import { readJournal, rewriteJournal, type JournalEntry } from './journal.js';
import { prunePending } from './pending.js';
import { deleteRefs, readHead, sessionRefName } from './refs.js';
import { withStore } from './snapshot.js';
import { readMeta, storeAt, storesRoot, type Store } from './store.js';

export interface PruneOptions {
  days: number;
  maxStoreMB: number;
  dryRun?: boolean;
  now?: number;
  lockTimeoutMs: number;
}

export interface PruneReport {
  project: string;
  store: string;
  sessionsRemoved: string[];
  sessionsKept: number;
  entriesRemoved: number;
  pendingRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
  /** The whole store was removed (its project folder is gone and it is past retention). */
  removed?: boolean;
}

const DAY = 86_400_000;

export function dirBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    let list;
    try {
      list = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of list) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        try {
          total += statSync(p).size;
        } catch {
          // gone
        }
      }
    }
  };
  walk(dir);
  return total;
}

function lastActivity(entries: readonly JournalEntry[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) {
    const t = Date.parse(e.ts);
    if (Number.isFinite(t) && t > (m.get(e.session) ?? 0)) m.set(e.session, t);
  }
  return m;
}

function gc(store: Store): void {
  git(store.git, ['gc', '--quiet', '--prune=now']);
}

/** Prunes one store. Holds the store lock throughout (gc must not race a snapshot). */
export function pruneStore(store: Store, o: PruneOptions): PruneReport {
  const now = o.now ?? Date.now();
  return withStore(store, o.lockTimeoutMs, () => {
    const report: PruneReport = {
      project: store.project,
      store: store.dir,
      sessionsRemoved: [],
      sessionsKept: 0,
      entriesRemoved: 0,
      pendingRemoved: 0,
      bytesBefore: dirBytes(store.git.gitDir),
      bytesAfter: 0,
    };
    const entries = readJournal(store.journalPath);
    const activity = lastActivity(entries);
    const head = readHead(store);
    const headSession = head ? entries.filter((e) => e.commit === head.commit).map((e) => e.session).pop() : undefined;
    const cutoff = now - o.days * DAY;
    const remove = new Set<string>();
    for (const [s, t] of activity) if (t < cutoff && s !== headSession) remove.add(s);

    const apply = () => {
      if (o.dryRun || remove.size === 0) return;
      deleteRefs(store, [...remove].map(sessionRefName).filter((r) => existsSync(join(store.git.gitDir, r)) || packed(store, r)));
      rewriteJournal(store.journalPath, entries.filter((e) => !remove.has(e.session)));
    };
    apply();
    if (!o.dryRun) {
      report.pendingRemoved = prunePending(store, DAY, now);
      gc(store);
    }
    let bytes = o.dryRun ? report.bytesBefore : dirBytes(store.git.gitDir);
    // Over the size cap: drop the oldest remaining sessions, one gc per round.
    const byAge = [...activity].filter(([s]) => !remove.has(s) && s !== headSession).sort((a, b) => a[1] - b[1]);
    while (!o.dryRun && bytes > o.maxStoreMB * 1024 * 1024 && byAge.length) {
      const batch = byAge.splice(0, Math.max(1, Math.ceil(byAge.length / 4)));
      for (const [s] of batch) remove.add(s);
      apply();
      gc(store);
      bytes = dirBytes(store.git.gitDir);
    }
    report.sessionsRemoved = [...remove];
    report.sessionsKept = [...activity.keys()].filter((s) => !remove.has(s)).length;
    report.entriesRemoved = entries.filter((e) => remove.has(e.session)).length;
    report.bytesAfter = bytes;
    if (!o.dryRun) writeFileSync(join(store.dir, 'last-prune'), new Date(now).toISOString() + '\n');
    return report;
  });
}

function packed(store: Store, ref: string): boolean {
  try {
    return readFileSync(join(store.git.gitDir, 'packed-refs'), 'utf8').includes(` ${ref}\n`);
  } catch {
    return false;
  }
}

/** Every store under the state directory. */
export function allStores(stateDir: string): Store[] {
  const root = storesRoot(stateDir);
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: Store[] = [];
  for (const n of names) {
    const meta = readMeta(join(root, n));
    if (meta) out.push(storeAt(join(root, n), meta.project));
  }
  return out;
}

/** Prunes every store; a store whose project folder no longer exists and whose last checkpoint is
 * past retention is removed entirely. */
export function pruneAll(stateDir: string, o: PruneOptions): PruneReport[] {
  const now = o.now ?? Date.now();
  const out: PruneReport[] = [];
  for (const store of allStores(stateDir)) {
    if (!existsSync(store.project)) {
      const last = Math.max(0, ...lastActivity(readJournal(store.journalPath)).values());
      if (last < now - o.days * DAY) {
        const bytes = dirBytes(store.dir);
        if (!o.dryRun) rmSync(store.dir, { recursive: true, force: true });
        out.push({ project: store.project, store: store.dir, sessionsRemoved: [], sessionsKept: 0, entriesRemoved: 0, pendingRemoved: 0, bytesBefore: bytes, bytesAfter: 0, removed: true });
        continue;
      }
    }
    out.push(pruneStore(store, o));
  }
  return out;
}

/** Was this store pruned within the last `maxAgeMs`? (The background snapshot prunes once a day.) */
export function prunedRecently(store: Store, maxAgeMs = DAY, now = Date.now()): boolean {
  try {
    return now - Date.parse(readFileSync(join(store.dir, 'last-prune'), 'utf8').trim()) < maxAgeMs;
  } catch {
    return false;
  }
}
