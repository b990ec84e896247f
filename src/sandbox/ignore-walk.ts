// Finds what the project's ignore file hides, so a sandbox can mask it. Gitignore semantics via the
// `ignore` package: `.claudeignore` at the root and in subdirectories (patterns relative to the
// file's directory, later files refining earlier ones, `!` re-including). An ignored directory is
// masked whole and not descended into.
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { GatehouseError } from '../errors.js';
import { DEFAULT_IGNORE_PATTERNS } from './paths.js';

export const IGNORE_FILE = '.claudeignore';

export interface IgnoredEntry {
  path: string;
  kind: 'file' | 'dir';
  /** The ignore file that matched (`(built-in defaults)` when the project has none). */
  source: string;
}

export interface IgnoreWalkResult {
  entries: IgnoredEntry[];
  /** Ignore files that were read. */
  files: string[];
  usedDefaults: boolean;
  walked: number;
}

interface Layer {
  dir: string;
  ig: Ignore;
  source: string;
}

function readLayer(dir: string): Layer | undefined {
  const file = join(dir, IGNORE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { dir, ig: ignore().add(text), source: file };
}

function isIgnored(layers: Layer[], abs: string, isDir: boolean): Layer | undefined {
  // Deeper files override shallower ones, as in git: walk from the deepest layer up and stop at the
  // first that has an opinion (ignored or explicitly re-included).
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    let rel = relative(l.dir, abs).split(sep).join('/');
    if (isDir) rel += '/';
    const r = l.ig.test(rel);
    if (r.ignored) return l;
    if (r.unignored) return undefined;
  }
  return undefined;
}

/**
 * Walks `projectDir` (never into `.git`) and lists what the ignore files hide. Fails closed when the
 * tree is larger than `limit` entries rather than silently leaving files unmasked.
 */
export function findIgnored(projectDir: string, opts: { limit?: number; defaults?: readonly string[] } = {}): IgnoreWalkResult {
  const limit = opts.limit ?? 300_000;
  const entries: IgnoredEntry[] = [];
  const files: string[] = [];
  let walked = 0;
  const root = readLayer(projectDir);
  let usedDefaults = false;
  const base: Layer[] = [];
  if (root) {
    base.push(root);
    files.push(root.source);
  } else {
    base.push({ dir: projectDir, ig: ignore().add([...(opts.defaults ?? DEFAULT_IGNORE_PATTERNS)]), source: '(built-in defaults)' });
    usedDefaults = true;
  }
  const stack: { dir: string; layers: Layer[] }[] = [{ dir: projectDir, layers: base }];
  while (stack.length) {
    const { dir, layers } = stack.pop()!;
    let list: Dirent[];
    try {
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of list) {
      if (++walked > limit) {
        throw new GatehouseError({
          code: 'sandbox/project-too-large',
          message: `more than ${limit} entries under ${projectDir}; cannot list every ignored file to mask`,
          hint: 'run from a smaller directory (--project), or list large generated folders in the ignore file so they are masked whole',
        });
      }
      const abs = join(dir, d.name);
      if (d.name === '.git' && dir === projectDir) continue;
      const isDir = d.isDirectory();
      const hit = isIgnored(layers, abs, isDir);
      if (hit) {
        if (isDir || d.isFile()) entries.push({ path: abs, kind: isDir ? 'dir' : 'file', source: hit.source });
        continue;
      }
      if (isDir) {
        const sub = d.name === IGNORE_FILE ? undefined : readLayer(abs);
        if (sub) files.push(sub.source);
        stack.push({ dir: abs, layers: sub ? [...layers, sub] : layers });
      }
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { entries, files, usedDefaults, walked };
}

/** True when `relPath` (project-relative, `/`-separated) is hidden by the root ignore file or the defaults. */
export function ignoreMatcher(projectDir: string): (relPath: string) => boolean {
  const root = readLayer(projectDir);
  const ig = root ? root.ig : ignore().add([...DEFAULT_IGNORE_PATTERNS]);
  return (p) => ig.ignores(p);
}
