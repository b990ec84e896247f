// ORM and migration tools whose commands drop, reset or roll back a whole database: prisma, rails
// and rake, Django, sequelize, knex, TypeORM, alembic/flask-migrate, drizzle-kit, Laravel artisan,
// Ecto (mix), supabase. The database behind them comes from configuration, so the target is what
// the line says: environment variables, `--env`, `RAILS_ENV=…` arguments.
import type { Action, DbOp } from '../types.js';
import { delegate, type Lookup } from './delegate.js';
import { dbAction } from './db.js';
import { dbInput } from './db-input.js';
import { hostOfConnection, isProductionName } from './environment.js';
import { splitSql } from './sql.js';
import { parseOptions, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

/** `NAME=value` arguments (rake, rails) count as environment assignments. */
function argAssignments(args: readonly string[]): { name: string; value: { value: string } }[] {
  return args.flatMap((a) => {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(a);
    return m ? [{ name: m[1]!, value: { value: m[2]! } }] : [];
  });
}

function orm(v: CommandView, engine: string, op: DbOp, o: ParsedOptions, envOptions: string[], extra: { url?: string } = {}): Action[] {
  const env = envOptions.map((n) => o.value.get(n)).find((x) => x !== undefined);
  return [
    dbAction(v, engine, op, { host: extra.url ? hostOfConnection(extra.url) : undefined, hints: [env && isProductionName(env) ? `${envOptions[0]} ${env}` : undefined] }, argAssignments(v.args)),
  ];
}

const prisma: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--schema', '--url', '--file', '--name', '-n', '--from-url', '--to-url', '--from-schema-datamodel', '--to-schema-datamodel', '--shadow-database-url'] });
  const [group, verb] = o.positionals;
  if (group === 'migrate' && verb === 'reset') return orm(v, 'prisma', 'reset', o, []);
  if (group === 'db' && verb === 'push' && o.flags.has('--force-reset')) return orm(v, 'prisma', 'reset', o, []);
  if (group === 'db' && verb === 'push' && o.flags.has('--accept-data-loss')) return orm(v, 'prisma', 'force-push-schema', o, []);
  if (group === 'db' && verb === 'execute') {
    // `prisma db execute --stdin` or `--file x.sql` sends raw SQL.
    const input = o.flags.has('--stdin') ? dbInput(v) : undefined;
    const file = o.value.get('--file');
    const a = dbAction(v, 'prisma', 'query', { statements: input?.text !== undefined ? splitSql(input.text) : [], host: o.value.get('--url') ? hostOfConnection(o.value.get('--url')!) : undefined });
    const sources = [...(file ? [file] : []), ...(input?.source ? [input.source] : [])];
    if (sources.length) a.sources = sources;
    return [a];
  }
  return [];
};

const RAILS_TASKS: Record<string, DbOp> = {
  'db:drop': 'drop-database',
  'db:drop:all': 'drop-database',
  'db:reset': 'reset',
  'db:migrate:reset': 'reset',
  'db:schema:load': 'reset',
  'db:structure:load': 'reset',
  'db:truncate_all': 'reset',
  'db:seed:replant': 'reset',
  'db:purge': 'reset',
  'db:purge:all': 'reset',
  'db:test:purge': 'other',
};

const rails: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-e', '--environment'] });
  const ops = o.positionals.map((t) => RAILS_TASKS[t]).filter((x): x is DbOp => x !== undefined && x !== 'other');
  return ops.length ? orm(v, 'rails', ops.includes('drop-database') ? 'drop-database' : ops[0]!, o, ['-e', '--environment']) : [];
};

const DJANGO_OPS: Record<string, DbOp> = { flush: 'reset', reset_db: 'drop-database', drop_test_database: 'other', reset_schema: 'reset' };

function django(v: CommandView, args: readonly string[]): Action[] {
  const o = parseOptions(args, { withValue: ['--database', '--settings', '--pythonpath', '-v', '--verbosity', '--router', '-U', '--user', '-P', '--password', '-D', '--dbname'] });
  const [cmd, app, target] = o.positionals;
  const op = cmd === 'migrate' && app && target === 'zero' ? 'rollback-all' : DJANGO_OPS[cmd ?? ''];
  if (!op || op === 'other') {
    if (cmd === 'dbshell') return [{ ...dbAction(v, 'django', 'query', {}), sources: ['<interactive>'] }];
    return [];
  }
  return orm({ ...v, args: [...args] }, 'django', op, o, ['--settings', '--database']);
}

const sequelize: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--env', '--url', '--config', '--options-path', '--migrations-path', '--seeders-path', '--models-path', '--to', '--name', '--seed'] });
  const task = o.positionals[0];
  const op: DbOp | undefined = task === 'db:drop' ? 'drop-database' : task === 'db:migrate:undo:all' ? 'rollback-all' : undefined;
  return op ? orm(v, 'sequelize', op, o, ['--env'], { url: o.value.get('--url') }) : [];
};

const knex: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--env', '--knexfile', '--cwd', '--client', '--connection', '--migrations-directory', '--specific', '--to'] });
  const task = o.positionals[0];
  if (task === 'migrate:rollback' && o.flags.has('--all')) return orm(v, 'knex', 'rollback-all', o, ['--env']);
  return [];
};

const typeorm: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-d', '--dataSource', '-c', '--connection', '-f', '--config'] });
  const task = o.positionals[0];
  if (task === 'schema:drop') return orm(v, 'typeorm', 'reset', o, []);
  if (task === 'schema:sync') return orm(v, 'typeorm', 'force-push-schema', o, []);
  return [];
};

function alembicLike(engine: string, args: readonly string[], v: CommandView): Action[] {
  const o = parseOptions(args, { withValue: ['-c', '--config', '-n', '--name', '-x', '--tag', '-d', '--directory'] });
  const [task, rev] = o.positionals;
  if (task === 'downgrade' && rev === 'base') return orm(v, engine, 'rollback-all', o, ['-x', '-n']);
  return [];
}

const drizzleKit: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--config', '--dialect', '--schema', '--url', '--out'] });
  if (o.positionals[0] === 'push' && o.flags.has('--force')) return orm(v, 'drizzle', 'force-push-schema', o, [], { url: o.value.get('--url') });
  return [];
};

const ARTISAN_OPS: Record<string, DbOp> = { 'migrate:fresh': 'reset', 'db:wipe': 'reset', 'migrate:reset': 'rollback-all', 'migrate:refresh': 'rollback-all' };

function artisan(v: CommandView, args: readonly string[]): Action[] {
  const o = parseOptions(args, { withValue: ['--env', '--database', '--path', '--step', '--seeder'] });
  const op = ARTISAN_OPS[o.positionals[0] ?? ''];
  if (!op) return [];
  const actions = orm(v, 'laravel', op, o, ['--env', '--database']);
  // `--force` is how Laravel is told to run these in production.
  if (o.flags.has('--force') && actions[0]?.kind === 'db' && !actions[0].production) actions[0].production = '--force';
  return actions;
}

const mix: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-r', '--repo', '--to', '--step', '-n'] });
  const task = o.positionals[0];
  const op: DbOp | undefined = task === 'ecto.drop' ? 'drop-database' : task === 'ecto.reset' ? 'reset' : task === 'ecto.rollback' && o.flags.has('--all') ? 'rollback-all' : undefined;
  return op ? orm(v, 'ecto', op, o, []) : [];
};

const supabase: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--db-url', '--project-ref', '--workdir', '--version'] });
  const [group, verb] = o.positionals;
  if (group !== 'db' || verb !== 'reset') return [];
  const url = o.value.get('--db-url');
  const remote = o.flags.has('--linked') ? 'supabase (linked project)' : url ? hostOfConnection(url) : undefined;
  return [dbAction(v, 'supabase', 'reset', { host: remote })];
};

export function ormCommands(lookup: Lookup): Record<string, CommandHandler> {
  return {
    prisma,
    rails,
    rake: rails,
    'manage.py': (v) => django(v, v.args),
    'django-admin': (v) => django(v, v.args),
    sequelize,
    'sequelize-cli': sequelize,
    knex,
    typeorm,
    alembic: (v) => alembicLike('alembic', v.args, v),
    flask: (v) => (v.args[0] === 'db' ? alembicLike('flask-migrate', v.args.slice(1), v) : []),
    'drizzle-kit': drizzleKit,
    artisan: (v) => artisan(v, v.args),
    // `php artisan …` (and any other script run by php goes to its own table).
    php: (v) => {
      const script = v.args.findIndex((a) => !a.startsWith('-'));
      if (script < 0 || v.args.includes('-r')) return [];
      return delegate(v, script, 'php', lookup);
    },
    mix,
    supabase,
  };
}
