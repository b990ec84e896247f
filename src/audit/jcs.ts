// RFC 8785 JSON Canonicalization Scheme: the one byte form of a record that is hashed and signed.
// Numbers use ECMAScript Number-to-String (which JSON.stringify also uses), strings use
// JSON.stringify's escaping, object keys are sorted by UTF-16 code units (JavaScript's default
// string order). I-JSON limits apply: no NaN/Infinity, no lone surrogates — those throw, because a
// value that cannot be canonicalised must not be silently hashed as something else.
import { GatehouseError } from '../errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(message: string): never {
  throw new GatehouseError({ code: 'audit/not-canonicalizable', message });
}

function str(s: string): string {
  if (LONE_SURROGATE.test(s)) fail('a string holds a lone UTF-16 surrogate');
  return JSON.stringify(s);
}

function write(v: unknown, out: string[], depth: number): void {
  if (depth > 256) fail('nesting deeper than 256 levels');
  switch (typeof v) {
    case 'string':
      out.push(str(v));
      return;
    case 'number':
      if (!Number.isFinite(v)) fail(`the number ${String(v)} has no JSON form`);
      out.push(JSON.stringify(v)); // -0 → "0", 1e21 → "1e+21": ECMAScript Number::toString
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'object': {
      if (v === null) {
        out.push('null');
        return;
      }
      if (Array.isArray(v)) {
        out.push('[');
        for (let i = 0; i < v.length; i++) {
          if (i) out.push(',');
          // Holes and undefined serialise as null, as JSON.stringify does.
          const x: unknown = v[i];
          write(x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : x, out, depth + 1);
        }
        out.push(']');
        return;
      }
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined && typeof o[k] !== 'function' && typeof o[k] !== 'symbol')
        .sort(); // default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks
      out.push('{');
      keys.forEach((k, i) => {
        if (i) out.push(',');
        out.push(str(k), ':');
        write(o[k], out, depth + 1);
      });
      out.push('}');
      return;
    }
    case 'bigint':
      fail('a BigInt has no I-JSON form');
    // eslint-disable-next-line no-fallthrough
    default:
      fail(`a ${typeof v} has no JSON form`);
  }
}

/** The RFC 8785 canonical JSON text of `value`. */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join('');
}
