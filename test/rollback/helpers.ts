// Shared helpers for the rollback tests: temp projects, a real user repository, and a fingerprint of
// everything of the user's git state that checkpoints must never change.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand, type Command } from '../../src/cli/command.js';
import checkpoints from '../../src/cli/commands/checkpoints.js';
import diff from '../../src/cli/commands/diff.js';
import rollback from '../../src/cli/commands/rollback.js';
import undo from '../../src/cli/commands/undo.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { printError } from '../../src/cli/format.js';
import { memoryIo, type Io } from '../../src/cli/io.js';
import { GatehouseError } from '../../src/errors.js';
import { defaultConfig, type RollbackConfig } from '../../src/rollback/config.js';
import { storeFor, type Store } from '../../src/rollback/store.js';

export interface Sandbox {
  root: string;
  project: string;
  state: string;
  home: string;
  env: Record<string, string>;
  cleanup(): void;
}

export function sandbox(name = 'proj'): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'gh-rollback-'));
  const project = join(root, name);
  const state = join(root, 'state');
  const home = join(root, 'home');
  for (const d of [project, state, home]) mkdirSync(d, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_STATE_HOME: join(root, 'xdg-state'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    GATEHOUSE_STATE_DIR: state,
    GATEHOUSE_CONFIG_DIR: join(root, 'config'),
  };
  return { root, project, state, home, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
}

export function read(dir: string, p: string): string {
  return readFileSync(join(dir, p), 'utf8');
}

/** Every file under dir (relative paths → sha256), skipping .git. */
export function treeHash(dir: string, skip: (rel: string) => boolean = (r) => r === '.git' || r.startsWith('.git/')): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip(r)) continue;
      if (e.isDirectory()) walk(r);
      else if (e.isSymbolicLink()) out[r] = `-> ${readlinkSync(join(dir, r))}`;
      else out[r] = createHash('sha256').update(readFileSync(join(dir, r))).digest('hex').slice(0, 16) + (statSync(join(dir, r)).mode & 0o111 ? 'x' : '');
    }
  };
  walk('');
  return out;
}

/** The user's own git, with a fixed identity and no global config. */
export function userGit(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: dir,
    input,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'u',
      GIT_AUTHOR_EMAIL: 'u@example.com',
      GIT_COMMITTER_NAME: 'u',
      GIT_COMMITTER_EMAIL: 'u@example.com',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString();
}

/** Hashes of the user's index, HEAD, refs, packed-refs, stash reflog and config: must never change. */
export function userGitState(project: string): Record<string, string> {
  const g = join(project, '.git');
  const out: Record<string, string> = {};
  const h = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent');
  for (const f of ['index', 'HEAD', 'packed-refs', 'config', 'logs/refs/stash', 'ORIG_HEAD', 'FETCH_HEAD']) out[f] = h(join(g, f));
  const walk = (rel: string) => {
    const abs = join(g, rel);
    if (!existsSync(abs)) return;
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else out[r] = h(join(g, r));
    }
  };
  walk('refs');
  out.hooks = readdirSync(join(g, 'hooks')).sort().join(',');
  return out;
}

export function config(over: Partial<RollbackConfig> = {}): RollbackConfig {
  return { ...defaultConfig(), ...over };
}

export function storeOf(sb: Sandbox): Store {
  return storeFor(sb.state, sb.project);
}

export function sh(cwd: string, script: string): void {
  execFileSync('bash', ['-c', script], { cwd, stdio: 'pipe' });
}

/** Runs one of the rollback commands in-process, with main()'s error handling (src/cli/main.ts
 * discovers commands among built .js files, so the TypeScript sources are wired here by name). */
export async function runCli(sb: Sandbox, argv: string[], extra: Partial<Io> & { prompt?: (q: string) => Promise<string> } = {}) {
  const [name, ...rest] = argv;
  const commands: Record<string, Command> = { checkpoints, diff, rollback, undo };
  const io = Object.assign(memoryIo({ env: sb.env, cwd: sb.project, ...extra }), extra.prompt ? { prompt: extra.prompt } : {});
  let code: number;
  try {
    code = await runCommand(commands[name!]!, rest, io);
  } catch (e) {
    printError(io, e, argv.includes('--json'));
    code = e instanceof GatehouseError ? (e.code.startsWith('cli/') ? EXIT.usage : EXIT.input) : EXIT.internal;
  }
  return { code, out: io.stdout, err: io.stderr };
}
