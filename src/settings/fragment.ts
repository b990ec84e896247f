// The merge engine: apply a gatehouse-owned fragment to a settings file's text, idempotently, and
// take it out again. Everything the user wrote stays, in its order; edits are made in place with
// the file's own indentation. What was added is returned as manifest entries, so a later revert
// removes exactly that, and never a value the user had before or changed since.
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { GatehouseError } from '../errors.js';
import { detectFormatting, getAt, isPlainObject, jsonEqual, parseJsonStrict, type Formatting, type JsonPath } from './json.js';

/** One thing a fragment wants in the file. */
export type FragmentItem =
  /** The array at `path` contains `value` (appended when missing). */
  | { op: 'append'; path: string[]; value: unknown }
  /** `path` holds `value` (a scalar or a small object, replaced whole). */
  | { op: 'set'; path: string[]; value: unknown };

/** One thing gatehouse changed, recorded so it can be undone exactly. */
export type ManifestEntry =
  | { op: 'append'; path: JsonPath; value: unknown }
  | { op: 'set'; path: JsonPath; value: unknown; hadPrevious: boolean; previous?: unknown }
  /** An object or array gatehouse created to hold its additions; removed again when left empty. */
  | { op: 'create'; path: JsonPath };

export interface ApplyResult {
  text: string;
  /** The manifest after this run: what gatehouse owns in the file now. */
  entries: ManifestEntry[];
  /** Items written by this run. */
  added: FragmentItem[];
  /** Earlier entries this run took out because the fragment no longer wants them. */
  removed: ManifestEntry[];
  /** Wanted items that were already there (ours from before, or the user's own). */
  present: FragmentItem[];
}

export interface RevertResult {
  text: string;
  reverted: ManifestEntry[];
  /** Entries left alone, with the reason (changed or removed since). */
  skipped: { entry: ManifestEntry; reason: string }[];
}

const pathText = (p: readonly (string | number)[]) => p.map(String).join('.');

function parseForEdit(text: string, file: string): unknown {
  if (text.trim() === '') return {};
  const { value } = parseJsonStrict(text, file);
  if (!isPlainObject(value)) {
    throw new GatehouseError({ code: 'settings/not-an-object', message: 'the settings file must hold a JSON object', file, line: 1, column: 1 });
  }
  return value;
}

class Editor {
  text: string;
  value: unknown;
  private readonly fmt: Formatting;
  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.fmt = detectFormatting(text);
    this.text = text.trim() === '' ? `{}${this.fmt.eol}` : text;
    this.value = parseForEdit(this.text, file);
  }

  /**
   * Sets (or with `undefined` removes) the value at `path`; index -1 appends. The text edit is
   * checked against the same change made on the parsed value, because jsonc-parser mis-edits some
   * layouts (it breaks compact one-line arrays when removing their last element); array elements
   * are removed by our own range logic, and any mismatch falls back to re-serialising the file.
   */
  edit(path: (string | number)[], value: unknown): void {
    const expected = withChange(this.value, path, value);
    const candidates: (() => string)[] = [];
    if (value === undefined && typeof path[path.length - 1] === 'number') candidates.push(() => removeArrayElement(this.text, path));
    candidates.push(() => applyEdits(this.text, modify(this.text, path, value, { formattingOptions: this.formatting() })));
    candidates.push(() => applyEdits(this.text, modify(this.text, path, value, {})));
    for (const make of candidates) {
      try {
        const next = make();
        if (jsonEqual(parseJsonStrict(next, this.file).value, expected)) {
          this.text = next;
          this.value = expected;
          return;
        }
      } catch {
        // try the next way
      }
    }
    const indent = this.fmt.insertSpaces ? ' '.repeat(this.fmt.tabSize) : '\t';
    this.text = JSON.stringify(expected, null, indent).replace(/\n/g, this.fmt.eol) + this.fmt.eol;
    this.value = expected;
  }

  private formatting() {
    return { insertSpaces: this.fmt.insertSpaces, tabSize: this.fmt.tabSize, eol: this.fmt.eol };
  }

  finish(): string {
    let t = this.text;
    if (this.fmt.finalNewline && !t.endsWith('\n')) t += this.fmt.eol;
    return t;
  }

  /** Checks that every container on the way to `path` is an object (or the final one an array). */
  expectShape(path: string[], leaf: 'array' | 'any'): void {
    for (let i = 1; i <= path.length; i++) {
      const cur = getAt(this.value, path.slice(0, i));
      if (cur === undefined) return;
      const isLeaf = i === path.length;
      const ok = isLeaf ? (leaf === 'array' ? Array.isArray(cur) : true) : isPlainObject(cur);
      if (!ok) {
        throw new GatehouseError({
          code: 'settings/unexpected-shape',
          message: `expected ${isLeaf && leaf === 'array' ? 'an array' : 'an object'} here; fix the file by hand, then run again`,
          file: this.file,
          key: pathText(path.slice(0, i)),
        });
      }
    }
  }

  /** Records the containers a write to `path` is about to create. */
  missingContainers(path: string[], includeLeaf: boolean): ManifestEntry[] {
    const out: ManifestEntry[] = [];
    const upto = includeLeaf ? path.length : path.length - 1;
    for (let i = 1; i <= upto; i++) {
      if (getAt(this.value, path.slice(0, i)) === undefined) out.push({ op: 'create', path: path.slice(0, i) });
    }
    return out;
  }
}

/** A copy of `root` with the change applied (containers created as needed; -1 appends). */
function withChange(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  let cur: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const container = cur as Record<string | number, unknown>;
    if (container[seg] === undefined) container[seg] = typeof path[i + 1] === 'number' ? [] : {};
    cur = container[seg];
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(cur) && typeof last === 'number') {
    if (value === undefined) cur.splice(last, 1);
    else if (last === -1) cur.push(value);
    else cur[last] = value;
  } else if (value === undefined) delete (cur as Record<string, unknown>)[last as string];
  else (cur as Record<string, unknown>)[last as string] = value;
  return copy;
}

/** Removes one array element together with the separator next to it, keeping the layout. */
function removeArrayElement(text: string, path: readonly (string | number)[]): string {
  const tree = parseTree(text);
  const arr = tree && findNodeAtLocation(tree, path.slice(0, -1) as (string | number)[]);
  const idx = path[path.length - 1] as number;
  const el = arr?.type === 'array' ? arr.children?.[idx] : undefined;
  if (!arr || !el) throw new Error('no such element');
  const prev = arr.children![idx - 1];
  const next = arr.children![idx + 1];
  const [from, to] = prev ? [prev.offset + prev.length, el.offset + el.length] : next ? [el.offset, next.offset] : [arr.offset + 1, arr.offset + arr.length - 1];
  return text.slice(0, from) + text.slice(to);
}

function isPresent(value: unknown, item: FragmentItem): boolean {
  const cur = getAt(value, item.path);
  if (item.op === 'append') return Array.isArray(cur) && cur.some((x) => jsonEqual(x, item.value));
  return cur !== undefined && jsonEqual(cur, item.value);
}

function sameTarget(entry: ManifestEntry, item: FragmentItem): boolean {
  return entry.op === item.op && jsonEqual(entry.path, item.path) && jsonEqual(entry.value, item.value);
}

function revertOne(ed: Editor, entry: ManifestEntry): string | undefined {
  const cur = getAt(ed.value, entry.path);
  switch (entry.op) {
    case 'append': {
      if (!Array.isArray(cur)) return 'no longer there';
      let idx = -1;
      cur.forEach((x, i) => {
        if (jsonEqual(x, entry.value)) idx = i;
      });
      if (idx < 0) return 'no longer there (removed or changed since)';
      ed.edit([...entry.path, idx], undefined);
      return undefined;
    }
    case 'set': {
      if (cur === undefined) return 'no longer there';
      if (!jsonEqual(cur, entry.value)) return 'changed since gatehouse set it; left as it is';
      ed.edit(entry.path, entry.hadPrevious ? entry.previous : undefined);
      return undefined;
    }
    case 'create': {
      if (cur === undefined) return undefined;
      const empty = (Array.isArray(cur) && cur.length === 0) || (isPlainObject(cur) && Object.keys(cur).length === 0);
      if (!empty) return 'holds settings that are not gatehouse’s; left in place';
      ed.edit(entry.path, undefined);
      return undefined;
    }
  }
}

/** Takes out what `entries` recorded, newest first. */
export function revertEntries(text: string, entries: readonly ManifestEntry[], file: string): RevertResult {
  const ed = new Editor(text, file);
  const reverted: ManifestEntry[] = [];
  const skipped: { entry: ManifestEntry; reason: string }[] = [];
  for (const entry of [...entries].reverse()) {
    const reason = revertOne(ed, entry);
    if (reason === undefined) reverted.push(entry);
    else if (entry.op !== 'create') skipped.push({ entry, reason });
  }
  return { text: ed.finish(), reverted, skipped };
}

/**
 * Makes the file hold `items`. `previous` is what an earlier run recorded: entries it still wants
 * are kept where they are (so a second run changes nothing), the rest are taken out first.
 */
export function applyFragment(text: string, items: readonly FragmentItem[], previous: readonly ManifestEntry[], file: string): ApplyResult {
  const start = new Editor(text, file);
  const stale = previous.filter((e) => e.op !== 'create' && !items.some((it) => sameTarget(e, it)));
  const keptCreates = previous.filter((e) => e.op === 'create');
  const ed = new Editor(stale.length ? revertEntries(start.text, stale, file).text : start.text, file);
  const entries: ManifestEntry[] = [...keptCreates];
  const added: FragmentItem[] = [];
  const present: FragmentItem[] = [];
  for (const item of items) {
    ed.expectShape(item.path, item.op === 'append' ? 'array' : 'any');
    const mine = previous.find((e) => sameTarget(e, item));
    if (isPresent(ed.value, item)) {
      present.push(item);
      // Ours from an earlier run stays ours; a value the user already had stays theirs.
      if (mine) entries.push(mine);
      continue;
    }
    if (item.op === 'append') {
      entries.push(...ed.missingContainers(item.path, true));
      ed.edit([...item.path, -1], item.value);
      entries.push({ op: 'append', path: item.path, value: item.value });
    } else {
      entries.push(...ed.missingContainers(item.path, false));
      const cur = getAt(ed.value, item.path);
      // Re-applying over our own earlier value keeps the user's original as "previous".
      const hadPrevious = mine?.op === 'set' ? mine.hadPrevious : cur !== undefined;
      const prev = mine?.op === 'set' ? mine.previous : cur;
      ed.edit(item.path, item.value);
      entries.push(hadPrevious ? { op: 'set', path: item.path, value: item.value, hadPrevious, previous: prev } : { op: 'set', path: item.path, value: item.value, hadPrevious });
    }
    added.push(item);
  }
  const dedup: ManifestEntry[] = [];
  for (const e of entries) if (!dedup.some((d) => d.op === e.op && jsonEqual(d, e))) dedup.push(e);
  const out = stale.length || added.length ? ed.finish() : text;
  return { text: out, entries: dedup, added, removed: stale, present };
}
