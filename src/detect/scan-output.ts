// What a tool result carries that the model should not take at face value: instructions aimed at
// the model, invisible characters (Unicode tags, zero-width, bidi controls) and terminal escapes.
// Invisible characters and escapes are stripped from what the model sees; markers are reported
// so the model can be told the content is data, not instructions.

const MARKERS: [RegExp, string][] = [
  [/\b(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts?|rules|directions)/i, 'instruction override ("ignore previous instructions")'],
  [/<\s*(important|system|instructions?|admin|critical)\s*>/i, 'an <IMPORTANT>-style tag'],
  [/\b(do not|don't|never)\s+(tell|inform|mention|show|reveal)\b[^.\n]{0,40}\b(user|human)\b/i, 'an instruction to hide something from the user'],
  [/\byou are now\b|\bnew instructions\s*:|\bsystem prompt\s*:/i, 'a role or system-prompt override'],
  [/\b(run|execute)\s+(the\s+following|this)\s+(command|script)\b[^\n]{0,80}(curl|wget|bash|sh\b|base64)/i, 'an instruction to run a download or encoded command'],
];

const INVISIBLE = /[\u{E0000}-\u{E007F}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E]/gu;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[PX^_][^\u001b]*\u001b\\/g;

export interface OutputScan {
  findings: string[];
  /** The value with invisible characters and escapes removed (same shape). */
  cleaned: unknown;
  changed: boolean;
}

/** Keeps emoji sequences intact: a zero-width joiner between two pictographs is legitimate. */
function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, (ch, offset: number, whole: string) => {
    if (ch === '\u200D') {
      const before = whole.codePointAt(offset - 1) ?? 0;
      const after = whole.codePointAt(offset + 1) ?? 0;
      if (before > 0x2000 && after > 0x2000) return ch;
    }
    return '';
  });
}

export function scanOutput(value: unknown): OutputScan {
  const findings = new Set<string>();
  let changed = false;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      for (const [re, what] of MARKERS) if (re.test(v)) findings.add(what);
      let s = v;
      if (INVISIBLE.test(s)) {
        INVISIBLE.lastIndex = 0;
        const tags = [...s.matchAll(/[\u{E0020}-\u{E007E}]+/gu)].map((m) => [...m[0]].map((c) => String.fromCodePoint(c.codePointAt(0)! - 0xe0000)).join(''));
        s = stripInvisible(s);
        if (s !== v) findings.add(tags.length ? `invisible Unicode tag text ("${tags.join(' ').slice(0, 60)}")` : 'invisible Unicode characters');
      }
      INVISIBLE.lastIndex = 0;
      const noAnsi = s.replace(ANSI, '');
      if (noAnsi !== s) findings.add('terminal escape sequences');
      if (noAnsi !== v) changed = true;
      return noAnsi;
    }
    if (depth > 32 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, depth + 1);
    return out;
  };
  const cleaned = walk(value, 0);
  return { findings: [...findings], cleaned, changed };
}
