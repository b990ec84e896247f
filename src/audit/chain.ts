// The hash chain: each entry's hash covers its canonical form (RFC 8785) including `seq` and
// `prev`, so editing, removing, inserting or reordering any entry breaks a link.
import { canonicalize } from './jcs.js';
import { sha256 } from './sha256.js';
import type { ChainLink } from './record.js';

export const GENESIS = '0'.repeat(64);

/** SHA-256 hex. Plain JavaScript (see sha256.ts): the hook never loads node:crypto for it. */
export function sha256Hex(text: string | Uint8Array): string {
  return sha256(text);
}

/** Hash of an entry: SHA-256 of the canonical form of every field except `hash`. */
export function entryHash(entry: Record<string, unknown>, hash: (text: string) => string = sha256Hex): string {
  const { hash: _hash, ...body } = entry;
  return hash(canonicalize(body));
}

/** Links `body` after (seq, prev) and returns the entry and its line (canonical JSON + "\n"). */
export function linkEntry<T extends Record<string, unknown>>(body: T, seq: number, prev: string): { entry: T & ChainLink; line: string } {
  const unhashed = { ...body, seq, prev } as Record<string, unknown>;
  delete unhashed.hash;
  const hash = sha256Hex(canonicalize(unhashed));
  const entry = { ...unhashed, hash } as T & ChainLink;
  return { entry, line: canonicalize(entry) + '\n' };
}

/** The head of a chain: the last entry's position and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
  /** Timestamp of the last entry, when known (decides rotation). */
  ts?: string;
}
