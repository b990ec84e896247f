// Random and mutated command lines must never make the analyser fail internally or run long.
// FUZZ_ITERATIONS overrides the default count (e.g. 1000000 for a long run).
import { describe, expect, it } from 'vitest';
import { analyzeShell } from '../../src/shell/analyze.js';
import { CORPUS } from './corpus.js';
import { ctx } from './fixtures.js';
import { prng } from '../support/prng.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 100_000);

const ATOMS = [
  'ls', 'rm', '-rf', '/', '~', '.env', 'cat', 'sudo', 'env', 'X=1', 'bash', '-c', 'sh', 'eval', 'xargs', 'find', '-exec', '{}', '\\;',
  'python3', '-c', 'node', '-e', 'awk', 'sed', 'cd', '..', '*', '?', '[a]', '{a,b}', '{1..3}', '$X', '${X:-y}', '${#X}', '$((1+2))',
  '$(', ')', '`', '(', '{', '}', '"', "'", "$'", '\\', '|', '||', '&&', ';', ';;', '&', '\n', '<', '>', '>>', '2>&1', '<<EOF', '<<<',
  'if', 'then', 'fi', 'for', 'in', 'do', 'done', 'while', 'case', 'esac', 'function', 'f()', '[[', ']]', '((', '))', '!', '#', '\0', '\uD800',
  'alias', 'source', '.', 'trap', 'exec', 'timeout', '10', 'watch', 'ssh', 'h', 'git', 'alias.x=!ls', '<(', '>(', 'EOF', '$@', '$1', '${x/a/b}',
];
const CHARS = ' \t\n\\\'"`$(){}[]<>|&;!#*?~=-:,.@%^+0123456789abcxyzEOF\0';

function generate(r: () => number): string {
  const n = 1 + Math.floor(r() * 30);
  let s = '';
  for (let i = 0; i < n; i++) s += ATOMS[Math.floor(r() * ATOMS.length)] + (r() < 0.7 ? ' ' : '');
  return s;
}

function mutate(r: () => number, s: string): string {
  const edits = 1 + Math.floor(r() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.4) s = s.slice(0, at) + CHARS[Math.floor(r() * CHARS.length)] + s.slice(at);
    else if (op < 0.6) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 3));
    else if (op < 0.8) s = s.slice(0, at) + ATOMS[Math.floor(r() * ATOMS.length)] + s.slice(at);
    else {
      const from = Math.floor(r() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(r() * 20)) + s.slice(at);
    }
  }
  return s;
}

describe('shell analysis fuzzing', () => {
  it(`survives ${ITERATIONS} random and mutated command lines`, () => {
    const r = prng(0x5eed);
    let slowest = 0;
    let slowestInput = '';
    for (let i = 0; i < ITERATIONS; i++) {
      const input = i % 2 === 0 ? generate(r) : mutate(r, CORPUS[Math.floor(r() * CORPUS.length)]!.cmd);
      const t0 = performance.now();
      const a = analyzeShell(input, ctx);
      const dt = performance.now() - t0;
      if (dt > slowest) [slowest, slowestInput] = [dt, input];
      const internal = a.unknowns.find((u) => u.detail.startsWith('internal error') || u.detail === 'stack exhausted');
      if (internal) expect.fail(`iteration ${i}: ${internal.detail} for ${JSON.stringify(input)}`);
      expect(Array.isArray(a.commands)).toBe(true);
    }
    // A generous bound: a hang or blow-up shows as seconds, not milliseconds.
    expect(slowest, `slowest input: ${JSON.stringify(slowestInput)}`).toBeLessThan(500);
  }, 240_000);
});
