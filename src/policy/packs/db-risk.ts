// What a database action destroys, by engine: SQL statements (DROP, TRUNCATE, DELETE/UPDATE
// without WHERE, ALTER … DROP COLUMN), redis and MongoDB commands, and tool-level drops and resets.
import { maskLiterals, withBodies } from '../../actions/commands/sql.js';
import type { DbAction } from '../../actions/types.js';

/** `wipe`: a whole database or schema; `data-loss`: tables, rows or columns; `takeover`: server settings an attacker uses. */
export type DbRiskLevel = 'wipe' | 'data-loss' | 'takeover';

export interface DbRisk {
  level: DbRiskLevel;
  what: string;
}

const SQL_ENGINES = /^(postgres|mysql|sqlite|duckdb|mssql|cassandra|clickhouse|prisma|cloudflare-d1|django)$/;

/** Index of the first top-level (paren depth 0) keyword match at or after `from`, or -1. */
function topLevel(stmt: string, re: RegExp, from: number): number {
  let depth = 0;
  for (let i = from; i < stmt.length; i++) {
    const c = stmt[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /\w/.test(c ?? '') && (i === 0 || /\W/.test(stmt[i - 1] ?? ' '))) {
      re.lastIndex = 0;
      const m = re.exec(stmt.slice(i, i + 16));
      if (m && m.index === 0) return i;
    }
  }
  return -1;
}

/** `WHERE 1=1`, `WHERE true`, `WHERE 1`, `WHERE '_'='_'`: a filter that keeps every row. */
function trivialWhere(rest: string): boolean {
  return /^WHERE\s+(1\s*=\s*1|TRUE|1|'_'\s*=\s*'_'|1\s*<>\s*0|NOT\s+FALSE)\s*(;|$|LIMIT|ORDER|RETURNING)/i.test(rest.trim());
}

/** Risks of one SQL statement (comments already removed by the splitter). */
export function sqlRisks(statement: string): DbRisk[] {
  const out: DbRisk[] = [];
  for (const part of withBodies(statement)) {
    // Block keywords of procedural bodies (`BEGIN DELETE …`) are not part of the statement.
    const s = maskLiterals(part).replace(/\s+/g, ' ').trim().replace(/^((BEGIN( ATOMIC)?|ELSE|LOOP|DO|THEN) )+/i, '');
    const u = s.toUpperCase();
    let m: RegExpExecArray | null;
    if ((m = /^DROP (DATABASE|SCHEMA|KEYSPACE|OWNED)\b/.exec(u))) out.push({ level: 'wipe', what: `DROP ${m[1]}` });
    else if (/^DROP (TABLE|COLLECTION)\b/.test(u)) out.push({ level: 'data-loss', what: 'DROP TABLE' });
    else if (/^TRUNCATE\b/.test(u)) out.push({ level: 'data-loss', what: 'TRUNCATE' });
    const del = /^(WITH\b.*?\)\s*)?DELETE\b/.exec(u);
    if (del) {
      const where = topLevel(u, /WHERE\b/y, del.index + del[0].length);
      const limited = topLevel(u, /LIMIT\b/y, del.index + del[0].length) >= 0;
      if ((where < 0 && !limited) || (where >= 0 && trivialWhere(u.slice(where)))) out.push({ level: 'data-loss', what: 'DELETE without WHERE' });
    }
    const upd = /^(WITH\b.*?\)\s*)?UPDATE\b/.exec(u);
    if (upd && /\bSET\b/.test(u)) {
      const where = topLevel(u, /WHERE\b/y, upd.index + upd[0].length);
      const limited = topLevel(u, /LIMIT\b/y, upd.index + upd[0].length) >= 0;
      if ((where < 0 && !limited) || (where >= 0 && trivialWhere(u.slice(where)))) out.push({ level: 'data-loss', what: 'UPDATE without WHERE' });
    }
    if (/^ALTER TABLE\b/.test(u)) {
      for (const d of u.matchAll(/\bDROP (?:COLUMN )?(?:IF EXISTS )?([`"[\]\w.]+)/g)) {
        if (!/^(CONSTRAINT|INDEX|KEY|PRIMARY|FOREIGN|CHECK|DEFAULT|NOT|IDENTITY|EXPRESSION|TRIGGER|ROW|POLICY|SYSTEM|UNIQUE|FULLTEXT|SPATIAL)$/.test(d[1]!)) {
          out.push({ level: 'data-loss', what: d[1] === 'PARTITION' ? 'ALTER TABLE … DROP PARTITION' : 'ALTER TABLE … DROP COLUMN' });
          break;
        }
      }
    }
  }
  return out;
}

export function redisRisks(command: string): DbRisk[] {
  const words = command.trim().split(/\s+/);
  const cmd = (words[0] ?? '').toUpperCase();
  const sub = (words[1] ?? '').toUpperCase();
  if (cmd === 'FLUSHALL') return [{ level: 'wipe', what: 'FLUSHALL' }];
  if (cmd === 'FLUSHDB') return [{ level: 'data-loss', what: 'FLUSHDB' }];
  // Pointing redis' dump file at ~/.ssh or a cron directory is the classic redis takeover.
  if (cmd === 'CONFIG' && sub === 'SET' && /^(dir|dbfilename|appendfilename|appenddirname)$/i.test(words[2] ?? '')) return [{ level: 'takeover', what: `CONFIG SET ${words[2]}` }];
  if (cmd === 'SLAVEOF' || cmd === 'REPLICAOF') return (words[1] ?? '').toUpperCase() === 'NO' ? [] : [{ level: 'takeover', what: cmd }];
  if (cmd === 'MODULE' && sub === 'LOAD') return [{ level: 'takeover', what: 'MODULE LOAD' }];
  return [];
}

export function mongoRisks(code: string): DbRisk[] {
  const out: DbRisk[] = [];
  const js = code.replace(/\s+/g, '');
  if (/\.dropDatabase\(/.test(js)) out.push({ level: 'wipe', what: 'dropDatabase()' });
  if (/\.drop\(\)/.test(js) || /\.dropCollection\(/.test(js)) out.push({ level: 'data-loss', what: 'collection drop()' });
  if (/\.(deleteMany|remove)\((\{\})?[),]/.test(js)) out.push({ level: 'data-loss', what: 'deleteMany({})' });
  if (/\.updateMany\(\{\},/.test(js)) out.push({ level: 'data-loss', what: 'updateMany({}, …)' });
  return out;
}

const OP_RISK: Partial<Record<DbAction['op'], DbRisk>> = {
  'drop-database': { level: 'wipe', what: 'drops the database' },
  reset: { level: 'wipe', what: 'drops and recreates the database (all data lost)' },
  'rollback-all': { level: 'wipe', what: 'rolls back every migration (all tables dropped)' },
  'force-push-schema': { level: 'data-loss', what: 'applies schema changes that drop data' },
};

export function dbRisks(a: DbAction): DbRisk[] {
  const op = OP_RISK[a.op];
  if (op) return [op];
  if (a.engine === 'redis') return a.statements.flatMap(redisRisks);
  if (a.engine === 'mongodb') return a.statements.flatMap(mongoRisks);
  if (SQL_ENGINES.test(a.engine)) return a.statements.flatMap(sqlRisks);
  return [];
}

/** The database is somewhere else (a named server) or marked production, by the line or the policy. */
export function isShared(a: DbAction, production: boolean): boolean {
  return a.host !== undefined || a.production !== undefined || production;
}
