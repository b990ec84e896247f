// What the hook calls: turn a finished DecisionRecord into a log entry (who and where added, long
// strings shortened, a last redaction pass over every string) and append it. Synchronous and
// small on purpose: it runs inside every hook process.
import { currentHost, currentUser, repoInfo } from './context.js';
import { auditOptions, type AuditOptions } from './options.js';
import { redactValue, scrubKnown, type RedactionFinding } from './redact.js';
import { RAW_SECRETS, type KnownSecrets } from './capture.js';
import { sha256Hex } from './chain.js';
import type { AuditEntry, DecisionRecord } from './record.js';
import { appendBodies, type Body } from './writer.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface AppendOptions {
  env: Env;
  /** Defaults to stateDir(env). */
  stateDir?: string;
  /** Already resolved options (tests, benchmarks). */
  options?: AuditOptions;
  now?: Date;
}

/** Long strings keep a prefix and say how long they were and what they hashed to. */
export function shorten(value: unknown, max: number, depth = 0): unknown {
  if (typeof value === 'string') {
    if (value.length <= max) return value;
    return `${value.slice(0, max)}…[truncated: ${value.length} chars, sha256:${sha256Hex(value).slice(0, 16)}]`;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const kept = value.slice(0, 1000).map((x) => shorten(x, max, depth + 1));
    return value.length > 1000 ? [...kept, `…[${value.length - 1000} more items]`] : kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = shorten(v, max, depth + 1);
  return out;
}

function mapStrings(v: unknown, fn: (s: string) => string, depth = 0): typeof v {
  if (typeof v === 'string') return fn(v);
  if (depth > 64 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = mapStrings(x, fn, depth + 1);
  return out;
}

/** The body of the entry for `rec`: enriched, shortened and redacted (pure apart from `.git` reads). */
export function prepareRecord(rec: DecisionRecord, o: AuditOptions, env: Env): Body {
  const r: DecisionRecord = { ...rec };
  r.user ??= currentUser(env);
  r.host ??= currentHost();
  if (!r.repo) {
    const where = r.project_dir || r.cwd;
    const repo = where && where.startsWith('/') ? repoInfo(where) : undefined;
    if (repo) r.repo = repo;
  }
  if (r.input !== undefined) r.input = shorten(r.input, o.maxString);
  if (r.output?.value !== undefined) r.output = { ...r.output, value: shorten(r.output.value, o.maxString) };
  if (r.prompt?.text !== undefined) r.prompt = { ...r.prompt, text: shorten(r.prompt.text, o.maxString) as string };
  // Safety net: hits, actions, reasons and errors can quote a command; redact every string once more,
  // first scrubbing the secrets already found in the raw input (a parser may have split them up).
  const { redacted: earlier, ...rest } = r;
  const known = (rec as { [RAW_SECRETS]?: KnownSecrets })[RAW_SECRETS];
  const scrubbed: RedactionFinding[] = [];
  const pre = known?.length ? mapStrings(rest, (t) => {
    const x = scrubKnown(t, known);
    scrubbed.push(...x.findings);
    return x.text;
  }) : rest;
  const { value, findings } = redactValue(pre);
  findings.push(...scrubbed);
  const seen = new Set<string>();
  const all = [...(earlier ?? []), ...findings].filter((f) => {
    const k = `${f.type}\0${f.hash}\0${f.path ?? ''}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const body = { ...(value as Record<string, unknown>), kind: 'decision' } as unknown as Body;
  if (all.length) (body as Record<string, unknown>).redacted = all;
  for (const k of Object.keys(body)) if ((body as Record<string, unknown>)[k] === undefined) delete (body as Record<string, unknown>)[k];
  return body;
}

/** Appends one record to the audit log. Throws when it cannot (the hook then fails closed). */
export function appendRecord(rec: DecisionRecord, opts: AppendOptions): AuditEntry | undefined {
  const o = opts.options ?? auditOptions(opts.env, opts.stateDir ? { stateDir: opts.stateDir } : {});
  if (!o.enabled) return undefined;
  const body = prepareRecord(rec, o, opts.env);
  return appendBodies([body], o, opts.env, opts.now ?? new Date()).entries[0];
}
