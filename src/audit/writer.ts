// The append path used by the hook: take the lock, read the chain head from the end of the current
// segment, link and write the entry in one write(2), fdatasync, sign a checkpoint when due, unlock.
// Also here, because they run under the same lock: recovering a torn tail left by a crashed writer,
// sealing (rotating) the current segment, and retention.
import { closeSync, chmodSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../errors.js';
import { VERSION } from '../version.js';
import { GENESIS, linkEntry, sha256Hex, type ChainHead } from './chain.js';
import { appendCheckpoint, makeAnchor, makeCheckpoint, pruneCheckpoints, readAnchor, writeAnchor } from './checkpoint.js';
import { currentHost, currentUser } from './context.js';
import { loadOrCreateKey, type SigningKey } from './keys.js';
import { withLock, sleepSync } from '../env/file-lock.js';
import { LAYOUT, type AuditOptions } from './options.js';
import type { AuditEntry, NoteRecord } from './record.js';
import { readFirstLine, readTail, readTailOfFile } from './segment-io.js';
import { sealedSegments, segmentName } from './segments.js';

export type Body = Record<string, unknown> & { kind: 'decision' | 'note'; ts: string };

/** Events after which a checkpoint is signed whatever the count: the start and end of a session or turn. */
const CHECKPOINT_EVENTS = new Set(['Stop', 'SessionStart', 'SessionEnd', 'SubagentStop']);

function parseHead(line: string, where: string): ChainHead {
  try {
    const e = JSON.parse(line) as Partial<AuditEntry>;
    if (Number.isInteger(e.seq) && typeof e.hash === 'string' && /^[0-9a-f]{64}$/.test(e.hash)) return { seq: e.seq!, hash: e.hash, ts: e.ts };
  } catch {
    // fall through
  }
  throw new GatehouseError({
    code: 'audit/corrupt-tail',
    message: 'the last entry of the audit log is not a valid entry, so the next one cannot be chained to it',
    file: where,
    hint: 'run `gatehouse audit verify`, then `gatehouse audit recover` to set the damaged line aside',
  });
}

/** Head when the current segment is empty or missing: the last sealed segment, else the anchor, else genesis. */
function headBeforeCurrent(dir: string): ChainHead {
  const sealed = sealedSegments(dir);
  for (let i = sealed.length - 1; i >= 0; i--) {
    const t = readTailOfFile(sealed[i]!.path);
    if (t.last !== undefined) return parseHead(t.last, sealed[i]!.path);
  }
  const anchor = readAnchor(join(dir, LAYOUT.anchor));
  if (anchor && anchor.seq > 0) return { seq: anchor.seq - 1, hash: anchor.prev };
  return { seq: 0, hash: GENESIS };
}

function noteBody(note: string, detail: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>, now: Date): Body {
  const n: NoteRecord & { kind: 'note' } = {
    v: 1,
    kind: 'note',
    ts: now.toISOString(),
    note,
    detail,
    gatehouse_version: VERSION,
    host: currentHost(),
  };
  const user = currentUser(env);
  if (user) n.user = user;
  return n as unknown as Body;
}

interface Session {
  o: AuditOptions;
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
  fd: number;
  head: ChainHead;
  size: number;
  key?: SigningKey;
}

function openCurrent(o: AuditOptions): number {
  const path = join(o.dir, LAYOUT.current);
  try {
    return openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    return openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o600);
  }
}

function writeLines(s: Session, bodies: Body[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let text = '';
  let head = s.head;
  for (const b of bodies) {
    const { entry, line } = linkEntry(b, head.seq + 1, head.hash);
    text += line;
    head = { seq: entry.seq, hash: entry.hash, ts: b.ts };
    out.push(entry as unknown as AuditEntry);
  }
  const buf = Buffer.from(text);
  if (s.env.GATEHOUSE_TEST_AUDIT_TORN_WRITE === '1') {
    // Test-only: write part of the entry and pause, so a test can kill the writer mid-append. If
    // nobody does, fail like a real short write would (the hook then refuses; it never hangs).
    writeSync(s.fd, buf, 0, Math.max(1, buf.length >> 1));
    fdatasyncSync(s.fd);
    sleepSync(15_000);
    throw new GatehouseError({ code: 'audit/write-failed', message: 'the audit entry was only partly written (test switch GATEHOUSE_TEST_AUDIT_TORN_WRITE)' });
  }
  let off = 0;
  while (off < buf.length) off += writeSync(s.fd, buf, off, buf.length - off);
  if (s.o.fsync === 'always') fdatasyncSync(s.fd);
  s.head = head;
  s.size += buf.length;
  return out;
}

/** Sets a torn tail (bytes after the last newline) aside into `torn/`, truncates it, and notes it. */
function recoverTorn(s: Session, end: number, partialBytes: number): void {
  const buf = Buffer.allocUnsafe(partialBytes);
  readSync(s.fd, buf, 0, partialBytes, end);
  const tornDir = join(s.o.dir, LAYOUT.torn);
  mkdirSync(tornDir, { recursive: true, mode: 0o700 });
  const name = `after-${s.head.seq}-${Date.now()}.partial`;
  writeFileSync(join(tornDir, name), buf, { mode: 0o600 });
  ftruncateSync(s.fd, end);
  s.size = end;
  writeLines(s, [noteBody('torn-tail-recovered', { after_seq: s.head.seq, bytes: partialBytes, sha256: sha256Hex(buf), saved_as: `${LAYOUT.torn}/${name}` }, s.env, s.now)]);
}

function key(s: Session): SigningKey {
  return (s.key ??= loadOrCreateKey(s.o.keyDir));
}

function checkpoint(s: Session): void {
  // The entries a checkpoint vouches for reach the disk before the checkpoint does.
  if (s.o.fsync === 'checkpoint') fdatasyncSync(s.fd);
  appendCheckpoint(join(s.o.dir, LAYOUT.checkpoints), makeCheckpoint(s.head.seq, s.head.hash, key(s), s.now), s.o.fsync !== 'off');
}

/** Seals current.jsonl as segments/<firstSeq>.jsonl, then applies retention. */
function rotate(s: Session): void {
  const cur = join(s.o.dir, LAYOUT.current);
  const first = readFirstLine(cur);
  if (first === undefined) return;
  const firstSeq = parseHead(first, cur).seq;
  checkpoint(s); // the sealed segment ends at a signed point
  closeSync(s.fd);
  const segDir = join(s.o.dir, LAYOUT.segments);
  mkdirSync(segDir, { recursive: true, mode: 0o700 });
  const sealed = join(segDir, segmentName(firstSeq));
  renameSync(cur, sealed);
  chmodSync(sealed, 0o400);
  s.fd = openCurrent(s.o);
  s.size = 0;
  expire(s);
}

function dayOf(ts: string | undefined): string | undefined {
  return ts?.slice(0, 10);
}

/** Deletes sealed segments whose newest entry is older than the retention period, oldest first,
 * after signing an anchor that lets the rest of the chain verify without them. */
function expire(s: Session): void {
  const cutoff = s.now.getTime() - s.o.retentionDays * 86_400_000;
  const sealed = sealedSegments(s.o.dir);
  const gone: { path: string; name: string; last: ChainHead; firstSeq: number }[] = [];
  for (const seg of sealed) {
    const t = readTailOfFile(seg.path);
    if (t.last === undefined) break;
    const last = parseHead(t.last, seg.path);
    if (!last.ts || Date.parse(last.ts) >= cutoff) break;
    // Never expire the segment that holds the head: the chain must continue from something kept.
    if (last.seq >= s.head.seq) break;
    gone.push({ path: seg.path, name: seg.name, last, firstSeq: seg.firstSeq! });
  }
  if (gone.length === 0) return;
  const anchorFile = join(s.o.dir, LAYOUT.anchor);
  const old = readAnchor(anchorFile);
  const lastGone = gone[gone.length - 1]!;
  const firstKept = lastGone.last.seq + 1;
  const expiredBefore = old && old.seq > 0 ? old.expired : 0;
  const firstGoneSeq = gone[0]!.firstSeq;
  const anchor = makeAnchor(
    { seq: firstKept, prev: lastGone.last.hash, expired: expiredBefore + (firstKept - firstGoneSeq), expired_through: lastGone.last.ts ?? '', ts: s.now.toISOString() },
    key(s),
  );
  writeAnchor(anchorFile, anchor);
  for (const g of gone) {
    chmodSync(g.path, 0o600);
    unlinkSync(g.path);
  }
  pruneCheckpoints(join(s.o.dir, LAYOUT.checkpoints), firstKept);
  writeLines(s, [
    noteBody('retention-expired', { segments: gone.map((g) => g.name), from_seq: firstGoneSeq, to_seq: lastGone.last.seq, retention_days: s.o.retentionDays, anchor_seq: firstKept }, s.env, s.now),
  ]);
}

export interface AppendResult {
  entries: AuditEntry[];
  /** A checkpoint was signed after these entries. */
  checkpointed: boolean;
}

/** Appends bodies as consecutive chain entries, under the log lock. */
export function appendBodies(bodies: Body[], o: AuditOptions, env: Readonly<Record<string, string | undefined>>, now = new Date(), forceCheckpoint = false): AppendResult {
  return withLock(join(o.dir, LAYOUT.lock), { timeoutMs: o.lockTimeoutMs, code: 'audit/lock-timeout', what: 'the audit log' }, () => {
    const fd = openCurrent(o);
    const s: Session = { o, env, now, fd, head: { seq: 0, hash: GENESIS }, size: 0 };
    try {
      const st = fstatSync(fd);
      s.size = st.size;
      if (st.size === 0) s.head = headBeforeCurrent(o.dir);
      else {
        const t = readTail(fd, st.size);
        s.head = t.last === undefined ? headBeforeCurrent(o.dir) : parseHead(t.last, join(o.dir, LAYOUT.current));
        if (t.partialBytes > 0) recoverTorn(s, t.end, t.partialBytes);
      }
      if (s.size > 0 && (s.size >= o.segmentBytes || (dayOf(s.head.ts) !== undefined && dayOf(s.head.ts) !== now.toISOString().slice(0, 10)))) rotate(s);
      const before = s.head.seq;
      const entries = writeLines(s, bodies);
      const every = o.checkpointEvery;
      const crossed = Math.floor(s.head.seq / every) > Math.floor(before / every);
      // The first entry of a log is signed at once: the key exists from the start, and the log can
      // never be silently replaced by a fresh one.
      const due = forceCheckpoint || crossed || before === 0 || bodies.some((b) => typeof b.event === 'string' && CHECKPOINT_EVENTS.has(b.event));
      if (due) checkpoint(s);
      return { entries, checkpointed: due };
    } finally {
      closeSync(s.fd);
    }
  });
}

/** Takes the lock and repairs the tail: a torn write is set aside and noted; an unparsable last
 * line is set aside the same way. Returns what was done. */
export function recoverLog(o: AuditOptions, env: Readonly<Record<string, string | undefined>>, now = new Date()): { recovered: boolean; detail?: Record<string, unknown> } {
  const cur = join(o.dir, LAYOUT.current);
  if (!statSync(cur, { throwIfNoEntry: false })) return { recovered: false };
  return withLock(join(o.dir, LAYOUT.lock), { timeoutMs: o.lockTimeoutMs, code: 'audit/lock-timeout', what: 'the audit log' }, () => {
    const fd = openSync(cur, constants.O_RDWR | constants.O_APPEND);
    try {
      const t = readTail(fd);
      let end = t.end;
      let bytes = t.partialBytes;
      let head: ChainHead | undefined;
      // Walk back over complete lines that do not parse (a damaged last line) as well.
      let lastLine = t.last;
      while (lastLine !== undefined) {
        try {
          head = parseHead(lastLine, cur);
          break;
        } catch {
          const lineStart = end - Buffer.byteLength(lastLine) - 1;
          bytes += end - lineStart;
          end = lineStart;
          const t2 = readTail(fd, end);
          lastLine = t2.last;
        }
      }
      if (bytes === 0) return { recovered: false };
      const s: Session = { o, env, now, fd, head: head ?? headBeforeCurrent(o.dir), size: t.size };
      recoverTorn(s, end, bytes);
      return { recovered: true, detail: { after_seq: s.head.seq - 1, bytes } };
    } finally {
      closeSync(fd);
    }
  });
}
