// Pathname expansion against the filesystem, as bash does it by default: `*`, `?`, `[…]`,
// no globstar (`**` is `*`), dotfiles only when the pattern's segment starts with a literal
// `.`, `.`/`..` never matched, results sorted. Patterns carry `\` before characters that were
// quoted, so `"*".txt` stays literal.
import type { FsProbe } from './types.js';

export interface GlobBudget {
  readdirs: number;
  maxMatches: number;
}

/** True when the (escaped) pattern has an active glob character. */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[' && classEnd(pattern, i) > 0) return true;
  }
  return false;
}

/** Removes the escaping backslashes. */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** Index of the `]` closing a bracket expression starting at `i`, or -1. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++;
  // Bracket expressions longer than this are not real patterns; bounding keeps scans linear.
  const stop = Math.min(p.length, i + 256);
  for (; j < stop; j++) {
    if (p[j] === '/') return -1;
    if (p[j] === '\\') j++;
    else if (p[j] === '[' && p[j + 1] === ':') {
      const k = p.indexOf(':]', j + 2);
      if (k > 0) j = k + 1;
    } else if (p[j] === ']') return j;
  }
  return -1;
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', word: 'A-Za-z0-9_', blank: ' \\t', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f',
};

/** Converts one glob (no `/`) into a regular-expression source. */
export function globToRegex(p: string, anchored = true): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[++i];
      if (n !== undefined) out += n.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = classEnd(p, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = p.slice(i + 1, end);
      let neg = '';
      if (body[0] === '!' || body[0] === '^') {
        neg = '^';
        body = body.slice(1);
      }
      let cls = '';
      for (let j = 0; j < body.length; j++) {
        const b = body[j]!;
        if (b === '[' && body[j + 1] === ':') {
          const k = body.indexOf(':]', j + 2);
          cls += CLASSES[body.slice(j + 2, k)] ?? '';
          j = k + 1;
        } else if (b === '\\') cls += '\\' + (body[++j] ?? '\\');
        else if (b === '-' && j > 0 && j < body.length - 1) cls += '-';
        else cls += b.replace(/[\]\\^-]/g, '\\$&');
      }
      out += `[${neg}${cls}]`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return anchored ? `^${out}$` : out;
}

/**
 * Expands an escaped glob pattern relative to `cwd`. Returns the sorted matches (empty when
 * nothing matches), or null when the budget ran out (too many matches or directory reads).
 */
export function expandGlob(pattern: string, cwd: string, fs: FsProbe, budget: GlobBudget): string[] | null {
  const absolute = pattern.startsWith('/');
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  if (absolute) segs.shift();
  // Each entry: [path as the shell prints it, path on disk].
  let cur: [string, string][] = [[absolute ? '/' : '', absolute ? '/' : cwd]];
  let globbed = false;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const next: [string, string][] = [];
    if (!hasGlob(seg)) {
      const name = unescapeGlob(seg);
      for (const [shown, disk] of cur) {
        const d = join(disk, name);
        // After a wildcard, literal components must exist for the path to be a match.
        if (globbed) {
          if (--budget.readdirs < 0) return null;
          if (last ? !(fs.readdir(disk) ?? []).includes(name) : !fs.isDir(d)) continue;
        }
        next.push([join(shown, name), d]);
      }
    } else {
      globbed = true;
      const re = new RegExp(globToRegex(seg.replace(/\*\*+/g, '*')), 's');
      const dotOk = seg.startsWith('.') || seg.startsWith('\\.');
      for (const [shown, disk] of cur) {
        if (--budget.readdirs < 0) return null;
        const entries = fs.readdir(disk);
        if (!entries) continue;
        for (const e of entries) {
          if (e === '.' || e === '..') continue;
          if (e.startsWith('.') && !dotOk) continue;
          if (!re.test(e)) continue;
          const d = join(disk, e);
          if (!last && !fs.isDir(d)) continue;
          next.push([join(shown, e), d]);
          if (next.length > budget.maxMatches) return null;
        }
      }
    }
    cur = next;
    if (!cur.length) return [];
  }
  // A pattern ending in `/` only matches directories.
  if (pattern.endsWith('/')) cur = cur.filter(([, d]) => fs.isDir(d)).map(([s, d]) => [s + '/', d]);
  const hadGlob = segs.some(hasGlob);
  if (!hadGlob) return [];
  return cur.map(([s]) => s).sort();
}

function join(a: string, b: string): string {
  if (!a) return b;
  return a.endsWith('/') ? a + b : `${a}/${b}`;
}
