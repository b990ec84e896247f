// Invisible and deceptive characters in text a model will read: Unicode tag characters (which
// spell ASCII no one sees), zero-width and bidi controls, variation selectors used to smuggle
// bytes, ANSI escapes and whitespace padding. Legitimate emoji sequences (ZWJ families, skin
// tones, keycaps, subdivision flags) and joiners inside scripts that need them are recognised, so
// they never count as hidden text.

export type InvisibleKind = 'tag' | 'zero-width' | 'bidi' | 'variation-selector' | 'control' | 'filler';

export interface InvisibleChar {
  kind: InvisibleKind;
  /** UTF-16 index in the text. */
  index: number;
  cp: number;
}

export interface TextInspection {
  invisible: InvisibleChar[];
  /** ASCII spelled by tag characters outside a flag sequence, one entry per run. */
  tagMessages: string[];
  /** Bytes smuggled in runs of variation selectors, decoded as UTF-8. */
  selectorMessages: string[];
  ansi: { index: number; sequence: string }[];
  /** A run of whitespace long enough to push text out of view, and whether text follows it. */
  padding?: { index: number; length: number; textAfter: boolean };
  /** The text as a reviewer should see it: hidden characters shown as ⟦U+XXXX⟧, tags decoded. */
  shown: string;
  /** The text a model effectively reads: invisible characters removed, tag messages appended. */
  normalized: string;
}

const PICTO = /\p{Extended_Pictographic}/u;
const EMOJI = /\p{Emoji}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

function isBidi(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c;
}
function isZeroWidth(cp: number): boolean {
  return cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff || cp === 0x180e || cp === 0x00ad || (cp >= 0x2061 && cp <= 0x2064);
}
function isFiller(cp: number): boolean {
  return cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || cp === 0x2800;
}
function isSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}
function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}
function isControl(cp: number): boolean {
  return (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d && cp !== 0x1b) || (cp >= 0x7f && cp <= 0x9f);
}

interface Cp {
  cp: number;
  index: number;
  ch: string;
}

function codepoints(text: string): Cp[] {
  const out: Cp[] = [];
  let i = 0;
  for (const ch of text) {
    out.push({ cp: ch.codePointAt(0)!, index: i, ch });
    i += ch.length;
  }
  return out;
}

const isLetter = (c: Cp | undefined): boolean => !!c && c.cp > 0x7f && LETTER_OR_MARK.test(c.ch);
const isPicto = (c: Cp | undefined): boolean => !!c && PICTO.test(c.ch);
const isSkinTone = (c: Cp | undefined): boolean => !!c && c.cp >= 0x1f3fb && c.cp <= 0x1f3ff;

/** Index of the last code point of the emoji "base" before position i (skipping FE0F and skin tones). */
function emojiBefore(cps: Cp[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (cps[j]!.cp === 0xfe0f || isSkinTone(cps[j]))) j--;
  return isPicto(cps[j]);
}

function hex(cp: number): string {
  return `⟦U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟧`;
}

export function inspectText(text: string): TextInspection {
  const cps = codepoints(text);
  const invisible: InvisibleChar[] = [];
  const legit = new Set<number>(); // positions in cps that are part of legitimate sequences

  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    // Subdivision flags: U+1F3F4, tag letters/digits, CANCEL TAG.
    if (c.cp === 0x1f3f4) {
      let j = i + 1;
      while (j < cps.length && cps[j]!.cp >= 0xe0030 && cps[j]!.cp <= 0xe007a) j++;
      if (j > i + 1 && j < cps.length && cps[j]!.cp === 0xe007f && j - i - 1 <= 6) {
        for (let k = i + 1; k <= j; k++) legit.add(k);
        i = j;
      }
      continue;
    }
    if (c.cp === 0x200d && emojiBefore(cps, i) && isPicto(cps[i + 1])) legit.add(i);
    else if ((c.cp === 0x200d || c.cp === 0x200c) && isLetter(cps[i - 1]) && isLetter(cps[i + 1])) legit.add(i);
    else if ((c.cp === 0xfe0f || c.cp === 0xfe0e) && i > 0 && EMOJI.test(cps[i - 1]!.ch)) legit.add(i);
    else if (c.cp === 0xfeff && i === 0) legit.add(i);
  }

  const tagMessages: string[] = [];
  const selectorMessages: string[] = [];
  const ansi: { index: number; sequence: string }[] = [];
  let shown = '';
  let normalized = '';
  let tagRun = '';
  let selRun: number[] = [];
  const flushTag = () => {
    if (tagRun) tagMessages.push(tagRun);
    tagRun = '';
  };
  const flushSel = () => {
    if (selRun.length >= 2) selectorMessages.push(Buffer.from(selRun).toString('utf8'));
    selRun = [];
  };

  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (legit.has(i)) {
      shown += c.ch;
      normalized += c.ch;
      flushTag();
      flushSel();
      continue;
    }
    if (c.cp === 0x1b) {
      const m = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/.exec(text.slice(c.index));
      const seq = m ? m[0] : '\x1b';
      ansi.push({ index: c.index, sequence: seq });
      shown += `⟦ESC${JSON.stringify(seq.slice(1)).slice(1, -1)}⟧`;
      // Skip the rest of the sequence.
      while (i + 1 < cps.length && cps[i + 1]!.index < c.index + seq.length) i++;
      continue;
    }
    let kind: InvisibleKind | undefined;
    if (isTag(c.cp)) kind = 'tag';
    else if (isBidi(c.cp)) kind = 'bidi';
    else if (isZeroWidth(c.cp)) kind = 'zero-width';
    else if (isSelector(c.cp)) kind = 'variation-selector';
    else if (isFiller(c.cp)) kind = 'filler';
    else if (isControl(c.cp)) kind = 'control';
    if (!kind) {
      flushTag();
      flushSel();
      shown += c.ch;
      normalized += c.ch;
      continue;
    }
    invisible.push({ kind, index: c.index, cp: c.cp });
    if (kind === 'tag') {
      flushSel();
      if (c.cp >= 0xe0020 && c.cp <= 0xe007e) tagRun += String.fromCharCode(c.cp - 0xe0000);
      continue; // shown as one decoded block below
    }
    flushTag();
    if (kind === 'variation-selector') selRun.push(c.cp <= 0xfe0f ? c.cp - 0xfe00 : c.cp - 0xe0100 + 16);
    else flushSel();
    shown += hex(c.cp);
  }
  flushTag();
  flushSel();

  // Re-render tag runs in place for the reviewer.
  if (tagMessages.length) {
    shown = '';
    let run = '';
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (isTag(c.cp) && !legit.has(i)) {
        if (c.cp >= 0xe0020 && c.cp <= 0xe007e) run += String.fromCharCode(c.cp - 0xe0000);
        continue;
      }
      if (run) shown += `⟦hidden tag text: "${run}"⟧`;
      run = '';
      if (legit.has(i)) shown += c.ch;
      else if (c.cp === 0x1b) shown += '⟦ESC⟧';
      else if (isBidi(c.cp) || isZeroWidth(c.cp) || isSelector(c.cp) || isFiller(c.cp) || isControl(c.cp)) shown += hex(c.cp);
      else shown += c.ch;
    }
    if (run) shown += `⟦hidden tag text: "${run}"⟧`;
  }

  const extra = [...tagMessages, ...selectorMessages].filter((m) => m.trim());
  if (extra.length) normalized += '\n' + extra.join('\n');

  let padding: TextInspection['padding'];
  const pad = /(?:[ \t\u00a0\u2000-\u200a\u3000]{40,}|(?:[ \t]*\r?\n){12,})/.exec(text);
  if (pad) padding = { index: pad.index, length: pad[0].length, textAfter: /\S/.test(text.slice(pad.index + pad[0].length)) };

  return { invisible, tagMessages, selectorMessages, ansi, padding, shown, normalized };
}
