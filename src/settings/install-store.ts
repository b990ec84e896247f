// What gatehouse remembers about its installs, kept in the state directory (outside every project,
// out of the agent's writable area): one manifest per settings file, listing exactly what was added,
// and a backup of each file before gatehouse first changed it. Files are written atomically.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GatehouseError } from '../errors.js';
import type { ManifestEntry } from './fragment.js';
import type { Scope } from './scopes.js';

export interface CreatedFile {
  path: string;
  /** SHA-256 of what gatehouse wrote; the file is only removed again if unchanged. */
  sha256: string;
}

export interface InstallManifest {
  version: 1;
  /** Which gatehouse feature owns these entries (`init`, `sandbox`…); each keeps its own record. */
  owner?: string;
  /** The settings file (absolute, symlinks resolved). */
  file: string;
  scope: Scope;
  gatehouseVersion: string;
  installedAt: string;
  updatedAt: string;
  /** The settings file did not exist before gatehouse wrote it. */
  createdFile: boolean;
  entries: ManifestEntry[];
  /** Backup of the file as it was before gatehouse first changed it. */
  backup?: string;
  /** Other files init created (policy, ignore file). */
  createdFiles: CreatedFile[];
}

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** The settings file's real path (a symlinked settings file is edited where it really lives). */
export function realFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return join(realpathSync(dirname(file)), basename(file));
    } catch {
      return file;
    }
  }
}

export function manifestPath(stateDir: string, file: string, owner = 'init'): string {
  if (!/^[a-z][a-z0-9-]*$/.test(owner)) throw new GatehouseError({ code: 'settings/bad-owner', message: `invalid owner '${owner}'` });
  const id = sha256(realFile(file)).slice(0, 16);
  return join(stateDir, 'installs', owner === 'init' ? `${id}.json` : `${id}.${owner}.json`);
}

export function loadManifest(stateDir: string, file: string, owner = 'init'): InstallManifest | undefined {
  const p = manifestPath(stateDir, file, owner);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatehouseError({ code: 'settings/manifest-unreadable', message: `cannot read the install record (${(e as Error).message})`, file: p });
  }
  try {
    const m = JSON.parse(text) as InstallManifest;
    if (m.version !== 1 || !Array.isArray(m.entries)) throw new Error('unknown format');
    return m;
  } catch (e) {
    throw new GatehouseError({
      code: 'settings/manifest-invalid',
      message: `the install record is damaged (${(e as Error).message})`,
      file: p,
      hint: 'remove it to let gatehouse fall back to recognising its own hooks by their command',
    });
  }
}

/** A settings-side file's text; undefined when it does not exist, an error when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatehouseError({ code: 'settings/unreadable', message: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file });
  }
}

/** Write-then-rename in the same directory; keeps the original file's mode. */
export function atomicWrite(file: string, text: string, mode?: number): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  let keepMode = mode;
  try {
    keepMode = statSync(file).mode & 0o7777;
  } catch {
    // new file
  }
  const tmp = join(dir, `.${basename(file)}.gatehouse-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', keepMode ?? 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // best effort
    }
    throw e;
  }
  closeSync(fd);
  if (keepMode !== undefined) chmodSync(tmp, keepMode);
  try {
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // best effort
    }
    throw e;
  }
}

/** Containers (`hooks`, `permissions.deny`…) that other gatehouse owners created in this file and
 * that `entries` also write into: recorded as created by this owner too, so whichever removal
 * runs last and finds them empty takes them out. */
export function sharedContainers(stateDir: string, file: string, owner: string, entries: readonly ManifestEntry[]): ManifestEntry[] {
  const id = sha256(realFile(file)).slice(0, 16);
  let names: string[] = [];
  try {
    names = readdirSync(join(stateDir, 'installs')).filter((n) => n === `${id}.json` || (n.startsWith(`${id}.`) && n.endsWith('.json')));
  } catch {
    return [];
  }
  const others = new Set<string>();
  for (const n of names) {
    const o = n === `${id}.json` ? 'init' : n.slice(id.length + 1, -5);
    if (o === owner) continue;
    for (const e of loadManifest(stateDir, file, o)?.entries ?? []) if (e.op === 'create') others.add(JSON.stringify(e.path));
  }
  const out: ManifestEntry[] = [];
  for (const e of entries) {
    if (e.op === 'create') continue;
    for (let i = 1; i <= e.path.length; i++) {
      const key = JSON.stringify(e.path.slice(0, i));
      if (others.has(key) && !out.some((x) => JSON.stringify(x.path) === key)) out.push({ op: 'create', path: e.path.slice(0, i) });
    }
  }
  return out;
}

/** `shared` creates first (so a removal handles them last), without duplicates. */
export function mergeCreates(shared: readonly ManifestEntry[], entries: readonly ManifestEntry[]): ManifestEntry[] {
  const out = [...shared];
  for (const e of entries) if (!out.some((x) => x.op === e.op && JSON.stringify(x) === JSON.stringify(e))) out.push(e);
  return out;
}

export function saveManifest(stateDir: string, m: InstallManifest): string {
  const p = manifestPath(stateDir, m.file, m.owner ?? 'init');
  atomicWrite(p, JSON.stringify(m, null, 2) + '\n', 0o600);
  return p;
}

export function deleteManifest(stateDir: string, file: string, owner = 'init'): void {
  try {
    unlinkSync(manifestPath(stateDir, file, owner));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Copies `text` (the file before a change) into the state directory; returns the backup's path. */
export function backupSettings(stateDir: string, file: string, text: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const slug = realFile(file).replace(/^[/\\]+/, '').replace(/[/\\:]+/g, '_').slice(-120);
  const p = join(stateDir, 'backups', `${stamp}-${slug}`);
  atomicWrite(p, text, 0o600);
  return p;
}
