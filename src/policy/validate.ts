// Validates a parsed policy against POLICY_SCHEMA and reports every problem at once, each with
// the file, line, column and key path it refers to.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { GatehouseError } from '../errors.js';
import { POLICY_SCHEMA, type Field, type FieldType } from './schema.js';

export interface ParsedPolicyText {
  value: Record<string, unknown>;
  errors: GatehouseError[];
}

type Path = (string | number)[];

function keyPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function nodeAt(doc: Document, path: Path, wantKey = false): Node | undefined {
  let node: unknown = doc.contents;
  for (const [i, p] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === p || String((it.key as { value?: unknown } | null)?.value) === String(p));
      node = pair ? (wantKey && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)) : undefined;
    } else if (isSeq(node) && typeof p === 'number') {
      node = node.items[p];
    } else {
      return undefined;
    }
  }
  return node as Node | undefined;
}

/** Parses YAML text; `lineOffset` shifts reported lines (a block inside CLAUDE.md). */
export function parsePolicyText(text: string, file: string, lineOffset = 0): ParsedPolicyText {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lc.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const errors: GatehouseError[] = [];
  for (const e of doc.errors) {
    errors.push(
      new GatehouseError({ code: 'policy/invalid-yaml', message: e.message.split('\n')[0] ?? 'invalid YAML', file, ...at(e.pos[0]) }),
    );
  }
  if (errors.length) return { value: {}, errors };
  const value = doc.toJS({ maxAliasCount: 50 }) as unknown;
  if (value === null || value === undefined) return { value: {}, errors };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { value: {}, errors: [new GatehouseError({ code: 'policy/invalid-type', message: 'the policy must be a mapping of keys', file, line: 1 + lineOffset })] };
  }
  const problem = (path: Path, code: string, message: string) => {
    const node = nodeAt(doc, path, code === 'policy/unknown-key');
    errors.push(new GatehouseError({ code, message, file, key: keyPath(path), ...at(node?.range?.[0]) }));
  };
  validateFields(value as Record<string, unknown>, POLICY_SCHEMA, [], problem);
  return { value: value as Record<string, unknown>, errors };
}

type Problem = (path: Path, code: string, message: string) => void;

function describeType(t: FieldType): string {
  switch (t.kind) {
    case 'number':
      return t.values ? t.values.join(' | ') : 'a number';
    case 'boolean':
      return 'true | false';
    case 'string':
      return t.values ? t.values.join(' | ') : 'a string';
    case 'string-list':
      return 'a list of strings';
    case 'map':
      return `a mapping of ${t.keyDescription} to ${describeType(t.of)}`;
    case 'object':
      return 'a mapping';
    case 'list':
      return 'a list';
    case 'verdict-or-setting':
      return 'deny | ask | allow | off, or {verdict, note}';
  }
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = o;
    }
  }
  return bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

function validateFields(obj: Record<string, unknown>, fields: Readonly<Record<string, Field>>, path: Path, problem: Problem): void {
  for (const [k, v] of Object.entries(obj)) {
    const field = fields[k];
    if (!field) {
      const guess = closest(k, Object.keys(fields));
      problem([...path, k], 'policy/unknown-key', `unknown key${guess ? ` (did you mean '${guess}'?)` : ''}; expected one of: ${Object.keys(fields).join(', ')}`);
      continue;
    }
    validateValue(v, field.type, [...path, k], problem);
  }
}

function validateValue(v: unknown, t: FieldType, path: Path, problem: Problem): void {
  const wrong = () => problem(path, 'policy/invalid-type', `expected ${describeType(t)}`);
  switch (t.kind) {
    case 'number':
      if (typeof v !== 'number' || (t.values && !t.values.includes(v))) wrong();
      return;
    case 'boolean':
      if (typeof v !== 'boolean') wrong();
      return;
    case 'string':
      if (typeof v !== 'string' || (t.values && !t.values.includes(v))) {
        problem(path, t.values ? 'policy/invalid-value' : 'policy/invalid-type', `expected ${describeType(t)}`);
      }
      return;
    case 'string-list':
      if (!Array.isArray(v)) return wrong();
      v.forEach((x, i) => {
        if (typeof x !== 'string' || x === '') problem([...path, i], 'policy/invalid-type', 'expected a non-empty string');
      });
      return;
    case 'list':
      if (!Array.isArray(v)) return wrong();
      v.forEach((x, i) => validateValue(x, t.of, [...path, i], problem));
      return;
    case 'map':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong();
      for (const [k, x] of Object.entries(v)) validateValue(x, t.of, [...path, k], problem);
      return;
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong();
      validateFields(v as Record<string, unknown>, t.fields, path, problem);
      return;
    case 'verdict-or-setting':
      if (typeof v === 'string') {
        if (!['deny', 'ask', 'allow', 'off'].includes(v)) problem(path, 'policy/invalid-verdict', `expected ${describeType(t)}`);
        return;
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong();
      validateFields(
        v as Record<string, unknown>,
        {
          verdict: { type: { kind: 'string', values: ['deny', 'ask', 'allow', 'off'] }, description: '' },
          note: { type: { kind: 'string' }, description: '' },
        },
        path,
        problem,
      );
      return;
  }
}
