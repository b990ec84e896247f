// Fetches a registry package as its published tarball with `npm pack --ignore-scripts`: npm's
// own client (so the user's registry, auth and proxy settings apply), no install, no lifecycle
// script, no `npx`. Only plain registry specs are accepted: git, URL and file specs can make npm
// run `prepare`, so they are refused with a hint to scan a local copy instead.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../../errors.js';

const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const VERSIONISH = /^[A-Za-z0-9.^~<>=|*+ -]+$/;

export interface NpmSpec {
  name: string;
  /** Version, range or tag; undefined = latest. */
  range?: string;
  /** Exact x.y.z version? */
  exact: boolean;
}

export function parseNpmSpec(spec: string): NpmSpec | undefined {
  const s = spec.replace(/^npm:/, '');
  const at = s.lastIndexOf('@');
  const name = at > 0 ? s.slice(0, at) : s;
  const range = at > 0 ? s.slice(at + 1) : undefined;
  if (!NAME.test(name) || name.length > 214) return undefined;
  if (range !== undefined && (!range || !VERSIONISH.test(range))) return undefined;
  return { name, ...(range ? { range } : {}), exact: !!range && /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(range) };
}

export interface Packed {
  tarball: Buffer;
  name: string;
  version: string;
  integrity: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npm', args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new GatehouseError({ code: 'mcp/fetch-failed', message: `npm ${args.slice(0, 2).join(' ')} failed: ${(stderr || err.message).trim().split('\n').slice(-3).join(' ')}`, hint: 'check the package name and version, and that the registry is reachable' }));
      else resolve(stdout);
    });
  });
}

export async function npmPack(spec: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Packed> {
  const parsed = parseNpmSpec(spec);
  if (!parsed) {
    throw new GatehouseError({
      code: 'mcp/bad-target',
      message: `'${spec}' is not a registry package spec (name or name@version)`,
      hint: 'git, URL and file specs can run install scripts when fetched; clone or download it and scan the folder or tarball instead',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pack-'));
  try {
    const childEnv = { ...env, npm_config_ignore_scripts: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const out = await run(['pack', `${parsed.name}${parsed.range ? '@' + parsed.range : ''}`, '--ignore-scripts', '--json', '--pack-destination', dir], dir, childEnv, timeoutMs);
    const info = (JSON.parse(out) as { name: string; version: string; filename: string; integrity: string }[])[0];
    if (!info) throw new GatehouseError({ code: 'mcp/fetch-failed', message: `npm pack returned nothing for ${spec}` });
    const tarball = readFileSync(join(dir, info.filename.replace(/^.*\//, '').replace(/^@/, '').replace(/\//g, '-')));
    return { tarball, name: info.name, version: info.version, integrity: info.integrity };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
