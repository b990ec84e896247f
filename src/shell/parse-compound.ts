// Compound commands: if/elif/else, for/select (and arithmetic for), while bodies, case arms and
// `[[ … ]]`. Split from parser.ts; they drive the same Parser instance.
import type { CaseArm, CommandNode, ListNode, WordNode } from './ast.js';
import { isMeta, NAME_RE } from './lexer.js';
import type { Parser } from './parser.js';

export function parseIf(p: Parser): CommandNode {
  const start = p.pos;
  p.pos += 2;
  const lists: ListNode[] = [p.parseList()];
  p.expectWord('then', start);
  lists.push(p.parseList());
  while (true) {
    const w = p.peekReserved();
    if (w === 'elif') {
      p.pos += 4;
      lists.push(p.parseList());
      p.expectWord('then', start);
      lists.push(p.parseList());
    } else if (w === 'else') {
      p.pos += 4;
      lists.push(p.parseList());
    } else break;
  }
  p.expectWord('fi', start);
  return { t: 'compound', kind: 'if', lists, redirs: p.parseTrailingRedirs(), span: p.span(start, p.pos) };
}

export function parseFor(p: Parser, len: number): CommandNode {
  const start = p.pos;
  p.pos += len;
  p.skipBlanks();
  if (p.s.startsWith('((', p.pos)) {
    p.pos += 2;
    const parts = p.parseWordParts('arith');
    if (p.s.startsWith('))', p.pos)) p.pos += 2;
    else p.err('unterminated for ((', start);
    p.skipBlanks();
    if (p.s[p.pos] === ';') p.pos++;
    const body = parseLoopBody(p, start);
    return { t: 'arithfor', parts, body, redirs: p.parseTrailingRedirs(), span: p.span(start, p.pos) };
  }
  const nameWord = p.parseWord();
  const name = nameWord ? p.s.slice(nameWord.span.start - p.base, nameWord.span.end - p.base) : '';
  if (!NAME_RE.test(name)) p.err('bad for-loop variable', start);
  p.skipSeparators();
  let words: WordNode[] | null = null;
  if (p.peekReserved() === 'in') {
    p.pos += 2;
    words = [];
    while (true) {
      p.skipBlanks();
      const c = p.s[p.pos];
      if (c === undefined || c === ';' || c === '\n' || c === '&' || c === ')') break;
      const wd = p.parseWord();
      if (!wd) break;
      words.push(wd);
    }
  }
  p.skipBlanks();
  if (p.s[p.pos] === ';') p.pos++;
  const body = parseLoopBody(p, start);
  return { t: 'for', name, words, body, redirs: p.parseTrailingRedirs(), span: p.span(start, p.pos) };
}

function parseLoopBody(p: Parser, start: number): ListNode {
  p.skipSeparators();
  if (p.peekReserved() === '{') {
    p.pos++;
    const body = p.parseList();
    p.expectWord('}', start);
    return body;
  }
  p.expectWord('do', start);
  const body = p.parseList();
  p.expectWord('done', start);
  return body;
}

export function parseCase(p: Parser): CommandNode {
  const start = p.pos;
  p.pos += 4;
  p.skipBlanks();
  const word = p.parseWord() ?? { parts: [], span: p.span(p.pos, p.pos) };
  p.skipSeparators();
  p.expectWord('in', start);
  const arms: CaseArm[] = [];
  while (true) {
    p.skipSeparators();
    if (p.pos >= p.end) {
      p.err('unterminated case', start);
      break;
    }
    if (p.peekReserved() === 'esac') {
      p.pos += 4;
      break;
    }
    if (p.s[p.pos] === '(') p.pos++;
    const patterns: WordNode[] = [];
    let ok = false;
    while (p.pos < p.end) {
      p.skipBlanks();
      const pat = p.parseWord();
      if (pat) patterns.push(pat);
      p.skipBlanks();
      const c = p.s[p.pos];
      if (c === '|') p.pos++;
      else if (c === ')') {
        p.pos++;
        ok = true;
        break;
      } else break;
    }
    if (!ok) {
      p.err('bad case pattern', start);
      break;
    }
    const body = p.parseList();
    arms.push({ patterns, body });
    p.skipBlanks();
    for (const t of [';;&', ';;', ';&']) {
      if (p.s.startsWith(t, p.pos)) {
        p.pos += t.length;
        break;
      }
    }
  }
  return { t: 'case', word, arms, redirs: p.parseTrailingRedirs(), span: p.span(start, p.pos) };
}

export function parseTest(p: Parser): CommandNode {
  const start = p.pos;
  p.pos += 2;
  const words: WordNode[] = [];
  while (true) {
    p.skipBlanks();
    if (p.s[p.pos] === '\n') {
      p.newline();
      continue;
    }
    if (p.pos >= p.end) {
      p.err('unterminated [[', start);
      break;
    }
    if (p.s.startsWith(']]', p.pos) && isMeta(p.s[p.pos + 2] ?? ' ')) {
      p.pos += 2;
      break;
    }
    const w = p.parseWord('test');
    if (!w) {
      p.err('unexpected text in [[', start);
      p.pos++;
      continue;
    }
    words.push(w);
  }
  return { t: 'test', words, redirs: p.parseTrailingRedirs(), span: p.span(start, p.pos) };
}
