import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/audit/sha256.js';

describe('sha256 (plain JavaScript)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('matches the FIPS 180-2 example %j', (input, hex) => {
    expect(sha256(input)).toBe(hex);
  });

  it('matches node:crypto on every length around the block boundaries and on random data', () => {
    for (let n = 0; n < 300; n++) {
      const b = randomBytes(n);
      expect(sha256(b)).toBe(createHash('sha256').update(b).digest('hex'));
    }
    for (let i = 0; i < 50; i++) {
      const b = randomBytes(1 + Math.floor(Math.random() * 20000));
      expect(sha256(b)).toBe(createHash('sha256').update(b).digest('hex'));
    }
  });

  it('hashes strings as UTF-8, like node:crypto', () => {
    for (const s of ['€😀\u0000é', 'x'.repeat(1_000_000)]) expect(sha256(s)).toBe(createHash('sha256').update(s).digest('hex'));
  });
});
