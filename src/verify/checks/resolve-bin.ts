// Finds a tool the project itself installed (never one of gatehouse's own, never by installing).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ProjectBin {
  /** Absolute path of the package's JS entry for the binary (run with `node`). */
  script: string;
  version: string;
}

/** Resolves `pkg`'s bin `name` from the project's node_modules. */
export function resolveProjectBin(project: string, pkg: string, name = pkg): ProjectBin | undefined {
  try {
    const req = createRequire(join(project, 'package.json'));
    const pj = req.resolve(`${pkg}/package.json`, { paths: [project] });
    const meta = JSON.parse(readFileSync(pj, 'utf8')) as { version?: string; bin?: string | Record<string, string> };
    const rel = typeof meta.bin === 'string' ? meta.bin : meta.bin?.[name];
    if (!rel) return undefined;
    const script = join(dirname(pj), rel);
    return existsSync(script) ? { script, version: meta.version ?? 'unknown' } : undefined;
  } catch {
    return undefined;
  }
}

export function readPackageJson(project: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function firstExisting(project: string, names: readonly string[]): string | undefined {
  return names.find((n) => existsSync(join(project, n)));
}
