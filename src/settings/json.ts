// Claude Code settings files are strict JSON. Parse them with positions (file:line:col on every
// error), find where a key lives for lint findings, and detect the file's own formatting so edits
// blend in. jsonc-parser gives offsets and formatting-preserving edits; Claude Code itself rejects
// comments and trailing commas, so both are errors here.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { GatehouseError } from '../errors.js';

export type JsonPath = (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

export interface ParsedJson {
  value: unknown;
  tree: Node | undefined;
  text: string;
}

/** Strict JSON with positions. Throws `settings/invalid-json` at the first problem. */
export function parseJsonStrict(text: string, file: string): ParsedJson {
  const errors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^\s*$/.test(body)) {
    throw new GatehouseError({ code: 'settings/invalid-json', message: 'the file is empty (Claude Code expects a JSON object)', file, line: 1, column: 1 });
  }
  const tree = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const pos = positionAt(body, e.offset);
    const name = printParseErrorCode(e.error);
    let message = MESSAGES[name] ?? name;
    // A trailing comma shows up as "expected a value/property" right before a closing bracket.
    if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && /^[\s]*[}\]]/.test(body.slice(e.offset))) {
      message = 'trailing comma (not allowed in JSON)';
    }
    throw new GatehouseError({ code: 'settings/invalid-json', message, file, line: pos.line, column: pos.column });
  }
  return { value: treeValue(tree), tree, text: body };
}

function treeValue(node: Node | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      // Object.create(null) would be safer for `__proto__`, but callers expect plain objects;
      // defineProperty keeps a hostile "__proto__" key an ordinary key.
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        Object.defineProperty(out, String(k.value), { value: treeValue(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(treeValue);
    default:
      return node.value;
  }
}

/** Where a JSON path lives in the text (the property key when it is one), for findings. */
export function locate(parsed: ParsedJson, path: JsonPath): Position | undefined {
  if (!parsed.tree) return undefined;
  const node = path.length === 0 ? parsed.tree : findNodeAtLocation(parsed.tree, path);
  if (!node) return undefined;
  const keyNode = node.parent?.type === 'property' ? node.parent : node;
  return positionAt(parsed.text, keyNode.offset);
}

/** RFC 6901 JSON pointer of a path. */
export function pointer(path: JsonPath): string {
  return path.length === 0 ? '' : '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export interface Formatting {
  insertSpaces: boolean;
  tabSize: number;
  eol: string;
  finalNewline: boolean;
}

/** The indentation and line ending the file already uses (2 spaces and \n for a new file). */
export function detectFormatting(text: string): Formatting {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  const insertSpaces = !indent.startsWith('\t');
  return { insertSpaces, tabSize: insertSpaces ? Math.min(8, indent.length) || 2 : 1, eol, finalNewline: text === '' || /\n$/.test(text) };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality for JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The value at a path, or undefined. */
export function getAt(value: unknown, path: JsonPath): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isPlainObject(cur) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}
