// Runs git against a shadow store with a neutral configuration: no system or global config, no
// hooks, no fsmonitor, no signing, no credential helpers, no attribute-driven conversions. Nothing
// from the caller's environment reaches git except PATH, so a GIT_DIR or GIT_INDEX_FILE exported
// in the user's shell can never point our commands at the user's repository.
import { GatehouseError } from '../errors.js';
import { childProcess } from '../env/builtins.js';

export interface GitTarget {
  /** The bare shadow repository. */
  gitDir: string;
  /** Our own index (never the project's). */
  indexFile: string;
  /** The project directory, or undefined for commands that must not see a work tree. */
  workTree?: string;
  /** A private directory used as HOME, so no user-level git file is ever read. */
  home: string;
}

export interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Settings passed on every call (they override anything in the store's own config file). */
const NEUTRAL_CONFIG: [string, string][] = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['core.untrackedCache', 'true'],
  ['core.autocrlf', 'false'],
  ['core.safecrlf', 'false'],
  ['core.symlinks', 'true'],
  ['core.filemode', 'true'],
  ['core.ignorecase', 'false'],
  ['core.quotePath', 'false'],
  ['core.pager', 'cat'],
  ['core.askPass', ''],
  ['core.sshCommand', 'false'],
  ['core.logAllRefUpdates', 'false'],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['credential.helper', ''],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['protocol.allow', 'never'],
  ['submodule.recurse', 'false'],
  ['advice.addEmbeddedRepo', 'false'],
  ['advice.detachedHead', 'false'],
  ['safe.directory', '*'],
  ['color.ui', 'false'],
];

export function gitEnv(t: GitTarget, base: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: base.PATH || '/usr/local/bin:/usr/bin:/bin',
    HOME: t.home,
    XDG_CONFIG_HOME: t.home,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_DIR: t.gitDir,
    GIT_INDEX_FILE: t.indexFile,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_AUTHOR_NAME: 'gatehouse',
    GIT_AUTHOR_EMAIL: 'gatehouse@localhost',
    GIT_COMMITTER_NAME: 'gatehouse',
    GIT_COMMITTER_EMAIL: 'gatehouse@localhost',
  };
  if (t.workTree) env.GIT_WORK_TREE = t.workTree;
  env.GIT_CONFIG_COUNT = String(NEUTRAL_CONFIG.length);
  NEUTRAL_CONFIG.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return env;
}

export interface RunOptions {
  input?: string | Buffer;
  /** Exit statuses that are answers rather than failures (merge-tree answers 1 on conflicts). */
  okStatus?: readonly number[];
  /** Working directory; defaults to the work tree (or the git dir). */
  cwd?: string;
}

/** Runs one git command synchronously (the hook has nothing else to do meanwhile). */
export function git(t: GitTarget, args: string[], opts: RunOptions = {}): GitResult {
  const r = childProcess().spawnSync('git', args, {
    env: gitEnv(t),
    cwd: opts.cwd ?? t.workTree ?? t.gitDir,
    input: opts.input,
    maxBuffer: 512 * 1024 * 1024,
    windowsHide: true,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new GatehouseError({ code: 'rollback/git-unavailable', message: 'git is not installed or not on PATH', hint: 'install git (2.38 or newer) to use checkpoints' });
    }
    throw new GatehouseError({ code: 'rollback/git-failed', message: `git ${args[0]} could not run (${r.error.message})` });
  }
  const status = r.status ?? 128;
  const stderr = r.stderr.toString('utf8');
  if (status !== 0 && !(opts.okStatus ?? []).includes(status)) {
    throw new GatehouseError({
      code: 'rollback/git-failed',
      message: `git ${args[0]} failed (exit ${r.status ?? r.signal}): ${firstLines(stderr)}`,
    });
  }
  return { status, stdout: r.stdout, stderr };
}

/** stdout as trimmed text. */
export function gitText(t: GitTarget, args: string[], opts: RunOptions = {}): string {
  return git(t, args, opts).stdout.toString('utf8').trim();
}

function firstLines(s: string, n = 3): string {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('hint:'))
    .slice(0, n)
    .join(' / ');
}

export const OID_RE = /^[0-9a-f]{40}$/;

/** `git version 2.39.5` → [2, 39]. */
export function gitVersion(): [number, number] | undefined {
  const r = childProcess().spawnSync('git', ['version'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
  const m = /git version (\d+)\.(\d+)/.exec(r.stdout?.toString() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function requireGit(min: [number, number], what: string): void {
  const v = gitVersion();
  if (!v) throw new GatehouseError({ code: 'rollback/git-unavailable', message: 'git is not installed or not on PATH', hint: 'install git to use checkpoints' });
  if (v[0] < min[0] || (v[0] === min[0] && v[1] < min[1])) {
    throw new GatehouseError({ code: 'rollback/git-too-old', message: `${what} needs git ${min.join('.')} or newer (found ${v.join('.')})`, hint: 'upgrade git' });
  }
}
