// Random argument lists through every command table added for packages, databases, cloud,
// deploy and system commands: no handler may throw, hang, or return a malformed action.
import { describe, expect, it } from 'vitest';
import { CLOUD_CLI_COMMANDS } from '../../../src/actions/commands/cloud-cli.js';
import { DB_CLIENT_COMMANDS } from '../../../src/actions/commands/db.js';
import { DEPLOY_COMMANDS } from '../../../src/actions/commands/deploy.js';
import { COMMAND_TABLES } from '../../../src/actions/commands/index.js';
import { makeView } from '../../../src/actions/commands/view.js';
import { SYSTEM_ACCESS_COMMANDS } from '../../../src/actions/commands/system-access.js';
import { SYSTEM_COMMANDS } from '../../../src/actions/commands/system.js';
import { describeAction } from '../../../src/actions/types.js';
import type { SimpleCommand, Word } from '../../../src/shell/types.js';

const PROGRAMS = [
  ...['npm', 'npx', 'pnpm', 'yarn', 'bun', 'bunx', 'deno', 'pip', 'python3', 'pipx', 'uv', 'uvx', 'poetry', 'pdm', 'conda', 'cargo', 'go', 'gem', 'bundle', 'composer', 'dotnet', 'mvn', 'gradle', 'apt-get', 'brew', 'dnf', 'pacman', 'dpkg', 'rpm', 'nix', 'twine', 'vsce', 'gh', 'goreleaser', 'prisma', 'rails', 'manage.py', 'sequelize', 'knex', 'typeorm', 'alembic', 'flask', 'artisan', 'php', 'mix', 'supabase'],
  ...Object.keys(DB_CLIENT_COMMANDS),
  'terraform', 'tofu', 'terragrunt', 'pulumi', 'kubectl', 'oc', 'helm', 'docker', 'podman', 'nerdctl', 'docker-compose', 'podman-compose',
  ...Object.keys(CLOUD_CLI_COMMANDS),
  ...Object.keys(DEPLOY_COMMANDS),
  ...Object.keys(SYSTEM_COMMANDS),
  ...Object.keys(SYSTEM_ACCESS_COMMANDS),
];

const TOKENS = ['-', '--', '-f', '-c', '-e', '-h', '-p', '-u', '-v', '-i', '-r', '-n', '-s', '-aG', '-pSECRET', '--force', '--all', '--prod', '--yes', '--dry-run', '--context', '--stage=prod', '--env', '-auto-approve', '-destroy', 'install', 'add', 'publish', 'delete', 'destroy', 'drop', 'run', 'exec', 'deploy', 'apply', 'rm', 'rb', 'state', 'db:drop', 'migrate', 'reset', 'x', 'prod', '*', '', '=', '@', '@scope/p@1', 'git+https://h/r.git', 'postgres://u:p@h/db', 'mongodb+srv://h/d', 's3://b', 'gs://b/', '/', '/dev/sda', '~', '$$', "'", 'DROP TABLE t; DELETE FROM u', 'db.dropDatabase()', 'FLUSHALL', 'CONFIG SET dir /x', '-1', '4755', 'sudo', 'a=b', 'RAILS_ENV=production', '-- -1'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('command tables under random arguments', () => {
  it('never throw, stay fast and return well-formed actions', () => {
    const next = rng(20250601);
    const word = (value: string | null): Word => (value === null ? { value: null, raw: '$(x)', pattern: '*', dynamic: true } : { value, raw: value });
    const started = Date.now();
    let calls = 0;
    for (const program of PROGRAMS) {
      const handler = COMMAND_TABLES[program];
      expect(handler, program).toBeTypeOf('function');
      for (let i = 0; i < 250; i++) {
        const n = Math.floor(next() * 9);
        const argv = [word(program), ...Array.from({ length: n }, () => (next() < 0.05 ? word(null) : word(TOKENS[Math.floor(next() * TOKENS.length)]!)))];
        const stdin = next() < 0.2 ? ({ kind: 'heredoc', body: next() < 0.5 ? null : 'DROP TABLE t;\n\\! id' } as const) : undefined;
        const cmd: SimpleCommand = { argv, wrappers: [], assignments: next() < 0.1 ? [{ name: 'DATABASE_URL', value: word('postgres://u:p@prod/x') }] : [], redirects: [], cwd: '/p', depth: 0, text: argv.map((w) => w.raw).join(' '), ...(stdin ? { stdin } : {}) };
        const out = handler!(makeView(cmd, 0, [cmd], { cwd: '/p', home: '/h', realpath: (p) => p }));
        calls++;
        expect(Array.isArray(out)).toBe(true);
        for (const a of out) {
          expect(typeof a.kind).toBe('string');
          expect(typeof describeAction(a)).toBe('string');
        }
      }
    }
    expect(calls).toBeGreaterThan(10_000);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
