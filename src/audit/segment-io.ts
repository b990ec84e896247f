// Low-level reads of JSONL segment files: the last complete line (the chain head) and whatever
// follows it without a newline (a torn write), the first line, and line-by-line iteration.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface Tail {
  /** The last complete line, without its newline; undefined for an empty file. */
  last?: string;
  /** Byte offset just past the last complete line's newline. */
  end: number;
  /** Bytes after `end` (a write that did not finish). */
  partialBytes: number;
  size: number;
}

/** Reads backwards from the end of `fd` until the last complete line is found. */
export function readTail(fd: number, size = fstatSync(fd).size): Tail {
  if (size === 0) return { end: 0, partialBytes: 0, size };
  let chunk = Math.min(size, 16 * 1024);
  for (;;) {
    const start = size - chunk;
    const buf = Buffer.allocUnsafe(chunk);
    const n = readSync(fd, buf, 0, chunk, start);
    const b = buf.subarray(0, n);
    const lastNl = b.lastIndexOf(0x0a);
    if (lastNl < 0) {
      if (start === 0) return { end: 0, partialBytes: size, size }; // no complete line at all
      chunk = Math.min(size, chunk * 4);
      continue;
    }
    const end = start + lastNl + 1;
    const prevNl = b.lastIndexOf(0x0a, lastNl - 1);
    if (prevNl < 0 && start > 0) {
      chunk = Math.min(size, chunk * 4);
      continue;
    }
    const last = b.subarray(prevNl + 1, lastNl).toString('utf8');
    return { last, end, partialBytes: size - end, size };
  }
}

/** The first line of a file (without newline), or undefined when there is no complete line. */
export function readFirstLine(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    let chunk = 16 * 1024;
    for (;;) {
      const buf = Buffer.allocUnsafe(chunk);
      const n = readSync(fd, buf, 0, chunk, 0);
      const i = buf.subarray(0, n).indexOf(0x0a);
      if (i >= 0) return buf.subarray(0, i).toString('utf8');
      if (n < chunk) return undefined;
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

export function readTailOfFile(path: string): Tail {
  const fd = openSync(path, 'r');
  try {
    return readTail(fd);
  } finally {
    closeSync(fd);
  }
}

/** Calls `fn` for every complete line from `offset`, in order, reading in large blocks. Returns the
 * offset just past the last complete line (anything after it is a torn tail). */
export function forEachLine(path: string, fn: (line: string, lineNo: number, offset: number) => void | false, offset = 0, firstLineNo = 1): { end: number; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let pos = offset;
    let lineNo = firstLineNo;
    let carry: Buffer = Buffer.alloc(0);
    const block = Buffer.allocUnsafe(1 << 20);
    let end = offset;
    while (pos < size) {
      const n = readSync(fd, block, 0, Math.min(block.length, size - pos), pos);
      if (n <= 0) break;
      const data = carry.length ? Buffer.concat([carry, block.subarray(0, n)]) : block.subarray(0, n);
      const dataStart = pos - carry.length;
      pos += n;
      let s = 0;
      for (;;) {
        const i = data.indexOf(0x0a, s);
        if (i < 0) break;
        const r = fn(data.toString('utf8', s, i), lineNo++, dataStart + s);
        end = dataStart + i + 1;
        s = i + 1;
        if (r === false) return { end, size };
      }
      carry = Buffer.from(data.subarray(s));
    }
    return { end, size };
  } finally {
    closeSync(fd);
  }
}
