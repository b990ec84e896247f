// Where `npx` keeps the packages it runs: `<npm cache>/_npx/<hash>/node_modules/<name>`. For an
// unpinned `npx -y pkg` server this copy, not the registry's latest, is the code that runs, so
// verify reads it (offline) instead of fetching.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir } from '../env/locations.js';

export function npmCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.npm_config_cache || env.NPM_CONFIG_CACHE || join(homeDir(env), '.npm');
}

/** The most recently installed npx copy of `name`, if any. */
export function findNpxCopy(env: Readonly<Record<string, string | undefined>>, name: string): { dir: string; version?: string } | undefined {
  const root = join(npmCacheDir(env), '_npx');
  let best: { dir: string; version?: string; mtime: number } | undefined;
  let entries: string[] = [];
  try {
    entries = readdirSync(root);
  } catch {
    return undefined;
  }
  for (const h of entries) {
    const dir = join(root, h, 'node_modules', ...name.split('/'));
    const pj = join(dir, 'package.json');
    if (!existsSync(pj)) continue;
    try {
      const mtime = statSync(pj).mtimeMs;
      const version = (JSON.parse(readFileSync(pj, 'utf8')) as { version?: string }).version;
      if (!best || mtime > best.mtime) best = { dir, ...(version ? { version } : {}), mtime };
    } catch {
      // unreadable copy: ignore
    }
  }
  return best ? { dir: best.dir, ...(best.version ? { version: best.version } : {}) } : undefined;
}
