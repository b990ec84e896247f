// Read-only views of a project's journal: the timeline the `checkpoints` command lists, a call's
// change counts (the signal anomaly detectors read), and target names resolved to checkpoints.
import { GatehouseError } from '../errors.js';
import type { ChangeCounts, JournalEntry } from './journal.js';
import { readJournal } from './journal.js';
import { storeFor, isReady, type Store } from './store.js';

export interface CallRow {
  type: 'call';
  tool_use_id: string;
  tool?: string;
  session: string;
  prompt?: string;
  ts: string;
  before?: JournalEntry;
  after?: JournalEntry;
  changes?: ChangeCounts;
}

export interface EventRow {
  type: 'event';
  entry: JournalEntry;
}

export type TimelineRow = CallRow | EventRow;

/** Journal entries folded into rows: one per call (before + after), one per other event. An
 * `unchanged` session-start or safety entry still shows: it marks a point you can roll back to. */
export function timeline(entries: readonly JournalEntry[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const calls = new Map<string, CallRow>();
  for (const e of entries) {
    if ((e.kind === 'before' || e.kind === 'after') && e.tool_use_id) {
      let row = calls.get(e.tool_use_id);
      if (!row) {
        row = { type: 'call', tool_use_id: e.tool_use_id, session: e.session, ts: e.ts, ...(e.tool ? { tool: e.tool } : {}), ...(e.prompt ? { prompt: e.prompt } : {}) };
        calls.set(e.tool_use_id, row);
        rows.push(row);
      }
      if (e.kind === 'before') row.before = e;
      else {
        row.after = e;
        if (e.changes) row.changes = e.changes;
      }
    } else {
      rows.push({ type: 'event', entry: e });
    }
  }
  return rows;
}

export interface CallStats {
  tool_use_id: string;
  tool?: string;
  session: string;
  before?: string;
  after?: string;
  /** Files the call added, modified (rewrote) and deleted; absent while the call is still running. */
  changes?: ChangeCounts;
}

/** Per-call change counts for detectors (burst deletes, mass rewrites). */
export function callChangeStats(where: { stateDir: string; projectDir: string }, toolUseId: string): CallStats | undefined {
  let store: Store;
  try {
    store = storeFor(where.stateDir, where.projectDir);
  } catch {
    return undefined;
  }
  if (!isReady(store)) return undefined;
  const row = timeline(readJournal(store.journalPath)).find((r): r is CallRow => r.type === 'call' && r.tool_use_id === toolUseId);
  if (!row) return undefined;
  return {
    tool_use_id: toolUseId,
    ...(row.tool ? { tool: row.tool } : {}),
    session: row.session,
    ...(row.before ? { before: row.before.commit } : {}),
    ...(row.after ? { after: row.after.commit } : {}),
    ...(row.changes ? { changes: row.changes } : {}),
  };
}

export interface Target {
  commit: string;
  tree: string;
  /** How to show it: "before Bash toolu_…", "session start", "checkpoint 1a2b3c4d5e6f". */
  label: string;
  entry: JournalEntry;
}

const HEX = /^[0-9a-f]{4,40}$/;

function latestSession(entries: readonly JournalEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (!entries[i]!.session.startsWith('cli-')) return entries[i]!.session;
  return undefined;
}

function unknown(spec: string, hint: string): GatehouseError {
  return new GatehouseError({ code: 'rollback/unknown-checkpoint', message: `no checkpoint matches '${spec}'`, hint });
}

export function shortId(commit: string): string {
  return commit.slice(0, 12);
}

export function describeEntry(e: JournalEntry): string {
  switch (e.kind) {
    case 'before':
    case 'after':
      return `${e.kind} ${e.tool ?? 'call'} ${e.tool_use_id ?? ''}`.trim();
    case 'session-start':
      return 'session start';
    case 'outside':
      return 'changes made outside the agent';
    case 'safety':
      return 'safety checkpoint before a restore';
    case 'restore':
      return `rollback to ${e.target ? shortId(e.target) : '?'}`;
    case 'undo':
      return `undo of ${e.target ?? '?'}`;
    default:
      return `${e.kind} checkpoint`;
  }
}

/** Resolves `<checkpoint id prefix>`, `<tool_use_id>` (the state just before that call),
 * `session-start` (of the latest or the given session) or `prompt:<id>` (before its first change). */
export function resolveTarget(entries: readonly JournalEntry[], spec: string, session?: string): Target {
  const pick = (e: JournalEntry, label: string): Target => ({ commit: e.commit, tree: e.tree, label, entry: e });
  if (spec === 'session-start') {
    const sid = session ?? latestSession(entries);
    const mine = entries.filter((e) => e.session === sid || (sid !== undefined && e.session.startsWith(sid)));
    if (!sid || mine.length === 0) throw unknown(spec, 'no agent session has checkpoints in this project yet');
    const start = mine.find((e) => e.kind === 'session-start') ?? mine.find((e) => e.kind === 'before') ?? mine[0]!;
    return pick(start, `start of session ${start.session}`);
  }
  if (spec.startsWith('prompt:')) {
    const id = spec.slice(7);
    const first = entries.find((e) => e.kind === 'before' && e.prompt === id);
    if (!first) throw unknown(spec, 'prompt ids are listed by `gatehouse checkpoints --json`');
    return pick(first, `before prompt ${id}`);
  }
  const call = entries.find((e) => e.kind === 'before' && e.tool_use_id === spec);
  if (call) return pick(call, `before ${call.tool ?? 'call'} ${spec}`);
  if (HEX.test(spec)) {
    const matches = entries.filter((e) => e.commit.startsWith(spec));
    const commits = new Set(matches.map((e) => e.commit));
    if (commits.size > 1) {
      throw new GatehouseError({ code: 'rollback/ambiguous-checkpoint', message: `'${spec}' matches ${commits.size} checkpoints`, hint: 'give more characters of the id' });
    }
    // Several entries can share a commit (an unchanged before/after points at the existing one);
    // the entry that created it says what it recorded.
    const e = matches.find((m) => !m.unchanged) ?? matches[0];
    if (e) return pick(e, `checkpoint ${shortId(e.commit)} (${describeEntry(e)})`);
  }
  throw unknown(spec, 'list checkpoints with `gatehouse checkpoints`; targets are a checkpoint id, a tool_use_id, session-start or prompt:<id>');
}

/** The before and after of one call, for undo and diff. */
export function findCall(entries: readonly JournalEntry[], toolUseId: string): { before?: JournalEntry; after?: JournalEntry } {
  const row = timeline(entries).find((r): r is CallRow => r.type === 'call' && r.tool_use_id === toolUseId);
  return row ? { ...(row.before ? { before: row.before } : {}), ...(row.after ? { after: row.after } : {}) } : {};
}
