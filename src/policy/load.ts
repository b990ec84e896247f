// Loading the policy on the hot path: stat the candidate files, and if any exists, read the
// compiled JSON from a cache keyed by their identity. Only a cache miss loads the compiler.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../version.js';
import type { compileFiles } from './compiler-entry.js';
import { emptyPolicyData, POLICY_DATA_FORMAT, type PolicyData } from './data.js';
import { policyFiles } from './sources.js';
import { trustFile } from './trust.js';

export type CompilerLoader = () => { compileFiles: typeof compileFiles };

export interface LoadContext {
  projectDir: string;
  stateDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** FNV-1a, 52 bits: a cache key, not a security boundary (the cache lives in the protected state dir). */
export function fnv1a(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xfffffffffffffn;
  }
  return h.toString(16).padStart(13, '0');
}

const BUILTIN = emptyPolicyData('builtin');

export function loadPolicyData(ctx: LoadContext, loadCompiler: CompilerLoader): PolicyData {
  const files = policyFiles(ctx.projectDir, ctx.env);
  const parts: string[] = [VERSION, String(POLICY_DATA_FORMAT)];
  let any = false;
  for (const f of files) {
    const st = statSync(f.file, { throwIfNoEntry: false });
    if (st) any = true;
    parts.push(f.file, st ? `${st.mtimeMs}:${st.size}:${st.ino}` : '-');
  }
  if (!any) return BUILTIN;
  const ts = statSync(trustFile(ctx.stateDir), { throwIfNoEntry: false });
  parts.push(ts ? `${ts.mtimeMs}:${ts.size}` : '-');
  const key = fnv1a(parts.join('\u0000'));
  const dir = join(ctx.stateDir, 'cache', 'policy');
  const cacheFile = join(dir, `${key}.json`);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as PolicyData;
    if (cached.format === POLICY_DATA_FORMAT && cached.revision === key) return cached;
  } catch {
    // miss
  }
  const data = loadCompiler().compileFiles(files, ctx.stateDir, key);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    pruneCache(dir);
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    // An unwritable cache only costs speed.
  }
  return data;
}

function pruneCache(dir: string): void {
  const names = readdirSync(dir);
  if (names.length < 64) return;
  const old = Date.now() - 7 * 24 * 3600 * 1000;
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st && st.mtimeMs < old) {
      try {
        unlinkSync(p);
      } catch {
        // another process got there first
      }
    }
  }
}
