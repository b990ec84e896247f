// A checkpoint: scan the project, and if the tree changed, commit it to the session's chain with
// the facts (kind, session, prompt, tool, tool_use_id, time) as trailers, then journal it. When
// nothing changed there is no new tree: the journal records `unchanged` against the head.
import { mkdirSync } from 'node:fs';
import { GatehouseError } from '../errors.js';
import { countChanges, diffTrees, NO_CHANGES } from './changes.js';
import type { RollbackConfig } from './config.js';
import { git, OID_RE } from './git.js';
import { appendJournal, type ChangeCounts, type CheckpointKind, type JournalEntry, type LargeFile } from './journal.js';
import { acquireLock, type Lock } from './lock.js';
import { advanceRefs, readHead, readRef, sessionRefName } from './refs.js';
import { scan } from './scan.js';
import { initStore, isReady, type Store } from './store.js';

export interface CheckpointFacts {
  kind: CheckpointKind;
  session: string;
  prompt?: string;
  tool?: string;
  tool_use_id?: string;
  target?: string;
  /** Count changes against this tree instead of the previous head (an `after` against its `before`). */
  base?: string;
  /** Time of the event (ms); defaults to now. */
  now?: number;
}

export interface Checkpoint {
  commit: string;
  tree: string;
  unchanged: boolean;
  /** Changes against `base` (or the previous head); undefined for the first checkpoint. */
  changes?: ChangeCounts;
  /** Changes found that no agent call made, recorded as their own checkpoint first. */
  outside?: { commit: string; changes: ChangeCounts };
  large: LargeFile[];
  notes: string[];
}

const clean = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 200));

export function commitMessage(kind: CheckpointKind, f: CheckpointFacts, ts: string): string {
  const subject = f.tool ? `${kind}: ${clean(f.tool)}${f.tool_use_id ? ` ${clean(f.tool_use_id)}` : ''}` : `${kind} checkpoint`;
  const trailers: [string, string | undefined][] = [
    ['Gatehouse-Kind', kind],
    ['Gatehouse-Session', clean(f.session)],
    ['Gatehouse-Prompt', clean(f.prompt)],
    ['Gatehouse-Tool', clean(f.tool)],
    ['Gatehouse-Tool-Use-Id', clean(f.tool_use_id)],
    ['Gatehouse-Target', clean(f.target)],
    ['Gatehouse-Time', ts],
  ];
  return `${subject}\n\n${trailers.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
}

export function commitTree(store: Store, tree: string, parent: string | undefined, message: string): string {
  const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'];
  const r = git(store.bare, args, { input: message });
  const oid = r.stdout.toString('utf8').trim();
  if (!OID_RE.test(oid)) throw new GatehouseError({ code: 'rollback/git-failed', message: `commit-tree returned ${oid.slice(0, 60)}` });
  return oid;
}

/** Takes a checkpoint. Call with the store lock held (see withStore). */
export function takeCheckpoint(store: Store, cfg: RollbackConfig, stateDir: string, facts: CheckpointFacts): Checkpoint {
  const now = facts.now ?? Date.now();
  const ts = new Date(now).toISOString();
  const head = readHead(store);
  const sc = scan(store, cfg, head, stateDir);
  const sessRef = sessionRefName(facts.session);
  const sessLast = readRef(store.git.gitDir, sessRef);
  const base: JournalEntry = {
    v: 1,
    kind: facts.kind,
    commit: '',
    tree: sc.tree,
    ts,
    session: facts.session,
    ...(facts.prompt ? { prompt: facts.prompt } : {}),
    ...(facts.tool ? { tool: facts.tool } : {}),
    ...(facts.tool_use_id ? { tool_use_id: facts.tool_use_id } : {}),
    ...(facts.target ? { target: facts.target } : {}),
    ...(sc.large.length ? { large: sc.large } : {}),
    ...(sc.notes.length ? { notes: sc.notes } : {}),
  };
  const entries: JournalEntry[] = [];
  const result: Checkpoint = { commit: '', tree: sc.tree, unchanged: sc.clean, large: sc.large, notes: sc.notes };

  if (sc.clean && head) {
    let commit = head.commit;
    if (sessLast !== head.commit) {
      // Same tree, but this session's chain does not hold it yet: every journal entry must point at
      // a commit its own session keeps alive, so retention can drop sessions independently.
      commit = commitTree(store, head.tree, sessLast, commitMessage(facts.kind, facts, ts));
      advanceRefs(store, facts.session, commit, head.tree);
    }
    result.commit = commit;
    entries.push({ ...base, commit, unchanged: true });
  } else {
    // Changes before a call, or at a restore, were made by someone else: record them as `outside`
    // (or as the first `baseline`) and point this checkpoint at that commit.
    const commitKind: CheckpointKind = !head ? 'baseline' : facts.kind === 'before' ? 'outside' : facts.kind;
    const msgFacts = commitKind === facts.kind ? facts : { ...facts, kind: commitKind };
    const commit = commitTree(store, sc.tree, sessLast, commitMessage(commitKind, msgFacts, ts));
    advanceRefs(store, facts.session, commit, sc.tree);
    const changes = head ? (sc.counts ?? countChanges(diffTrees(store, head.tree, sc.tree))) : undefined;
    result.commit = commit;
    if (commitKind !== facts.kind) {
      const own: JournalEntry = { v: 1, kind: commitKind, commit, tree: sc.tree, ts, session: facts.session, ...(head ? { base: head.tree } : {}), ...(changes ? { changes } : {}) };
      if (facts.prompt) own.prompt = facts.prompt;
      if (commitKind === 'outside' && facts.tool_use_id) own.notes = [`found before ${facts.tool ?? 'a call'} ${facts.tool_use_id}`];
      entries.push(own, { ...base, commit, unchanged: true });
      if (commitKind === 'outside' && changes) result.outside = { commit, changes };
    } else {
      entries.push({ ...base, commit, ...(head ? { base: head.tree } : {}), ...(changes ? { changes } : {}) });
      if (changes) result.changes = changes;
    }
  }
  if (facts.base && OID_RE.test(facts.base)) {
    // The call's own change set: its `before` tree against now.
    const changes =
      facts.base === result.tree
        ? { ...NO_CHANGES }
        : facts.base === head?.tree && result.changes
          ? result.changes
          : countChanges(diffTrees(store, facts.base, result.tree));
    result.changes = changes;
    const last = entries[entries.length - 1]!;
    last.base = facts.base;
    last.changes = changes;
  }
  appendJournal(store.journalPath, entries);
  return result;
}

/** Records a tree already in the shadow index (one a restore just wrote) without scanning again. */
export function recordTree(store: Store, facts: CheckpointFacts, tree: string, changes: ChangeCounts, base: string): Checkpoint {
  const now = facts.now ?? Date.now();
  const ts = new Date(now).toISOString();
  const commit = commitTree(store, tree, readRef(store.git.gitDir, sessionRefName(facts.session)), commitMessage(facts.kind, facts, ts));
  advanceRefs(store, facts.session, commit, tree);
  appendJournal(store.journalPath, [
    { v: 1, kind: facts.kind, commit, tree, ts, session: facts.session, ...(facts.target ? { target: facts.target } : {}), base, changes },
  ]);
  return { commit, tree, unchanged: false, changes, large: [], notes: [] };
}

/** Runs fn with the store created (if needed) and locked. */
export function withStore<T>(store: Store, timeoutMs: number, fn: (lock: Lock) => T, existing?: Lock): T {
  mkdirSync(store.dir, { recursive: true, mode: 0o700 });
  const lock = existing ?? acquireLock(store.lockPath, timeoutMs);
  try {
    if (!isReady(store)) initStore(store);
    return fn(lock);
  } finally {
    if (!existing) lock.release();
  }
}
