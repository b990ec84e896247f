// The packages a project already depends on, read at the edge only when a call runs a package
// (`npx x`, `uvx x`): package.json dependencies and bins, node_modules/.bin, and the names in
// pyproject.toml and requirements*.txt. Bounded: a few small files and one directory listing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Action } from '../actions/types.js';

const MAX_FILE = 512 * 1024;

function read(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length <= MAX_FILE ? text : undefined;
  } catch {
    return undefined;
  }
}

/** PEP 503 normalization, so `Foo_Bar` and `foo-bar` are one name. */
export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function needsProjectPackages(actions: readonly Action[]): boolean {
  return actions.some((a) => a.kind === 'package' && a.op === 'exec');
}

export function readProjectPackages(projectDir: string): Set<string> {
  const out = new Set<string>();
  const pkgText = read(join(projectDir, 'package.json'));
  if (pkgText) {
    try {
      const pkg = JSON.parse(pkgText) as Record<string, unknown>;
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
        const deps = pkg[field];
        if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) out.add(name);
      }
      if (typeof pkg.name === 'string') out.add(pkg.name);
      if (pkg.bin && typeof pkg.bin === 'object') for (const name of Object.keys(pkg.bin)) out.add(name);
    } catch {
      // Not JSON: no packages known from it.
    }
  }
  try {
    for (const name of readdirSync(join(projectDir, 'node_modules', '.bin'))) out.add(name);
  } catch {
    // No local binaries.
  }
  const pyproject = read(join(projectDir, 'pyproject.toml'));
  if (pyproject) {
    // Requirement strings in dependency arrays (`"ruff>=0.4"`) and keys of poetry dependency tables.
    for (const m of pyproject.matchAll(/^\s*"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@ ].*)?",?\s*$/gm)) out.add(normalizePyName(m[1]!));
    for (const table of pyproject.matchAll(/^\[tool\.poetry\.(?:dev-)?(?:group\.[\w-]+\.)?dependencies\]\s*\n([\s\S]*?)(?=^\[|(?![\s\S]))/gm)) {
      for (const m of table[1]!.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/gm)) out.add(normalizePyName(m[1]!));
    }
  }
  let entries: string[] = [];
  try {
    entries = readdirSync(projectDir).filter((f) => /^requirements[\w.-]*\.txt$/.test(f)).slice(0, 8);
  } catch {
    // Unreadable project directory.
  }
  for (const f of entries) {
    for (const line of (read(join(projectDir, f)) ?? '').split('\n')) {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
      if (m && !line.trim().startsWith('-')) out.add(normalizePyName(m[1]!));
    }
  }
  return out;
}
