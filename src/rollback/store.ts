// The shadow store of one project: a bare git repository under the state directory, outside the
// project and outside the agent's writable area, with its own index, journal and lock.
//
//   <state>/checkpoints/<name>-<hash>/
//     meta.json        which project this is (written last at creation: its presence = ready)
//     git/             bare repository: objects, refs/checkpoints/<session>, refs/heads/latest
//     index            our index; the project's own .git/index is never read or written
//     journal.jsonl    one line per checkpoint event (see journal.ts)
//     pending/         before-checkpoints of calls still running, by tool_use_id
//     dynamic.json     files excluded at run time (over the size cap, repositories without a commit)
//     lock             one writer at a time (lock.ts)
import { crypto } from '../env/builtins.js';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GatehouseError } from '../errors.js';
import { git, requireGit, type GitTarget } from './git.js';

export interface Store {
  dir: string;
  /** The project directory, symlinks resolved. */
  project: string;
  /** git with the project as work tree. */
  git: GitTarget;
  /** git without a work tree (object and ref plumbing). */
  bare: GitTarget;
  lockPath: string;
  journalPath: string;
  pendingDir: string;
  dynamicPath: string;
  headPath: string;
}

export interface StoreMeta {
  v: 1;
  project: string;
  created: string;
}

/** Folders too broad to checkpoint: a session started in `/` or in the home directory would copy
 * everything the user owns into the store. */
export function checkProjectDir(project: string, home: string): void {
  const p = resolve(project);
  if (p === '/' || p === resolve(home) || p === '/home' || p === '/Users' || p === '/tmp') {
    throw new GatehouseError({
      code: 'rollback/project-too-broad',
      message: `will not checkpoint ${p}: it is the root, the home directory or a shared top-level folder`,
      hint: 'start the agent in a project folder',
    });
  }
}

export function realProject(project: string): string {
  let p: string;
  try {
    p = realpathSync(project);
  } catch {
    throw new GatehouseError({ code: 'rollback/no-project', message: `project folder not found: ${project}` });
  }
  if (!statSync(p).isDirectory()) throw new GatehouseError({ code: 'rollback/no-project', message: `not a folder: ${project}` });
  return p;
}

export function storesRoot(stateDir: string): string {
  return join(stateDir, 'checkpoints');
}

/** `<basename>-<16 hex of sha256(path)>`: readable, unique per folder. */
export function storeName(project: string): string {
  const name = basename(project).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '').slice(0, 40) || 'root';
  const hash = crypto().createHash('sha256').update(project).digest('hex').slice(0, 16);
  return `${name}-${hash}`;
}

export function storeAt(dir: string, project: string): Store {
  const gitDir = join(dir, 'git');
  const indexFile = join(dir, 'index');
  const home = join(dir, 'home');
  return {
    dir,
    project,
    git: { gitDir, indexFile, workTree: project, home },
    bare: { gitDir, indexFile, home },
    lockPath: join(dir, 'lock'),
    journalPath: join(dir, 'journal.jsonl'),
    pendingDir: join(dir, 'pending'),
    dynamicPath: join(dir, 'dynamic.json'),
    headPath: join(dir, 'head'),
  };
}

/** The store for a project folder (which must exist). Does not create anything. */
export function storeFor(stateDir: string, projectDir: string): Store {
  const project = realProject(projectDir);
  return storeAt(join(storesRoot(stateDir), storeName(project)), project);
}

export function isReady(store: Store): boolean {
  return existsSync(join(store.dir, 'meta.json'));
}

export function readMeta(dir: string): StoreMeta | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as StoreMeta;
    return typeof m.project === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Attributes that win over any .gitattributes in the project: store and restore bytes exactly
 * (no end-of-line or encoding conversion, no filters), and merge with the built-in driver only,
 * so a project attribute like `merge=union` cannot change what an undo does. */
const ATTRIBUTES = '* merge -text -eol -filter -ident -working-tree-encoding\n';

/** Creates the bare repository. Call with the store lock held. Idempotent. */
export function initStore(store: Store): void {
  if (isReady(store)) return;
  // The neutral configuration is passed as GIT_CONFIG_COUNT (git 2.31+); checked once per store.
  requireGit([2, 31], 'checkpoints');
  mkdirSync(join(store.dir, 'home'), { recursive: true, mode: 0o700 });
  mkdirSync(store.pendingDir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(store.git.gitDir, 'HEAD'))) {
    // An empty template: no sample hooks, no description file.
    mkdirSync(store.git.gitDir, { recursive: true, mode: 0o700 });
    git(store.bare, ['init', '--bare', '--quiet', '--template='], { cwd: store.dir });
  }
  git(store.bare, ['symbolic-ref', 'HEAD', 'refs/heads/latest']);
  git(store.bare, ['config', 'index.version', '4']);
  mkdirSync(join(store.git.gitDir, 'info'), { recursive: true });
  writeFileSync(join(store.git.gitDir, 'info', 'attributes'), ATTRIBUTES);
  const meta: StoreMeta = { v: 1, project: store.project, created: new Date().toISOString() };
  writeAtomic(join(store.dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
}

export function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Is `child` inside `parent` (or equal)? Both absolute. */
export function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/** The project's own `info/exclude`, following a `.git` file (worktrees) to the common directory. */
export function projectExcludeFile(project: string): string | undefined {
  const dotgit = join(project, '.git');
  try {
    const st = statSync(dotgit);
    if (st.isDirectory()) return join(dotgit, 'info', 'exclude');
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotgit, 'utf8'));
    if (!m) return undefined;
    const gitdir = resolve(project, m[1]!.trim());
    let common = gitdir;
    try {
      common = resolve(gitdir, readFileSync(join(gitdir, 'commondir'), 'utf8').trim());
    } catch {
      // not a linked worktree
    }
    return join(common, 'info', 'exclude');
  } catch {
    return undefined;
  }
}
