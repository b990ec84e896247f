// Reading the log in order, for the CLI side (index, export, ship, tail): every complete entry with
// where it sits (segment first seq, byte offset), starting from a cursor.
import { closeSync, openSync, readSync } from 'node:fs';
import { forEachLine, readFirstLine } from './segment-io.js';
import { allSegments, type SegmentFile } from './segments.js';
import type { AuditEntry } from './record.js';

export interface Located {
  entry: AuditEntry;
  /** First seq of the segment holding it (stable across sealing, which only renames). */
  seg: number;
  offset: number;
  /** Offset just past this entry's line: the cursor that resumes after it. */
  next: number;
}

export interface Cursor {
  seg: number;
  offset: number;
}

/** Segments with their first seq (the current segment's is read from its first line). */
export function segmentsWithFirstSeq(dir: string): (SegmentFile & { first: number })[] {
  const out: (SegmentFile & { first: number })[] = [];
  for (const s of allSegments(dir)) {
    let first = s.firstSeq;
    if (first === undefined) {
      const line = readFirstLine(s.path);
      if (line === undefined) continue;
      try {
        first = (JSON.parse(line) as { seq: number }).seq;
      } catch {
        continue;
      }
    }
    if (Number.isInteger(first)) out.push({ ...s, first });
  }
  return out;
}

/** Calls `fn` for each entry after `cursor` (all when undefined). Lines that do not parse are skipped
 * (verify reports them). Returns the cursor after the last complete entry. */
export function readEntries(dir: string, fn: (x: Located) => void | false, cursor?: Cursor): Cursor | undefined {
  let at = cursor;
  for (const s of segmentsWithFirstSeq(dir)) {
    if (cursor && s.first < cursor.seg) continue;
    const from = cursor && s.first === cursor.seg ? cursor.offset : 0;
    let stop = false;
    const { end } = forEachLine(
      s.path,
      (line, _n, offset) => {
        let entry: AuditEntry;
        try {
          entry = JSON.parse(line) as AuditEntry;
        } catch {
          return;
        }
        if (fn({ entry, seg: s.first, offset, next: offset + Buffer.byteLength(line) + 1 }) === false) {
          stop = true;
          return false;
        }
      },
      from,
    );
    at = { seg: s.first, offset: end };
    if (stop) break;
  }
  return at;
}

/** Reads the one entry at (segment first seq, offset). */
export function readEntryAt(dir: string, seg: number, offset: number, segs = segmentsWithFirstSeq(dir)): AuditEntry | undefined {
  const s = segs.find((x) => x.first === seg);
  if (!s) return undefined;
  const fd = openSync(s.path, 'r');
  try {
    let size = 4096;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, offset);
      const i = buf.subarray(0, n).indexOf(0x0a);
      if (i >= 0) return JSON.parse(buf.toString('utf8', 0, i)) as AuditEntry;
      if (n < size) return undefined;
      size *= 4;
    }
  } finally {
    closeSync(fd);
  }
}
