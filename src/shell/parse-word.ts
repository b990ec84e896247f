// Word-level parsing: quotes, escapes, `$…` expansions, backticks, arithmetic and process
// substitution. The structural parser (parser.ts) extends this class; the two recurse into each
// other through parseList (`$(…)` contains a whole command list).
import type { ListNode, WordNode, WordPart } from './ast.js';
import { decodeAnsiC, isBlank, isDigit, isMeta, isNameChar, isNameStart, isSpecialParam } from './lexer.js';
import type { Span } from './types.js';

export type WordMode = 'normal' | 'dquote' | 'param' | 'heredoc' | 'arith' | 'test';

export interface ParseIssue {
  kind: 'parse-error' | 'budget' | 'unsupported';
  detail: string;
  span: Span;
}

export class ParseBudgetError extends Error {}

export interface ParserOptions {
  /** Offset of this text inside the analysed source (for spans of re-parsed fragments). */
  base?: number;
  /** Nesting already used by the enclosing parser. */
  depth?: number;
  maxNesting?: number;
  issues?: ParseIssue[];
  /** Shared count of words parsed so far; parsing stops past `maxWords`. */
  counter?: { words: number };
  maxWords?: number;
}

const PARAM_OPS = [':-', ':=', ':?', ':+', '-', '=', '?', '+', '##', '#', '%%', '%', '//', '/#', '/%', '/', '^^', '^', ',,', ',', '@', ':'];

export abstract class WordParser {
  readonly s: string;
  pos = 0;
  end: number;
  readonly base: number;
  depth: number;
  readonly maxNesting: number;
  readonly issues: ParseIssue[];
  readonly counter: { words: number };
  readonly maxWords: number;

  constructor(s: string, opts: ParserOptions = {}) {
    this.counter = opts.counter ?? { words: 0 };
    this.maxWords = opts.maxWords ?? 25_000;
    this.s = s;
    this.end = s.length;
    this.base = opts.base ?? 0;
    this.depth = opts.depth ?? 0;
    this.maxNesting = opts.maxNesting ?? 400;
    this.issues = opts.issues ?? [];
  }

  abstract parseList(): ListNode;
  /** Creates a parser for a separate fragment (backtick bodies, heredoc bodies). */
  abstract sub(text: string, base: number): WordParser;

  span(a: number, b: number): Span {
    return { start: this.base + a, end: this.base + b };
  }

  err(detail: string, at = this.pos): void {
    if (this.issues.length < 50) this.issues.push({ kind: 'parse-error', detail, span: this.span(at, Math.min(at + 1, this.end)) });
  }

  enter(): void {
    if (++this.depth > this.maxNesting) throw new ParseBudgetError(`nesting deeper than ${this.maxNesting}`);
  }

  leave(): void {
    this.depth--;
  }

  parseWord(mode: WordMode = 'normal'): WordNode | null {
    const start = this.pos;
    const parts = this.parseWordParts(mode);
    if (this.pos === start) return null;
    if (++this.counter.words > this.maxWords) throw new ParseBudgetError(`more than ${this.maxWords} words`);
    return { parts, span: this.span(start, this.pos) };
  }

  /** Parses word parts until the mode's terminator (which is not consumed). */
  parseWordParts(mode: WordMode): WordPart[] {
    this.enter();
    const s = this.s;
    const parts: WordPart[] = [];
    const quotedCtx = mode === 'dquote' || mode === 'heredoc';
    let lit = '';
    let litQ = false;
    const push = (v: string, q: boolean) => {
      if (lit && litQ !== q) flush();
      lit += v;
      litQ = q;
    };
    const flush = () => {
      if (lit) parts.push({ k: 'lit', v: lit, q: litQ });
      lit = '';
    };
    let parenDepth = 0;
    while (this.pos < this.end) {
      const c = s[this.pos]!;
      // Terminators.
      if (mode === 'normal') {
        if ((c === '<' || c === '>') && s[this.pos + 1] === '(' && parts.length === 0 && !lit) {
          flush();
          parts.push(this.parseProcSub());
          continue;
        }
        if (isMeta(c)) break;
      } else if (mode === 'test') {
        if (isBlank(c) || c === '\n' || c === ';') break;
        if ((c === '&' && s[this.pos + 1] === '&') || (c === '|' && s[this.pos + 1] === '|')) {
          if (!lit && parts.length === 0) {
            push(c + c, false);
            this.pos += 2;
          }
          break;
        }
      } else if (mode === 'dquote') {
        if (c === '"') break;
      } else if (mode === 'param') {
        if (c === '}') break;
      } else if (mode === 'arith') {
        if (c === '(') parenDepth++;
        else if (c === ')') {
          if (parenDepth === 0) break;
          parenDepth--;
        }
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        if (n === undefined) {
          push('\\', quotedCtx);
          this.pos++;
          continue;
        }
        if (quotedCtx) {
          if (n === '$' || n === '`' || n === '\\' || (n === '"' && mode === 'dquote')) {
            push(n, true);
            this.pos += 2;
          } else {
            push('\\', true);
            this.pos++;
          }
        } else {
          push(n, true);
          this.pos += 2;
        }
        continue;
      }
      if (c === "'" && !quotedCtx) {
        const j = s.indexOf("'", this.pos + 1);
        if (j < 0 || j >= this.end) {
          this.err('unterminated single quote');
          push(s.slice(this.pos + 1, this.end), true);
          this.pos = this.end;
        } else {
          if (j === this.pos + 1) {
            flush();
            parts.push({ k: 'lit', v: '', q: true });
          } else push(s.slice(this.pos + 1, j), true);
          this.pos = j + 1;
        }
        continue;
      }
      if (c === '"' && !quotedCtx) {
        flush();
        const open = this.pos;
        this.pos++;
        const inner = this.parseWordParts('dquote');
        if (s[this.pos] === '"') this.pos++;
        else this.err('unterminated double quote', open);
        parts.push(...(inner.length ? inner : [{ k: 'lit' as const, v: '', q: true }]));
        continue;
      }
      if (c === '$') {
        const got = this.parseDollar(quotedCtx);
        if (got) {
          flush();
          if (Array.isArray(got)) parts.push(...got);
          else parts.push(got);
        } else {
          push('$', quotedCtx);
          this.pos++;
        }
        continue;
      }
      if (c === '`') {
        flush();
        parts.push(this.parseBacktick(quotedCtx || mode === 'param'));
        continue;
      }
      push(c, quotedCtx);
      this.pos++;
    }
    flush();
    this.leave();
    return parts;
  }

  private parseProcSub(): WordPart {
    const start = this.pos;
    const dir = this.s[this.pos] as '<' | '>';
    this.pos += 2;
    this.enter();
    const body = this.parseList();
    this.leave();
    if (this.s[this.pos] === ')') this.pos++;
    else this.err('unterminated process substitution', start);
    return { k: 'proc', dir, body, src: this.s.slice(start, this.pos), span: this.span(start, this.pos) };
  }

  /** At `$`: returns the expansion part, or null when the `$` is literal. */
  private parseDollar(q: boolean): WordPart | WordPart[] | null {
    const s = this.s;
    const start = this.pos;
    const n = s[this.pos + 1];
    if (n === "'" && !q) {
      let j = this.pos + 2;
      while (j < this.end && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
      if (j >= this.end) this.err('unterminated $\'…\'');
      const body = s.slice(this.pos + 2, Math.min(j, this.end));
      this.pos = Math.min(j + 1, this.end);
      return { k: 'lit', v: decodeAnsiC(body), q: true };
    }
    if (n === '"' && !q) {
      this.pos += 2;
      const inner = this.parseWordParts('dquote');
      if (s[this.pos] === '"') this.pos++;
      else this.err('unterminated $"…"', start);
      // Locale strings (`$"…"`) are double-quoted strings.
      return inner.length ? inner : [{ k: 'lit', v: '', q: true }];
    }
    if (n === '(') {
      if (s[this.pos + 2] === '(') {
        const arith = this.tryArith(this.pos + 3, q);
        if (arith) return arith;
      }
      this.pos += 2;
      this.enter();
      const body = this.parseList();
      this.leave();
      if (s[this.pos] === ')') this.pos++;
      else this.err('unterminated $(', start);
      return { k: 'cmd', body, q, src: s.slice(start, this.pos), span: this.span(start, this.pos) };
    }
    if (n === '[') {
      const j = s.indexOf(']', this.pos + 2);
      const stop = j < 0 || j >= this.end ? this.end : j;
      const sub = this.sub(s.slice(this.pos + 2, stop), this.base + this.pos + 2);
      const parts = sub.parseWordParts('heredoc');
      this.pos = Math.min(stop + 1, this.end);
      return { k: 'arith', parts, q, src: s.slice(start, this.pos) };
    }
    if (n === '{') return this.parseBraceParam(q);
    if (isNameStart(n)) {
      let j = this.pos + 1;
      while (j < this.end && isNameChar(s[j])) j++;
      const name = s.slice(this.pos + 1, j);
      this.pos = j;
      return { k: 'param', name, op: '', arg: null, q, src: s.slice(start, j) };
    }
    if (isSpecialParam(n)) {
      this.pos += 2;
      return { k: 'param', name: n!, op: '', arg: null, q, src: s.slice(start, this.pos) };
    }
    return null;
  }

  /** `$((…))`: returns null (and restores the position) when it is really `$( (…) )`. */
  private tryArith(from: number, q: boolean): WordPart | null {
    const save = this.pos;
    const start = this.pos;
    this.pos = from;
    const parts = this.parseWordParts('arith');
    if (this.s[this.pos] === ')' && this.s[this.pos + 1] === ')') {
      this.pos += 2;
      return { k: 'arith', parts, q, src: this.s.slice(start, this.pos) };
    }
    this.pos = save;
    return null;
  }

  private parseBraceParam(q: boolean): WordPart {
    const s = this.s;
    const start = this.pos;
    this.pos += 2;
    let prefix = '';
    if ((s[this.pos] === '#' || s[this.pos] === '!') && s[this.pos + 1] !== '}' && s[this.pos + 1] !== undefined) {
      prefix = s[this.pos]!;
      this.pos++;
    }
    let name = '';
    if (isNameStart(s[this.pos])) {
      let j = this.pos;
      while (j < this.end && isNameChar(s[j])) j++;
      name = s.slice(this.pos, j);
      this.pos = j;
    } else if (isDigit(s[this.pos])) {
      let j = this.pos;
      while (j < this.end && isDigit(s[j])) j++;
      name = s.slice(this.pos, j);
      this.pos = j;
    } else if (isSpecialParam(s[this.pos])) {
      name = s[this.pos]!;
      this.pos++;
    }
    if (s[this.pos] === '[') {
      const j = s.indexOf(']', this.pos);
      const stop = j < 0 || j >= this.end ? this.end : j + 1;
      name += s.slice(this.pos, stop);
      this.pos = stop;
    }
    let op = prefix === '#' ? '#len' : prefix === '!' ? '!' : '';
    let arg: WordPart[] | null = null;
    if (s[this.pos] !== '}' && this.pos < this.end) {
      const found = PARAM_OPS.find((o) => s.startsWith(o, this.pos));
      if (found && !prefix) {
        op = found;
        this.pos += found.length;
        arg = this.parseWordParts('param');
      } else {
        this.err('bad substitution', start);
        op = 'bad';
        arg = this.parseWordParts('param');
      }
    }
    if (!name && op !== 'bad') op = 'bad';
    if (s[this.pos] === '}') this.pos++;
    else this.err('unterminated ${', start);
    return { k: 'param', name, op, arg, q, src: s.slice(start, this.pos) };
  }

  private parseBacktick(q: boolean): WordPart {
    const s = this.s;
    const start = this.pos;
    let j = this.pos + 1;
    let body = '';
    while (j < this.end && s[j] !== '`') {
      if (s[j] === '\\' && (s[j + 1] === '$' || s[j + 1] === '`' || s[j + 1] === '\\' || (q && s[j + 1] === '"'))) {
        body += s[j + 1];
        j += 2;
      } else body += s[j++];
    }
    if (j >= this.end) this.err('unterminated backquote', start);
    this.pos = Math.min(j + 1, this.end);
    const sub = this.sub(body, this.base + start + 1);
    const list = sub.parseList();
    if (sub.pos < sub.end) sub.err('unexpected text in backquote');
    return { k: 'cmd', body: list, q, src: s.slice(start, this.pos), span: this.span(start, this.pos) };
  }
}
