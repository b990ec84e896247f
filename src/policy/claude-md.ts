// CLAUDE.md, enforced: ```gatehouse fenced blocks hold policy in the same YAML as
// .gatehouse/policy.yaml, and imperative lines ("never…", "do not…") are listed by
// `gatehouse policy explain` so the user can see which prose no rule enforces.

export interface MarkdownBlock {
  /** YAML text of the block. */
  text: string;
  /** Line number (1-based) of the first line of `text` minus one: add to a line inside the block. */
  line: number;
}

export function extractClaudeMdBlocks(markdown: string): MarkdownBlock[] {
  const out: MarkdownBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*gatehouse\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (lines[j]!.trim().startsWith(fence[0]!.repeat(fence.length)) && lines[j]!.trim().replace(/[`~]/g, '') === '') break;
      body.push(lines[j]!);
    }
    out.push({ text: body.join('\n'), line: i + 1 });
    i = j;
  }
  return out;
}

export interface Imperative {
  line: number;
  text: string;
}

const IMPERATIVE = /\b(never|do not|don't|must not|mustn't|forbidden|prohibited|not allowed|avoid|always ask|ask (?:me|the user|first|before)|require[sd]? approval|without (?:approval|permission))\b/i;

/** Lines of prose that forbid or gate something, outside code blocks. */
export function imperativeLines(markdown: string): Imperative[] {
  const out: Imperative[] = [];
  let inFence = false;
  markdown.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*(`{3,}|~{3,})/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const text = line.replace(/^\s*(?:[-*+]|\d+\.)\s+/, '').trim();
    if (text && IMPERATIVE.test(text)) out.push({ line: i + 1, text: text.length > 160 ? text.slice(0, 159) + '…' : text });
  });
  return out;
}
