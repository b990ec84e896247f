// Signed statements about the chain, kept beside it: a checkpoint says "the log had `seq` entries and
// its head hash was `hash`" (C2SP tlog-checkpoint in spirit); the anchor says "entries before `seq`
// were expired by retention and the first kept entry chains to `prev`". Truncating the log back past
// a checkpoint, or expiring entries without an anchor, is then visible to `audit verify`.
import { openSync, closeSync, writeSync, fdatasyncSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { KeyObject } from 'node:crypto';
import { canonicalize } from './jcs.js';
import { signText, verifyText, type SigningKey } from './keys.js';

export interface Checkpoint {
  v: 1;
  kind: 'checkpoint';
  seq: number;
  hash: string;
  ts: string;
  host: string;
  key_id: string;
  /** Ed25519 over the canonical form without `sig`, base64. */
  sig: string;
}

export interface Anchor {
  v: 1;
  kind: 'anchor';
  /** First entry still kept. */
  seq: number;
  /** Hash of the last expired entry, which the first kept entry must chain to. */
  prev: string;
  /** How many entries expired so far in total, and the newest expired time. */
  expired: number;
  expired_through: string;
  ts: string;
  key_id: string;
  sig: string;
}

function signed<T extends { sig: string }>(body: Omit<T, 'sig'>, key: SigningKey): T {
  return { ...body, sig: signText(key, canonicalize(body)) } as T;
}

export function makeCheckpoint(seq: number, hash: string, key: SigningKey, now: Date): Checkpoint {
  return signed<Checkpoint>({ v: 1, kind: 'checkpoint', seq, hash, ts: now.toISOString(), host: hostname(), key_id: key.keyId }, key);
}

export function makeAnchor(a: Omit<Anchor, 'v' | 'kind' | 'sig' | 'key_id'>, key: SigningKey): Anchor {
  return signed<Anchor>({ v: 1, kind: 'anchor', ...a, key_id: key.keyId }, key);
}

export function signatureValid(x: { sig: string }, publicKey: KeyObject): boolean {
  const { sig, ...body } = x;
  return typeof sig === 'string' && verifyText(publicKey, canonicalize(body), sig);
}

export function appendCheckpoint(file: string, cp: Checkpoint, fsync: boolean): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, canonicalize(cp) + '\n');
    if (fsync) fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface CheckpointLine {
  line: number;
  cp?: Checkpoint;
  /** The line could not be parsed. */
  bad?: string;
}

export function readCheckpoints(file: string): CheckpointLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: CheckpointLine[] = [];
  text.split('\n').forEach((l, i) => {
    if (!l) return;
    try {
      const cp = JSON.parse(l) as Checkpoint;
      if (cp && cp.kind === 'checkpoint' && Number.isInteger(cp.seq) && typeof cp.hash === 'string') out.push({ line: i + 1, cp });
      else out.push({ line: i + 1, bad: 'not a checkpoint' });
    } catch {
      out.push({ line: i + 1, bad: 'not JSON' });
    }
  });
  return out;
}

export function readAnchor(file: string): Anchor | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Anchor;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A damaged anchor is reported by verify, which reads it again itself.
    return { v: 1, kind: 'anchor', seq: -1, prev: '', expired: 0, expired_through: '', ts: '', key_id: '', sig: '' };
  }
}

export function writeAnchor(file: string, anchor: Anchor): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, canonicalize(anchor) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** Rewrites the checkpoint file without checkpoints below `seq` (after retention). */
export function pruneCheckpoints(file: string, belowSeq: number): void {
  const keep = readCheckpoints(file).filter((c) => c.cp && c.cp.seq >= belowSeq).map((c) => canonicalize(c.cp) + '\n');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, keep.join(''), { mode: 0o600 });
  renameSync(tmp, file);
}
