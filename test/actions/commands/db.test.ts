import { describe, expect, it } from 'vitest';
import { staticEcho } from '../../../src/actions/commands/db-input.js';
import { DB_CLIENT_COMMANDS } from '../../../src/actions/commands/db.js';
import { makeView } from '../../../src/actions/commands/view.js';
import type { DbAction } from '../../../src/actions/types.js';
import type { SimpleCommand, Word } from '../../../src/shell/types.js';
import { CWD, HOME, actions, of } from './helpers.js';

type Expect = Partial<Omit<DbAction, 'via' | 'kind'>>;

const CASES: [string, Expect | null][] = [
  ['psql -c "SELECT 1; DELETE FROM t"', { engine: 'postgres', op: 'query', statements: ['SELECT 1', 'DELETE FROM t'] }],
  ['psql -h db.example.com -U app -d shop -c "\\dt"', { engine: 'postgres', host: 'db.example.com', target: 'shop', statements: ['\\dt'] }],
  ['psql postgres://app:secret@db.prod.example.com:5432/shop', { host: 'db.prod.example.com', target: 'shop', production: 'db.prod.example.com', sources: ['<interactive>'] }],
  ['psql "host=/var/run/postgresql dbname=app"', { target: 'app', sources: ['<interactive>'] }],
  ['psql -h localhost -c "SELECT 1"', { statements: ['SELECT 1'] }],
  ['PGHOST=db.internal psql -c "SELECT 1"', { host: 'db.internal' }],
  ['psql -f schema.sql app_dev', { target: 'app_dev', sources: ['schema.sql'], statements: [] }],
  ['psql app < dump.sql', { target: 'app', sources: ['dump.sql'] }],
  ['cat a.sql b.sql | psql', { sources: ['a.sql b.sql'] }],
  ['echo "TRUNCATE t" | psql', { statements: ['TRUNCATE t'] }],
  ['printf "DELETE FROM %s;\\n" users | psql', { statements: ['DELETE FROM users'] }],
  ['psql <<< "DROP TABLE t"', { statements: ['DROP TABLE t'] }],
  ['psql <<EOF\nSELECT 1;\nDROP TABLE t;\nEOF', { statements: ['SELECT 1', 'DROP TABLE t'] }],
  ['mysql -uroot -pS3cret -h 10.1.2.3 shop -e "DELETE FROM x"', { engine: 'mysql', host: '10.1.2.3', target: 'shop', statements: ['DELETE FROM x'] }],
  ['mysql --password=S3cret -D shop', { target: 'shop' }],
  ['sqlite3 -cmd ".timeout 1000" app.db "DELETE FROM t" "SELECT 1"', { engine: 'sqlite', target: 'app.db', statements: ['.timeout 1000', 'DELETE FROM t', 'SELECT 1'] }],
  ['sqlite3 :memory: "SELECT 1"', { engine: 'sqlite', statements: ['SELECT 1'] }],
  ['duckdb -c "DROP TABLE t" warehouse.duckdb', { engine: 'duckdb', statements: ['DROP TABLE t'] }],
  ['mongosh "mongodb+srv://u:p@cluster0.example.net/shop" --eval "db.dropDatabase()"', { engine: 'mongodb', host: 'cluster0.example.net', target: 'shop', statements: ['db.dropDatabase()'] }],
  ['mongosh localhost/shop --eval "db.x.find()"', { engine: 'mongodb', target: 'shop' }],
  ['redis-cli -h cache -n 3 FLUSHDB', { engine: 'redis', host: 'cache', target: 'db 3', statements: ['FLUSHDB'] }],
  ['redis-cli -u redis://:pw@cache.prod.example.com:6379 flushall', { host: 'cache.prod.example.com', production: 'cache.prod.example.com', statements: ['flushall'] }],
  ['cqlsh cassandra.internal -k shop -e "TRUNCATE orders"', { engine: 'cassandra', host: 'cassandra.internal', target: 'shop', statements: ['TRUNCATE orders'] }],
  ['clickhouse client --host ch.internal -q "DROP TABLE e"', { engine: 'clickhouse', host: 'ch.internal' }],
  ['sqlcmd -S tcp:sql.example.com,1433 -d shop -Q "DROP TABLE t"', { engine: 'mssql', host: 'sql.example.com', target: 'shop' }],
  ['dropdb -h db.example.com shop', { op: 'drop-database', target: 'shop', host: 'db.example.com' }],
  ['mysqladmin -u root -pX drop shop', { engine: 'mysql', op: 'drop-database', target: 'shop' }],
  ['mysqladmin -u root status', null],
  ['pg_restore --clean -d shop dump', { op: 'reset', target: 'shop' }],
  ['pg_restore -d shop dump', null],
  ['rails db:drop RAILS_ENV=production', { engine: 'rails', op: 'drop-database', production: 'RAILS_ENV=production' }],
  ['bin/rails db:schema:load', { engine: 'rails', op: 'reset' }],
  ['python manage.py flush --database=default', { engine: 'django', op: 'reset' }],
  ['./manage.py reset_db --settings=shop.settings.production', { engine: 'django', op: 'drop-database', production: '--settings shop.settings.production' }],
  ['npx sequelize-cli db:migrate:undo:all --env production', { engine: 'sequelize', op: 'rollback-all', production: '--env production' }],
  ['npx knex migrate:rollback --all', { engine: 'knex', op: 'rollback-all' }],
  ['npx prisma db execute --stdin <<< "TRUNCATE t"', { engine: 'prisma', op: 'query', statements: ['TRUNCATE t'] }],
  ['npx drizzle-kit push --force', { engine: 'drizzle', op: 'force-push-schema' }],
  ['flask db downgrade base', { engine: 'flask-migrate', op: 'rollback-all' }],
  ['dotnet ef database drop --force', { engine: 'entity-framework', op: 'drop-database' }],
  ['heroku pg:reset DATABASE -a shop', { engine: 'heroku-postgres', op: 'reset' }],
  ['rails db:migrate', null],
];

describe('database command tables', () => {
  it.each(CASES)('%s', (command, expected) => {
    const got = of(command, 'db');
    if (expected === null) return expect(got).toEqual([]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject(expected);
  });

  it('never keeps credentials from connection strings', () => {
    for (const cmd of ['psql postgres://app:hunter2@db.prod.example.com/shop', 'redis-cli -u redis://:hunter2@cache.prod.example.com', 'mongosh "mongodb://u:hunter2@prod.example.net/db" --eval "1"']) {
      expect(JSON.stringify(of(cmd, 'db'))).not.toContain('hunter2');
    }
  });

  it('turns psql and sqlite shell escapes into an unknown action, and includes into reads', () => {
    expect(actions('psql -c "\\! rm -rf /tmp/x"').some((a) => a.kind === 'unknown' && a.reason === 'unsupported')).toBe(true);
    expect(actions("sqlite3 app.db '.shell id'").some((a) => a.kind === 'unknown')).toBe(true);
    expect(actions("psql -c '\\i /tmp/evil.sql'").some((a) => a.kind === 'read' && a.path === '/tmp/evil.sql')).toBe(true);
    expect(actions('psql -f seed.sql').some((a) => a.kind === 'read' && a.path === `${CWD}/seed.sql`)).toBe(true);
  });

  it('reads statements from a heredoc given as a redirect, and marks a dynamic heredoc as unknown input', () => {
    const word = (value: string): Word => ({ value, raw: value });
    const cmd = (extra: Partial<SimpleCommand>): SimpleCommand => ({ argv: [word('psql')], wrappers: [], assignments: [], redirects: [], cwd: CWD, depth: 0, text: 'psql', ...extra });
    const run = (c: SimpleCommand) => DB_CLIENT_COMMANDS.psql!(makeView(c, 0, [c], { cwd: CWD, home: HOME }));
    expect(run(cmd({ redirects: [{ op: '<<', fd: 0, target: word('SQL'), body: 'TRUNCATE a;\nSELECT 1;\n' }] }))[0]).toMatchObject({ statements: ['TRUNCATE a', 'SELECT 1'] });
    expect(run(cmd({ stdin: { kind: 'heredoc', body: null } }))[0]).toMatchObject({ statements: [], sources: ['<stdin>'] });
    expect(run(cmd({ assignments: [{ name: 'DATABASE_URL', value: word('postgres://u:p@prod-db.example.com/x') }] }))[0]).toMatchObject({ production: 'DATABASE_URL=prod-db.example.com' });
  });

  it('prints echo and printf the way the shell would, near enough for SQL', () => {
    expect(staticEcho(['echo', '-e', 'a\\nb'])).toBe('a\nb');
    expect(staticEcho(['echo', '-n', 'x', 'y'])).toBe('x y');
    expect(staticEcho(['printf', '%s;%s', 'A', 'B'])).toBe('A;B');
    expect(staticEcho(['echo', null])).toBeUndefined();
  });
});
