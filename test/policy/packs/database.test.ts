import { describe, expect, it } from 'vitest';
import { label, packTable, type Case } from './table.js';

const t = packTable('database');
const LOCAL = ['database/destructive-statement'];
const PROD = ['database/destructive-statement-production'];

const CASES: Case[] = [
  // Ordinary work and look-alikes.
  ['psql -c "SELECT * FROM users WHERE email LIKE \'%drop table%\'"', []],
  ['psql -c "\\d+ users"', []],
  ['psql -U postgres -l', []],
  ['psql -f migrations/001_init.sql', []],
  ['psql -c "DELETE FROM sessions WHERE expires_at < now() RETURNING id"', []],
  ['psql -c "UPDATE users SET name = \'a\' WHERE id = 1; SELECT 1"', []],
  ['psql -c "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs LIMIT 10)"', []],
  ['mysql -e "DELETE FROM t LIMIT 100"', []],
  ['psql -c "ALTER TABLE users DROP CONSTRAINT users_email_key"', []],
  ['psql -c "DROP TEMPORARY TABLE IF EXISTS tmp"', []],
  ['sqlite3 app.db "SELECT 1; -- DROP TABLE users"', []],
  ['sqlite3 app.db "/* TRUNCATE users */ SELECT 1"', []],
  ['echo "TRUNCATE orders" > notes.sql', []],
  ['grep -n "DELETE FROM" src/db.ts', []],
  ['redis-cli --scan --pattern "session:*"', []],
  ['mongosh shop --eval "db.orders.find({}).limit(5)"', []],
  ['npx prisma migrate deploy', []],
  ['rails db:seed', []],
  // Destruction, local.
  ['psql -c "delete from users"', LOCAL],
  ['psql -c "SELECT 1; DROP TABLE IF EXISTS users CASCADE"', LOCAL],
  ['psql -c "UPDATE users SET role = \'admin\'"', LOCAL],
  ['psql -c "WITH old AS (SELECT id FROM users WHERE x) DELETE FROM users"', LOCAL],
  ['mysql -e "ALTER TABLE users ADD COLUMN a int, DROP b"', LOCAL],
  ['mysql -e "ALTER TABLE logs DROP PARTITION p2019"', LOCAL],
  ['echo "DELETE FROM users;" | sqlite3 app.db', LOCAL],
  ['printf "TRUNCATE %s;" orders | psql', LOCAL],
  ['sqlite3 app.db <<\'SQL\'\nBEGIN;\nDELETE FROM users;\nCOMMIT;\nSQL', LOCAL],
  ['cqlsh -e "TRUNCATE shop.orders"', LOCAL],
  ['clickhouse-client --query "TRUNCATE TABLE events"', LOCAL],
  ['sqlcmd -S localhost -Q "DROP TABLE dbo.Users"', LOCAL],
  ['mongosh --eval "db.getCollection(\'users\').remove({})"', LOCAL],
  ['npx prisma db push --accept-data-loss', LOCAL],
  // Whole databases.
  ['psql -c "drop schema public cascade"', ['database/wipe-local-database']],
  ['cqlsh -e "DROP KEYSPACE shop"', ['database/wipe-local-database']],
  ['mongosh --eval "db.getSiblingDB(\'shop\').dropDatabase()"', ['database/wipe-local-database']],
  ['bundle exec rake db:drop', ['database/wipe-local-database']],
  ['python manage.py migrate shop zero', ['database/wipe-local-database']],
  ['supabase db reset', ['database/wipe-local-database']],
  ['supabase db reset --linked', ['database/wipe-shared-database']],
  ['psql -h 10.0.0.5 -c "DROP DATABASE app"', ['database/wipe-shared-database']],
  ['PGHOST=db.example.com dropdb app', ['database/wipe-shared-database']],
  ['NODE_ENV=production npx sequelize-cli db:drop', ['database/wipe-shared-database']],
  ['MIX_ENV=prod mix ecto.drop', ['database/wipe-shared-database']],
  ['firebase firestore:delete --all-collections --project shop-prod', ['database/wipe-shared-database']],
  // Production markers and hosts.
  ['psql -h db.prod.internal -c "UPDATE users SET active = false"', PROD],
  ['psql "host=prod-db dbname=shop" -c "TRUNCATE carts"', PROD],
  ['RAILS_ENV=production rails runner "User.delete_all"', []],
  ['psql -h staging-db.example.com -c "TRUNCATE carts"', LOCAL],
  ['wrangler d1 execute shop --remote --command "DELETE FROM users"', LOCAL],
  ['redis-cli CONFIG SET dir /var/spool/cron', ['database/redis-server-takeover']],
  ['redis-cli CONFIG SET maxmemory 100mb', []],
  // Inside containers and pods.
  ['docker compose exec web rails db:reset', ['database/wipe-local-database']],
  ['docker exec -it pg psql -U postgres -c "DROP TABLE users"', LOCAL],
  ['docker exec -it pg psql -U postgres -c "SELECT 1"', []],
  ['kubectl --context prod-eu exec -it db-0 -- psql -c "TRUNCATE orders"', PROD],
  ['kubectl exec db-0 -- psql -c "\\dt"', []],
];

describe('database pack edge cases', () => {
  it.each(CASES.map(([i, e]) => [label(i), i, e] as const))('%s', (_l, input, expected) => {
    expect(t.fired(input)).toEqual([...expected].sort());
  });

  it('treats the local database as production when the policy says `production: true`', () => {
    expect(t.fired('psql -c "TRUNCATE carts"')).toEqual(LOCAL);
    expect(t.fired('psql -c "TRUNCATE carts"', { production: true })).toEqual(PROD);
    expect(t.fired('npx prisma migrate reset --force', { production: true })).toEqual(['database/wipe-shared-database']);
    expect(t.fired('psql -c "SELECT 1"', { production: true })).toEqual([]);
  });
});
