// Database clients: what each sends (`-c`, `-e`, `--eval`, heredocs, `< file.sql`, piped echo),
// where to (host, database or file, without credentials), and whether the line marks it production.
// ORM and migration tools are in db-orm.ts.
import type { Action, DbAction, DbOp } from '../types.js';
import { dbInput } from './db-input.js';
import { databaseOfConnection, hostOfConnection, isLocalHost, isProductionName, productionAssignment, stripCredentials } from './environment.js';
import { DIALECTS, splitSql } from './sql.js';
import { parseOptions, pathOf, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

export interface DbFacts {
  statements?: string[];
  /** Files whose statements run (`-f`, `--file`, `\i`). */
  files?: string[];
  host?: string;
  target?: string;
  /** Other words that may name the environment (a URL, a conninfo string). */
  hints?: (string | undefined)[];
}

/** Splits statement text the way the engine's client would. */
export function splitFor(engine: string, text: string): string[] {
  if (engine === 'redis') return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (engine === 'mongodb') return text.trim() ? [text.trim()] : [];
  return splitSql(text, DIALECTS[engine] ?? {});
}

export function dbAction(v: CommandView, engine: string, op: DbOp, facts: DbFacts, extraAssignments: { name: string; value: { value: string | null } }[] = []): DbAction {
  const host = facts.host && !isLocalHost(facts.host) ? facts.host.toLowerCase() : undefined;
  const marker =
    productionAssignment([...v.cmd.assignments, ...extraAssignments]) ??
    [host, facts.target, ...(facts.hints ?? [])].map((x) => (x ? stripCredentials(x) : x)).find((x): x is string => !!x && isProductionName(x));
  const a: DbAction = { kind: 'db', engine, op, statements: facts.statements ?? [], via: v.via };
  if (facts.target) a.target = facts.target;
  if (host) a.host = host;
  if (marker) a.production = marker;
  return a;
}

/** A client invocation: statements from options and stdin, files read, the interactive case. */
function client(v: CommandView, engine: string, facts: DbFacts): Action[] {
  const statements = [...(facts.statements ?? []).flatMap((s) => splitFor(engine, s))];
  const sources: string[] = [...(facts.files ?? [])];
  const input = dbInput(v);
  if (input?.text !== undefined) statements.push(...splitFor(engine, input.text));
  else if (input?.source) sources.push(input.source);
  const out: Action[] = [];
  // Meta-commands that read more input or run shell commands.
  for (const s of statements) {
    const include = /^(?:\\i|\\ir|\\include|\\include_relative|\.read|source|\\\.)\s+(\S+)/i.exec(s);
    if (include) {
      sources.push(include[1]!);
      out.push(pathOf(v, 'read', include[1]!));
    }
    if (/^(?:\\!|\.shell\b|\.system\b|system\s)/i.test(s)) out.push({ kind: 'unknown', reason: 'unsupported', detail: `${engine} client input runs a shell command`, via: v.via });
  }
  for (const f of facts.files ?? []) out.push(pathOf(v, 'read', f));
  if (!statements.length && !sources.length) sources.push('<interactive>');
  const a = dbAction(v, engine, 'query', { ...facts, statements });
  if (sources.length) a.sources = sources;
  return [a, ...out];
}

/** `postgres://u:p@host/db`, `host=x dbname=y`, or a plain database name. */
function connection(spec: string | undefined): { host?: string; target?: string } {
  if (!spec) return {};
  if (spec.includes('://')) return { host: hostOfConnection(spec), target: databaseOfConnection(spec) };
  if (/\b(host|dbname)=/.test(spec)) return { host: /\bhost=(\S+)/.exec(spec)?.[1], target: /\bdbname=(\S+)/.exec(spec)?.[1] };
  return { target: spec };
}

const vals = (o: ParsedOptions, ...names: string[]) => names.flatMap((n) => o.values.get(n) ?? []);
const first = (o: ParsedOptions, ...names: string[]) => vals(o, ...names)[0];
const assigned = (v: CommandView, name: string) => v.cmd.assignments.find((a) => a.name === name)?.value.value ?? undefined;

const psql: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-c', '--command', '-d', '--dbname', '-f', '--file', '-h', '--host', '-p', '--port', '-U', '--username', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-P', '--pset', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr'] });
  const conn = connection(first(o, '-d', '--dbname') ?? o.positionals[0]);
  return client(v, 'postgres', {
    statements: vals(o, '-c', '--command'),
    files: vals(o, '-f', '--file').filter((f) => f !== '-'),
    host: first(o, '-h', '--host') ?? conn.host ?? assigned(v, 'PGHOST'),
    target: conn.target ?? assigned(v, 'PGDATABASE'),
  });
};

/** mysql's `-pSECRET` and `--password=SECRET` carry the password attached: drop them before parsing. */
function withoutPasswords(args: readonly string[]): string[] {
  return args.filter((a) => !/^-p.+/.test(a) && !/^--password(=|$)/.test(a));
}

const mysql: CommandHandler = (v) => {
  const o = parseOptions(withoutPasswords(v.args), { withValue: ['-e', '--execute', '-h', '--host', '-P', '--port', '-u', '--user', '-D', '--database', '-S', '--socket', '--defaults-file', '--defaults-extra-file', '--login-path', '--init-command', '--default-character-set', '--protocol', '--ssl-ca', '--ssl-cert', '--ssl-key', '--ssl-mode', '--connect-timeout', '--max-allowed-packet'] });
  return client(v, 'mysql', {
    statements: vals(o, '-e', '--execute'),
    host: first(o, '-h', '--host') ?? assigned(v, 'MYSQL_HOST'),
    target: first(o, '-D', '--database') ?? o.positionals[0],
  });
};

/** sqlite3 and duckdb take single-dash long options; `FILE [SQL…]` follow. */
function fileDb(engine: 'sqlite' | 'duckdb', withValue: string[], statementOptions: string[]): CommandHandler {
  return (v) => {
    const statements: string[] = [];
    const files: string[] = [];
    const positionals: string[] = [];
    for (let i = 0; i < v.args.length; i++) {
      const a = v.args[i]!;
      if (a.startsWith('-') && a.length > 1 && !positionals.length) {
        const name = '-' + a.replace(/^-+/, '');
        if (statementOptions.includes(name)) statements.push(v.args[++i] ?? '');
        else if (name === '-init') files.push(v.args[++i] ?? '');
        else if (withValue.includes(name)) i++;
        continue;
      }
      positionals.push(a);
    }
    const [file, ...sql] = positionals;
    return client(v, engine, { statements: [...statements, ...sql], files: files.filter(Boolean), ...(file && file !== ':memory:' ? { target: file } : {}) });
  };
}

const mongosh: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--eval', '-f', '--file', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase', '--authenticationMechanism', '--tlsCAFile', '--tlsCertificateKeyFile', '--tlsCertificateKeyFilePassword', '--apiVersion', '--awsAccessKeyId', '--awsSecretAccessKey', '--awsSessionToken', '--gssapiServiceName', '--sspiHostnameCanonicalization', '--sspiRealmOverride', '--keyVaultNamespace', '--kmsURL', '--cryptSharedLibPath'] });
  const address = o.positionals.find((p) => !p.endsWith('.js'));
  const scripts = [...o.positionals.filter((p) => p.endsWith('.js')), ...vals(o, '-f', '--file')];
  let host = first(o, '--host');
  let target: string | undefined;
  if (address?.includes('://')) {
    host = hostOfConnection(address);
    target = databaseOfConnection(address);
  } else if (address?.includes('/')) {
    [host, target] = address.split('/', 2) as [string, string];
  } else if (address) target = address;
  return client(v, 'mongodb', { statements: vals(o, '--eval'), files: scripts, host, target, hints: [address] });
};

const redisCli: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '--user', '--pass', '--cacert', '--cacertdir', '--cert', '--key', '--tls-ciphers', '--tls-ciphersuites', '--sni', '--eval', '--rdb', '--functions-rdb', '--pattern', '--quoted-pattern', '--count', '--memkeys-samples', '--lru-test', '--intrinsic-latency', '--replica', '-3'] });
  const uri = first(o, '-u');
  const command = o.positionals.join(' ');
  return client(v, 'redis', {
    statements: command ? [command] : [],
    files: vals(o, '--eval'),
    host: first(o, '-h') ?? (uri ? hostOfConnection(uri) : undefined),
    ...(first(o, '-n') ? { target: `db ${first(o, '-n')}` } : {}),
    hints: [uri],
  });
};

const cqlsh: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-e', '--execute', '-f', '--file', '-k', '--keyspace', '-u', '--username', '-p', '--password', '--cqlshrc', '--encoding', '--cqlversion', '--protocol-version', '--request-timeout', '--connect-timeout', '-b', '--secure-connect-bundle'] });
  return client(v, 'cassandra', { statements: vals(o, '-e', '--execute'), files: vals(o, '-f', '--file'), host: o.positionals[0], target: first(o, '-k', '--keyspace') });
};

const CLICKHOUSE_WITH_VALUE = ['-q', '--query', '-h', '--host', '--port', '-u', '--user', '--password', '-d', '--database', '--queries-file', '--format', '-f', '--config-file', '-C', '--connection', '--param', '--max_threads', '--log-level'];

function clickhouseClient(v: CommandView, args: readonly string[]): Action[] {
  const o = parseOptions(args, { withValue: CLICKHOUSE_WITH_VALUE });
  return client(v, 'clickhouse', { statements: vals(o, '-q', '--query'), files: vals(o, '--queries-file'), host: first(o, '-h', '--host'), target: first(o, '-d', '--database') });
}

const clickhouse: CommandHandler = (v) => {
  const [sub, ...rest] = v.args;
  if (sub === 'client' || sub === 'local') return clickhouseClient(v, rest);
  return [];
};

const sqlcmd: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-S', '-d', '-U', '-P', '-Q', '-q', '-i', '-o', '-v', '-s', '-w', '-t', '-l', '-H', '-a', '-m', '-r', '-f', '-W', '-k', '-y', '-Y', '-A', '-G', '-N', '-F', '--server', '--database-name', '--user-name', '--password', '--query', '--initial-query', '--input-file', '--output-file'] });
  const server = first(o, '-S', '--server')?.replace(/^(tcp|np|lpc):/i, '').split(/[,\\]/)[0];
  return client(v, 'mssql', { statements: vals(o, '-Q', '-q', '--query', '--initial-query'), files: vals(o, '-i', '--input-file'), host: server === '.' || server === '(local)' ? undefined : server, target: first(o, '-d', '--database-name') });
};

const dropdb: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-h', '--host', '-p', '--port', '-U', '--username', '--maintenance-db'] });
  const name = o.positionals[0];
  return name ? [dbAction(v, 'postgres', 'drop-database', { target: name, host: first(o, '-h', '--host') ?? assigned(v, 'PGHOST') })] : [];
};

const mysqladmin: CommandHandler = (v) => {
  const o = parseOptions(withoutPasswords(v.args), { withValue: ['-h', '--host', '-P', '--port', '-u', '--user', '-S', '--socket', '--defaults-file', '--defaults-extra-file', '-c', '--count', '-i', '--sleep'] });
  const [cmd, name] = o.positionals;
  if (cmd?.toLowerCase() !== 'drop' || !name) return [];
  return [dbAction(v, 'mysql', 'drop-database', { target: name, host: first(o, '-h', '--host') })];
};

/** pg_restore --clean drops every object before recreating it. */
const pgRestore: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-f', '--file', '-F', '--format', '-j', '--jobs', '-n', '--schema', '-N', '--exclude-schema', '-t', '--table', '-I', '--index', '-P', '--function', '-T', '--trigger', '-L', '--use-list', '-S', '--superuser', '--role'] });
  if (!o.flags.has('-c') && !o.flags.has('--clean')) return [];
  const conn = connection(first(o, '-d', '--dbname'));
  return [dbAction(v, 'postgres', 'reset', { target: conn.target, host: first(o, '-h', '--host') ?? conn.host })];
};

const mongorestore: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--uri', '-h', '--host', '--port', '-u', '--username', '-p', '--password', '-d', '--db', '-c', '--collection', '--nsInclude', '--nsExclude', '--archive', '--authenticationDatabase'] });
  if (!o.flags.has('--drop')) return [];
  const uri = first(o, '--uri');
  return [dbAction(v, 'mongodb', 'reset', { target: first(o, '-d', '--db') ?? (uri ? databaseOfConnection(uri) : undefined), host: first(o, '-h', '--host') ?? (uri ? hostOfConnection(uri) : undefined), hints: [uri] })];
};

export const DB_CLIENT_COMMANDS: Record<string, CommandHandler> = {
  psql,
  pgcli: psql,
  mysql,
  mariadb: mysql,
  mycli: mysql,
  sqlite3: fileDb('sqlite', ['-cmd', '-separator', '-newline', '-nullvalue', '-vfs', '-maxsize', '-mmap', '-lookaside', '-pagecache', '-heap', '-A'], ['-cmd']),
  sqlite: fileDb('sqlite', ['-cmd', '-separator', '-newline', '-nullvalue', '-vfs', '-maxsize', '-mmap'], ['-cmd']),
  duckdb: fileDb('duckdb', ['-cmd', '-c', '-s', '-separator', '-newline', '-nullvalue'], ['-cmd', '-c', '-s']),
  mongosh,
  mongo: mongosh,
  'redis-cli': redisCli,
  'valkey-cli': redisCli,
  cqlsh,
  'clickhouse-client': (v) => clickhouseClient(v, v.args),
  'clickhouse-local': (v) => clickhouseClient(v, v.args),
  clickhouse,
  sqlcmd,
  dropdb,
  mysqladmin,
  mariadb_admin: mysqladmin,
  'mariadb-admin': mysqladmin,
  pg_restore: pgRestore,
  mongorestore,
};
