// `audit verify`: walk every segment in order, recompute each entry's hash from its canonical form,
// check the links (seq and prev), then hold the chain against the signed checkpoints and the
// retention anchor. Reports the first bad record by seq, segment and line.
import { statSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { crypto } from '../env/builtins.js';
import { GENESIS, entryHash } from './chain.js';
import { readAnchor, readCheckpoints, signatureValid, type Anchor } from './checkpoint.js';
import { keyIdOf } from './keys.js';
import { LAYOUT } from './options.js';
import { forEachLine } from './segment-io.js';
import { allSegments } from './segments.js';

export type ProblemKind =
  | 'edited'
  | 'broken-link'
  | 'missing'
  | 'out-of-order'
  | 'not-json'
  | 'torn-tail'
  | 'truncated'
  | 'checkpoint-mismatch'
  | 'bad-signature'
  | 'unknown-key'
  | 'bad-anchor'
  | 'segment-name';

export interface Problem {
  kind: ProblemKind;
  /** The record the problem is pinned on. */
  seq?: number;
  segment?: string;
  line?: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  dir: string;
  entries: number;
  firstSeq?: number;
  lastSeq?: number;
  head?: string;
  segments: number;
  checkpoints: { total: number; verified: number; expired: number; last?: { seq: number; ts: string } };
  anchor?: { seq: number; expired: number; expired_through: string };
  keyId?: string;
  /** Recovered torn writes and expiries noted in the chain. */
  notes: Record<string, number>;
  /** Sorted by seq: problems[0] names the first bad record. */
  problems: Problem[];
  warnings: string[];
}

export interface VerifyOptions {
  /** Trusted public key; without one, signatures cannot be checked (a warning, not a pass). */
  publicKey?: KeyObject;
}

function checkAnchor(anchor: Anchor, key: KeyObject | undefined, problems: Problem[]): boolean {
  if (!(anchor.seq > 0) || typeof anchor.prev !== 'string') {
    problems.push({ kind: 'bad-anchor', message: `${LAYOUT.anchor} is damaged` });
    return false;
  }
  if (key && !signatureValid(anchor, key)) {
    problems.push({ kind: 'bad-anchor', seq: anchor.seq, message: `the retention anchor at seq ${anchor.seq} does not carry a valid signature from the audit key` });
    return false;
  }
  return true;
}

/** Fast path: the writer stores the canonical form, so the hashed text is the line without its
 * `"hash":"…"` member; matching it proves these exact bytes were written. Anything else (a line
 * re-serialised by another tool) falls back to canonicalising the parsed entry. */
/** Verifying a whole log is bulk work: node:crypto's SHA-256 (same result as the writer's). */
const nativeSha256 = (text: string): string => crypto().createHash('sha256').update(text).digest('hex');

function hashMatches(line: string, e: Record<string, unknown>, stored: string): boolean {
  if (typeof stored !== 'string' || !/^[0-9a-f]{64}$/.test(stored)) return false;
  const member = `"hash":"${stored}"`;
  const i = line.indexOf(member);
  if (i > 0) {
    const before = line[i - 1];
    const after = line[i + member.length];
    const text = after === ',' ? line.slice(0, i) + line.slice(i + member.length + 1) : before === ',' ? line.slice(0, i - 1) + line.slice(i + member.length) : undefined;
    if (text !== undefined && nativeSha256(text) === stored) return true;
  }
  return entryHash(e, nativeSha256) === stored;
}

export function verifyLog(dir: string, opts: VerifyOptions = {}): VerifyReport {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const key = opts.publicKey;
  const keyId = key ? keyIdOf(key) : undefined;
  const report: VerifyReport = { ok: false, dir, entries: 0, segments: 0, checkpoints: { total: 0, verified: 0, expired: 0 }, notes: {}, problems, warnings };
  if (keyId) report.keyId = keyId;
  else warnings.push('no public key found: checkpoint and anchor signatures were not checked');

  const anchorFile = join(dir, LAYOUT.anchor);
  const anchor = statSync(anchorFile, { throwIfNoEntry: false }) ? readAnchor(anchorFile) : undefined;
  let expected = 1;
  let prev = GENESIS;
  if (anchor && checkAnchor(anchor, key, problems)) {
    expected = anchor.seq;
    prev = anchor.prev;
    report.anchor = { seq: anchor.seq, expired: anchor.expired, expired_through: anchor.expired_through };
  }

  const hashes = new Map<number, string>();
  let broken = false; // after the first chain problem, stop judging links (everything after would cascade)
  let missing: Problem | undefined; // a gap, until the missing seq turns up later (then: reordered)
  const segs = allSegments(dir);
  report.segments = segs.length;
  for (const seg of segs) {
    let firstInSegment = true;
    const { end, size } = forEachLine(seg.path, (text, line) => {
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(text) as Record<string, unknown>;
        if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new Error('not an object');
      } catch {
        if (!broken) problems.push({ kind: 'not-json', seq: expected, segment: seg.name, line, message: `the line where seq ${expected} should be is not a JSON entry` });
        broken = true;
        return;
      }
      const seq = e.seq as number;
      const stored = e.hash as string;
      if (typeof stored === 'string') hashes.set(seq, stored);
      if (firstInSegment && seg.sealed && seg.firstSeq !== seq && !broken) {
        problems.push({ kind: 'segment-name', seq, segment: seg.name, line, message: `segment ${seg.name} is named for seq ${seg.firstSeq} but starts at seq ${seq}` });
      }
      firstInSegment = false;
      report.entries++;
      report.firstSeq ??= seq;
      report.lastSeq = seq;
      if (e.kind === 'note' && typeof e.note === 'string') report.notes[e.note] = (report.notes[e.note] ?? 0) + 1;
      if (missing && seq === missing.seq) {
        missing.kind = 'out-of-order';
        missing.message = `seq ${seq} appears later in the log (${seg.name} line ${line}) than where it belongs: records were reordered`;
        missing = undefined;
      }
      if (broken) return;
      const where = { segment: seg.name, line };
      if (!Number.isInteger(seq)) {
        problems.push({ kind: 'edited', seq: expected, ...where, message: `the entry where seq ${expected} should be has no valid seq` });
        broken = true;
        return;
      }
      if (seq > expected) {
        const range = seq - 1 === expected ? `seq ${expected} is` : `seq ${expected}–${seq - 1} are`;
        missing = { kind: 'missing', seq: expected, ...where, message: `${range} missing: the log jumps from seq ${expected - 1} to seq ${seq} (records deleted)` };
        problems.push(missing);
        broken = true;
        return;
      }
      if (seq < expected) {
        const msg = seq === expected - 1 ? `seq ${seq} appears twice: a record was inserted or duplicated here` : `seq ${seq} appears after seq ${expected - 1} (records reordered, duplicated or inserted)`;
        problems.push({ kind: 'out-of-order', seq, ...where, message: msg });
        broken = true;
        return;
      }
      if (!hashMatches(text, e, stored)) {
        problems.push({ kind: 'edited', seq, ...where, message: `seq ${seq} was changed after it was written: its content no longer matches its hash` });
        broken = true;
        return;
      }
      if (e.prev !== prev) {
        const msg =
          seq === 1 || expected === report.anchor?.seq
            ? `seq ${seq} does not chain to the start of the log (forged or inserted)`
            : `the chain breaks between seq ${seq - 1} and seq ${seq}: seq ${seq - 1} was rewritten and re-hashed, or seq ${seq} was forged`;
        problems.push({ kind: 'broken-link', seq: seq === expected && seq > 1 ? seq - 1 : seq, ...where, message: msg });
        broken = true;
        return;
      }
      prev = stored;
      expected = seq + 1;
    });
    if (end < size) {
      const after = report.lastSeq ?? expected - 1;
      problems.push({
        kind: 'torn-tail',
        seq: after + 1,
        segment: seg.name,
        message: `${size - end} bytes after seq ${after} are an unfinished write (a writer was killed mid-append); \`gatehouse audit recover\` sets them aside`,
      });
    }
  }
  if (!broken && report.lastSeq !== undefined) report.head = prev;
  if (report.entries === 0 && anchor === undefined) warnings.push('the audit log is empty');

  // Signed checkpoints: each must match the chain; one beyond the end means the log was cut short.
  const lastSeq = broken ? undefined : expected - 1;
  let lastGood = report.anchor ? report.anchor.seq - 1 : 0;
  for (const c of readCheckpoints(join(dir, LAYOUT.checkpoints))) {
    report.checkpoints.total++;
    if (!c.cp) {
      problems.push({ kind: 'bad-signature', message: `${LAYOUT.checkpoints} line ${c.line} is ${c.bad}` });
      continue;
    }
    const cp = c.cp;
    if (report.anchor && cp.seq < report.anchor.seq) {
      report.checkpoints.expired++;
      continue;
    }
    if (key) {
      if (cp.key_id !== keyId) {
        problems.push({ kind: 'unknown-key', seq: cp.seq, message: `the checkpoint at seq ${cp.seq} (${LAYOUT.checkpoints} line ${c.line}) is signed by key ${cp.key_id}, not the audit key ${keyId}` });
        continue;
      }
      if (!signatureValid(cp, key)) {
        problems.push({ kind: 'bad-signature', seq: cp.seq, message: `the checkpoint at seq ${cp.seq} (${LAYOUT.checkpoints} line ${c.line}) has an invalid signature (forged or edited)` });
        continue;
      }
    }
    const have = hashes.get(cp.seq);
    if (have === undefined && lastSeq !== undefined && cp.seq > lastSeq) {
      problems.push({
        kind: 'truncated',
        seq: lastSeq + 1,
        message: `the log ends at seq ${lastSeq}, but a checkpoint signed ${cp.ts} covers seq ${cp.seq}: seq ${lastSeq + 1}–${cp.seq} were removed`,
      });
      continue;
    }
    if (have !== undefined && have !== cp.hash) {
      problems.push({
        kind: 'checkpoint-mismatch',
        seq: lastGood + 1,
        message: `the chain does not match the checkpoint signed ${cp.ts} at seq ${cp.seq}: the records from seq ${lastGood + 1} to ${cp.seq} were rewritten`,
      });
      continue;
    }
    if (have !== undefined) {
      report.checkpoints.verified++;
      lastGood = Math.max(lastGood, cp.seq);
      if (!report.checkpoints.last || cp.seq >= report.checkpoints.last.seq) report.checkpoints.last = { seq: cp.seq, ts: cp.ts };
    }
  }
  if (report.entries > 0 && report.checkpoints.total === 0) warnings.push('no signed checkpoint yet: truncation of the newest records cannot be detected');
  problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  report.ok = problems.length === 0;
  return report;
}
