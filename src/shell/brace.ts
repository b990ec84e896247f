// Brace expansion (`{a,b}`, `{1..3}`, `{a..e..2}`), done on a word before any other expansion,
// like bash. Works on tokens so quoted text and `$…` parts pass through untouched. Bounded:
// past `max` results (or nesting) it throws BraceBudgetError instead of allocating.
export class BraceBudgetError extends Error {}

/** A token: one unquoted literal character, or an opaque item (quoted text, expansion). */
export type Tok<T> = { c: string } | { item: T };

const SEQ_RE = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/;

export function expandBraces<T>(toks: Tok<T>[], max: number, depth = 0): Tok<T>[][] {
  if (depth > 32) throw new BraceBudgetError('brace nesting too deep');
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (!('c' in t) || t.c !== '{') continue;
    const close = findClose(toks, i);
    if (close < 0) continue;
    const inner = toks.slice(i + 1, close);
    const alts = alternatives(inner, max, depth);
    if (!alts) continue;
    const prefix = toks.slice(0, i);
    const suffixes = expandBraces(toks.slice(close + 1), max, depth + 1);
    if (alts.length * suffixes.length > max) throw new BraceBudgetError(`brace expansion over ${max} words`);
    const out: Tok<T>[][] = [];
    for (const a of alts) for (const s of suffixes) out.push([...prefix, ...a, ...s]);
    return out;
  }
  return [toks];
}

function findClose<T>(toks: Tok<T>[], open: number): number {
  let depth = 0;
  for (let j = open; j < toks.length; j++) {
    const t = toks[j]!;
    if (!('c' in t)) continue;
    if (t.c === '{') depth++;
    else if (t.c === '}' && --depth === 0) return j;
  }
  return -1;
}

/** The alternatives inside one brace pair, or null if it is not an expansion (`{a}`, `{}`). */
function alternatives<T>(inner: Tok<T>[], max: number, depth: number): Tok<T>[][] | null {
  const parts: Tok<T>[][] = [];
  let cur: Tok<T>[] = [];
  let d = 0;
  for (const t of inner) {
    if ('c' in t) {
      if (t.c === '{') d++;
      else if (t.c === '}') d--;
      else if (t.c === ',' && d === 0) {
        parts.push(cur);
        cur = [];
        continue;
      }
    }
    cur.push(t);
  }
  parts.push(cur);
  if (parts.length > 1) {
    const out: Tok<T>[][] = [];
    for (const p of parts) {
      for (const e of expandBraces(p, max, depth + 1)) {
        out.push(e);
        if (out.length > max) throw new BraceBudgetError(`brace expansion over ${max} words`);
      }
    }
    return out;
  }
  if (!inner.every((t) => 'c' in t)) return null;
  const text = inner.map((t) => (t as { c: string }).c).join('');
  const m = SEQ_RE.exec(text);
  if (!m) return null;
  return sequence(m[1]!, m[2]!, m[3], max)?.map((s) => [...s].map((c) => ({ c }))) ?? null;
}

function sequence(a: string, b: string, stepText: string | undefined, max: number): string[] | null {
  const numeric = /\d/.test(a);
  if (numeric !== /\d/.test(b)) return null;
  const step = Math.abs(Number(stepText ?? 1)) || 1;
  const x = numeric ? Number(a) : a.charCodeAt(0);
  const y = numeric ? Number(b) : b.charCodeAt(0);
  const count = Math.floor(Math.abs(y - x) / step) + 1;
  if (count > max) throw new BraceBudgetError(`brace sequence of ${count} words`);
  const width = numeric && (/^-?0\d/.test(a) || /^-?0\d/.test(b)) ? Math.max(a.length, b.length) : 0;
  const out: string[] = [];
  for (let i = 0, v = x; i < count; i++, v += x <= y ? step : -step) {
    if (!numeric) out.push(String.fromCharCode(v));
    else out.push(width ? (v < 0 ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String(v));
  }
  return out;
}
