// Writes the sandbox settings fragment into a Claude Code settings file through the shared
// settings engine (src/settings/apply.ts): the same merge, backup, atomic write, --dry-run diff and
// per-owner record as `gatehouse init`, so `gatehouse uninstall` can take exactly these entries out.
import { stateDir } from '../../env/locations.js';
import { commitApply, commitRemove, planApply, planRemove, type FragmentItem } from '../../settings/apply.js';
import type { Scope } from '../../settings/scopes.js';

export type JsonObject = { [k: string]: unknown };

export interface ApplyResult {
  file: string;
  changed: boolean;
  /** `key: + value` / `key: old → new` for every value the fragment changes. */
  changes: string[];
  /** Unified diff of the file. */
  diff: string;
  backup?: string;
  dryRun: boolean;
}

const isObj = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** A nested fragment as engine items: arrays become appends, everything else a set. */
export function fragmentItems(fragment: JsonObject, path: string[] = []): FragmentItem[] {
  const out: FragmentItem[] = [];
  for (const [k, v] of Object.entries(fragment)) {
    const p = [...path, k];
    if (isObj(v)) out.push(...fragmentItems(v, p));
    else if (Array.isArray(v)) for (const x of v) out.push({ op: 'append', path: p, value: x });
    else out.push({ op: 'set', path: p, value: v });
  }
  return out;
}

export function applySettingsFragment(
  file: string,
  fragment: JsonObject,
  opts: { dryRun?: boolean; scope?: Scope; env?: Readonly<Record<string, string | undefined>>; now?: Date } = {},
): ApplyResult {
  const now = opts.now ?? new Date();
  const change = planApply({ file, scope: opts.scope ?? 'local', owner: 'sandbox', stateDir: stateDir(opts.env ?? process.env) }, fragmentItems(fragment), now);
  const changes = change.entries.map((e) => {
    const key = e.path.join('.');
    if (e.op === 'append') return `${key}: + ${JSON.stringify(e.value)}`;
    if (e.op === 'set') return `${key}: ${e.hadPrevious ? JSON.stringify(e.previous) : '(unset)'} → ${JSON.stringify(e.value)}`;
    return `${key}: created`;
  });
  const result: ApplyResult = { file: change.target.file, changed: change.before !== change.after, changes, diff: change.diff, dryRun: !!opts.dryRun };
  if (opts.dryRun || !result.changed) return result;
  const { backup } = commitApply(change, now);
  if (backup) result.backup = backup;
  return result;
}

/** Takes out exactly what applySettingsFragment added (entries changed since are left alone). */
export function revertSettingsFragment(
  file: string,
  opts: { dryRun?: boolean; scope?: Scope; env?: Readonly<Record<string, string | undefined>> } = {},
): ApplyResult & { kept: string[] } {
  const change = planRemove({ file, scope: opts.scope ?? 'local', owner: 'sandbox', stateDir: stateDir(opts.env ?? process.env) });
  const result = {
    file: change.target.file,
    changed: change.before !== change.after,
    changes: change.entries.map((e) => `${e.path.join('.')}: removed${e.op === 'append' ? ` ${JSON.stringify(e.value)}` : ''}`),
    kept: change.kept.map((k) => `${k.entry.path.join('.')}: ${k.reason}`),
    diff: change.diff,
    dryRun: !!opts.dryRun,
  };
  if (!opts.dryRun) commitRemove(change);
  return result;
}
