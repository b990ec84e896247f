// Undoing one call: reverse its change set onto the current tree as a three-way merge (base = the
// call's after, ours = now, theirs = the call's before). Later work on other lines or files stays;
// where later work touched what the call changed, the merge reports a conflict and nothing is written.
import { GatehouseError } from '../errors.js';
import { requireGit, git, OID_RE } from './git.js';
import { readJournal, type JournalEntry } from './journal.js';
import { findCall } from './queries.js';
import { currentTree, planSwitch, type TreeSwitch, type Where } from './restore.js';
import { commitTree, withStore } from './snapshot.js';
import type { Store } from './store.js';

export interface Conflict {
  path: string;
  /** git's conflict type: `CONFLICT (contents)`, `CONFLICT (modify/delete)`… */
  type: string;
  message: string;
}

export interface UndoPlan {
  toolUseId: string;
  before: JournalEntry;
  after: JournalEntry;
  /** The switch from the current tree to the merged one; absent when there are conflicts. */
  switch?: TreeSwitch;
  current: string;
  conflicts: Conflict[];
}

/** Parses `git merge-tree --write-tree -z --name-only` output. */
export function parseMergeTree(out: Buffer): { tree: string; conflicted: string[]; conflicts: Conflict[] } {
  const parts = out.toString('utf8').split('\0');
  const tree = parts[0] ?? '';
  let i = 1;
  const conflicted: string[] = [];
  while (i < parts.length && parts[i] !== '') conflicted.push(parts[i++]!);
  i++; // the empty separator
  const conflicts: Conflict[] = [];
  while (i < parts.length) {
    const n = Number(parts[i]);
    if (!Number.isInteger(n) || n < 1) break;
    const paths = parts.slice(i + 1, i + 1 + n);
    const type = parts[i + 1 + n] ?? '';
    const message = (parts[i + 2 + n] ?? '').trim();
    i += 3 + n;
    if (type.startsWith('CONFLICT')) conflicts.push({ path: paths[0] ?? '', type, message });
  }
  for (const p of conflicted) if (!conflicts.some((c) => c.path === p)) conflicts.push({ path: p, type: 'CONFLICT', message: `conflict in ${p}` });
  return { tree, conflicted, conflicts };
}

export function loadCall(store: Store, toolUseId: string): { before: JournalEntry; after: JournalEntry } {
  const { before, after } = findCall(readJournal(store.journalPath), toolUseId);
  if (!before && !after) {
    throw new GatehouseError({ code: 'rollback/unknown-call', message: `no checkpoints for tool call '${toolUseId}'`, hint: 'list calls with `gatehouse checkpoints`' });
  }
  if (!before || !after) {
    throw new GatehouseError({
      code: 'rollback/incomplete-call',
      message: `tool call '${toolUseId}' has no ${before ? 'after' : 'before'} checkpoint${before ? ' (still running, or its PostToolUse hook did not run)' : ''}`,
      hint: before ? `roll the whole tree back to before it instead: \`gatehouse rollback --to ${toolUseId}\`` : undefined,
    });
  }
  return { before, after };
}

/** Plans an undo of one call against the current tree. Writes only to the shadow store. */
export function planUndo(store: Store, w: Where, toolUseId: string): UndoPlan {
  requireGit([2, 38], 'undo (git merge-tree --write-tree)');
  const { before, after } = loadCall(store, toolUseId);
  return withStore(store, w.cfg.lockTimeoutMs, () => {
    const current = currentTree(store, w);
    if (before.tree === after.tree) return { toolUseId, before, after, current, conflicts: [], switch: planSwitch(store, current, current) };
    // merge-tree finds the merge base from history, so give it one: two commits on top of `after`.
    const msg = 'gatehouse undo merge\n';
    const base = commitTree(store, after.tree, undefined, msg);
    const ours = commitTree(store, current, base, msg);
    const theirs = commitTree(store, before.tree, base, msg);
    const r = git(store.bare, ['merge-tree', '--write-tree', '-z', '--name-only', ours, theirs], { okStatus: [1] });
    const parsed = parseMergeTree(r.stdout);
    if (r.status === 1 || parsed.conflicts.length) return { toolUseId, before, after, current, conflicts: parsed.conflicts };
    if (!OID_RE.test(parsed.tree)) throw new GatehouseError({ code: 'rollback/git-failed', message: 'merge-tree returned no tree' });
    return { toolUseId, before, after, current, conflicts: [], switch: planSwitch(store, current, parsed.tree) };
  });
}
