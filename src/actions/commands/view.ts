// A simple command as the command tables see it: program name, argument values, and helpers to
// walk options the way the program itself would parse them.
import { basename } from 'node:path';
import type { SimpleCommand, Word } from '../../shell/types.js';
import type { Action, PathAction, Via } from '../types.js';
import { pathAction, type ExtractContext } from '../from-tool.js';

export interface CommandView {
  /** Basename of argv[0] (`/usr/bin/rm` → `rm`), or null when computed at run time. */
  program: string | null;
  /** argv[1..] values; an unknown word is its pattern (`.e*`) or `*`. */
  args: string[];
  words: Word[];
  cmd: SimpleCommand;
  via: Via;
  /** Effective cwd (tracked `cd`), else the call's cwd. */
  cwd: string;
  ctx: ExtractContext;
  /** Index of this command in the analysis, and the whole analysis' commands (for pipes). */
  index: number;
  all: readonly SimpleCommand[];
  /** Argument strings that stand for run-time values (their pattern, or `*`). */
  dynamicArgs: ReadonlySet<string>;
  /** `{}` of `find ROOT [-name F] -exec CMD {}`: the pattern stands for "what find selects", i.e.
   * ROOT searched recursively with filter F — how `find -delete` is described too. */
  findTargets: ReadonlyMap<string, { root: string; filter?: string }>;
}

export type CommandHandler = (v: CommandView) => Action[];

export function wordText(w: Word): string {
  return w.value ?? w.pattern ?? '*';
}

export function makeView(cmd: SimpleCommand, index: number, all: readonly SimpleCommand[], ctx: ExtractContext): CommandView {
  const first = cmd.argv[0];
  const program = first && first.value !== null ? basename(first.value) : null;
  const via: Via = { tool: 'Bash', text: cmd.text, ...(cmd.wrappers.length ? { chain: cmd.wrappers } : {}) };
  const cwd = cmd.cwd ?? ctx.cwd;
  const words = cmd.argv.slice(1);
  const dynamicArgs = new Set(words.filter((w) => w.value === null).map(wordText));
  const findTargets = new Map<string, { root: string; filter?: string }>();
  if (cmd.wrappers.some((w) => w.startsWith('find -'))) {
    for (const w of words) {
      if (w.value !== null || !w.raw.includes('{}') || !w.pattern) continue;
      const at = w.pattern.indexOf('/**');
      if (at < 0) continue;
      const filter = w.pattern.slice(at + 3).replace(/^\/+/, '');
      findTargets.set(w.pattern, { root: w.pattern.slice(0, at) || '/', ...(filter ? { filter } : {}) });
    }
  }
  return { program, args: words.map(wordText), words, cmd, via, cwd, ctx: { ...ctx, cwd }, index, all, dynamicArgs, findTargets };
}

/** A path action relative to the command's effective cwd. Unknown words become patterns. */
export function pathOf(v: CommandView, kind: PathAction['kind'], raw: string, extra: Partial<PathAction> = {}): PathAction {
  // A change to what find selects is a change under its root (reads keep the pattern, which the
  // ignore file can match name by name).
  const found = (kind === 'delete' || kind === 'write') && v.findTargets.get(raw);
  if (found) return pathAction(kind, found.root, v.via, v.ctx, { ...(found.filter ? { filter: found.filter } : {}), ...extra });
  const dynamic = v.dynamicArgs.has(raw);
  const isPattern = dynamic || /[*?[]/.test(raw);
  return pathAction(kind, raw, v.via, v.ctx, { ...(isPattern ? { pattern: true } : {}), ...(dynamic ? { dynamic: true } : {}), ...extra });
}

export interface OptionSpec {
  /** Options that take a value (`-o`, `--output`): their value is skipped or captured. */
  withValue?: readonly string[];
}

export interface ParsedOptions {
  /** Every option seen, normalized: `-rf` → `-r`, `-f`; `--force=1` → `--force`. */
  flags: Set<string>;
  /** Values of options that take one, by option name (last wins; all in `values`). */
  value: Map<string, string>;
  values: Map<string, string[]>;
  /** Positional arguments, in order. */
  positionals: string[];
}

/** Parses getopt-style arguments: combined short flags, `--opt=value`, `--` ends options. */
export function parseOptions(args: readonly string[], spec: OptionSpec = {}): ParsedOptions {
  const withValue = new Set(spec.withValue ?? []);
  const flags = new Set<string>();
  const value = new Map<string, string>();
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  const put = (k: string, v: string) => {
    value.set(k, v);
    values.set(k, [...(values.get(k) ?? []), v]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      flags.add(name);
      if (eq >= 0) put(name, a.slice(eq + 1));
      else if (withValue.has(name) && i + 1 < args.length) put(name, args[++i]!);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const f = `-${a[j]}`;
        flags.add(f);
        if (withValue.has(f)) {
          const rest = a.slice(j + 1);
          if (rest) put(f, rest);
          else if (i + 1 < args.length) put(f, args[++i]!);
          break;
        }
      }
      continue;
    }
    positionals.push(a);
  }
  return { flags, value, values, positionals };
}

export function hasAny(o: ParsedOptions, ...names: string[]): boolean {
  return names.some((n) => o.flags.has(n));
}
