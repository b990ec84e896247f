// Shared pieces of the package-manager tables: the action builder and package-spec helpers.
import type { PackageAction, PackageOp } from '../types.js';
import type { CommandView, ParsedOptions } from './view.js';

export function pkg(v: CommandView, manager: string, op: PackageOp, packages: readonly string[] = [], extra: Partial<PackageAction> = {}): PackageAction {
  const a: PackageAction = { kind: 'package', manager, op, packages: [...packages], args: v.args, via: v.via };
  for (const [k, val] of Object.entries(extra)) {
    if (val === undefined || val === false || (Array.isArray(val) && val.length === 0)) continue;
    (a as unknown as Record<string, unknown>)[k] = val;
  }
  return a;
}

/** Every value given for any of `names`. */
export function allValues(o: ParsedOptions, ...names: string[]): string[] {
  return names.flatMap((n) => o.values.get(n) ?? []);
}

/** First value given for any of `names`. */
export function firstValue(o: ParsedOptions, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = o.value.get(n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** `left-pad@1.2.3` → `left-pad`; `@scope/pkg@^2` → `@scope/pkg`; `requests==2.31` → `requests`; `ruff>=0.4` → `ruff`. */
export function packageName(spec: string): string {
  if (spec.startsWith('@')) {
    const at = spec.indexOf('@', 1);
    return at > 0 ? spec.slice(0, at) : spec;
  }
  return spec.split(/[@=<>!~;[\s]/)[0] ?? spec;
}

/** Where a package spec takes its code from. */
export type SpecSource = 'registry' | 'url' | 'git' | 'local-dir' | 'local-file';

const JS_MANAGERS = /^(npm|pnpm|yarn|bun)$/;

/** Classifies a spec as npm, pip, cargo and the system package managers write them. */
export function specSource(spec: string, manager = ''): SpecSource {
  // `.[dev]`, `./lib[extra]`: pip extras do not change where the code comes from.
  const s = spec.trim().replace(/\[[^\]]*\]$/, '');
  if (/^(git\+|git:|git@|github:|gitlab:|bitbucket:|gist:)/i.test(s) || /\.git(#.*)?$/.test(s) || /^[\w.-]+\s*@\s*git\+/.test(s)) return 'git';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^[\w.-]+\s*@\s*https?:\/\//i.test(s)) return 'url';
  if (/^file:/i.test(s)) return /\.(tgz|tar\.gz|tar|zip|whl|gem|deb|rpm|crate)$/i.test(s) ? 'local-file' : 'local-dir';
  if (s === '.' || s === '..' || s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s.startsWith('~/')) {
    return /\.(tgz|tar\.gz|tar\.bz2|tar|zip|whl|gem|deb|rpm|apk|pkg\.tar\.\w+|crate)$/i.test(s) ? 'local-file' : 'local-dir';
  }
  if (/\.(tgz|tar\.gz|whl|deb|rpm)$/i.test(s)) return 'local-file';
  // npm's GitHub shorthand `user/repo` (but not a scoped name, and not a Go module path).
  if (JS_MANAGERS.test(manager) && /^[\w-]+\/[\w.-]+(#.*)?$/.test(s) && !s.includes('.')) return 'git';
  return 'registry';
}
