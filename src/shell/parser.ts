// A bounded recursive-descent parser for POSIX shell and the Bash constructs agents write:
// lists, pipelines, compound commands, functions, redirections and heredocs. It never throws to
// its caller: syntax errors become issues and parsing resumes; nesting past the budget stops it.
import type { AndOrNode, CommandNode, HeredocInfo, ListItem, ListNode, PipelineNode, RedirNode, SimpleNode, WordNode } from './ast.js';
import { isBlank, isDigit, isMeta, LIST_TERMINATORS } from './lexer.js';
import { parseCase, parseFor, parseIf, parseTest } from './parse-compound.js';
import { ParseBudgetError, WordParser, type ParseIssue, type ParserOptions } from './parse-word.js';
import type { RedirectOp } from './types.js';

export type { ParseIssue } from './parse-word.js';

const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'select', 'function', 'time', 'coproc', '{', '}', '!', '[[', ']]', 'in']);
const REDIR_OPS: RedirectOp[] = ['<<<', '<<-', '<<', '<>', '<&', '<', '>>', '>|', '>&', '>', '&>>', '&>'];

function redirOp(s: string, i: number): RedirectOp | undefined {
  const c = s[i];
  if (c !== '<' && c !== '>' && !(c === '&' && s[i + 1] === '>')) return undefined;
  for (const o of REDIR_OPS) if (s.startsWith(o, i)) return o;
  return undefined;
}
const ASSIGN_RE = /[A-Za-z_][A-Za-z0-9_]*(\[[^\]\n]*\])?\+?=/y;

export interface ParseResult {
  list: ListNode;
  issues: ParseIssue[];
}

/** Parses a whole command line or script. Never throws. */
export function parseShell(source: string, opts: ParserOptions = {}): ParseResult {
  const p = new Parser(source, opts);
  return { list: p.parseProgram(), issues: p.issues };
}

export class Parser extends WordParser {
  private pending: HeredocInfo[] = [];

  sub(text: string, base: number): Parser {
    return new Parser(text, { base, depth: this.depth, maxNesting: this.maxNesting, issues: this.issues, counter: this.counter, maxWords: this.maxWords });
  }

  parseProgram(): ListNode {
    const items: ListItem[] = [];
    try {
      while (true) {
        this.parseList(items);
        if (this.pos >= this.end) break;
        this.err(`unexpected ${JSON.stringify(this.peekToken())}`);
        this.pos += Math.max(1, this.peekToken().length);
      }
      if (this.pending.length) this.err('here-document without a body');
    } catch (e) {
      if (!(e instanceof ParseBudgetError)) throw e;
      this.issues.push({ kind: 'budget', detail: e.message, span: this.span(this.pos, this.end) });
    }
    return { t: 'list', items };
  }

  /** Parses and-or lists until end of input, `)`, `;;` or a reserved list terminator. */
  parseList(into: ListItem[] = []): ListNode {
    this.enter();
    const s = this.s;
    while (true) {
      this.skipSeparators();
      if (this.pos >= this.end) break;
      const c = s[this.pos];
      if (c === ')' || (c === ';' && (s[this.pos + 1] === ';' || s[this.pos + 1] === '&'))) break;
      const w = this.peekReserved();
      if (w && LIST_TERMINATORS.has(w)) break;
      const node = this.parseAndOr();
      if (!node) {
        if (c === ';' || c === '&' || c === '|') {
          this.err(`unexpected ${c}`);
          this.pos++;
          continue;
        }
        break;
      }
      this.skipBlanks();
      let background = false;
      const d = s[this.pos];
      if (d === '&' && s[this.pos + 1] !== '&') {
        background = true;
        this.pos++;
      } else if (d === ';' && s[this.pos + 1] !== ';' && s[this.pos + 1] !== '&') this.pos++;
      else if (d === '\n') this.newline();
      into.push({ node, background });
    }
    this.leave();
    return { t: 'list', items: into };
  }

  private parseAndOr(): AndOrNode | null {
    const first = this.parsePipeline();
    if (!first) return null;
    const rest: AndOrNode['rest'] = [];
    while (true) {
      this.skipBlanks();
      const two = this.s.slice(this.pos, this.pos + 2);
      if (two !== '&&' && two !== '||') break;
      this.pos += 2;
      this.skipSeparators();
      const p = this.parsePipeline();
      if (!p) {
        this.err(`expected a command after ${two}`);
        break;
      }
      rest.push({ op: two, pipeline: p });
    }
    return { t: 'andor', first, rest };
  }

  private parsePipeline(): PipelineNode | null {
    this.skipBlanks();
    const start = this.pos;
    let negated = false;
    let timed = false;
    while (true) {
      const w = this.peekReserved();
      if (w === '!') negated = !negated;
      else if (w === 'time') timed = true;
      else break;
      this.pos += w.length;
      this.skipBlanks();
      if (w === 'time' && this.s.startsWith('-p', this.pos) && isMeta(this.s[this.pos + 2] ?? ' ')) {
        this.pos += 2;
        this.skipBlanks();
      }
    }
    const cmds: CommandNode[] = [];
    const first = this.parseCommand();
    if (!first) {
      if (negated || timed) return { t: 'pipeline', cmds, negated, timed, span: this.span(start, this.pos) };
      return null;
    }
    cmds.push(first);
    while (true) {
      this.skipBlanks();
      if (this.s[this.pos] !== '|' || this.s[this.pos + 1] === '|') break;
      this.pos += this.s[this.pos + 1] === '&' ? 2 : 1;
      this.skipSeparators();
      const c = this.parseCommand();
      if (!c) {
        this.err('expected a command after |');
        break;
      }
      cmds.push(c);
    }
    return { t: 'pipeline', cmds, negated, timed, span: this.span(start, this.pos) };
  }

  parseCommand(): CommandNode | null {
    this.skipBlanks();
    const s = this.s;
    const start = this.pos;
    if (s[this.pos] === '(') {
      if (s[this.pos + 1] === '(') {
        const save = this.pos;
        this.pos += 2;
        const parts = this.parseWordParts('arith');
        if (s[this.pos] === ')' && s[this.pos + 1] === ')') {
          this.pos += 2;
          return { t: 'arithcmd', parts, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
        }
        this.pos = save;
      }
      this.pos++;
      const body = this.parseList();
      this.expectChar(')', start);
      return { t: 'subshell', body, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
    }
    const w = this.peekReserved();
    switch (w) {
      case '{': {
        this.pos++;
        const body = this.parseList();
        this.expectWord('}', start);
        return { t: 'group', body, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
      }
      case '[[':
        return parseTest(this);
      case 'if':
        return parseIf(this);
      case 'while':
      case 'until': {
        this.pos += w.length;
        const cond = this.parseList();
        this.expectWord('do', start);
        const body = this.parseList();
        this.expectWord('done', start);
        return { t: 'compound', kind: w, lists: [cond, body], redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
      }
      case 'for':
      case 'select':
        return parseFor(this, w.length);
      case 'case':
        return parseCase(this);
      case 'function': {
        this.pos += w.length;
        this.skipBlanks();
        const nameWord = this.parseWord();
        const name = nameWord ? this.s.slice(nameWord.span.start - this.base, nameWord.span.end - this.base) : '';
        this.skipBlanks();
        if (s[this.pos] === '(') {
          this.pos++;
          this.skipBlanks();
          this.expectChar(')', start);
        }
        return this.finishFunction(name, start);
      }
      case 'coproc': {
        this.pos += w.length;
        const body = this.parseCommand();
        if (!body) return null;
        return { t: 'coproc', body, span: this.span(start, this.pos) };
      }
      default:
        if (w && LIST_TERMINATORS.has(w)) return null;
        return this.parseSimple();
    }
  }

  finishFunction(name: string, start: number): CommandNode | null {
    this.skipSeparators();
    const body = this.parseCommand();
    if (!body) {
      this.err('function without a body', start);
      return null;
    }
    return { t: 'func', name, body, span: this.span(start, this.pos) };
  }

  private parseSimple(): CommandNode | null {
    const s = this.s;
    const start = this.pos;
    const node: SimpleNode = { t: 'simple', assigns: [], words: [], redirs: [], span: this.span(start, start) };
    let last = start;
    while (this.pos < this.end) {
      this.skipBlanks();
      if (this.pos >= this.end) break;
      const c = s[this.pos]!;
      const r = this.tryRedir();
      if (r) {
        node.redirs.push(r);
        last = this.pos;
        continue;
      }
      if (c === '(' && node.words.length === 1 && !node.assigns.length && !node.redirs.length) {
        const name = s.slice(node.words[0]!.span.start - this.base, node.words[0]!.span.end - this.base);
        if (/^[^\s$`"'\\]+$/.test(name)) {
          this.pos++;
          this.skipBlanks();
          this.expectChar(')', start);
          return this.finishFunction(name, start);
        }
      }
      if (isMeta(c) && !((c === '<' || c === '>') && s[this.pos + 1] === '(')) break;
      if (node.words.length === 0) {
        ASSIGN_RE.lastIndex = this.pos;
        const m = ASSIGN_RE.exec(s);
        if (m && m.index === this.pos) {
          const aStart = this.pos;
          this.pos += m[0].length;
          const name = m[0].replace(/(\[.*\])?\+?=$/, '');
          let value: WordNode | null;
          if (s[this.pos] === '(') {
            this.skipArray();
            value = null;
          } else value = this.parseWord() ?? { parts: [], span: this.span(this.pos, this.pos) };
          node.assigns.push({ name: m[1] ? `${name}[]` : name, append: m[0].endsWith('+='), value, span: this.span(aStart, this.pos) });
          last = this.pos;
          continue;
        }
      }
      const w = this.parseWord();
      if (!w) {
        this.err(`unexpected ${JSON.stringify(c)}`);
        this.pos++;
        continue;
      }
      node.words.push(w);
      last = this.pos;
    }
    if (!node.words.length && !node.assigns.length && !node.redirs.length) return null;
    node.span = this.span(start, last);
    return node;
  }

  private skipArray(): void {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.end && this.s[this.pos] !== ')') {
      this.skipBlanks();
      if (this.s[this.pos] === '\n') {
        this.newline();
        continue;
      }
      if (this.s[this.pos] === ')') break;
      if (!this.parseWord()) this.pos++;
    }
    this.expectChar(')', start);
  }

  parseTrailingRedirs(): RedirNode[] {
    const out: RedirNode[] = [];
    while (true) {
      this.skipBlanks();
      const r = this.tryRedir();
      if (!r) break;
      out.push(r);
    }
    return out;
  }

  private tryRedir(): RedirNode | null {
    const s = this.s;
    const start = this.pos;
    let i = this.pos;
    let fd: number | null = null;
    if (isDigit(s[i])) {
      let j = i;
      while (isDigit(s[j])) j++;
      if (s[j] !== '<' && s[j] !== '>') return null;
      fd = Math.min(Number(s.slice(i, j)), 1 << 20);
      i = j;
    } else if (s[i] === '{') {
      const m = /\{[A-Za-z_][A-Za-z0-9_]*\}(?=[<>])/y;
      m.lastIndex = i;
      const r = m.exec(s);
      if (!r) return null;
      i += r[0].length;
    }
    const op = redirOp(s, i);
    if (!op) return null;
    if ((op === '<' || op === '>') && s[i + 1] === '(') return null; // process substitution
    if (op.startsWith('&') && fd !== null) return null;
    this.pos = i + op.length;
    this.skipBlanks();
    const target = this.parseWord();
    if (!target) {
      this.err(`missing target for ${op}`, start);
      return { op, fd, target: { parts: [], span: this.span(this.pos, this.pos) }, span: this.span(start, this.pos) };
    }
    const node: RedirNode = { op, fd, target, span: this.span(start, this.pos) };
    if (op === '<<' || op === '<<-') {
      const raw = s.slice(target.span.start - this.base, target.span.end - this.base);
      const heredoc: HeredocInfo = { delimiter: raw.replace(/["'\\]/g, ''), quoted: /["'\\]/.test(raw), strip: op === '<<-', body: null, parts: null };
      node.heredoc = heredoc;
      this.pending.push(heredoc);
    }
    return node;
  }

  /** Consumes a newline and reads the bodies of heredocs started on the line it ends. */
  newline(): void {
    this.pos++;
    if (!this.pending.length) return;
    const s = this.s;
    const queue = this.pending;
    this.pending = [];
    for (const h of queue) {
      const bodyStart = this.pos;
      let body = '';
      while (true) {
        if (this.pos >= this.end) {
          body = s.slice(bodyStart, this.end);
          break;
        }
        let lineEnd = s.indexOf('\n', this.pos);
        if (lineEnd < 0 || lineEnd > this.end) lineEnd = this.end;
        const line = s.slice(this.pos, lineEnd);
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delimiter) {
          body = s.slice(bodyStart, this.pos);
          this.pos = Math.min(lineEnd + 1, this.end);
          break;
        }
        this.pos = lineEnd + 1;
      }
      if (h.strip) body = body.replace(/^\t+/gm, '');
      h.body = body;
      if (!h.quoted) h.parts = this.sub(body, this.base + bodyStart).parseWordParts('heredoc');
    }
  }

  /** Skips blanks, line continuations and comments. */
  skipBlanks(): void {
    const s = this.s;
    while (this.pos < this.end) {
      const c = s[this.pos];
      if (isBlank(c)) this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        const j = s.indexOf('\n', this.pos);
        this.pos = j < 0 || j > this.end ? this.end : j;
      } else break;
    }
  }

  skipSeparators(): void {
    while (true) {
      this.skipBlanks();
      if (this.s[this.pos] === '\n') this.newline();
      else break;
    }
  }

  /** The reserved word at the current position, if one stands there as a whole word. */
  peekReserved(): string | null {
    const s = this.s;
    let j = this.pos;
    while (j < this.end && !isMeta(s[j]) && s[j] !== '"' && s[j] !== "'" && s[j] !== '\\' && s[j] !== '$' && s[j] !== '`' && j - this.pos < 9) j++;
    const w = s.slice(this.pos, j);
    if (!RESERVED.has(w)) return null;
    const next = s[j];
    if (next !== undefined && j < this.end && !isMeta(next)) return null;
    return w;
  }

  private peekToken(): string {
    const w = this.peekReserved();
    if (w) return w;
    if (this.s.startsWith(';;', this.pos)) return ';;';
    return this.s[this.pos] ?? '';
  }

  expectWord(w: string, openedAt: number): void {
    this.skipSeparators();
    if (this.peekReserved() === w) this.pos += w.length;
    else this.err(`expected '${w}'`, openedAt);
  }

  expectChar(c: string, openedAt: number): void {
    this.skipBlanks();
    if (this.s[this.pos] === c) this.pos++;
    else this.err(`expected '${c}'`, openedAt);
  }
}
