// The ignore file: `.claudeignore` in gitignore syntax (negations, directory patterns, nested files
// like .gitignore), plus `protect:` patterns from the policy. It answers one question for any
// absolute path: is it protected, and by which line of which file?
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { expandHome, isWithin } from '../actions/paths.js';

export const IGNORE_FILE = '.claudeignore';

export interface ProtectPattern {
  pattern: string;
  /** `file:line` for explanations. */
  source: string;
}

export interface IgnoreMatcher {
  /** The `file:line` of the rule that protects `path` (absolute), or null. */
  match(path: string, isDir?: boolean): string | null;
  /** Does any ignore file or pattern exist at all? (Lets callers skip work.) */
  readonly empty: boolean;
}

type ReadText = (file: string) => string | null;

const readText: ReadText = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** Parses one ignore file into patterns carrying their `file:line`. */
export function parseIgnoreText(text: string, sourceName: string): ProtectPattern[] {
  const out: ProtectPattern[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.replace(/(?<!\\)\s+$/, '');
    if (trimmed === '' || trimmed.startsWith('#')) return;
    out.push({ pattern: trimmed, source: `${sourceName}:${i + 1}` });
  });
  return out;
}

function build(patterns: readonly ProtectPattern[]): Ignore {
  return ignore({ allowRelativePaths: false }).add(patterns.map((p) => ({ pattern: p.pattern, mark: p.source })));
}

interface Scope {
  dir: string;
  ig: Ignore;
}

/**
 * Builds the matcher for a project. The root `.claudeignore` and the policy's `protect:` patterns
 * are read now; nested `.claudeignore` files are read on demand, only along the path being checked.
 * `protect:` entries that are absolute or start with `~/` match outside the project too.
 */
export function loadIgnoreMatcher(
  projectDir: string,
  home: string,
  protect: readonly ProtectPattern[] = [],
  read: ReadText = readText,
): IgnoreMatcher {
  const scopes = new Map<string, Scope | null>();
  const scopeFor = (dir: string): Scope | null => {
    if (scopes.has(dir)) return scopes.get(dir)!;
    const text = read(join(dir, IGNORE_FILE));
    const rel = relative(projectDir, join(dir, IGNORE_FILE)) || IGNORE_FILE;
    const scope = text === null ? null : { dir, ig: build(parseIgnoreText(text, rel)) };
    scopes.set(dir, scope);
    return scope;
  };

  const relativeProtect: ProtectPattern[] = [];
  const absoluteProtect: { ig: Ignore }[] = [];
  for (const p of protect) {
    const neg = p.pattern.startsWith('!');
    const body = neg ? p.pattern.slice(1) : p.pattern;
    if (body.startsWith('/') || body.startsWith('~/')) {
      // An absolute pattern: anchor it at the filesystem root.
      const abs = expandHome(body, home);
      absoluteProtect.push({ ig: build([{ pattern: (neg ? '!' : '') + '/' + abs.slice(1), source: p.source }]) });
    } else {
      relativeProtect.push(p);
    }
  }
  const projectProtect = relativeProtect.length ? build(relativeProtect) : null;
  const rootScope = scopeFor(projectDir);
  const empty = !rootScope && !projectProtect && absoluteProtect.length === 0;

  const test = (ig: Ignore, rel: string, isDir: boolean): string | null => {
    if (rel === '') return null;
    const r = ig.test(isDir ? rel + '/' : rel);
    return r.ignored ? (r.rule?.mark ?? 'ignore file') : null;
  };

  return {
    empty,
    match(path, isDir = false) {
      for (const a of absoluteProtect) {
        const hit = test(a.ig, path.slice(1), isDir);
        if (hit) return hit;
      }
      if (!isWithin(projectDir, path) || path === projectDir) return null;
      const rel = relative(projectDir, path).split(sep).join('/');
      if (projectProtect) {
        const hit = test(projectProtect, rel, isDir);
        if (hit) return hit;
      }
      // Root file first, then nested ones from the top down; like git, a deeper file can
      // re-include (negate) what a shallower one excluded, so the deepest decision wins.
      let verdict: string | null = null;
      let dir = projectDir;
      const parts = rel.split('/');
      for (let i = 0; i < parts.length; i++) {
        const scope = i === 0 ? rootScope : scopeFor(dir);
        if (scope) {
          const sub = parts.slice(i).join('/');
          const r = scope.ig.test(isDir ? sub + '/' : sub);
          if (r.ignored) verdict = r.rule?.mark ?? IGNORE_FILE;
          else if (r.unignored) verdict = null;
        }
        dir = join(dir, parts[i]!);
        if (i === parts.length - 1) break;
      }
      return verdict;
    },
  };
}
