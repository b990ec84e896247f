// Which files a check looks at: the changed files when a base is given, else every file git
// knows about (tracked and untracked-but-not-ignored). Outside git, a walk that skips the usual
// dependency and build folders. Vendored, generated and minified files are skipped either way.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { execTool } from './exec.js';
import type { ChangeSet } from './diff.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', 'vendor', '.venv', 'venv', '__pycache__', '.next', '.turbo', '.cache', '.tox']);
const MAX_FILE_BYTES = 1024 * 1024;
/** A changed file is read whole up to this size; beyond it the security check reports it. */
export const MAX_CHANGED_FILE_BYTES = 16 * 1024 * 1024;

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

/**
 * Files in scope for a check. With a change: every changed file that still exists, wherever it
 * lives (vendored or generated code in a change still runs, so it is not skipped), except
 * lockfiles; `tooLarge` lists the ones over MAX_CHANGED_FILE_BYTES. Without one: the project's
 * own files (no dependency, build or vendored folders), up to 1 MiB each.
 */
export async function filesInScope(project: string, change: ChangeSet | undefined): Promise<{ files: string[]; tooLarge: string[] }> {
  const size = (p: string): number | undefined => {
    try {
      const s = statSync(join(project, p));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  };
  if (change) {
    const files: string[] = [];
    const tooLarge: string[] = [];
    for (const f of change.files.values()) {
      if (f.status === 'binary' || f.status === 'deleted' || /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/.test(f.path)) continue;
      const n = size(f.path);
      if (n === undefined) continue;
      (n <= MAX_CHANGED_FILE_BYTES ? files : tooLarge).push(f.path);
    }
    return { files: files.sort(), tooLarge: tooLarge.sort() };
  }
  const files = (await projectFiles(project)).filter((p) => {
    const n = size(p);
    return n !== undefined && n <= MAX_FILE_BYTES;
  });
  return { files, tooLarge: [] };
}
