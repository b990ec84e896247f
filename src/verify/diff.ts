// What changed: real `git diff` hunks between the merge base of --base and the working tree, plus
// untracked files. Only added or modified lines count as changed; a finding elsewhere is
// pre-existing. Paths are relative to the project directory (git's --relative).
import { GatehouseError } from '../errors.js';
import { execTool } from './exec.js';

export interface FileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'untracked' | 'binary';
  /** Changed line numbers in the new file, or every line for new files. */
  lines: 'all' | Set<number>;
}

export interface ChangeSet {
  base: string;
  /** The commit the working tree is compared with. */
  mergeBase: string;
  files: Map<string, FileChange>;
}

const GIT_TIMEOUT = 60_000;

async function git(cwd: string, args: string[], what: string): Promise<string> {
  const r = await execTool('git', ['-c', 'core.quotePath=false', ...args], { cwd, timeoutMs: GIT_TIMEOUT, maxOutput: 256 * 1024 * 1024 });
  if (r.code !== 0 || r.timedOut || r.spawnError) {
    const why = r.spawnError ?? (r.timedOut ? 'timed out' : r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`);
    throw new GatehouseError({ code: 'verify/git', message: `${what}: ${why}` });
  }
  return r.stdout;
}

/** Undo git's C-style quoting of a path ("a\tb" → a<TAB>b), used for unusual file names. */
export function unquoteGitPath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"')) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      const map: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
      bytes.push(map[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses `git diff --unified=0` output into changed lines per new-side path. Pure. */
export function parseUnifiedDiff(text: string): FileChange[] {
  const out: FileChange[] = [];
  let cur: FileChange | undefined;
  let fromNull = false;
  let fromPath = '';
  const clean = (raw: string, prefix: string) => {
    const p = unquoteGitPath(raw.replace(/\t$/, ''));
    return p.startsWith(prefix) ? p.slice(prefix.length) : p;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      cur = undefined;
      fromNull = false;
      continue;
    }
    if (line.startsWith('--- ')) {
      fromNull = line === '--- /dev/null';
      fromPath = fromNull ? '' : clean(line.slice(4), 'a/');
      continue;
    }
    if (line.startsWith('+++ ')) {
      if (line.replace(/\t$/, '') === '+++ /dev/null') {
        // Deleted: nothing left to scan, but deleting a critical file is still a critical change.
        cur = undefined;
        if (fromPath) out.push({ path: fromPath, status: 'deleted', lines: new Set() });
        continue;
      }
      const p = clean(line.slice(4), 'b/');
      cur = { path: p, status: fromNull ? 'added' : 'modified', lines: fromNull ? 'all' : new Set() };
      out.push(cur);
      continue;
    }
    if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      const m = / and (?:"?b\/)?(.*?)"? differ$/.exec(line);
      if (m && m[1] !== '/dev/null') out.push({ path: unquoteGitPath(m[1]!), status: 'binary', lines: 'all' });
      continue;
    }
    if (line.startsWith('@@') && cur && cur.lines !== 'all') {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let i = 0; i < count; i++) cur.lines.add(start + i);
    }
  }
  return out;
}

/** The change between `base` (its merge base with HEAD) and the working tree, untracked files included. */
export async function changeSet(project: string, base: string): Promise<ChangeSet> {
  if (base.startsWith('-')) throw new GatehouseError({ code: 'verify/bad-base', message: `--base '${base}' is not a git revision` });
  await git(project, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], `--base '${base}' is not a commit in this repository`);
  let mergeBase: string;
  try {
    mergeBase = (await git(project, ['merge-base', base, 'HEAD'], 'merge-base')).trim();
  } catch {
    mergeBase = (await git(project, ['rev-parse', '--verify', `${base}^{commit}`], `--base '${base}'`)).trim();
  }
  const diff = await git(project, ['diff', '--no-color', '--no-ext-diff', '--unified=0', '-M', '--relative', mergeBase, '--'], 'git diff');
  const files = new Map<string, FileChange>();
  for (const f of parseUnifiedDiff(diff)) files.set(f.path, f);
  const untracked = await git(project, ['ls-files', '--others', '--exclude-standard', '-z'], 'git ls-files');
  for (const p of untracked.split('\0').filter(Boolean)) files.set(p, { path: p, status: 'untracked', lines: 'all' });
  return { base, mergeBase, files };
}

/** Did the change touch any line in [line, endLine] of this file? */
export function touches(cs: ChangeSet, file: string | undefined, line?: number, endLine?: number): boolean {
  if (!file) return false;
  const f = cs.files.get(file);
  if (!f) return false;
  if (f.lines === 'all' || line === undefined) return true;
  for (let l = line; l <= (endLine ?? line); l++) if (f.lines.has(l)) return true;
  return false;
}
