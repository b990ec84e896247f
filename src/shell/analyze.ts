// Interim analyser: quote-aware splitting into simple commands on ; && || | & and newlines.
// The full parser (expansions, nesting, wrappers, interpreters) replaces this module; the
// contract in types.ts stays.
import type { ShellAnalysis, ShellContext, SimpleCommand, Word } from './types.js';

export function analyzeShell(source: string, ctx: ShellContext): ShellAnalysis {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let cur = '';
  let raw = '';
  let inWord = false;
  let quoted = false;
  let start = 0;
  const flushWord = () => {
    if (inWord) words.push({ value: cur, raw, ...(quoted ? { quoted: true } : {}) });
    cur = '';
    raw = '';
    inWord = false;
    quoted = false;
  };
  const flushCommand = (end: number) => {
    flushWord();
    if (words.length) commands.push({ argv: words, wrappers: [], assignments: [], redirects: [], cwd: ctx.cwd, depth: 0, text: source.slice(start, end).trim() });
    words = [];
    start = end + 1;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "'" || c === '"') {
      const j = source.indexOf(c, i + 1);
      const end = j < 0 ? source.length : j;
      cur += source.slice(i + 1, end);
      raw += source.slice(i, end + 1);
      inWord = true;
      quoted = true;
      i = end;
    } else if (c === '\\' && i + 1 < source.length) {
      cur += source[i + 1];
      raw += source.slice(i, i + 2);
      inWord = true;
      i++;
    } else if (c === ' ' || c === '\t') {
      flushWord();
    } else if (c === ';' || c === '|' || c === '&' || c === '\n') {
      flushCommand(i);
    } else {
      cur += c;
      raw += c;
      inWord = true;
    }
  }
  flushCommand(source.length);
  return { commands, interpreter: [], unknowns: [], functions: [] };
}
