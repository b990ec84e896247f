// Human approval for `ask` verdicts when nobody is at Claude Code's prompt (headless runs): the
// hook files a request, a human answers it from another terminal (`gatehouse approve|deny`), and
// the hook — waiting, or on the agent's retry — acts on the answer. Requests, answers and grants
// are files in the state directory, out of the agent's reach.
import { crypto } from '../env/builtins.js';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { whoAmI } from './stop.js';

export interface ApprovalRequest {
  id: string;
  created: string;
  /** The request lapses (and counts as denied) after this time. */
  expires: string;
  session_id: string;
  tool_use_id?: string;
  tool_name: string;
  /** Redacted tool input, for the approver to read. */
  input: unknown;
  /** Same session + tool + exact input → same key; what a grant matches. */
  key: string;
  rules: string[];
  reason: string;
  project: string;
  cwd: string;
  checkpoint?: string;
}

export type ApprovalScope = 'call' | 'session';

export interface ApprovalDecision {
  id: string;
  decision: 'approve' | 'deny';
  scope: ApprovalScope;
  by: string;
  at: string;
  reason?: string;
  /** A session-scoped approval lapses at this time. */
  expires?: string;
  key: string;
  session_id: string;
  /** A call-scoped approval is used up by the first call it lets through. */
  used?: boolean;
}

const dir = (state: string, sub: string) => join(state, 'approvals', sub);

function writeJson(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Canonical JSON (sorted keys) so the same input always gives the same key. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function requestKey(sessionId: string, tool: string, input: unknown): string {
  return crypto().createHash('sha256').update(stable({ sessionId, tool, input })).digest('hex').slice(0, 32);
}

export function newRequestId(): string {
  return crypto().randomBytes(4).toString('hex');
}

export function fileRequest(stateDir: string, req: ApprovalRequest): void {
  writeJson(join(dir(stateDir, 'pending'), `${req.id}.json`), req);
}

export function readRequest(stateDir: string, id: string): ApprovalRequest | null {
  if (!/^[0-9a-f]{8}$/.test(id)) return null;
  return readJson<ApprovalRequest>(join(dir(stateDir, 'pending'), `${id}.json`));
}

export function listPending(stateDir: string, now = Date.now()): ApprovalRequest[] {
  let names: string[];
  try {
    names = readdirSync(dir(stateDir, 'pending')).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .map((n) => readJson<ApprovalRequest>(join(dir(stateDir, 'pending'), n)))
    .filter((r): r is ApprovalRequest => r !== null && Date.parse(r.expires) > now)
    .sort((a, b) => a.created.localeCompare(b.created));
}

/** Records a human's answer; the pending request is removed. */
export function answer(stateDir: string, id: string, decision: 'approve' | 'deny', opts: { scope?: ApprovalScope; reason?: string; forMs?: number; now?: number } = {}): ApprovalDecision {
  const req = readRequest(stateDir, id);
  if (!req) throw new Error(`no pending approval request '${id}' (see \`gatehouse approvals\`)`);
  const now = opts.now ?? Date.now();
  const d: ApprovalDecision = {
    id,
    decision,
    scope: opts.scope ?? 'call',
    by: whoAmI(),
    at: new Date(now).toISOString(),
    ...(opts.reason ? { reason: opts.reason } : {}),
    expires: new Date(now + (opts.forMs ?? (opts.scope === 'session' ? 8 * 3600_000 : 3600_000))).toISOString(),
    key: req.key,
    session_id: req.session_id,
  };
  writeJson(join(dir(stateDir, 'decided'), `${id}.json`), d);
  try {
    unlinkSync(join(dir(stateDir, 'pending'), `${id}.json`));
  } catch {
    // already gone
  }
  return d;
}

export function readDecision(stateDir: string, id: string): ApprovalDecision | null {
  return readJson<ApprovalDecision>(join(dir(stateDir, 'decided'), `${id}.json`));
}

/**
 * An earlier answer that covers this call: a session-scoped approval of the same input, or an
 * unused call-scoped approval (which this use consumes). Denials are returned too, so a denied
 * request is not filed again.
 */
export function findAnswer(stateDir: string, key: string, now = Date.now()): ApprovalDecision | null {
  let names: string[];
  try {
    names = readdirSync(dir(stateDir, 'decided')).filter((n) => n.endsWith('.json'));
  } catch {
    return null;
  }
  for (const n of names) {
    const file = join(dir(stateDir, 'decided'), n);
    const d = readJson<ApprovalDecision>(file);
    if (!d || d.key !== key || d.used || (d.expires && Date.parse(d.expires) <= now)) continue;
    if (d.decision === 'approve' && d.scope === 'call') writeJson(file, { ...d, used: true });
    return d;
  }
  return null;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Waits (blocking; the hook has nothing else to do) for an answer to `id`, up to `timeoutMs`. */
export function waitForAnswer(stateDir: string, id: string, timeoutMs: number, pollMs = 150): ApprovalDecision | null {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = readDecision(stateDir, id);
    if (d) {
      if (d.decision === 'approve' && d.scope === 'call') writeJson(join(dir(stateDir, 'decided'), `${id}.json`), { ...d, used: true });
      return d;
    }
    const left = deadline - Date.now();
    if (left <= 0) return null;
    Atomics.wait(sleeper, 0, 0, Math.min(pollMs, left));
  }
}

/** Is anyone at Claude Code's prompt to answer an `ask`? */
export function isHeadless(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.GATEHOUSE_GATE === 'ask') return false;
  if (env.GATEHOUSE_GATE === 'hold') return true;
  if (env.CLAUDE_CODE_SESSION_ATTENDED === '0') return true;
  return /^sdk/.test(env.CLAUDE_CODE_ENTRYPOINT ?? '');
}
