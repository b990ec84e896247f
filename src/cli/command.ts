// Commands are described, not coded: metadata (name, summary, options, examples) drives parsing
// and --help; run() receives parsed values. A group (e.g. `audit`) holds subcommands.
import { parseArgs } from 'node:util';
import { GatehouseError } from '../errors.js';
import { EXIT, EXIT_HELP } from './exit-codes.js';
import type { Io } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  description: string;
  /** Placeholder shown in help, e.g. FILE. */
  value?: string;
  default?: string | boolean;
}

export interface CommandMeta {
  name: string;
  summary: string;
  /** Usage lines without the leading `gatehouse `. */
  usage: string[];
  description?: string;
  options?: Record<string, OptionSpec>;
  examples?: string[];
  /** Extra help text, e.g. which exit codes the command uses. */
  notes?: string[];
  /** Accept positional arguments (default true). */
  positionals?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  values: OptionValues;
  positionals: string[];
  /** Arguments after a literal `--`. */
  rest: string[];
}

export interface Command {
  meta: CommandMeta;
  run(args: Parsed, io: Io): Promise<number>;
}

export interface Group {
  meta: CommandMeta;
  subcommands: Record<string, Command | (() => Promise<Command>)>;
  /** Subcommand to run when none is named (`gatehouse alerts --follow` = `alerts list --follow`). */
  default?: string;
}

export function defineCommand(c: Command): Command {
  return c;
}

export function defineGroup(g: Group): Group {
  return g;
}

const HELP_OPTION: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

export function parseCommandArgs(meta: CommandMeta, argv: string[]): Parsed {
  const dashdash = argv.indexOf('--');
  const head = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
  const rest = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries({ ...meta.options, ...HELP_OPTION })) {
    options[name] = { type: spec.type };
    if (spec.short) options[name]!.short = spec.short;
    if (spec.multiple) options[name]!.multiple = true;
  }
  try {
    const { values, positionals } = parseArgs({ args: head, options, allowPositionals: true, strict: true });
    if (meta.positionals === false && positionals.length > 0) {
      throw new GatehouseError({ code: 'cli/unexpected-argument', message: `unexpected argument '${positionals[0]}'` });
    }
    const out: OptionValues = {};
    for (const [name, spec] of Object.entries(meta.options ?? {})) {
      out[name] = (values as OptionValues)[name] ?? (spec.default as OptionValues[string]);
    }
    out.help = (values as OptionValues).help;
    return { values: out, positionals, rest };
  } catch (e) {
    if (e instanceof GatehouseError) throw e;
    throw new GatehouseError({
      code: 'cli/usage',
      message: (e as Error).message.replace(/\. To specify a positional argument.*$/s, ''),
      hint: `see \`gatehouse ${meta.name} --help\``,
    });
  }
}

export function formatHelp(meta: CommandMeta, subcommands?: Record<string, { summary: string }>): string {
  const lines: string[] = [];
  lines.push(`gatehouse ${meta.name} — ${meta.summary}`, '');
  lines.push('Usage:');
  for (const u of meta.usage) lines.push(`  gatehouse ${u}`);
  if (meta.description) lines.push('', ...meta.description.split('\n'));
  if (subcommands && Object.keys(subcommands).length) {
    lines.push('', 'Commands:');
    const width = Math.max(...Object.keys(subcommands).map((k) => k.length));
    for (const [name, s] of Object.entries(subcommands)) lines.push(`  ${name.padEnd(width)}  ${s.summary}`);
  }
  const opts = Object.entries({ ...meta.options, ...HELP_OPTION });
  if (opts.length) {
    lines.push('', 'Options:');
    const labels = opts.map(([name, spec]) => {
      const short = spec.short ? `-${spec.short}, ` : '    ';
      const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
      return `${short}--${name}${value}`;
    });
    const width = Math.max(...labels.map((l) => l.length));
    opts.forEach(([, spec], i) => {
      const def = spec.default !== undefined && spec.default !== false ? ` (default: ${String(spec.default)})` : '';
      lines.push(`  ${labels[i]!.padEnd(width)}  ${spec.description}${def}`);
    });
  }
  if (meta.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of meta.examples) lines.push(`  ${e}`);
  }
  lines.push('', ...(meta.notes ?? []), EXIT_HELP);
  return lines.join('\n') + '\n';
}

/** Runs a command or a group with argv (everything after the command name). */
export async function runCommand(target: Command | Group, argv: string[], io: Io): Promise<number> {
  if ('subcommands' in target) {
    if (target.default && (argv.length === 0 || (argv[0]!.startsWith('-') && argv[0] !== '--help' && argv[0] !== '-h'))) {
      return runCommand(target, [target.default, ...argv], io);
    }
    const [sub, ...restArgs] = argv;
    const summaries: Record<string, { summary: string }> = {};
    for (const [name, c] of Object.entries(target.subcommands)) {
      summaries[name] = { summary: typeof c === 'function' ? '' : c.meta.summary };
    }
    if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
      // Resolve lazy subcommands only for help, so their summaries show.
      for (const [name, c] of Object.entries(target.subcommands)) {
        if (typeof c === 'function') summaries[name] = { summary: (await c()).meta.summary };
      }
      io.out(formatHelp(target.meta, summaries));
      return sub ? EXIT.ok : EXIT.usage;
    }
    const entry = target.subcommands[sub];
    if (!entry) {
      throw new GatehouseError({
        code: 'cli/unknown-command',
        message: `unknown command '${target.meta.name} ${sub}'`,
        hint: `commands: ${Object.keys(target.subcommands).join(', ')}`,
      });
    }
    const cmd = typeof entry === 'function' ? await entry() : entry;
    return runCommand(cmd, restArgs, io);
  }
  const parsed = parseCommandArgs(target.meta, argv);
  if (parsed.values.help) {
    io.out(formatHelp(target.meta));
    return EXIT.ok;
  }
  return target.run(parsed, io);
}

/** Small helpers for reading parsed option values with the right type. */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}
export function bool(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}
export function list(p: Parsed, name: string): string[] {
  const v = p.values[name];
  if (Array.isArray(v)) return v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter(Boolean);
  return [];
}
