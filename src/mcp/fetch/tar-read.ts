// Reads a package tarball into memory without extracting it: regular files only (symlinks,
// hard links and devices are listed, never followed), paths normalised and refused when they
// try to leave the package, sizes bounded. A scanned package never touches the disk this way.
import { gunzipSync } from 'node:zlib';
import { posix } from 'node:path';
import { GatehouseError } from '../../errors.js';
import type { SourceFile } from '../types.js';
import { MAX_FILES, wanted } from '../analyze/package-files.js';

export const MAX_UNPACKED = 256 * 1024 * 1024;

export interface TarContents {
  files: SourceFile[];
  /** Every entry path (for the report), including ones not read. */
  entries: number;
  /** Entries skipped for safety: links, devices, paths escaping the root. */
  skipped: { path: string; why: string }[];
}

function str(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const z = s.indexOf(0);
  return s.subarray(0, z < 0 ? s.length : z).toString('utf8');
}

function octal(b: Buffer, start: number, len: number): number {
  if (b[start]! & 0x80) {
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = str(b, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function paxPath(body: Buffer): string | undefined {
  const text = body.toString('utf8');
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text);
  return m?.[1];
}

export function readTarball(data: Buffer, label = 'tarball'): TarContents {
  let tar: Buffer;
  try {
    tar = data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data, { maxOutputLength: MAX_UNPACKED }) : data;
  } catch (e) {
    throw new GatehouseError({ code: 'mcp/bad-tarball', message: `${label} is not a readable gzip archive (${(e as Error).message})`, file: label });
  }
  const raw: { path: string; body: Buffer }[] = [];
  const skipped: TarContents['skipped'] = [];
  let entries = 0;
  let longName: string | undefined;
  let off = 0;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const bodyStart = off + 512;
    const body = tar.subarray(bodyStart, bodyStart + size);
    off = bodyStart + Math.ceil(size / 512) * 512;
    if (body.length < size) throw new GatehouseError({ code: 'mcp/bad-tarball', message: `${label} is truncated`, file: label });
    if (type === 'x') {
      longName = paxPath(body) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = str(body, 0, body.length);
      continue;
    }
    if (type === 'g') continue;
    const prefix = h.subarray(257, 262).toString() === 'ustar' ? str(h, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    longName = undefined;
    entries++;
    if (entries > MAX_FILES * 5) throw new GatehouseError({ code: 'mcp/bad-tarball', message: `${label} has too many entries`, file: label });
    if (type === '5') continue;
    if (type !== '0' && type !== '\0' && type !== '7') {
      skipped.push({ path: name, why: type === '2' ? 'symbolic link' : type === '1' ? 'hard link' : `entry type ${JSON.stringify(type)}` });
      continue;
    }
    const norm = posix.normalize(name.replace(/\\/g, '/'));
    if (norm.startsWith('/') || norm === '..' || norm.startsWith('../')) {
      skipped.push({ path: name, why: 'path leaves the package' });
      continue;
    }
    raw.push({ path: norm, body });
  }
  // npm tarballs put everything under package/, GitHub archives under <repo>-<sha>/.
  const firsts = new Set(raw.map((r) => r.path.split('/')[0]));
  const strip = firsts.size === 1 && raw.every((r) => r.path.includes('/'));
  const files: SourceFile[] = [];
  for (const r of raw) {
    const path = strip ? r.path.slice(r.path.indexOf('/') + 1) : r.path;
    if (!wanted(path, r.body.length)) continue;
    if (files.length >= MAX_FILES) break;
    files.push({ path, text: r.body.toString('utf8') });
  }
  return { files, entries, skipped };
}
