// A small SQL statement splitter: splits on `;` outside quotes, dollar quotes and comments, drops
// the comments, and keeps client meta-commands (`\dt`, `.tables`) as statements of their own.
// maskLiterals() blanks string literals so a rule never mistakes data for a statement.

export interface SqlDialect {
  /** `#` starts a comment (MySQL). */
  hashComments?: boolean;
  /** `\'` escapes a quote inside '…' (MySQL); PostgreSQL only does that in E'…'. */
  backslashEscapes?: boolean;
  /** Client meta-commands start a line: `\` (psql, mysql) or `.` (sqlite3, duckdb). */
  metaPrefix?: '\\' | '.';
}

export const DIALECTS: Record<string, SqlDialect> = {
  postgres: { metaPrefix: '\\' },
  mysql: { hashComments: true, backslashEscapes: true, metaPrefix: '\\' },
  sqlite: { metaPrefix: '.' },
  duckdb: { metaPrefix: '.' },
  mssql: {},
  cassandra: {},
  clickhouse: { hashComments: false, backslashEscapes: true },
};

/** At most this many characters are split; the rest is one statement (budget, not correctness). */
const MAX_SQL = 200_000;

export function splitSql(input: string, dialect: SqlDialect = {}): string[] {
  const text = input.length > MAX_SQL ? input.slice(0, MAX_SQL) : input;
  const out: string[] = [];
  let cur = '';
  const push = () => {
    const s = cur.trim();
    if (s) out.push(s);
    cur = '';
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    // A meta-command runs to the end of its line.
    if (dialect.metaPrefix && c === dialect.metaPrefix && cur.trim() === '' && (dialect.metaPrefix === '\\' || /[a-z]/i.test(next ?? ''))) {
      const end = text.indexOf('\n', i);
      cur = text.slice(i, end < 0 ? n : end);
      push();
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      cur += ' ';
      continue;
    }
    if (c === '#' && dialect.hashComments) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      cur += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else i++;
      }
      cur += ' ';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const escapes = c === "'" && (dialect.backslashEscapes || /[eE]$/.test(cur));
      let j = i + 1;
      while (j < n) {
        if (escapes && text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (text[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      cur += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m && !/[A-Za-z0-9_]$/.test(cur)) {
        const tag = m[0];
        const end = text.indexOf(tag, i + tag.length);
        const stop = end < 0 ? n : end + tag.length;
        cur += text.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (c === ';') {
      push();
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  push();
  if (input.length > MAX_SQL) out.push(input.slice(MAX_SQL).trim());
  return out;
}

/** Replaces the contents of '…' string literals with `_`; quoted identifiers stay. */
export function maskLiterals(stmt: string): string {
  return stmt.replace(/'(?:[^'\\]|''|\\.)*'/g, "'_'");
}

/** Dollar-quoted bodies (`DO $$ … $$`, function bodies) are code: the statement without them, then each body's statements. */
export function withBodies(stmt: string, dialect: SqlDialect = {}): string[] {
  const bodies: string[] = [];
  const outer = stmt.replace(/\$([A-Za-z_][A-Za-z0-9_]*)?\$([\s\S]*?)\$\1\$/g, (_m, _tag, body: string) => {
    bodies.push(body);
    return "'_'";
  });
  return [outer, ...bodies.flatMap((b) => splitSql(b, dialect).flatMap((x) => withBodies(x, dialect)))];
}
