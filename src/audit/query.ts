// Queries over the index: filtered entries, sessions, and the report. SQL lives here; the CLI
// only formats.
import type { Db } from './index-db.js';

export interface Filter {
  session?: string;
  tool?: string;
  verdict?: string;
  rule?: string;
  event?: string;
  /** Substring of the command, path, URL or query (case-insensitive for ASCII). */
  match?: string;
  since?: number;
  until?: number;
  /** Include gatehouse's own notes (default: decisions only). */
  notes?: boolean;
}

export interface Row {
  seq: number;
  t: number;
  kind: string;
  event: string | null;
  session_id: string | null;
  prompt_id: string | null;
  tool_use_id: string | null;
  tool_name: string | null;
  verdict: string | null;
  decision: string | null;
  rules: string | null;
  subject: string | null;
  project: string | null;
  seg: number;
  off: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function where(f: Filter): { sql: string; params: unknown[] } {
  const c: string[] = [];
  const p: unknown[] = [];
  if (!f.notes) c.push("e.kind = 'decision'");
  if (f.session) {
    c.push('e.session_id = ?');
    p.push(f.session);
  }
  if (f.tool) {
    c.push('e.tool_name = ?');
    p.push(f.tool);
  }
  if (f.verdict) {
    c.push('e.verdict = ?');
    p.push(f.verdict);
  }
  if (f.event) {
    c.push('e.event = ?');
    p.push(f.event);
  }
  if (f.rule) {
    c.push('e.seq IN (SELECT seq FROM rule_hits WHERE rule = ?)');
    p.push(f.rule);
  }
  if (f.since !== undefined) {
    c.push('e.t >= ?');
    p.push(f.since);
  }
  if (f.until !== undefined) {
    c.push('e.t < ?');
    p.push(f.until);
  }
  if (f.match) {
    if ([...f.match].length >= 3) {
      // Trigram full-text index: substring match, case-insensitive, without scanning every row.
      c.push('e.seq IN (SELECT rowid FROM texts WHERE texts MATCH ?)');
      p.push(`"${f.match.replace(/"/g, '""')}"`);
    } else {
      const pat = `%${likeEscape(f.match)}%`;
      c.push("(e.subject LIKE ? ESCAPE '\\' OR e.seq IN (SELECT seq FROM paths WHERE path LIKE ? ESCAPE '\\'))");
      p.push(pat, pat);
    }
  }
  return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

/** Newest first by default, at most `limit`. */
export function queryRows(db: Db, f: Filter, limit = 100, oldestFirst = false): Row[] {
  const w = where(f);
  // Log order; the (verdict, seq), (tool_name, seq) and (session_id, seq) indexes serve "newest N"
  // by walking back from the end instead of sorting every match.
  return db.prepare(`SELECT e.* FROM entries e ${w.sql} ORDER BY e.seq ${oldestFirst ? 'ASC' : 'DESC'} LIMIT ?`).all(...w.params, limit) as Row[];
}

export interface SessionRow {
  session_id: string;
  first: number;
  last: number;
  events: number;
  tool_calls: number;
  denied: number;
  asked: number;
  errors: number;
  project: string | null;
}

export function sessions(db: Db, f: Filter, limit = 50): SessionRow[] {
  const w = where(f);
  return db
    .prepare(
      `SELECT e.session_id, MIN(e.t) AS first, MAX(e.t) AS last, COUNT(*) AS events,
        SUM(e.event = 'PreToolUse') AS tool_calls, SUM(e.verdict = 'deny') AS denied, SUM(e.verdict = 'ask') AS asked,
        SUM(e.verdict = 'error') AS errors, MAX(e.project) AS project
       FROM entries e ${w.sql} GROUP BY e.session_id ORDER BY last DESC LIMIT ?`,
    )
    .all(...w.params, limit) as SessionRow[];
}

export interface Report {
  since: string;
  until: string;
  entries: number;
  sessions: number;
  byEvent: Record<string, number>;
  byTool: Record<string, number>;
  byVerdict: Record<string, number>;
  byRule: Record<string, number>;
  topDenials: { rule: string; subject: string; count: number; last: string }[];
  outsideProject: { path: string; ops: string; count: number; sessions: number }[];
  errors: number;
  notes: Record<string, number>;
}

function counts(db: Db, sql: string, params: unknown[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of db.prepare(sql).all(...params) as { k: string | null; n: number }[]) out[r.k ?? '(none)'] = r.n;
  return out;
}

export function report(db: Db, f: Filter, top = 10): Report {
  const w = where(f);
  const base = `FROM entries e ${w.sql}`;
  const one = (sql: string) => (db.prepare(sql).get(...w.params) as { n: number }).n;
  const andW = w.sql ? `${w.sql} AND` : 'WHERE';
  const noteFilter = where({ ...f, notes: true });
  return {
    since: new Date(f.since ?? 0).toISOString(),
    until: new Date(f.until ?? Date.now()).toISOString(),
    entries: one(`SELECT COUNT(*) AS n ${base}`),
    sessions: one(`SELECT COUNT(DISTINCT e.session_id) AS n ${base}`),
    byEvent: counts(db, `SELECT e.event AS k, COUNT(*) AS n ${base} GROUP BY e.event ORDER BY n DESC`, w.params),
    byTool: counts(db, `SELECT e.tool_name AS k, COUNT(*) AS n FROM entries e ${andW} e.event = 'PreToolUse' GROUP BY e.tool_name ORDER BY n DESC`, w.params),
    byVerdict: counts(db, `SELECT e.verdict AS k, COUNT(*) AS n FROM entries e ${andW} e.event IN ('PreToolUse','PermissionRequest','UserPromptSubmit') GROUP BY e.verdict ORDER BY n DESC`, w.params),
    byRule: counts(db, `SELECT r.rule AS k, COUNT(*) AS n FROM rule_hits r JOIN entries e ON e.seq = r.seq ${w.sql} GROUP BY r.rule ORDER BY n DESC`, w.params),
    topDenials: (
      db
        .prepare(
          `SELECT r.rule AS rule, e.subject AS subject, COUNT(*) AS count, MAX(e.t) AS last FROM rule_hits r JOIN entries e ON e.seq = r.seq
           ${andW} e.verdict = 'deny' GROUP BY r.rule, e.subject ORDER BY count DESC, last DESC LIMIT ?`,
        )
        .all(...w.params, top) as { rule: string; subject: string; count: number; last: number }[]
    ).map((r) => ({ ...r, last: new Date(r.last).toISOString() })),
    outsideProject: db
      .prepare(
        `SELECT p.path AS path, GROUP_CONCAT(DISTINCT p.op) AS ops, COUNT(*) AS count, COUNT(DISTINCT e.session_id) AS sessions
         FROM paths p JOIN entries e ON e.seq = p.seq ${andW} p.outside = 1 GROUP BY p.path ORDER BY count DESC LIMIT ?`,
      )
      .all(...w.params, top * 5) as Report['outsideProject'],
    errors: one(`SELECT COUNT(*) AS n FROM entries e ${andW} e.verdict = 'error'`),
    notes: counts(db, `SELECT e.event AS k, COUNT(*) AS n FROM entries e ${noteFilter.sql ? noteFilter.sql + ' AND' : 'WHERE'} e.kind = 'note' GROUP BY e.event`, noteFilter.params),
  };
}
