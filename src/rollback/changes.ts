// What changed between two checkpoints: `git diff-tree` of their trees, as counts (the detection
// signal: burst deletes, mass rewrites) and as a file list (previews).
import { closeSync, openSync, readSync } from 'node:fs';
import { git } from './git.js';
import type { ChangeCounts } from './journal.js';
import type { Store } from './store.js';

export type FileStatus = 'added' | 'modified' | 'deleted';

export interface FileChange {
  status: FileStatus;
  path: string;
  /** Old and new modes as git records them (100644, 100755, 120000 symlink, 160000 repository). */
  oldMode: string;
  newMode: string;
}

export const NO_CHANGES: ChangeCounts = Object.freeze({ added: 0, modified: 0, deleted: 0 });

/** Parses `git diff-tree -r -z --no-renames <a> <b>` raw output. */
export function parseRawDiff(out: Buffer): FileChange[] {
  const parts = out.toString('utf8').split('\0');
  const res: FileChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i]!;
    const path = parts[i + 1]!;
    if (!meta.startsWith(':')) break;
    const [oldMode, newMode, , , letter] = meta.slice(1).split(' ');
    const status: FileStatus = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified';
    res.push({ status, path, oldMode: oldMode ?? '', newMode: newMode ?? '' });
  }
  return res;
}

export function diffTrees(store: Store, from: string, to: string): FileChange[] {
  if (from === to) return [];
  return parseRawDiff(git(store.bare, ['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', from, to]).stdout);
}

export function countChanges(files: readonly FileChange[]): ChangeCounts {
  const c = { added: 0, modified: 0, deleted: 0 };
  for (const f of files) c[f.status]++;
  return c;
}

export function formatCounts(c: ChangeCounts | undefined): string {
  if (!c) return '';
  const parts: string[] = [];
  if (c.added) parts.push(`+${c.added}`);
  if (c.modified) parts.push(`~${c.modified}`);
  if (c.deleted) parts.push(`-${c.deleted}`);
  return parts.join(' ') || 'no change';
}

/** Entries in a git index (files and nested repositories), read from its 12-byte header. */
export function indexEntryCount(indexFile: string): number | undefined {
  try {
    const fd = openSync(indexFile, 'r');
    try {
      const b = Buffer.alloc(12);
      if (readSync(fd, b, 0, 12, 0) !== 12 || b.toString('latin1', 0, 4) !== 'DIRC') return undefined;
      return b.readUInt32BE(8);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
