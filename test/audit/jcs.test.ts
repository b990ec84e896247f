import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/audit/jcs.js';

const fromHex = (hex: string): number => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt('0x' + hex));
  return dv.getFloat64(0);
};

describe('canonicalize (RFC 8785)', () => {
  // RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the double 0x%s as %s', (hex, expected) => {
    expect(canonicalize(fromHex(hex))).toBe(expected);
  });

  it.each([
    ['NaN', fromHex('7fffffffffffffff')],
    ['Infinity', fromHex('7ff0000000000000')],
    ['-Infinity', -Infinity],
  ])('refuses %s', (_n, v) => {
    expect(() => canonicalize(v)).toThrow(/no JSON form/);
  });

  it('matches the RFC §3.2.2 example (numbers, escapes, literals)', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC §3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    const values = Object.values(JSON.parse(canonicalize(input)) as Record<string, string>);
    // Object.values would reorder integer-like keys, so read the order from the text instead.
    const order = [...canonicalize(input).matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    expect(values).toHaveLength(7);
  });

  it('canonicalises nested structures, so a nested edit changes the text', () => {
    const a = { b: { z: 1, a: [{ y: 'x', c: null }] }, a: true };
    expect(canonicalize(a)).toBe('{"a":true,"b":{"a":[{"c":null,"y":"x"}],"z":1}}');
    expect(canonicalize({ ...a, b: { ...a.b, a: [{ y: 'X', c: null }] } })).not.toBe(canonicalize(a));
  });

  it('drops undefined members and writes undefined array slots as null, like JSON.stringify', () => {
    expect(canonicalize({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it.each([
    ['a lone high surrogate', { s: '\ud800' }],
    ['a lone low surrogate in a key', { '\udc00': 1 }],
    ['a BigInt', { n: 1n }],
  ])('refuses %s', (_n, v) => {
    expect(() => canonicalize(v)).toThrow();
  });

  it('keeps a valid surrogate pair as the character itself', () => {
    expect(canonicalize('😀')).toBe('"😀"');
  });
});
