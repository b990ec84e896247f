// The query index: a SQLite database (better-sqlite3) derived from the JSONL segments, built and
// caught up lazily by the query commands — never by the hook, which only appends. The index holds
// columns to filter on and where each entry sits in the log; full entries are read from the log,
// so the index never holds anything the (redacted) log does not.
import Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { readAnchor } from './checkpoint.js';
import { LAYOUT } from './options.js';
import { readEntries, type Cursor } from './read.js';
import type { AuditEntry } from './record.js';
import { isInside, pathsOf, projectOf, subjectOf } from './summary.js';

export type Db = Database.Database;

const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY,
  t INTEGER NOT NULL,
  kind TEXT NOT NULL,
  event TEXT,
  session_id TEXT,
  prompt_id TEXT,
  tool_use_id TEXT,
  tool_name TEXT,
  verdict TEXT,
  decision TEXT,
  rules TEXT,
  subject TEXT,
  project TEXT,
  seg INTEGER NOT NULL,
  off INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_t ON entries (t);
CREATE INDEX IF NOT EXISTS entries_session ON entries (session_id, seq);
CREATE INDEX IF NOT EXISTS entries_tool ON entries (tool_name, seq);
CREATE INDEX IF NOT EXISTS entries_verdict ON entries (verdict, seq);
CREATE INDEX IF NOT EXISTS entries_tool_use ON entries (tool_use_id);
CREATE TABLE IF NOT EXISTS rule_hits (seq INTEGER NOT NULL, rule TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rule_hits_rule ON rule_hits (rule, seq);
CREATE INDEX IF NOT EXISTS rule_hits_seq ON rule_hits (seq);
CREATE TABLE IF NOT EXISTS paths (seq INTEGER NOT NULL, op TEXT NOT NULL, path TEXT NOT NULL, outside INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS paths_seq ON paths (seq);
CREATE INDEX IF NOT EXISTS paths_outside ON paths (outside, seq);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(body, tokenize = 'trigram', content = '', contentless_delete = 1);
`;

export function openIndex(dir: string, file = join(dir, LAYOUT.index)): Db {
  const db = new Database(file);
  chmodSync(file, 0o600); // SQLite creates its -wal and -shm files with the same mode
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  const v = db.pragma('user_version', { simple: true }) as number;
  if (v !== SCHEMA_VERSION) {
    // Derived data: on a schema change, start over.
    db.exec('DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS rule_hits; DROP TABLE IF EXISTS paths; DROP TABLE IF EXISTS texts;');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  return db;
}

function getCursor(db: Db): Cursor | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'cursor'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Cursor) : undefined;
}

/** Adds every entry written since the last catch-up; drops entries expired by retention.
 * Returns how many entries were added. */
export function catchUp(db: Db, dir: string): number {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO entries (seq, t, kind, event, session_id, prompt_id, tool_use_id, tool_name, verdict, decision, rules, subject, project, seg, off) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insertRule = db.prepare('INSERT INTO rule_hits (seq, rule) VALUES (?, ?)');
  const insertPath = db.prepare('INSERT INTO paths (seq, op, path, outside) VALUES (?, ?, ?, ?)');
  const setCursor = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('cursor', ?)");
  const clearRules = db.prepare('DELETE FROM rule_hits WHERE seq = ?');
  const clearPaths = db.prepare('DELETE FROM paths WHERE seq = ?');
  // Substring search (`--match`) goes through a trigram index of the subject and paths.
  const clearText = db.prepare('DELETE FROM texts WHERE rowid = ?');
  const insertText = db.prepare('INSERT INTO texts (rowid, body) VALUES (?, ?)');
  let added = 0;
  let batch: { e: AuditEntry; seg: number; off: number }[] = [];
  const flush = db.transaction((rows: typeof batch, cursor: Cursor | undefined) => {
    for (const { e, seg, off } of rows) {
      if (!Number.isInteger(e.seq)) continue;
      if (e.seq <= maxSeq) {
        clearRules.run(e.seq);
        clearPaths.run(e.seq);
        clearText.run(e.seq);
      }
      const t = Date.parse(e.ts) || 0;
      if (e.kind === 'note') {
        insert.run(e.seq, t, 'note', `gatehouse:${e.note}`, null, null, null, null, null, null, null, subjectOf(e), null, seg, off);
        continue;
      }
      const rules = Array.isArray(e.rules) ? e.rules : [];
      const project = projectOf(e);
      const subject = subjectOf(e);
      insert.run(e.seq, t, 'decision', e.event, e.session_id, e.prompt_id ?? null, e.tool_use_id ?? null, e.tool_name ?? null, e.verdict, e.decision, rules.join(' '), subject, project ?? null, seg, off);
      for (const r of rules) insertRule.run(e.seq, r);
      const paths = pathsOf(e);
      for (const p of paths) insertPath.run(e.seq, p.op, p.path, project && !isInside(project, p.path) ? 1 : 0);
      insertText.run(e.seq, [subject, ...paths.map((p) => p.path)].join('\n'));
    }
    if (cursor) setCursor.run(JSON.stringify(cursor));
  });
  const cursor = getCursor(db);
  // Entries past the highest seq indexed are new: no stale rows to clear (a fresh build skips the
  // deletes, which are costly on the full-text table).
  const maxSeq = (db.prepare('SELECT MAX(seq) AS m FROM entries').get() as { m: number | null }).m ?? 0;
  const end = readEntries(
    dir,
    (x) => {
      batch.push({ e: x.entry, seg: x.seg, off: x.offset });
      added++;
      if (batch.length >= 20000) {
        flush(batch, { seg: x.seg, offset: x.offset });
        batch = [];
      }
    },
    cursor,
  );
  flush(batch, end);
  const anchor = readAnchor(join(dir, LAYOUT.anchor));
  if (anchor && anchor.seq > 0) {
    db.transaction(() => {
      db.prepare('DELETE FROM entries WHERE seq < ?').run(anchor.seq);
      db.prepare('DELETE FROM rule_hits WHERE seq < ?').run(anchor.seq);
      db.prepare('DELETE FROM paths WHERE seq < ?').run(anchor.seq);
      db.prepare('DELETE FROM texts WHERE rowid < ?').run(anchor.seq);
    })();
  }
  return added;
}

/** Opens the index beside the log and catches it up. */
export function readyIndex(dir: string): Db {
  const db = openIndex(dir);
  catchUp(db, dir);
  return db;
}
