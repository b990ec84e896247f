import { bool, defineCommand, str, type Parsed } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style, table } from '../format.js';
import type { Io } from '../io.js';
import { GatehouseError } from '../../errors.js';
import { formatCounts } from '../../rollback/changes.js';
import { readJournal } from '../../rollback/journal.js';
import { adoptLock } from '../../rollback/lock.js';
import { ago, openForCli, PROJECT_OPTION, unavailableAs4 } from '../../rollback/present.js';
import { describeEntry, shortId, timeline, type TimelineRow } from '../../rollback/queries.js';
import { cliSession } from '../../rollback/restore.js';
import { pruneAll, pruneStore, prunedRecently, type PruneOptions } from '../../rollback/retention.js';
import { takeCheckpoint, withStore } from '../../rollback/snapshot.js';
import type { CheckpointKind } from '../../rollback/journal.js';

function positiveNumber(p: Parsed, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v.replace(/d$/, ''));
  if (!Number.isFinite(n) || n < 0) throw new GatehouseError({ code: 'cli/usage', message: `--${name} expects a number, got '${v}'` });
  return n;
}

function rowJson(r: TimelineRow): Record<string, unknown> {
  return r.type === 'call' ? { ...r } : { type: 'event', ...r.entry };
}

async function list(p: Parsed, io: Io): Promise<number> {
  const { store } = openForCli(io, str(p, 'project'));
  const session = str(p, 'session');
  let rows = timeline(readJournal(store.journalPath)).filter((r) => !session || (r.type === 'call' ? r.session : r.entry.session).startsWith(session));
  const limit = positiveNumber(p, 'limit') ?? 50;
  if (bool(p, 'json')) {
    printJson(io, { project: store.project, store: store.dir, rows: rows.map(rowJson) });
    return EXIT.ok;
  }
  const total = rows.length;
  rows = rows.slice(-limit);
  const st = style(io);
  io.out(`${st.bold('Checkpoints')} of ${store.project}${total > rows.length ? st.dim(` (last ${rows.length} of ${total}; --limit N for more)`) : ''}\n`);
  if (rows.length === 0) {
    io.out('  none yet\n');
    return EXIT.ok;
  }
  const out: string[][] = [[st.dim('when'), st.dim('checkpoint'), st.dim('what'), st.dim('tool_use_id'), st.dim('changes')]];
  // Session headings go between table lines, so they do not widen the first column.
  const headings = new Map<number, string>();
  let lastSession = '';
  for (const r of rows) {
    const sess = r.type === 'call' ? r.session : r.entry.session;
    if (sess !== lastSession) {
      headings.set(out.length, st.cyan(`session ${sess}`));
      lastSession = sess;
    }
    if (r.type === 'call') {
      const id = r.after?.commit ?? r.before?.commit ?? '';
      const changes = r.after ? formatCounts(r.changes) : st.yellow('running or interrupted');
      out.push([`  ${ago(r.ts)}`, shortId(id), r.tool ?? 'call', r.tool_use_id, r.changes?.deleted ? st.red(changes) : changes]);
    } else {
      const e = r.entry;
      const changes = e.unchanged ? 'no change' : e.changes ? formatCounts(e.changes) : '';
      out.push([`  ${ago(e.ts)}`, shortId(e.commit), describeEntry(e), e.kind === 'undo' ? (e.target ?? '') : '', changes]);
    }
  }
  const lines = table(out).split('\n');
  io.out(lines.map((l, i) => (headings.has(i) ? `${headings.get(i)}\n${l}` : l)).join('\n'));
  io.out(st.dim('Restore with `gatehouse rollback --to <checkpoint|tool_use_id|session-start>`; reverse one call with `gatehouse undo <tool_use_id>`.\n'));
  return EXIT.ok;
}

async function prune(p: Parsed, io: Io): Promise<number> {
  const { store, cfg, stateDir } = openForCli(io, str(p, 'project'), !bool(p, 'all'));
  const o: PruneOptions = {
    days: positiveNumber(p, 'older-than') ?? cfg.retention.days,
    maxStoreMB: positiveNumber(p, 'max-size') ?? cfg.retention.maxStoreMB,
    dryRun: bool(p, 'dry-run'),
    lockTimeoutMs: Math.max(cfg.lockTimeoutMs, 30_000),
  };
  const reports = bool(p, 'all') ? pruneAll(stateDir, o) : [pruneStore(store, o)];
  if (bool(p, 'json')) {
    printJson(io, { dryRun: Boolean(o.dryRun), days: o.days, maxStoreMB: o.maxStoreMB, stores: reports });
    return EXIT.ok;
  }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  for (const r of reports) {
    if (r.removed) {
      io.out(`${r.project}: project folder gone; ${o.dryRun ? 'would remove' : 'removed'} its store (${mb(r.bytesBefore)})\n`);
      continue;
    }
    const verb = o.dryRun ? 'would drop' : 'dropped';
    io.out(
      `${r.project}: ${verb} ${r.sessionsRemoved.length} session(s) (${r.entriesRemoved} checkpoint records), kept ${r.sessionsKept}; ` +
        `store ${mb(r.bytesBefore)}${o.dryRun ? '' : ` → ${mb(r.bytesAfter)}`}\n`,
    );
  }
  if (reports.length === 0) io.out('no checkpoint stores\n');
  return EXIT.ok;
}

const KINDS: readonly CheckpointKind[] = ['manual', 'session-start'];

async function snapshot(p: Parsed, io: Io): Promise<number> {
  const { store, cfg, stateDir } = openForCli(io, str(p, 'project'), false);
  const kind = (str(p, 'kind') ?? 'manual') as CheckpointKind;
  if (!KINDS.includes(kind)) throw new GatehouseError({ code: 'cli/usage', message: `--kind must be one of ${KINDS.join(', ')}` });
  const session = str(p, 'session') ?? cliSession();
  const token = str(p, 'lock-token');
  const held = token ? adoptLock(store.lockPath, token) : undefined;
  // A background first snapshot may take long on a big project: wait generously for the lock.
  const cp = withStore(store, Math.max(cfg.lockTimeoutMs, 120_000), () => takeCheckpoint(store, cfg, stateDir, { kind, session }), held);
  if (held) held.release();
  if (str(p, 'kind') === 'session-start' && !prunedRecently(store)) {
    pruneStore(store, { days: cfg.retention.days, maxStoreMB: cfg.retention.maxStoreMB, lockTimeoutMs: 120_000 });
  }
  if (bool(p, 'json')) printJson(io, { project: store.project, ...cp });
  else io.out(`${cp.unchanged ? 'no change since' : 'checkpoint'} ${shortId(cp.commit)}${cp.notes.length ? `\n${cp.notes.map((n) => `  note: ${n}`).join('\n')}` : ''}\n`);
  return EXIT.ok;
}

export default defineCommand({
  meta: {
    name: 'checkpoints',
    summary: 'List rollback checkpoints with per-call change counts; prune old ones',
    usage: [
      'checkpoints [--session S] [--limit N] [--json] [--project DIR]',
      'checkpoints prune [--older-than DAYS] [--max-size MB] [--all] [--dry-run] [--json]',
      'checkpoints snapshot [--project DIR] [--json]',
    ],
    description:
      'The gatehouse hook snapshots the project before and after every change-making tool call (Bash,\n' +
      'Write, Edit, MultiEdit, NotebookEdit, mutating MCP tools) into a shadow git store outside the\n' +
      'project. Each call is listed with what it added (+), modified (~) and deleted (-). Changes made\n' +
      'between calls, by you or another program, appear as "changes made outside the agent".\n\n' +
      'prune     drop sessions idle for more than --older-than days (default from rollback.json: 30),\n' +
      '          then shrink the store below --max-size MB (default 2048) by dropping the oldest sessions;\n' +
      '          --all prunes every project\'s store and removes stores of folders that no longer exist.\n' +
      'snapshot  take a checkpoint now.',
    options: {
      ...PROJECT_OPTION,
      session: { type: 'string', value: 'S', description: 'Only this session (id or prefix)' },
      limit: { type: 'string', value: 'N', description: 'Show the last N rows (default 50)' },
      json: { type: 'boolean', description: 'Machine-readable output' },
      'older-than': { type: 'string', value: 'DAYS', description: 'prune: retention in days' },
      'max-size': { type: 'string', value: 'MB', description: 'prune: size cap of the store' },
      all: { type: 'boolean', description: 'prune: every project' },
      'dry-run': { type: 'boolean', description: 'prune: report, change nothing' },
      kind: { type: 'string', value: 'KIND', description: 'snapshot: manual (default) or session-start' },
      'lock-token': { type: 'string', value: 'T', description: 'snapshot: adopt a lock handed over by the hook (internal)' },
    },
    examples: ['gatehouse checkpoints', 'gatehouse checkpoints --session 3f2a --json', 'gatehouse checkpoints prune --older-than 7'],
    notes: ['Settings: rollback.json in the gatehouse config folder (see docs/rollback.md).'],
  },
  run: unavailableAs4(async (p, io) => {
    const [sub, ...extra] = p.positionals;
    if (extra.length) throw new GatehouseError({ code: 'cli/unexpected-argument', message: `unexpected argument '${extra[0]}'` });
    if (sub === undefined || sub === 'list') return list(p, io);
    if (sub === 'prune') return prune(p, io);
    if (sub === 'snapshot') return snapshot(p, io);
    throw new GatehouseError({ code: 'cli/unknown-command', message: `unknown command 'checkpoints ${sub}'`, hint: 'commands: list (default), prune, snapshot' });
  }),
});
