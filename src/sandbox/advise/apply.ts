// Writes a settings fragment into a Claude Code settings file. This is a small stand-in behind the
// interface the shared settings engine will provide (`applySettingsFragment`): deep-merge objects,
// union lists, fragment scalars win; invalid JSON is refused (nothing is lost); a backup is kept;
// the write is atomic. `dryRun` only reports what would change.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GatehouseError } from '../../errors.js';

export type JsonObject = { [k: string]: unknown };

export interface ApplyResult {
  file: string;
  changed: boolean;
  /** `key: old → new` for every value the fragment changes. */
  changes: string[];
  backup?: string;
  dryRun: boolean;
}

const isObj = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

export function mergeFragment(base: JsonObject, fragment: JsonObject, path = '', changes: string[] = []): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(fragment)) {
    const key = path ? `${path}.${k}` : k;
    const old = base[k];
    if (isObj(v)) {
      out[k] = mergeFragment(isObj(old) ? old : {}, v, key, changes);
    } else if (Array.isArray(v)) {
      const cur = Array.isArray(old) ? [...old] : [];
      const added = v.filter((x) => !cur.some((c) => JSON.stringify(c) === JSON.stringify(x)));
      if (added.length || !Array.isArray(old)) changes.push(`${key}: +${added.length} entr${added.length === 1 ? 'y' : 'ies'}`);
      out[k] = [...cur, ...added];
    } else if (JSON.stringify(old) !== JSON.stringify(v)) {
      changes.push(`${key}: ${old === undefined ? '(unset)' : JSON.stringify(old)} → ${JSON.stringify(v)}`);
      out[k] = v;
    }
  }
  return out;
}

export function applySettingsFragment(file: string, fragment: JsonObject, opts: { dryRun?: boolean } = {}): ApplyResult {
  let base: JsonObject = {};
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    try {
      const parsed = text.trim() ? (JSON.parse(text) as unknown) : {};
      if (!isObj(parsed)) throw new Error('not a JSON object');
      base = parsed;
    } catch (e) {
      throw new GatehouseError({ code: 'settings/invalid-json', file, message: `cannot merge into ${file}: ${(e as Error).message}`, hint: 'fix or move the file; nothing was changed' });
    }
  }
  const changes: string[] = [];
  const merged = mergeFragment(base, fragment, '', changes);
  const result: ApplyResult = { file, changed: changes.length > 0, changes, dryRun: !!opts.dryRun };
  if (opts.dryRun || !changes.length) return result;
  mkdirSync(dirname(file), { recursive: true });
  if (existsSync(file)) {
    result.backup = `${file}.gatehouse-backup`;
    copyFileSync(file, result.backup);
  }
  const tmp = `${file}.gatehouse-tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(merged, null, 2) + '\n', { mode: 0o644 });
  renameSync(tmp, file);
  return result;
}
