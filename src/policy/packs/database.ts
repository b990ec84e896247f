// Database destruction: dropping or resetting whole databases, statements that destroy tables,
// rows or columns (DROP, TRUNCATE, DELETE/UPDATE without WHERE, ALTER … DROP COLUMN, FLUSHALL,
// dropDatabase), ORM and migration resets, and redis settings used to take servers over. Where
// the database is matters: a local development database asks, a named server or production denies.
import type { Action, DbAction } from '../../actions/types.js';
import { defineRule } from '../types.js';
import { dbRisks, isShared, type DbRiskLevel } from './db-risk.js';

export const PACK = 'database';

const hasRisk = (a: Action, ...levels: DbRiskLevel[]): a is DbAction => a.kind === 'db' && dbRisks(a).some((r) => levels.includes(r.level));

export const wipeRemote = defineRule({
  id: 'database/wipe-shared-database',
  verdict: 'deny',
  summary: 'Drops or resets a whole database on a server or in production (DROP DATABASE, FLUSHALL, dropDatabase(), migrate reset…)',
  why: 'Every table and row is gone at once, for everyone using that database; only a backup brings it back.',
  fix: 'Work against a local or disposable database; dropping a shared one is for the user to do, after checking the backup.',
  on: ['db'],
  match: (a, env) => hasRisk(a, 'wipe') && isShared(a, env.production),
  examples: {
    match: [{ Bash: 'psql -h db.example.com -U app -c "DROP DATABASE shop"' }, { Bash: 'psql postgres://app:pw@db.example.com/shop -c "DROP SCHEMA public CASCADE"' }, { Bash: 'redis-cli -h cache.example.com FLUSHALL' }, { Bash: 'mongosh "mongodb+srv://cluster0.example.net/shop" --eval "db.dropDatabase()"' }, { Bash: 'RAILS_ENV=production rails db:drop' }, { Bash: 'rails db:reset RAILS_ENV=production DISABLE_DATABASE_ENVIRONMENT_CHECK=1' }, { Bash: 'dropdb -h db.example.com shop' }, { Bash: 'heroku pg:reset DATABASE_URL -a shop' }, { Bash: 'DATABASE_URL=postgres://u:p@prod-db.example.com/shop npx prisma migrate reset --force' }, { Bash: 'php artisan migrate:fresh --force' }, { Bash: 'pg_restore --clean -h db.example.com -d shop dump.pgdump' }],
    pass: [{ Bash: 'psql -h db.example.com -c "SELECT count(*) FROM orders"' }, { Bash: 'redis-cli -h cache.example.com INFO' }, { Bash: 'rails db:migrate' }, { Bash: 'echo "DROP DATABASE shop"' }],
  },
});

export const wipeLocal = defineRule({
  id: 'database/wipe-local-database',
  verdict: 'ask',
  summary: 'Drops or resets the local development database (rails db:reset, prisma migrate reset, DROP DATABASE on localhost…)',
  why: 'Even a development database holds data someone set up by hand; a reset throws it all away.',
  fix: 'Confirm with the user, or use a throw-away test database.',
  on: ['db'],
  match: (a, env) => hasRisk(a, 'wipe') && !isShared(a, env.production),
  examples: {
    match: [{ Bash: 'npx prisma migrate reset --force' }, { Bash: 'npx prisma db push --force-reset' }, { Bash: 'rails db:drop db:create db:migrate' }, { Bash: 'bin/rails db:schema:load' }, { Bash: 'python manage.py flush --noinput' }, { Bash: 'dropdb myapp_dev' }, { Bash: 'psql -c "DROP DATABASE myapp_dev"' }, { Bash: 'redis-cli FLUSHALL' }, { Bash: 'npx sequelize-cli db:drop' }, { Bash: 'npx knex migrate:rollback --all' }, { Bash: 'npx typeorm schema:drop -d src/data-source.ts' }, { Bash: 'alembic downgrade base' }, { Bash: 'mix ecto.reset' }, { Bash: 'mysqladmin -u root drop myapp_dev' }],
    pass: [{ Bash: 'npx prisma migrate dev' }, { Bash: 'npx prisma generate' }, { Bash: 'rails db:migrate' }, { Bash: 'python manage.py migrate' }, { Bash: 'alembic downgrade -1' }, { Bash: 'npx knex migrate:rollback' }, { Bash: 'python manage.py sqlflush' }],
  },
});

export const destructiveProduction = defineRule({
  id: 'database/destructive-statement-production',
  verdict: 'deny',
  summary: 'Destroys tables, rows or columns in a production database (DROP TABLE, TRUNCATE, DELETE/UPDATE without WHERE…)',
  why: 'Production data is the business; a statement like this cannot be taken back, and restoring a backup loses everything since.',
  fix: 'Write a migration that goes through review and runs with a backup and a rollback plan; or ask the user to run it.',
  on: ['db'],
  match: (a, env) => hasRisk(a, 'data-loss') && (a.production !== undefined || env.production),
  examples: {
    match: [{ Bash: 'psql -h db.prod.example.com -c "TRUNCATE orders"' }, { Bash: 'mysql -h mysql-production.internal -e "DELETE FROM sessions"' }, { Bash: 'psql "postgres://app@prod-db.example.com/shop" -c "ALTER TABLE users DROP COLUMN email"' }, { Bash: 'NODE_ENV=production npx prisma db push --accept-data-loss' }, { Bash: 'redis-cli -u redis://cache.prod.example.com FLUSHDB' }],
    pass: [{ Bash: 'psql -h db.prod.example.com -c "DELETE FROM sessions WHERE expires_at < now()"' }, { Bash: 'psql -h db.prod.example.com -c "SELECT * FROM orders LIMIT 10"' }, { Bash: 'mysql -h mysql-production.internal -e "SHOW TABLES"' }],
  },
});

export const destructive = defineRule({
  id: 'database/destructive-statement',
  verdict: 'ask',
  summary: 'Destroys tables, rows or columns (DROP TABLE, TRUNCATE, DELETE/UPDATE without WHERE, ALTER … DROP COLUMN, FLUSHDB, drop(), deleteMany({}))',
  why: 'These statements remove data for good; on a shared server other people\'s data goes with it.',
  fix: 'Add a WHERE clause, write a reviewed migration, or confirm with the user that this data can go.',
  on: ['db'],
  match: (a, env) => hasRisk(a, 'data-loss') && a.production === undefined && !env.production,
  examples: {
    match: [{ Bash: 'psql -c "DROP TABLE users"' }, { Bash: 'psql -d shop -c "truncate table orders restart identity"' }, { Bash: 'mysql -u root shop -e "DELETE FROM users"' }, { Bash: 'sqlite3 app.db "UPDATE users SET admin = 1"' }, { Bash: 'sqlite3 app.db "DELETE FROM users WHERE 1=1"' }, { Bash: 'psql -c "ALTER TABLE users DROP COLUMN email"' }, { Bash: 'mongosh shop --eval "db.users.deleteMany({})"' }, { Bash: 'mongosh shop --eval "db.users.drop()"' }, { Bash: 'redis-cli -n 2 FLUSHDB' }, { Bash: 'duckdb analytics.duckdb -c "DROP TABLE events"' }, { Bash: 'psql -h staging-db.example.com -c "DELETE FROM events"' }, { Bash: "psql -c 'DO $$ BEGIN DELETE FROM audit_log; END $$'" }, { tool: 'mcp__postgres__query', input: { sql: 'DROP TABLE users' } }, { tool: 'mcp__sqlite__write_query', input: { query: 'DELETE FROM users' } }],
    pass: [{ Bash: 'psql -c "SELECT * FROM users"' }, { tool: 'mcp__postgres__query', input: { sql: 'SELECT id FROM users LIMIT 5' } }, { Bash: 'psql -c "DELETE FROM users WHERE id = 1"' }, { Bash: 'psql -c "\\dt"' }, { Bash: 'sqlite3 app.db ".tables"' }, { Bash: 'psql -c "SELECT \'DROP TABLE users\' AS hint"' }, { Bash: 'psql -c "-- DROP TABLE users\nSELECT 1"' }, { Bash: 'mysql -e "ALTER TABLE users DROP INDEX idx_email"' }, { Bash: 'psql -c "ALTER TABLE users ALTER COLUMN name DROP NOT NULL"' }, { Bash: 'mongosh shop --eval "db.users.deleteMany({ inactive: true })"' }, { Bash: 'psql -c "UPDATE users SET name = \'x\' WHERE id IN (SELECT id FROM t)"' }, { Bash: 'git commit -m "DROP TABLE legacy_users"' }],
  },
});

export const redisTakeover = defineRule({
  id: 'database/redis-server-takeover',
  verdict: 'deny',
  summary: 'Repoints redis\' dump file, replication or modules (CONFIG SET dir/dbfilename, REPLICAOF, MODULE LOAD)',
  why: 'Writing the dump into ~/.ssh or a cron directory, or loading a module, is the classic way to take over the machine running redis.',
  fix: 'Change redis configuration in its config file, reviewed, not from an agent.',
  on: ['db'],
  match: (a) => hasRisk(a, 'takeover'),
  examples: {
    match: [{ Bash: 'redis-cli CONFIG SET dir /root/.ssh' }, { Bash: 'redis-cli -h cache.example.com config set dbfilename authorized_keys' }, { Bash: 'redis-cli REPLICAOF 203.0.113.9 6379' }, { Bash: 'redis-cli MODULE LOAD /tmp/x.so' }],
    pass: [{ Bash: 'redis-cli CONFIG GET dir' }, { Bash: 'redis-cli REPLICAOF NO ONE' }, { Bash: 'redis-cli PING' }],
  },
});

export const rules = [wipeRemote, wipeLocal, destructiveProduction, destructive, redisTakeover];
