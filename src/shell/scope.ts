// What the analysis knows about shell state at a point of the line: variables, positional
// parameters, the working directory (tracking cd/pushd), aliases. Subshells get a copy.
import type { ShellContext } from './types.js';

/** A variable's value: known (`v`), unknown at analysis time (`v: null`, with a glob-like
 * pattern of what it could be), or explicitly unset within the line. */
export interface VarVal {
  v: string | null;
  pat?: string;
  unset?: boolean;
}

export interface Scope {
  vars: Map<string, VarVal>;
  cwd: string | null;
  oldpwd: string | null;
  dirstack: (string | null)[];
  /** $1…; null when unknown (e.g. inside a function body). */
  positional: VarVal[] | null;
  /** $0 */
  arg0: VarVal;
  aliases: Map<string, string>;
  expandAliases: boolean;
  /** Directories created earlier in the line (mkdir), so `mkdir x && cd x` keeps a known cwd. */
  createdDirs: Set<string>;
}

export const UNKNOWN: VarVal = { v: null, pat: '*' };
const DEFAULT_IFS = ' \t\n';
/** Variables whose value changes at run time even if the environment gives one. */
const VOLATILE = new Set(['RANDOM', 'SRANDOM', 'SECONDS', 'LINENO', 'BASHPID', 'EPOCHSECONDS', 'EPOCHREALTIME', 'REPLY', 'OPTARG', 'OPTIND', 'PPID', 'BASH_COMMAND', 'PIPESTATUS']);

export function initialScope(ctx: ShellContext): Scope {
  const vars = new Map<string, VarVal>();
  for (const [k, v] of Object.entries(ctx.env)) if (typeof v === 'string') vars.set(k, { v });
  vars.set('HOME', { v: ctx.home });
  if (!vars.has('IFS')) vars.set('IFS', { v: DEFAULT_IFS });
  return {
    vars,
    cwd: ctx.cwd,
    oldpwd: ctx.env.OLDPWD ?? null,
    dirstack: [],
    positional: [],
    arg0: { v: 'bash' },
    aliases: new Map(),
    expandAliases: false,
    createdDirs: new Set(),
  };
}

export function cloneScope(s: Scope): Scope {
  return { ...s, vars: new Map(s.vars), dirstack: [...s.dirstack], positional: s.positional ? [...s.positional] : null, aliases: new Map(s.aliases), createdDirs: new Set(s.createdDirs) };
}

/** The value of `$name` (name without `$`). */
export function lookup(scope: Scope, name: string): VarVal {
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    if (n === 0) return scope.arg0;
    if (!scope.positional) return UNKNOWN;
    return scope.positional[n - 1] ?? { v: '', unset: true };
  }
  switch (name) {
    case '#':
      return scope.positional ? { v: String(scope.positional.length) } : UNKNOWN;
    case '@':
    case '*': {
      if (!scope.positional) return UNKNOWN;
      if (scope.positional.some((p) => p.v === null)) return UNKNOWN;
      return { v: scope.positional.map((p) => p.v).join(' ') };
    }
    case 'PWD':
      return scope.cwd === null ? { v: null, pat: '/*' } : { v: scope.cwd };
    case 'OLDPWD':
      return scope.oldpwd === null ? { v: null, pat: '/*' } : { v: scope.oldpwd };
    case '?': case '$': case '!': case '-': case '_':
      return UNKNOWN;
  }
  if (VOLATILE.has(name)) return UNKNOWN;
  return scope.vars.get(name) ?? UNKNOWN;
}

export function assign(scope: Scope, name: string, val: VarVal): void {
  if (name === 'PWD' || name.endsWith('[]')) return;
  scope.vars.set(name, val);
}
