// A bounded recursive-descent parser for POSIX shell and the Bash constructs agents write:
// lists, pipelines, compound commands, functions, redirections and heredocs. It never throws to
// its caller: syntax errors become issues and parsing resumes; nesting past the budget stops it.
import type { AndOrNode, CaseArm, CommandNode, HeredocInfo, ListItem, ListNode, PipelineNode, RedirNode, SimpleNode, WordNode } from './ast.js';
import { isBlank, isDigit, isMeta, LIST_TERMINATORS, NAME_RE } from './lexer.js';
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

  private parseCommand(): CommandNode | null {
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
        return this.parseTest();
      case 'if':
        return this.parseIf();
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
        return this.parseFor(w.length);
      case 'case':
        return this.parseCase();
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

  private finishFunction(name: string, start: number): CommandNode | null {
    this.skipSeparators();
    const body = this.parseCommand();
    if (!body) {
      this.err('function without a body', start);
      return null;
    }
    return { t: 'func', name, body, span: this.span(start, this.pos) };
  }

  private parseIf(): CommandNode {
    const start = this.pos;
    this.pos += 2;
    const lists: ListNode[] = [this.parseList()];
    this.expectWord('then', start);
    lists.push(this.parseList());
    while (true) {
      const w = this.peekReserved();
      if (w === 'elif') {
        this.pos += 4;
        lists.push(this.parseList());
        this.expectWord('then', start);
        lists.push(this.parseList());
      } else if (w === 'else') {
        this.pos += 4;
        lists.push(this.parseList());
      } else break;
    }
    this.expectWord('fi', start);
    return { t: 'compound', kind: 'if', lists, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
  }

  private parseFor(len: number): CommandNode {
    const start = this.pos;
    this.pos += len;
    this.skipBlanks();
    if (this.s.startsWith('((', this.pos)) {
      this.pos += 2;
      const parts = this.parseWordParts('arith');
      if (this.s.startsWith('))', this.pos)) this.pos += 2;
      else this.err('unterminated for ((', start);
      this.skipBlanks();
      if (this.s[this.pos] === ';') this.pos++;
      const body = this.parseLoopBody(start);
      return { t: 'arithfor', parts, body, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
    }
    const nameWord = this.parseWord();
    const name = nameWord ? this.s.slice(nameWord.span.start - this.base, nameWord.span.end - this.base) : '';
    if (!NAME_RE.test(name)) this.err('bad for-loop variable', start);
    this.skipSeparators();
    let words: WordNode[] | null = null;
    if (this.peekReserved() === 'in') {
      this.pos += 2;
      words = [];
      while (true) {
        this.skipBlanks();
        const c = this.s[this.pos];
        if (c === undefined || c === ';' || c === '\n' || c === '&' || c === ')') break;
        const wd = this.parseWord();
        if (!wd) break;
        words.push(wd);
      }
    }
    this.skipBlanks();
    if (this.s[this.pos] === ';') this.pos++;
    const body = this.parseLoopBody(start);
    return { t: 'for', name, words, body, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
  }

  private parseLoopBody(start: number): ListNode {
    this.skipSeparators();
    if (this.peekReserved() === '{') {
      this.pos++;
      const body = this.parseList();
      this.expectWord('}', start);
      return body;
    }
    this.expectWord('do', start);
    const body = this.parseList();
    this.expectWord('done', start);
    return body;
  }

  private parseCase(): CommandNode {
    const start = this.pos;
    this.pos += 4;
    this.skipBlanks();
    const word = this.parseWord() ?? { parts: [], span: this.span(this.pos, this.pos) };
    this.skipSeparators();
    this.expectWord('in', start);
    const arms: CaseArm[] = [];
    while (true) {
      this.skipSeparators();
      if (this.pos >= this.end) {
        this.err('unterminated case', start);
        break;
      }
      if (this.peekReserved() === 'esac') {
        this.pos += 4;
        break;
      }
      if (this.s[this.pos] === '(') this.pos++;
      const patterns: WordNode[] = [];
      let ok = false;
      while (this.pos < this.end) {
        this.skipBlanks();
        const p = this.parseWord();
        if (p) patterns.push(p);
        this.skipBlanks();
        const c = this.s[this.pos];
        if (c === '|') this.pos++;
        else if (c === ')') {
          this.pos++;
          ok = true;
          break;
        } else break;
      }
      if (!ok) {
        this.err('bad case pattern', start);
        break;
      }
      const body = this.parseList();
      arms.push({ patterns, body });
      this.skipBlanks();
      for (const t of [';;&', ';;', ';&']) {
        if (this.s.startsWith(t, this.pos)) {
          this.pos += t.length;
          break;
        }
      }
    }
    return { t: 'case', word, arms, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
  }

  private parseTest(): CommandNode {
    const start = this.pos;
    this.pos += 2;
    const words: WordNode[] = [];
    while (true) {
      this.skipBlanks();
      if (this.s[this.pos] === '\n') {
        this.newline();
        continue;
      }
      if (this.pos >= this.end) {
        this.err('unterminated [[', start);
        break;
      }
      if (this.s.startsWith(']]', this.pos) && isMeta(this.s[this.pos + 2] ?? ' ')) {
        this.pos += 2;
        break;
      }
      const w = this.parseWord('test');
      if (!w) {
        this.err('unexpected text in [[', start);
        this.pos++;
        continue;
      }
      words.push(w);
    }
    return { t: 'test', words, redirs: this.parseTrailingRedirs(), span: this.span(start, this.pos) };
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

  private parseTrailingRedirs(): RedirNode[] {
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
  private newline(): void {
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
  private skipBlanks(): void {
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

  private skipSeparators(): void {
    while (true) {
      this.skipBlanks();
      if (this.s[this.pos] === '\n') this.newline();
      else break;
    }
  }

  /** The reserved word at the current position, if one stands there as a whole word. */
  private peekReserved(): string | null {
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

  private expectWord(w: string, openedAt: number): void {
    this.skipSeparators();
    if (this.peekReserved() === w) this.pos += w.length;
    else this.err(`expected '${w}'`, openedAt);
  }

  private expectChar(c: string, openedAt: number): void {
    this.skipBlanks();
    if (this.s[this.pos] === c) this.pos++;
    else this.err(`expected '${c}'`, openedAt);
  }
}
