// The journal: one JSON line per checkpoint event, appended under the store lock. It is the index
// the commands read (by tool_use_id, session, prompt); the commits themselves carry the same facts
// as trailers, so the store stays self-describing if the journal is lost.
import { appendFileSync, closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { writeAtomic } from './store.js';

export type CheckpointKind =
  /** First snapshot ever taken of the project. */
  | 'baseline'
  /** Snapshot at the start of an agent session. */
  | 'session-start'
  /** Changes found before a call that no agent call made (the user, another process). */
  | 'outside'
  /** Just before a change-making tool call. */
  | 'before'
  /** Just after it. */
  | 'after'
  /** Taken by a restore before it writes anything, so the restore can itself be undone. */
  | 'safety'
  /** The tree a rollback wrote. */
  | 'restore'
  /** The tree an undo wrote. */
  | 'undo'
  /** Taken on request (`gatehouse checkpoints snapshot`). */
  | 'manual';

export interface ChangeCounts {
  added: number;
  modified: number;
  deleted: number;
}

export interface LargeFile {
  path: string;
  size: number;
  sha256: string;
}

export interface JournalEntry {
  v: 1;
  kind: CheckpointKind;
  /** The checkpoint id: a commit of the shadow store. */
  commit: string;
  tree: string;
  /** Nothing changed since the previous checkpoint: no new tree was recorded. */
  unchanged?: boolean;
  ts: string;
  session: string;
  prompt?: string;
  tool?: string;
  tool_use_id?: string;
  /** The tree the counts compare against (the call's `before` for an `after`). */
  base?: string;
  changes?: ChangeCounts;
  /** restore: the checkpoint restored; undo: the tool_use_id undone. */
  target?: string;
  /** Files over the size cap seen by this snapshot: recorded, not stored. */
  large?: LargeFile[];
  notes?: string[];
}

export function appendJournal(path: string, entries: JournalEntry[]): void {
  if (entries.length === 0) return;
  // A writer killed mid-line leaves no newline; start on a fresh line so only that line is lost.
  let prefix = '';
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const b = Buffer.alloc(1);
      if (size > 0 && readSync(fd, b, 0, 1, size - 1) === 1 && b[0] !== 0x0a) prefix = '\n';
    } finally {
      closeSync(fd);
    }
  } catch {
    // no journal yet
  }
  appendFileSync(path, prefix + entries.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
}

/** All entries, oldest first. A torn last line (a writer killed mid-append) is skipped. */
export function readJournal(path: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (e && typeof e.commit === 'string' && typeof e.kind === 'string') out.push(e);
    } catch {
      // torn or foreign line
    }
  }
  return out;
}

export function rewriteJournal(path: string, entries: JournalEntry[]): void {
  writeAtomic(path, entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
}
