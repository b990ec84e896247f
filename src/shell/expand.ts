// Word expansion in bash's order: brace expansion, tilde, parameters / command substitution /
// arithmetic, field splitting, pathname expansion, quote removal. What cannot be known
// statically becomes `value: null` with a pattern (`*` for each unknown part).
import type { ListNode, WordNode, WordPart } from './ast.js';
import { BraceBudgetError, expandBraces, type Tok } from './brace.js';
import { escapeGlob, expandGlob, globToRegex, hasGlob, type GlobBudget } from './glob.js';
import { NAME_RE } from './lexer.js';
import { assign, lookup, UNKNOWN, type Scope, type VarVal } from './scope.js';
import type { ShellContext, Span, Unknown, Word } from './types.js';

export interface Budget {
  /** Words that may still be produced (brace and glob expansion draw from it). */
  words: number;
  glob: GlobBudget;
  braceMax: number;
  commands: number;
}

export interface ExpandHost {
  ctx: ShellContext;
  scope: Scope;
  /** The text spans refer to; null when analysing a fragment that is not the caller's source. */
  source: string;
  spans: boolean;
  budget: Budget;
  /** Analyses the commands of `$(…)`/`<(…)`; returns their static output when it is known. */
  substitute(body: ListNode, kind: 'cmd' | 'proc', span: Span): string | null;
  unknown(kind: Unknown['kind'], detail: string, span?: Span): void;
}

interface Seg {
  text: string;
  /** Quoted (no splitting or globbing). */
  q: boolean;
  unknown: boolean;
  /** Result of an unquoted expansion: subject to field splitting. */
  split: boolean;
  dyn: boolean;
  /** Quoted "$@": split on NUL into separate words. */
  nul?: boolean;
}

const lit = (text: string, q: boolean): Seg => ({ text, q, unknown: false, split: false, dyn: false });

/** Expands one word into the argv words the shell would produce (zero, one or many). */
export function expandWord(node: WordNode, h: ExpandHost): Word[] {
  const raw = h.source.slice(node.span.start, node.span.end);
  const span = h.spans ? node.span : undefined;
  const only = node.parts.length === 1 ? node.parts[0]! : null;
  if (only?.k === 'lit' && (only.q || !/[{~*?[=]/.test(only.v))) {
    // Fast path: a plain literal word.
    if (--h.budget.words < 0) return [];
    const w: Word = { value: only.v, raw };
    if (only.q) w.quoted = true;
    if (span) w.span = span;
    return [w];
  }
  let alts: WordPart[][];
  try {
    alts = braceAlternatives(node.parts, h.budget.braceMax);
  } catch (e) {
    if (!(e instanceof BraceBudgetError)) throw e;
    h.unknown('budget', e.message, span);
    return [{ value: null, raw, pattern: raw.replace(/\{[^}]*\}/g, '*'), glob: true, dynamic: true, ...(span ? { span } : {}) }];
  }
  const out: Word[] = [];
  for (const parts of alts) {
    const segs = expandParts(parts, h, 'word');
    for (const field of splitFields(segs, h.scope)) {
      if (--h.budget.words < 0) {
        if (h.budget.words === -1) h.unknown('budget', 'too many words', span);
        return out;
      }
      out.push(...finishWord(field, raw, span, h));
    }
  }
  return out;
}

/** Expands an assignment value or other single-word context (no splitting, no globbing). */
export function expandSingle(node: WordNode, h: ExpandHost): Word {
  const raw = h.source.slice(node.span.start, node.span.end);
  const segs = expandParts(node.parts, h, 'assign');
  const w = toWord(segs, raw, h.spans ? node.span : undefined);
  if (w.glob) delete w.glob;
  return w;
}

/** Expands parts in a quoted context (heredoc bodies, `[[ ]]` operands). */
export function expandText(parts: WordPart[], h: ExpandHost): { value: string | null; pattern: string; dynamic: boolean } {
  const segs = expandParts(parts, h, 'none');
  const unknown = segs.some((s) => s.unknown);
  const text = segs.map((s) => s.text).join('');
  return { value: unknown ? null : text, pattern: text, dynamic: segs.some((s) => s.dyn) };
}

function braceAlternatives(parts: WordPart[], max: number): WordPart[][] {
  if (!parts.some((p) => p.k === 'lit' && !p.q && p.v.includes('{'))) return [parts];
  const toks: Tok<WordPart>[] = [];
  let opens = 0;
  for (const p of parts) {
    if (p.k === 'lit' && !p.q) for (const c of p.v) toks.push({ c }), c === '{' && opens++;
    else toks.push({ item: p });
  }
  // Matching braces is quadratic in their number; no real command has this many.
  if (opens > 64) throw new BraceBudgetError(`${opens} braces in one word`);
  const alts = expandBraces(toks, max);
  if (alts.length === 1 && alts[0] === toks) return [parts];
  return alts.map((a) => {
    const out: WordPart[] = [];
    for (const t of a) {
      if ('item' in t) out.push(t.item);
      else {
        const last = out[out.length - 1];
        if (last && last.k === 'lit' && !last.q) out[out.length - 1] = { k: 'lit', v: last.v + t.c, q: false };
        else out.push({ k: 'lit', v: t.c, q: false });
      }
    }
    // A word that expands to nothing still produces an (empty) alternative only if quoted.
    return out.length ? out : [{ k: 'lit', v: '', q: false }];
  });
}

function expandParts(parts: WordPart[], h: ExpandHost, tilde: 'word' | 'assign' | 'none'): Seg[] {
  const segs: Seg[] = [];
  parts.forEach((p, i) => {
    if (p.k === 'lit') {
      if (i === 0 && tilde !== 'none' && !p.q) {
        const t = tildeSplit(p.v, h.scope, h.ctx);
        if (t) {
          if (t.before) segs.push(lit(t.before, false));
          segs.push(t.val.v === null ? { text: t.val.pat ?? '*', q: true, unknown: true, split: false, dyn: true } : lit(t.val.v, true));
          if (t.rest) segs.push(lit(t.rest, false));
          return;
        }
      }
      segs.push(lit(p.v, p.q));
    } else if (p.k === 'param') {
      const val = paramValue(p, h);
      if (val.v === null) segs.push({ text: val.pat ?? '*', q: p.q, unknown: true, split: false, dyn: true });
      else if (p.name === '@' && p.q && !p.op && h.scope.positional) {
        segs.push({ text: h.scope.positional.map((x) => x.v ?? '').join('\0'), q: true, unknown: false, split: false, dyn: false, nul: true });
      } else segs.push({ text: val.v, q: p.q, unknown: false, split: !p.q, dyn: false });
    } else if (p.k === 'cmd' || p.k === 'proc') {
      const outText = h.substitute(p.body, p.k, p.span);
      if (p.k === 'proc') segs.push({ text: '/dev/fd/*', q: true, unknown: true, split: false, dyn: true });
      else if (outText === null) segs.push({ text: '*', q: p.q, unknown: true, split: false, dyn: true });
      else segs.push({ text: outText.replace(/\n+$/, ''), q: p.q, unknown: false, split: !p.q, dyn: true });
    } else {
      const t = expandText(p.parts, h);
      const n = t.value !== null && /^\s*-?\d+\s*$/.test(t.value) ? String(Number(t.value)) : null;
      segs.push(n === null ? { text: '*', q: p.q, unknown: true, split: false, dyn: true } : { text: n, q: p.q, unknown: false, split: false, dyn: true });
    }
  });
  return segs;
}

/** Tilde prefix of an unquoted literal at word start (or after `NAME=`). */
function tildeSplit(v: string, scope: Scope, ctx: ShellContext): { before: string; val: VarVal; rest: string } | null {
  let at = 0;
  if (!v.startsWith('~')) {
    const m = /^[A-Za-z_][A-Za-z0-9_]*=~/.exec(v);
    if (!m) return null;
    at = m[0].length - 1;
  }
  const slash = v.indexOf('/', at);
  const prefix = slash < 0 ? v.slice(at) : v.slice(at, slash);
  const rest = slash < 0 ? '' : v.slice(slash);
  const user = prefix.slice(1);
  let val: VarVal;
  if (user === '') val = lookup(scope, 'HOME');
  else if (user === '+') val = lookup(scope, 'PWD');
  else if (user === '-') val = lookup(scope, 'OLDPWD');
  else if (user === ctx.env.USER || user === ctx.env.LOGNAME) val = { v: ctx.home };
  else if (user === 'root') val = { v: '/root' };
  else if (/^[A-Za-z0-9._-]+$/.test(user)) val = { v: null, pat: '/*' };
  else return null;
  return { before: v.slice(0, at), val, rest };
}

function paramValue(p: Extract<WordPart, { k: 'param' }>, h: ExpandHost): VarVal {
  const { op } = p;
  if (op === 'bad') return UNKNOWN;
  if (op === '!') {
    const target = lookup(h.scope, p.name);
    return target.v !== null && NAME_RE.test(target.v) ? lookup(h.scope, target.v) : UNKNOWN;
  }
  const base = p.name.includes('[') ? UNKNOWN : lookup(h.scope, p.name);
  const known = base.v !== null;
  const set = known && !base.unset;
  const argText = (): VarVal => {
    if (!p.arg) return { v: '' };
    const segs = expandParts(p.arg, h, 'assign');
    return segs.some((s) => s.unknown) ? { v: null, pat: segs.map((s) => s.text).join('') } : { v: segs.map((s) => s.text).join('') };
  };
  switch (op) {
    case '':
      return base.unset ? { v: '' } : base;
    case ':-': case '-': case ':=': case '=': {
      const useArg = !known ? null : op.startsWith(':') ? !set || base.v === '' : !set;
      if (useArg === null) return { v: null, pat: '*' };
      if (!useArg) return base;
      const a = argText();
      if (op.endsWith('=') && NAME_RE.test(p.name)) assign(h.scope, p.name, a);
      return a;
    }
    case ':?': case '?':
      return set ? base : known ? { v: '' } : UNKNOWN;
    case ':+': case '+': {
      if (!known) return UNKNOWN;
      const useArg = op === ':+' ? set && base.v !== '' : set;
      return useArg ? argText() : { v: '' };
    }
    case '#len':
      return known ? { v: String(base.v!.length) } : UNKNOWN;
  }
  if (!known) return UNKNOWN;
  const v = base.v!;
  const a = argText();
  if (a.v === null || v.length > 4096) return UNKNOWN;
  const r = transform(op, v, a.v);
  return r === null ? UNKNOWN : { v: r };
}

/** `${v#pat}`, `${v/pat/rep}`, `${v^^}`, `${v:off:len}`…; null when not computable. */
function transform(op: string, v: string, arg: string): string | null {
  const re = (pat: string) => new RegExp(globToRegex(pat).replace(/\[\^\/\]/g, '[\\s\\S]'), 's');
  switch (op) {
    case '#': case '##': {
      const r = re(arg);
      if (op === '#') { for (let i = 0; i <= v.length; i++) if (r.test(v.slice(0, i))) return v.slice(i); }
      else for (let i = v.length; i >= 0; i--) if (r.test(v.slice(0, i))) return v.slice(i);
      return v;
    }
    case '%': case '%%': {
      const r = re(arg);
      if (op === '%') { for (let i = v.length; i >= 0; i--) if (r.test(v.slice(i))) return v.slice(0, i); }
      else for (let i = 0; i <= v.length; i++) if (r.test(v.slice(i))) return v.slice(0, i);
      return v;
    }
    case '/': case '//': case '/#': case '/%': {
      const slash = arg.indexOf('/');
      const pat = slash < 0 ? arg : arg.slice(0, slash);
      const rep = slash < 0 ? '' : arg.slice(slash + 1);
      if (!pat) return v;
      let src = globToRegex(pat, false).replace(/\[\^\/\]/g, '[\\s\\S]');
      if (op === '/#') src = '^' + src;
      if (op === '/%') src = src + '$';
      return v.replace(new RegExp(src, op === '//' ? 'gs' : 's'), () => rep);
    }
    case '^^': return v.toUpperCase();
    case ',,': return v.toLowerCase();
    case '^': return v.charAt(0).toUpperCase() + v.slice(1);
    case ',': return v.charAt(0).toLowerCase() + v.slice(1);
    case ':': {
      const m = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(arg);
      if (!m) return null;
      let off = Number(m[1]);
      if (off < 0) off = Math.max(0, v.length + off);
      if (m[2] === undefined) return v.slice(off);
      const len = Number(m[2]);
      return len < 0 ? v.slice(off, Math.max(off, v.length + len)) : v.slice(off, off + len);
    }
  }
  return null;
}

/** Field splitting of unquoted expansion results on IFS (default: blanks and newlines). */
function splitFields(segs: Seg[], scope: Scope): Seg[][] {
  if (!segs.some((s) => s.split || s.nul)) return [segs];
  const ifs = scope.vars.get('IFS')?.v ?? ' \t\n';
  const fields: Seg[][] = [];
  let cur: Seg[] = [];
  let curHasContent = false;
  const end = () => {
    if (cur.length && (curHasContent || cur.some((s) => s.q))) fields.push(cur);
    cur = [];
    curHasContent = false;
  };
  for (const s of segs) {
    if (s.nul) {
      const pieces = s.text.split('\0');
      if (s.text === '' && pieces.length === 1 && !cur.length) continue; // "$@" with no args: no word
      pieces.forEach((piece, i) => {
        if (i > 0) end();
        cur.push({ ...s, text: piece, nul: false });
        curHasContent = true;
      });
      continue;
    }
    if (!s.split || !ifs) {
      cur.push(s);
      if (s.text !== '' || s.q) curHasContent = true;
      continue;
    }
    let piece = '';
    for (const c of s.text) {
      if (ifs.includes(c)) {
        if (piece) cur.push({ ...s, text: piece }), (curHasContent = true);
        piece = '';
        if (curHasContent || !/\s/.test(c)) end();
      } else piece += c;
    }
    if (piece) cur.push({ ...s, text: piece }), (curHasContent = true);
  }
  end();
  return fields;
}

function toWord(segs: Seg[], raw: string, span: Span | undefined): Word {
  const unknown = segs.some((s) => s.unknown);
  const text = segs.map((s) => s.text).join('');
  const active = segs.map((s) => (s.q || s.unknown ? escapeGlob(s.unknown ? '' : s.text) : s.text)).join('');
  const w: Word = { value: unknown ? null : text, raw };
  if (unknown) w.pattern = text;
  // No path is longer than PATH_MAX, so longer words are not worth a bracket-expression scan.
  if (active.length > 4096 ? /(^|[^\\])[*?[]/.test(active) : hasGlob(active)) w.glob = true;
  if (segs.some((s) => s.dyn)) w.dynamic = true;
  if (segs.some((s) => s.q && !s.unknown)) w.quoted = true;
  if (span) w.span = span;
  return w;
}

function finishWord(segs: Seg[], raw: string, span: Span | undefined, h: ExpandHost): Word[] {
  const w = toWord(segs, raw, span);
  if (!w.glob || w.value === null || h.scope.cwd === null || w.value.length > 4096) return [w];
  const pattern = segs.map((s) => (s.q ? escapeGlob(s.text) : s.text)).join('');
  const matches = expandGlob(pattern, h.scope.cwd, h.ctx.fs, h.budget.glob);
  if (matches === null) {
    h.unknown('budget', `glob ${w.value} matches too many files`, span);
    return [{ ...w, value: null, pattern: w.value }];
  }
  if (!matches.length) return [w];
  h.budget.words -= matches.length;
  return matches.map((m) => {
    const out: Word = { value: m, raw, fromGlob: w.value! };
    if (w.dynamic) out.dynamic = true;
    if (w.quoted) out.quoted = true;
    if (span) out.span = span;
    return out;
  });
}
