import { describe, expect, it } from 'vitest';
import { detectFormatting, locate, parseJsonStrict } from '../../src/settings/json.js';
import { GatehouseError } from '../../src/errors.js';

describe('parseJsonStrict', () => {
  it.each([
    ['a trailing comma', '{\n  "a": 1,\n}\n', 3, 1, /trailing comma/],
    ['a comment', '{\n  // note\n  "a": 1\n}', 2, 3, /comments are not allowed/],
    ['an unterminated string', '{"a": "x}', 1, 7, /unterminated string/],
    ['an empty file', '   \n', 1, 1, /empty/],
    ['a missing colon', '{"a" 1}', 1, 6, /expected ':'/],
  ])('reports %s with line and column', (_name, text, line, column, message) => {
    let err: unknown;
    try {
      parseJsonStrict(text, 'settings.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatehouseError);
    const g = err as GatehouseError;
    expect(g.code).toBe('settings/invalid-json');
    expect([g.file, g.line, g.column]).toEqual(['settings.json', line, column]);
    expect(g.message).toMatch(message);
  });

  it('keeps a "__proto__" key an ordinary key', () => {
    const v = parseJsonStrict('{"__proto__": {"polluted": true}}', 'f').value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('locates a nested key', () => {
    const p = parseJsonStrict('{\n  "permissions": {\n    "allow": ["Bash(*)"]\n  }\n}', 'f');
    expect(locate(p, ['permissions', 'allow', 0])).toEqual({ line: 3, column: 15 });
    expect(locate(p, ['permissions', 'allow'])).toEqual({ line: 3, column: 5 });
  });
});

describe('detectFormatting', () => {
  it.each([
    ['{\n    "a": 1\n}\n', { insertSpaces: true, tabSize: 4, eol: '\n', finalNewline: true }],
    ['{\r\n\t"a": 1\r\n}', { insertSpaces: false, tabSize: 1, eol: '\r\n', finalNewline: false }],
    ['', { insertSpaces: true, tabSize: 2, eol: '\n', finalNewline: true }],
  ])('reads the indentation of %j', (text, want) => {
    expect(detectFormatting(text)).toEqual(want);
  });
});
