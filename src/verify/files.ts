// Which files a check looks at: the changed files when a base is given, else every file git
// knows about (tracked and untracked-but-not-ignored). Outside git, a walk that skips the usual
// dependency and build folders. Vendored, generated and minified files are skipped either way.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { execTool } from './exec.js';
import type { ChangeSet } from './diff.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', 'vendor', '.venv', 'venv', '__pycache__', '.next', '.turbo', '.cache', '.tox']);
const MAX_FILE_BYTES = 1024 * 1024;

/** Minified bundles, lockfiles and vendored folders are not what a reviewer reads. */
export function isScannable(path: string): boolean {
  if (/(^|\/)(node_modules|vendor|dist|build|coverage|__pycache__|\.venv|venv)\//.test(path)) return false;
  if (/\.min\.(js|mjs|cjs|css)$|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/.test(path)) return false;
  return true;
}

function walk(root: string, dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(root, join(dir, e.name), out);
    } else if (e.isFile()) {
      out.push(relative(root, join(dir, e.name)).split(sep).join('/'));
    }
  }
}

/** Every project file (relative paths), via git when the project is a repository. */
export async function projectFiles(project: string): Promise<string[]> {
  const r = await execTool('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: project,
    timeoutMs: 60_000,
    maxOutput: 256 * 1024 * 1024,
  });
  let files: string[];
  if (r.code === 0 && !r.truncated) files = [...new Set(r.stdout.split('\0').filter(Boolean))];
  else {
    files = [];
    walk(project, project, files);
  }
  return files.filter(isScannable).sort();
}

/** Files in scope for a check: the changed ones (that still exist), or the whole project. */
export async function filesInScope(project: string, change: ChangeSet | undefined): Promise<string[]> {
  const all = change ? [...change.files.values()].filter((f) => f.status !== 'binary' && f.status !== 'deleted').map((f) => f.path) : await projectFiles(project);
  return all.filter((p) => {
    if (!isScannable(p)) return false;
    try {
      const s = statSync(join(project, p));
      return s.isFile() && s.size <= MAX_FILE_BYTES;
    } catch {
      return false;
    }
  }).sort();
}
