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

export const FILTER_OPTIONS: Record<string, OptionSpec> = {
  session: { type: 'string', value: 'ID', description: 'Only this session_id' },
  tool: { type: 'string', value: 'NAME', description: 'Only this tool (Bash, Read, mcp__github__create_issue…)' },
  verdict: { type: 'string', value: 'V', description: 'Only this verdict: deny, ask, allow, none, error' },
  rule: { type: 'string', value: 'ID', description: 'Only records where this rule matched' },
  event: { type: 'string', value: 'NAME', description: 'Only this hook event (PreToolUse, UserPromptSubmit…)' },
  match: { type: 'string', value: 'TEXT', description: 'Command, path, URL or query containing TEXT' },
  since: { type: 'string', value: 'WHEN', description: 'From this time: 30d, 12h, 15m or an ISO date' },
  until: { type: 'string', value: 'WHEN', description: 'Before this time' },
};

/** Filter from the parsed options (validated: verdicts and times). */
export function filterFrom(p: Parsed, defaults: { since?: string } = {}): import('../query.js').Filter {
  const f: import('../query.js').Filter = {};
  for (const k of ['session', 'tool', 'verdict', 'rule', 'event', 'match'] as const) {
    const v = str(p, k);
    if (v !== undefined) f[k] = v;
  }
  if (f.verdict && !['deny', 'ask', 'allow', 'none', 'error'].includes(f.verdict)) {
    throw new GatehouseError({ code: 'cli/bad-value', message: `--verdict must be deny, ask, allow, none or error, not '${f.verdict}'` });
  }
  const since = str(p, 'since') ?? defaults.since;
  if (since) f.since = parseSince(since);
  const until = str(p, 'until');
  if (until) f.until = parseSince(until);
  return f;
}

export function shortTime(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').slice(0, 19);
}

export function oneLine(s: string | null | undefined, max = 100): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/** Opens the index for a log directory, or says there is no log. */
export async function indexFor(dir: string): Promise<import('../index-db.js').Db | undefined> {
  const { existsSync } = await import('node:fs');
  if (!existsSync(dir)) return undefined;
  const { readyIndex } = await import('../index-db.js');
  return readyIndex(dir);
}

export function noLog(io: Io, dir: string, json: boolean, empty: unknown): number {
  if (json) io.out(JSON.stringify(empty, null, 2) + '\n');
  else io.err(`no audit log at ${dir} (nothing recorded yet)\n`);
  return 0;
}
