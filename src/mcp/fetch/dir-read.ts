// Reads a package folder into memory, never following symbolic links (a link to ~/.ssh inside a
// scanned folder must not be read as part of the package).
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { GatehouseError } from '../../errors.js';
import type { SourceFile } from '../types.js';
import { MAX_FILES, wanted } from '../analyze/package-files.js';

export interface DirContents {
  files: SourceFile[];
  entries: number;
  skipped: { path: string; why: string }[];
}

export function readPackageDir(root: string, opts: { includeNodeModules?: boolean } = {}): DirContents {
  let st;
  try {
    st = lstatSync(root);
  } catch (e) {
    throw new GatehouseError({ code: 'mcp/target-not-found', message: `cannot read ${root} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, file: root });
  }
  if (!st.isDirectory()) throw new GatehouseError({ code: 'mcp/bad-target', message: `${root} is not a folder`, file: root });
  const files: SourceFile[] = [];
  const skipped: DirContents['skipped'] = [];
  let entries = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > 40) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const rel = relative(root, p).split(sep).join('/');
      if (name === '.git' || (name === 'node_modules' && !opts.includeNodeModules)) continue;
      let s;
      try {
        s = lstatSync(p);
      } catch {
        continue;
      }
      entries++;
      if (s.isSymbolicLink()) {
        skipped.push({ path: rel, why: 'symbolic link' });
        continue;
      }
      if (s.isDirectory()) {
        walk(p, depth + 1);
        continue;
      }
      if (!s.isFile() || !wanted(rel, s.size) || files.length >= MAX_FILES) continue;
      files.push({ path: rel, text: readFileSync(p, 'utf8') });
    }
  };
  walk(root, 0);
  return { files, entries, skipped };
}
