// Path normalization the way the OS will see it: `~`, relative to the effective cwd, `..`,
// trailing slashes, and symlinks resolved through the longest existing prefix.
import { realpathSync } from 'node:fs';
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
    return realpathSync.native(p);
  } catch {
    return null;
  }
};

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
