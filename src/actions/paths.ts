// Path normalization the way the OS will see it: `~`, relative to the effective cwd, `..`,
// trailing slashes, and symlinks resolved through the longest existing prefix.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

export interface ResolvedPath {
  /** Symlinks resolved. */
  path: string;
  /** Symlinks as written (only set when it differs from `path`). */
  literal?: string;
}

export type Realpath = (p: string) => string | null;

export const realpathOrNull: Realpath = (p) => {
  try {
    // A missing path is the common case (new files, globs, guesses): lstat says so without the
    // cost of building an exception.
    if (!lstatSync(p, { throwIfNoEntry: false })) return null;
    return realpathSync.native(p);
  } catch {
    return null;
  }
};

/** realpathOrNull remembered for the length of one decision: many paths of one command line
 * share their directories. */
export function memoRealpath(realpath: Realpath = realpathOrNull): Realpath {
  const seen = new Map<string, string | null>();
  return (p) => {
    let r = seen.get(p);
    if (r === undefined) {
      r = realpath(p);
      if (seen.size < 4096) seen.set(p, r);
    }
    return r;
  };
}

export function expandHome(raw: string, home: string): string {
  if (raw === '~') return home;
  if (raw.startsWith('~/')) return join(home, raw.slice(2));
  return raw;
}

/** Lexical normalization only: absolute, `..` folded, no trailing slash. */
export function normalize(raw: string, base: string, home: string): string {
  const expanded = expandHome(raw, home);
  return resolve(isAbsolute(expanded) ? expanded : join(base, expanded));
}

/** Resolves symlinks through the longest existing prefix of `abs`. */
export function resolveLinks(abs: string, realpath: Realpath = realpathOrNull): string {
  let head = abs;
  const tail: string[] = [];
  for (let i = 0; i < 64; i++) {
    const real = realpath(head);
    if (real !== null) return tail.length ? join(real, ...tail.reverse()) : real;
    const parent = dirname(head);
    if (parent === head) break;
    tail.push(head.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    head = parent;
  }
  return abs;
}

export function resolvePath(raw: string, base: string, home: string, realpath: Realpath = realpathOrNull): ResolvedPath {
  const literal = normalize(raw, base, home);
  const path = resolveLinks(literal, realpath);
  return path === literal ? { path } : { path, literal };
}

/** Is `path` equal to or inside `dir`? Both absolute and normalized. */
export function isWithin(dir: string, path: string): boolean {
  if (path === dir) return true;
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return path.startsWith(prefix);
}
