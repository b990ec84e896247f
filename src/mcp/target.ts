// What `gatehouse mcp scan <target>` means: a folder, a tarball, a configured server's package,
// or a registry spec. Everything is read into memory; a registry package is fetched with
// `npm pack --ignore-scripts`. Nothing is installed and nothing runs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GatehouseError } from '../errors.js';
import type { ConfiguredServer } from './discover.js';
import { readPackageDir } from './fetch/dir-read.js';
import { npmPack, parseNpmSpec } from './fetch/npm-pack.js';
import { readTarball } from './fetch/tar-read.js';
import { launcherPackage } from './hygiene.js';
import type { SourceFile } from './types.js';

export interface Resolved {
  label: string;
  source: 'dir' | 'tarball' | 'npm';
  files: SourceFile[];
  /** Package root on disk (folders only). */
  dir?: string;
  /** The tarball bytes (tarballs and registry packages), for --run. */
  tarball?: Buffer;
  integrity?: string;
  spec?: string;
  skipped: { path: string; why: string }[];
}

export interface Unresolved {
  label: string;
  unsupported: string;
}

export function sriSha512(data: Buffer): string {
  return 'sha512-' + createHash('sha512').update(data).digest('base64');
}

const TARBALL = /\.(?:tgz|tar\.gz|tar)$/i;

export function readLocal(path: string): Resolved {
  const st = statSync(path);
  if (st.isDirectory()) {
    const d = readPackageDir(path);
    return { label: path, source: 'dir', files: d.files, dir: path, skipped: d.skipped };
  }
  if (TARBALL.test(path)) {
    if (st.size > 512 * 1024 * 1024) throw new GatehouseError({ code: 'mcp/bad-target', message: `${path} is larger than 512 MB`, file: path });
    const data = readFileSync(path);
    const t = readTarball(data, path);
    return { label: path, source: 'tarball', files: t.files, tarball: data, integrity: sriSha512(data), skipped: t.skipped };
  }
  throw new GatehouseError({ code: 'mcp/bad-target', message: `${path} is neither a folder nor a .tgz/.tar.gz tarball`, file: path });
}

export async function fetchNpm(spec: string, env: NodeJS.ProcessEnv): Promise<Resolved> {
  const p = await npmPack(spec, env);
  const t = readTarball(p.tarball, `${p.name}@${p.version}`);
  return { label: `${p.name}@${p.version}`, source: 'npm', files: t.files, tarball: p.tarball, integrity: p.integrity, spec: `${p.name}@${p.version}`, skipped: t.skipped };
}

/** Nearest folder at or above `start` that holds a package manifest, within `limit` levels. */
function packageRoot(start: string, limit = 6): string {
  let dir = start;
  for (let i = 0; i < limit; i++) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'pyproject.toml')) || existsSync(join(dir, 'setup.py'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return start;
}

/** Where a configured server's code is, without starting it. */
export function serverSource(s: ConfiguredServer, cwd: string): { kind: 'dir'; path: string } | { kind: 'npm'; spec: string } | { kind: 'none'; why: string } {
  const l = s.launch;
  if (l.transport !== 'stdio') return { kind: 'none', why: `remote ${l.transport} server at ${l.url ?? '?'}: its code is not available to read` };
  const launcher = launcherPackage(l.command, l.args);
  const base = l.cwd ? resolve(cwd, l.cwd) : cwd;
  if (launcher.tool === 'npx' && launcher.spec) {
    if (/^(?:\.{0,2}\/|file:)/.test(launcher.spec)) return { kind: 'dir', path: resolve(base, launcher.spec.replace(/^file:/, '')) };
    if (parseNpmSpec(launcher.spec)) return { kind: 'npm', spec: launcher.spec };
    return { kind: 'none', why: `${launcher.spec} is not a registry package spec` };
  }
  if (launcher.tool === 'uvx') return { kind: 'none', why: `${launcher.spec ?? 'a Python package'} comes from PyPI; scan a local copy of its source` };
  if (launcher.tool === 'docker') return { kind: 'none', why: `${launcher.spec ?? 'a container image'} is an image; scan its source repository instead` };
  const script = l.args.find((a) => /\.(?:[cm]?js|ts|py)$/.test(a));
  if (script) {
    const p = isAbsolute(script) ? script : resolve(base, script);
    if (existsSync(p)) return { kind: 'dir', path: packageRoot(dirname(p)) };
    return { kind: 'none', why: `${p} does not exist` };
  }
  if (l.command && isAbsolute(l.command) && existsSync(l.command)) return { kind: 'dir', path: packageRoot(dirname(l.command)) };
  return { kind: 'none', why: `cannot tell which package \`${[l.command, ...l.args].join(' ')}\` runs` };
}

export async function resolveServer(s: ConfiguredServer, cwd: string, env: NodeJS.ProcessEnv): Promise<Resolved | Unresolved> {
  const src = serverSource(s, cwd);
  if (src.kind === 'none') return { label: s.name, unsupported: src.why };
  if (src.kind === 'dir') return { ...readLocal(src.path), label: `${s.name} (${src.path})` };
  return { ...(await fetchNpm(src.spec, env)), label: `${s.name} (${src.spec})` };
}
