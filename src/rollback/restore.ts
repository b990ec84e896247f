// Moving the project from its current tree to another: a two-tree `git read-tree -m -u`, which
// touches only the paths that differ (restores deleted files and folders, reverts modifications,
// removes files created since) and refuses, before writing anything, to overwrite a file it does
// not know about. Every restore first takes a safety checkpoint of the current tree, so it can
// itself be rolled back.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../errors.js';
import { countChanges, diffTrees, type FileChange } from './changes.js';
import type { RollbackConfig } from './config.js';
import { git } from './git.js';
import type { ChangeCounts, CheckpointKind } from './journal.js';
import { readHead } from './refs.js';
import { scan } from './scan.js';
import { recordTree, takeCheckpoint, withStore } from './snapshot.js';
import type { Store } from './store.js';

export interface Where {
  stateDir: string;
  cfg: RollbackConfig;
}

export interface TreeSwitch {
  /** The project's tree now. */
  from: string;
  /** The tree it would become. */
  to: string;
  files: FileChange[];
  counts: ChangeCounts;
  /** Paths the switch would have to write over files that are in no checkpoint (ignored, over
   * the size cap): the switch refuses rather than lose them. */
  blocked: string[];
}

/** The project's current tree, recorded in the shadow index but not committed. Lock held. */
export function currentTree(store: Store, w: Where): string {
  return scan(store, w.cfg, readHead(store), w.stateDir).tree;
}

export function planSwitch(store: Store, from: string, to: string, known?: FileChange[]): TreeSwitch {
  const files = known ?? diffTrees(store, from, to);
  const blocked: string[] = [];
  for (const f of files) {
    if (f.status !== 'added') continue;
    let isDir: boolean;
    try {
      isDir = lstatSync(join(store.project, f.path)).isDirectory();
    } catch {
      continue; // free
    }
    // A folder whose recorded files this switch removes is not in the way (git checks the rest).
    if (isDir && files.some((g) => g.status === 'deleted' && g.path.startsWith(`${f.path}/`))) continue;
    blocked.push(f.path);
  }
  return { from, to, files, counts: countChanges(files), blocked };
}

export interface SwitchResult {
  /** The checkpoint of the tree as it was just before (undo the restore by rolling back to it). */
  safety: string;
  /** The checkpoint recording the tree written. */
  result: string;
  counts: ChangeCounts;
}

/** Applies a planned switch: a safety checkpoint of the current tree (which must still be the
 * tree the plan was made from), then read-tree, then a checkpoint of the result. */
export function applySwitch(
  store: Store,
  w: Where,
  plan: TreeSwitch,
  facts: { kind: Extract<CheckpointKind, 'restore' | 'undo'>; session: string; target: string },
): SwitchResult {
  return withStore(store, w.cfg.lockTimeoutMs, () => {
    const safety = takeCheckpoint(store, w.cfg, w.stateDir, { kind: 'safety', session: facts.session, target: facts.target });
    if (safety.tree !== plan.from) {
      throw new GatehouseError({
        code: 'rollback/tree-changed',
        message: 'the project changed after the preview was made; nothing was restored',
        hint: `run the command again to see a fresh preview (the current state is checkpoint ${safety.commit.slice(0, 12)})`,
      });
    }
    // Files can appear without changing the recorded tree (ignored ones): check the way again.
    const blocked = planSwitch(store, plan.from, plan.to, plan.files).blocked;
    if (blocked.length) throw blockedError(blocked);
    const r = git(store.git, ['read-tree', '-m', '-u', plan.from, plan.to], { okStatus: [128] });
    if (r.status !== 0) {
      throw new GatehouseError({
        code: 'rollback/restore-failed',
        message: `git could not update the files: ${r.stderr.split('\n').filter((l) => l.trim()).slice(0, 4).join(' / ')}`,
        hint: `the state before this attempt is checkpoint ${safety.commit.slice(0, 12)}: \`gatehouse rollback --to ${safety.commit.slice(0, 12)}\``,
      });
    }
    // read-tree left the index at the new tree with fresh stat data: record it as is.
    const done = recordTree(store, facts, plan.to, plan.counts, plan.from);
    return { safety: safety.commit, result: done.commit, counts: plan.counts };
  });
}

export function blockedError(paths: readonly string[]): GatehouseError {
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
  return new GatehouseError({
    code: 'rollback/would-overwrite',
    message: `restoring would overwrite files that are in no checkpoint (ignored or over the size cap): ${shown}`,
    hint: 'move those files aside, then run the command again',
  });
}

/** Session id for what the CLI records: one chain per day, aged out like agent sessions. */
export function cliSession(now = new Date()): string {
  return `cli-${now.toISOString().slice(0, 10).replace(/-/g, '')}`;
}
