// One scan of the project into the shadow index: `git status` (one process, which also refreshes
// the index's stat data) says whether anything changed since the last checkpoint; only then are the
// changed files checked against the size cap and `git add -A` + `git write-tree` record the tree.
// A scan with nothing to record costs one git process.
import { crypto } from '../env/builtins.js';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RollbackConfig } from './config.js';
import { effectiveExcludes } from './config.js';
import { dynamicExcludeSpecs, dynamicPathspecs, excludeFileContent, readDynamic, syncExcludeFile, writeDynamic, type DynamicExcludes } from './excludes.js';
import { git, OID_RE } from './git.js';
import type { ChangeCounts, LargeFile } from './journal.js';
import type { Head } from './refs.js';
import { sleepSync } from './lock.js';
import type { Store } from './store.js';

export interface ScanResult {
  tree: string;
  /** Nothing differs from the head checkpoint. */
  clean: boolean;
  /** Files over the size cap that are new or changed in this scan. */
  large: LargeFile[];
  notes: string[];
  /** Changes against the head, when the status alone could tell them. */
  counts?: ChangeCounts;
}

interface StatusEntries {
  /** Tracked paths that changed (modified, type-changed) and still exist. */
  changed: string[];
  deleted: string[];
  untrackedFiles: string[];
  /** `? dir/` entries: new folders (or nested repositories), not yet expanded. */
  untrackedDirs: string[];
  /** Something is staged in the index but not in the head checkpoint (an interrupted snapshot). */
  staged: boolean;
}

/** Parses `git status --porcelain=v2 -z`. */
export function parseStatus(out: Buffer): StatusEntries {
  const res: StatusEntries = { changed: [], deleted: [], untrackedFiles: [], untrackedDirs: [], staged: false };
  const parts = out.toString('utf8').split('\0');
  for (let i = 0; i < parts.length; i++) {
    const rec = parts[i]!;
    if (!rec) continue;
    const type = rec[0];
    if (type === '?') {
      const p = rec.slice(2);
      if (p.endsWith('/')) res.untrackedDirs.push(p.slice(0, -1));
      else res.untrackedFiles.push(p);
    } else if (type === '1' || type === '2' || type === 'u') {
      const fields = type === '1' ? 8 : type === '2' ? 9 : 10;
      let at = 0;
      for (let f = 0; f < fields && at >= 0; f++) at = rec.indexOf(' ', at + 1);
      const path = rec.slice(at + 1);
      const x = rec[2];
      const y = rec[3];
      if (x !== '.') res.staged = true;
      if (y === 'D') res.deleted.push(path);
      else if (y !== '.') res.changed.push(path);
      if (type === '2') i++; // the original path follows
    }
  }
  return res;
}

function sha256File(path: string): string {
  const h = crypto().createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** Does this nested repository have a commit git can record as a gitlink? Read from its files:
 * no git process ever runs inside a repository the agent may have written. */
export function nestedRepoHasCommit(dir: string): boolean {
  let gitdir = join(dir, '.git');
  try {
    if (!statSync(gitdir).isDirectory()) {
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitdir, 'utf8'));
      if (!m) return false;
      gitdir = resolve(dir, m[1]!.trim());
    }
    const head = readFileSync(join(gitdir, 'HEAD'), 'utf8').trim();
    if (OID_RE.test(head)) return true;
    const m = /^ref:\s*(refs\/\S+)$/.exec(head);
    if (!m) return false;
    let common = gitdir;
    try {
      common = resolve(gitdir, readFileSync(join(gitdir, 'commondir'), 'utf8').trim());
    } catch {
      // not a linked worktree
    }
    for (const base of [gitdir, common]) {
      try {
        if (OID_RE.test(readFileSync(join(base, m[1]!), 'utf8').trim())) return true;
      } catch {
        // not loose here
      }
      try {
        if (readFileSync(join(base, 'packed-refs'), 'utf8').split('\n').some((l) => l.endsWith(` ${m[1]}`))) return true;
      } catch {
        // no packed refs
      }
    }
    return false;
  } catch {
    return false;
  }
}

const isNestedRepo = (abs: string): boolean => existsSync(join(abs, '.git'));

/** Re-checks run-time exclusions; returns whether any changed, and the large files that changed. */
function revalidate(store: Store, dyn: DynamicExcludes, cap: number): { changed: boolean; rehashed: string[] } {
  let changed = false;
  const rehashed: string[] = [];
  for (const [path, info] of Object.entries(dyn.large)) {
    try {
      const st = statSync(join(store.project, path));
      if (!st.isFile() || st.size <= cap) {
        delete dyn.large[path];
        changed = true;
      } else if (st.size !== info.size || st.mtimeMs !== info.mtimeMs) {
        dyn.large[path] = { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256File(join(store.project, path)) };
        rehashed.push(path);
        changed = true;
      }
    } catch {
      delete dyn.large[path];
      changed = true;
    }
  }
  const keep = dyn.nested.filter((p) => isNestedRepo(join(store.project, p)) && !nestedRepoHasCommit(join(store.project, p)));
  if (keep.length !== dyn.nested.length) {
    dyn.nested = keep;
    changed = true;
  }
  return { changed, rehashed };
}

function clearStaleGitLocks(store: Store): void {
  // We hold the store lock and every git process on this store runs under it, so a git lock file
  // is left by a process whose owner was killed. Its git child may still be finishing, though
  // (killing a hook does not kill its children): give a fresh one a moment to go away first.
  for (const f of [store.git.indexFile + '.lock', join(store.git.gitDir, 'HEAD.lock'), join(store.git.gitDir, 'packed-refs.lock')]) {
    for (let waited = 0; ; waited += 20) {
      let age: number;
      try {
        age = Date.now() - statSync(f).mtimeMs;
      } catch {
        break; // none
      }
      if (age > STALE_GIT_LOCK_MS || waited >= STALE_GIT_LOCK_MS) {
        try {
          unlinkSync(f);
        } catch {
          // gone meanwhile
        }
        break;
      }
      sleepSync(20);
    }
  }
}

const STALE_GIT_LOCK_MS = 2000;
const MAX_LISTED_ADD = 500;

/** Scans the project into the shadow index and returns its tree. Call with the store lock held. */
export function scan(store: Store, cfg: RollbackConfig, head: Head | undefined, stateDir: string): ScanResult {
  const cap = cfg.maxFileMB * 1024 * 1024;
  const notes: string[] = [];
  clearStaleGitLocks(store);
  syncExcludeFile(store, excludeFileContent(store, effectiveExcludes(cfg), stateDir));
  const dyn = readDynamic(store);
  const re = revalidate(store, dyn, cap);
  let dynChanged = re.changed;
  const newLarge = new Set<string>(re.rehashed);

  const status = (): StatusEntries =>
    parseStatus(git(store.git, ['status', '--porcelain=v2', '-z', '--untracked-files=normal', '--no-renames', '--ignore-submodules=dirty', ...dynamicPathspecs(dyn)]).stdout);
  const st = status();
  const nothing = !st.staged && !st.changed.length && !st.deleted.length && !st.untrackedFiles.length && !st.untrackedDirs.length;
  if (nothing && head && !dynChanged) return { tree: head.tree, clean: true, large: [], notes };

  // Expand new folders (respecting ignores) so every new file is checked against the size cap.
  const candidates = [...st.changed, ...st.untrackedFiles];
  const dirs: string[] = [];
  for (const d of st.untrackedDirs) {
    const abs = join(store.project, d);
    if (isNestedRepo(abs)) {
      if (!nestedRepoHasCommit(abs)) {
        dyn.nested.push(d);
        dynChanged = true;
        notes.push(`nested repository ${d}/ has no commit yet and is not checkpointed`);
      } else notes.push(`nested repository ${d}/ is recorded as its current commit, not its files`);
    } else dirs.push(d);
  }
  let expanded = 0;
  if (dirs.length) {
    const out = git(store.git, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...dirs.map((d) => `:(literal,top)${d}`)]).stdout;
    for (const p of out.toString('utf8').split('\0')) {
      if (!p) continue;
      if (p.endsWith('/')) {
        const d = p.slice(0, -1);
        if (!nestedRepoHasCommit(join(store.project, d))) {
          dyn.nested.push(d);
          dynChanged = true;
          notes.push(`nested repository ${d}/ has no commit yet and is not checkpointed`);
        } else notes.push(`nested repository ${d}/ is recorded as its current commit, not its files`);
      } else {
        candidates.push(p);
        expanded++;
      }
    }
  }
  const trackedLarge: string[] = [];
  const trackedSet = new Set(st.changed);
  for (const p of candidates) {
    let size: number;
    let mtimeMs: number;
    try {
      const s = lstatSync(join(store.project, p));
      if (!s.isFile()) continue;
      size = s.size;
      mtimeMs = s.mtimeMs;
    } catch {
      continue; // gone meanwhile
    }
    if (size > cap) {
      dyn.large[p] = { size, mtimeMs, sha256: sha256File(join(store.project, p)) };
      newLarge.add(p);
      dynChanged = true;
      if (trackedSet.has(p)) trackedLarge.push(p);
    }
  }
  if (dynChanged) writeDynamic(store, dyn);
  if (trackedLarge.length) {
    // Grown past the cap: drop from the index first, or `add -A` would store it anyway.
    git(store.git, ['update-index', '--force-remove', '-z', '--stdin'], { input: trackedLarge.join('\0') + '\0' });
  }
  // Only the paths status reported: one stat pass over the project instead of two. A first
  // snapshot, or a very long list, is cheaper as a plain `add -A`.
  const excluded = (p: string) => dyn.large[p] !== undefined || dyn.nested.some((n) => p === n || p.startsWith(`${n}/`));
  const listed = [...st.changed, ...st.deleted, ...st.untrackedFiles, ...st.untrackedDirs].filter((p) => !excluded(p));
  const paths = head && listed.length <= MAX_LISTED_ADD ? listed : undefined;
  if ((!paths || paths.length) && addAll(store, dyn, notes, paths)) writeDynamic(store, dyn);
  const tree = git(store.git, ['write-tree']).stdout.toString('utf8').trim();
  if (!OID_RE.test(tree)) throw new Error(`write-tree returned ${tree}`);
  const large = [...newLarge].filter((p) => dyn.large[p]).map((p) => ({ path: p, size: dyn.large[p]!.size, sha256: dyn.large[p]!.sha256 }));
  // When the index matched the head and every reported path went in as reported, status already
  // says what changed; otherwise the caller compares trees.
  // A tracked file replaced by a folder shows only as deleted: its new files are not listed.
  const becameDir = (p: string) => {
    try {
      return lstatSync(join(store.project, p)).isDirectory();
    } catch {
      return false;
    }
  };
  const plain = !st.staged && !dynChanged && notes.length === 0 && large.length === 0 && trackedLarge.length === 0 && !st.deleted.some(becameDir);
  const counts = plain ? { added: st.untrackedFiles.length + expanded, modified: st.changed.length, deleted: st.deleted.length } : undefined;
  for (const l of large) notes.push(`${l.path} (${(l.size / 1024 / 1024).toFixed(1)} MB) is over the ${cfg.maxFileMB} MB cap: recorded, not stored`);
  return { tree, clean: head ? tree === head.tree : false, large, notes, ...(counts ? { counts } : {}) };
}

/** `git add -A --ignore-errors` (over `paths` when given): an unreadable file or a nested
 * repository git refuses ("does not have a commit checked out") is noted and left out; everything
 * else is still recorded. */
function addAll(store: Store, dyn: DynamicExcludes, notes: string[], paths?: string[]): boolean {
  let r;
  if (paths) {
    const specs = [...paths.map((p) => `:(literal,top)${p}`), ...dynamicExcludeSpecs(dyn)];
    r = git(store.git, ['add', '-A', '--ignore-errors', '--pathspec-from-file=-', '--pathspec-file-nul'], { okStatus: [1, 128], input: specs.join('\0') });
    // A listed path that vanished since the status: fall back to the whole tree.
    if (r.status === 128 && /did not match any files/.test(r.stderr)) r = undefined;
    else if (r.status === 128) throw new Error(`git add failed: ${r.stderr.split('\n').filter(Boolean).slice(0, 3).join(' / ')}`);
  }
  r ??= git(store.git, ['add', '-A', '--ignore-errors', ...dynamicPathspecs(dyn)], { okStatus: [1] });
  if (r.status === 0) return false;
  let changed = false;
  for (const line of r.stderr.split('\n')) {
    const m = /^error: '(.+?)\/?' does not have a commit checked out/.exec(line);
    if (m) {
      const d = m[1]!.replace(/\/$/, '');
      if (!dyn.nested.includes(d)) {
        dyn.nested.push(d);
        changed = true;
        notes.push(`nested repository ${d}/ has no commit yet and is not checkpointed`);
      }
    } else if (line.startsWith('error: ') || line.startsWith('warning: ')) {
      notes.push(`not recorded: ${line.replace(/^(error|warning): /, '')}`.slice(0, 300));
    }
  }
  return changed;
}
