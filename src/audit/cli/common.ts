// Shared option specs and helpers for the audit subcommands.
import { resolve } from 'node:path';
import type { OptionSpec, Parsed } from '../../cli/command.js';
import { str } from '../../cli/command.js';
import type { Io } from '../../cli/io.js';
import { GatehouseError } from '../../errors.js';
import { auditOptions, type AuditOptions } from '../options.js';

export const DIR_OPTION: Record<string, OptionSpec> = {
  dir: { type: 'string', value: 'DIR', description: 'Audit directory to read (default: <state dir>/audit), e.g. a copy of a log' },
};
export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'Print JSON' },
};

/** Options for the log the command works on (`--dir` points at a copy). */
export function logOptions(p: Parsed, io: Io): AuditOptions {
  const o = auditOptions(io.env);
  const dir = str(p, 'dir');
  return dir ? { ...o, dir: resolve(io.cwd, dir) } : o;
}

/** `30d`, `12h`, `15m`, or an ISO date/time → epoch ms. */
export function parseSince(text: string, now = Date.now()): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (m) {
    const mult = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return now - Number(m[1]) * mult;
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) {
    throw new GatehouseError({ code: 'cli/bad-time', message: `'${text}' is not a duration (30d, 12h, 15m) or a date`, hint: 'examples: --since 7d, --since 2026-01-31T12:00:00Z' });
  }
  return t;
}
