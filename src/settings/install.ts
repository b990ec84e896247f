// `gatehouse init` and `gatehouse uninstall` as plans: read what is there, work out the new text of
// every file, show a diff, and only then (unless it is a dry run) write, back up and record.
import { existsSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unifiedDiff } from './diff.js';
import { VERSION } from '../version.js';
import { applyFragment, revertEntries, type ManifestEntry } from './fragment.js';
import { DEFAULT_CLAUDEIGNORE } from './ignore-rules.js';
import { hookCommand, installPlan, isGatehouseHandler } from './install-plan.js';
import {
  atomicWrite,
  backupSettings,
  deleteManifest,
  loadManifest,
  mergeCreates,
  sharedContainers,
  realFile,
  saveManifest,
  readText,
  sha256,
  type CreatedFile,
  type InstallManifest,
} from './install-store.js';
import { getAt, isPlainObject, jsonEqual, parseJsonStrict } from './json.js';
import { settingsFile, type Scope } from './scopes.js';
import { POLICY_TEMPLATE } from './templates.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface FileChange {
  path: string;
  role: 'settings' | 'policy' | 'ignore';
  /** undefined = the file does not exist (before) / is deleted (after). */
  before: string | undefined;
  after: string | undefined;
  diff: string;
}

export interface InstallContext {
  env: Env;
  projectDir: string;
  stateDir: string;
  installDir: string;
  nodePath: string;
  now: Date;
}

export interface InitOptions {
  scope: Scope;
  timeout?: number;
  denyRules?: boolean;
  allowManagedHooksOnly?: boolean;
  disableBypass?: boolean;
  /** Managed scope: write the file here instead of into the managed directory. */
  output?: string;
}

export interface InitPlan {
  scope: Scope;
  /** The settings file Claude Code reads. */
  settingsFile: string;
  /** Where the new settings text is written (differs from settingsFile for managed --output). */
  target: string;
  changes: FileChange[];
  /** Ignore patterns not mirrored into deny rules, and why. */
  notMirrored: { pattern: string; line: number; reason: string }[];
  denyRules: string[];
  command: string;
  manifest: InstallManifest;
  previousManifest?: InstallManifest;
}

function change(path: string, role: FileChange['role'], before: string | undefined, after: string | undefined): FileChange {
  return { path, role, before, after, diff: unifiedDiff(path, before, after) };
}

export function planInit(ctx: InstallContext, o: InitOptions): InitPlan {
  const file = realFile(settingsFile(o.scope, ctx.env, ctx.projectDir));
  const target = o.scope === 'managed' && o.output ? o.output : file;
  const inProject = o.scope === 'project' || o.scope === 'local';
  const changes: FileChange[] = [];
  const createdFiles: CreatedFile[] = [];

  // Project files first: the deny rules mirror the ignore file that will exist after init.
  let ignoreText: string | undefined;
  if (inProject) {
    const ignorePath = join(ctx.projectDir, '.claudeignore');
    ignoreText = readText(ignorePath);
    if (ignoreText === undefined) {
      ignoreText = DEFAULT_CLAUDEIGNORE;
      changes.push(change(ignorePath, 'ignore', undefined, ignoreText));
      createdFiles.push({ path: ignorePath, sha256: sha256(ignoreText) });
    }
    const policyPath = join(ctx.projectDir, '.gatehouse', 'policy.yaml');
    if (!existsSync(policyPath)) {
      changes.push(change(policyPath, 'policy', undefined, POLICY_TEMPLATE));
      createdFiles.push({ path: policyPath, sha256: sha256(POLICY_TEMPLATE) });
    }
  } else {
    ignoreText = DEFAULT_CLAUDEIGNORE;
  }

  const command = hookCommand({ installDir: ctx.installDir, nodePath: ctx.nodePath, ...(o.scope === 'project' ? { projectDir: ctx.projectDir } : {}) });
  const plan = installPlan({
    scope: o.scope,
    command,
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ignoreText,
    denyRules: o.denyRules !== false,
    allowManagedHooksOnly: o.allowManagedHooksOnly === true,
    disableBypass: o.disableBypass === true,
  });

  const previous = loadManifest(ctx.stateDir, file);
  // Managed --output starts from what the managed file holds now, so the result can replace it whole.
  const before = readText(file);
  const targetBefore = target === file ? before : readText(target);
  const applied = applyFragment(before ?? '', plan.items, previous?.entries ?? [], file);
  changes.unshift(change(target, 'settings', targetBefore, applied.text));

  const nowIso = ctx.now.toISOString();
  const manifest: InstallManifest = {
    version: 1,
    owner: 'init',
    file,
    scope: o.scope,
    gatehouseVersion: VERSION,
    installedAt: previous?.installedAt ?? nowIso,
    updatedAt: nowIso,
    createdFile: previous ? previous.createdFile : before === undefined,
    entries: mergeCreates(sharedContainers(ctx.stateDir, file, 'init', applied.entries), applied.entries),
    ...(previous?.backup ? { backup: previous.backup } : {}),
    createdFiles: [...(previous?.createdFiles ?? []).filter((c) => !createdFiles.some((n) => n.path === c.path)), ...createdFiles],
  };
  return { scope: o.scope, settingsFile: file, target, changes, notMirrored: plan.mirror.skipped, denyRules: plan.denyRules, command, manifest, ...(previous ? { previousManifest: previous } : {}) };
}

export function hasChanges(changes: readonly FileChange[]): boolean {
  return changes.some((c) => c.before !== c.after);
}

/** Writes a plan: backup first, then the files, then the manifest. */
export function commitInit(ctx: InstallContext, plan: InitPlan): { backup?: string; manifestPath?: string } {
  const out: { backup?: string; manifestPath?: string } = {};
  const settings = plan.changes.find((c) => c.role === 'settings')!;
  if (settings.before !== undefined && settings.before !== settings.after && !plan.manifest.backup) {
    plan.manifest.backup = backupSettings(ctx.stateDir, settings.path, settings.before, ctx.now);
    out.backup = plan.manifest.backup;
  }
  for (const c of plan.changes) if (c.after !== undefined && c.before !== c.after) atomicWrite(c.path, c.after);
  if (hasChanges(plan.changes) || !plan.previousManifest) {
    // A managed file written elsewhere is recorded under the managed path it is meant for.
    out.manifestPath = saveManifest(ctx.stateDir, plan.manifest);
  }
  return out;
}

export interface UninstallPlan {
  scope: Scope;
  settingsFile: string;
  changes: FileChange[];
  /** Entries taken out. */
  removed: ManifestEntry[];
  /** Things left alone, with the reason. */
  kept: { what: string; reason: string }[];
  /** No manifest: gatehouse recognised its own hook handlers by their command. */
  fallback: boolean;
  manifest?: InstallManifest;
}

function describeEntry(e: ManifestEntry): string {
  const where = e.path.join('.');
  if (e.op === 'append') return typeof e.value === 'string' ? `${where}: ${e.value}` : `${where}: gatehouse hook`;
  if (e.op === 'set') return `${where} = ${JSON.stringify(e.value)}`;
  return where;
}

/** Without a manifest: remove handlers whose command is gatehouse's, and groups left empty. */
function removeRecognisedHooks(text: string, file: string, installDir: string): { text: string; removed: ManifestEntry[] } {
  const parsed = parseJsonStrict(text, file).value;
  const hooks = getAt(parsed, ['hooks']);
  const entries: ManifestEntry[] = [];
  if (isPlainObject(hooks)) {
    for (const [event, groups] of Object.entries(hooks)) {
      if (!Array.isArray(groups)) continue;
      for (const g of groups) {
        if (!isPlainObject(g) || !Array.isArray(g.hooks)) continue;
        const ours = g.hooks.filter((h) => isGatehouseHandler(h, installDir));
        if (ours.length === 0) continue;
        if (ours.length === g.hooks.length) entries.push({ op: 'append', path: ['hooks', event], value: g });
        else for (const h of ours) entries.push({ op: 'append', path: ['hooks', event, groups.indexOf(g), 'hooks'], value: h });
      }
    }
  }
  const r = revertEntries(text, entries, file);
  return { text: r.text, removed: r.reverted };
}

export function planUninstall(ctx: InstallContext, scope: Scope): UninstallPlan {
  const file = realFile(settingsFile(scope, ctx.env, ctx.projectDir));
  const manifest = loadManifest(ctx.stateDir, file);
  const before = readText(file);
  const changes: FileChange[] = [];
  const kept: UninstallPlan['kept'] = [];
  let removed: ManifestEntry[] = [];
  let after = before;
  if (before !== undefined && manifest) {
    const r = revertEntries(before, manifest.entries, file);
    after = r.text;
    removed = r.reverted;
    for (const s of r.skipped) kept.push({ what: describeEntry(s.entry), reason: s.reason });
    // Nothing of the user's changed since: give back the original bytes, formatting and all.
    if (manifest.backup) {
      const original = readText(manifest.backup);
      if (original !== undefined) {
        try {
          if (jsonEqual(parseJsonStrict(original, manifest.backup).value, parseJsonStrict(after, file).value)) after = original;
        } catch {
          // keep the edited text
        }
      }
    }
    if (manifest.createdFile) {
      try {
        const v = parseJsonStrict(after, file).value;
        if (isPlainObject(v) && Object.keys(v).length === 0) after = undefined;
      } catch {
        // keep it
      }
    }
  } else if (before !== undefined) {
    const r = removeRecognisedHooks(before, file, ctx.installDir);
    after = r.removed.length ? r.text : before;
    removed = r.removed;
    kept.push({ what: 'permissions.deny rules', reason: 'no install record for this file, so gatehouse cannot tell its rules from yours; review them by hand' });
  }
  changes.push(change(file, 'settings', before, after));
  for (const c of manifest?.createdFiles ?? []) {
    const text = readText(c.path);
    if (text === undefined) continue;
    if (sha256(text) === c.sha256) changes.push(change(c.path, c.path.endsWith('.claudeignore') ? 'ignore' : 'policy', text, undefined));
    else kept.push({ what: c.path, reason: 'edited since gatehouse created it; left in place' });
  }
  return { scope, settingsFile: file, changes, removed, kept, fallback: !manifest, ...(manifest ? { manifest } : {}) };
}

export function commitUninstall(ctx: InstallContext, plan: UninstallPlan): void {
  for (const c of plan.changes) {
    if (c.before === c.after) continue;
    if (c.after === undefined) {
      unlinkSync(c.path);
      // A directory left empty (.gatehouse/, .claude/) goes too.
      if (c.role === 'policy' || c.role === 'settings') {
        try {
          rmdirSync(dirname(c.path));
        } catch {
          // not empty, or already gone
        }
      }
    } else atomicWrite(c.path, c.after);
  }
  deleteManifest(ctx.stateDir, plan.settingsFile);
}
