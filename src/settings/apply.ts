// The merge engine for any gatehouse feature that writes Claude Code settings (init, the sandbox
// advisor's --apply, …): apply a fragment to one settings file, or take it out again, with a
// backup, an atomic write, a unified diff for --dry-run, and a record per owner in the state
// directory, so one feature's removal never touches another's entries or the user's. A value that
// is already in the file (the user's, or another owner's) is left unrecorded: it stays theirs.
import { unlinkSync } from 'node:fs';
import { VERSION } from '../version.js';
import { applyFragment, revertEntries, type FragmentItem, type ManifestEntry } from './fragment.js';
import { atomicWrite, backupSettings, deleteManifest, loadManifest, mergeCreates, readText, realFile, saveManifest, sharedContainers, type InstallManifest } from './install-store.js';
import { unifiedDiff } from './diff.js';
import type { Scope } from './scopes.js';

export type { FragmentItem, ManifestEntry } from './fragment.js';

export interface FragmentTarget {
  /** The settings file (e.g. settingsFile(scope, env, projectDir)). */
  file: string;
  scope: Scope;
  /** Lower-case id of the feature that owns the entries, e.g. `sandbox`. */
  owner: string;
  stateDir: string;
}

export interface SettingsChange {
  target: FragmentTarget;
  before: string | undefined;
  after: string | undefined;
  /** Unified diff (empty when nothing changes). */
  diff: string;
  manifest: InstallManifest;
  /** Entries this change adds (apply) or takes out (remove). */
  entries: ManifestEntry[];
  /** Things a removal left alone, with the reason. */
  kept: { entry: ManifestEntry; reason: string }[];
}

/** Works out the file after applying `items` (idempotent; entries this owner no longer wants go). */
export function planApply(t: FragmentTarget, items: readonly FragmentItem[], now: Date): SettingsChange {
  const file = realFile(t.file);
  const previous = loadManifest(t.stateDir, file, t.owner);
  const before = readText(file);
  const r = applyFragment(before ?? '', items, previous?.entries ?? [], file);
  const after = r.added.length || r.removed.length ? r.text : before;
  const iso = now.toISOString();
  const manifest: InstallManifest = {
    version: 1,
    owner: t.owner,
    file,
    scope: t.scope,
    gatehouseVersion: VERSION,
    installedAt: previous?.installedAt ?? iso,
    updatedAt: iso,
    createdFile: previous ? previous.createdFile : before === undefined,
    entries: mergeCreates(sharedContainers(t.stateDir, file, t.owner, r.entries), r.entries),
    ...(previous?.backup ? { backup: previous.backup } : {}),
    createdFiles: previous?.createdFiles ?? [],
  };
  const added = r.entries.filter((e) => !(previous?.entries ?? []).some((p) => JSON.stringify(p) === JSON.stringify(e)));
  return { target: { ...t, file }, before, after, diff: unifiedDiff(file, before, after), manifest, entries: added, kept: [] };
}

/** Works out the file with this owner's entries taken out. */
export function planRemove(t: FragmentTarget): SettingsChange {
  const file = realFile(t.file);
  const manifest = loadManifest(t.stateDir, file, t.owner);
  const before = readText(file);
  if (!manifest || before === undefined) {
    const empty: InstallManifest = { version: 1, owner: t.owner, file, scope: t.scope, gatehouseVersion: VERSION, installedAt: '', updatedAt: '', createdFile: false, entries: [], createdFiles: [] };
    return { target: { ...t, file }, before, after: before, diff: '', manifest: manifest ?? empty, entries: [], kept: [] };
  }
  const r = revertEntries(before, manifest.entries, file);
  let after: string | undefined = r.reverted.length ? r.text : before;
  if (manifest.createdFile && after !== undefined && after.replace(/\s/g, '') === '{}') after = undefined;
  return { target: { ...t, file }, before, after, diff: unifiedDiff(file, before, after), manifest, entries: r.reverted, kept: r.skipped };
}

/** Writes an apply: backup (first change only), the file atomically, then the record. */
export function commitApply(c: SettingsChange, now: Date): { backup?: string } {
  const out: { backup?: string } = {};
  if (c.before === c.after) return out;
  if (c.before !== undefined && !c.manifest.backup) out.backup = c.manifest.backup = backupSettings(c.target.stateDir, c.target.file, c.before, now);
  atomicWrite(c.target.file, c.after!);
  saveManifest(c.target.stateDir, c.manifest);
  return out;
}

/** Writes a removal and forgets the record. */
export function commitRemove(c: SettingsChange): void {
  if (c.before !== c.after) {
    if (c.after === undefined) unlinkSync(c.target.file);
    else atomicWrite(c.target.file, c.after);
  }
  deleteManifest(c.target.stateDir, c.target.file, c.target.owner);
}
