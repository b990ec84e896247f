// The files of one audit log, in chain order: sealed segments (named by their first seq) and the
// current segment the writers append to.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUT } from './options.js';

export interface SegmentFile {
  path: string;
  /** `segments/000000000101.jsonl` or `current.jsonl`. */
  name: string;
  /** From the file name; undefined for the current segment. */
  firstSeq?: number;
  sealed: boolean;
}

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(12, '0')}.jsonl`;
}

export function sealedSegments(dir: string): SegmentFile[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, LAYOUT.segments));
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d{12}\.jsonl$/.test(n))
    .sort()
    .map((n) => ({ path: join(dir, LAYOUT.segments, n), name: `${LAYOUT.segments}/${n}`, firstSeq: Number(n.slice(0, 12)), sealed: true }));
}

/** Every segment in order, the current one last (when it exists). */
export function allSegments(dir: string): SegmentFile[] {
  const out = sealedSegments(dir);
  const cur = join(dir, LAYOUT.current);
  if (statSync(cur, { throwIfNoEntry: false })) out.push({ path: cur, name: LAYOUT.current, sealed: false });
  return out;
}
