// The audit log for records that do not come from a hook event: sandbox runs and their
// violations, human approvals, kill switches. The same chain, redaction and signatures; kept out
// of the hook bundle because verification is only needed here.
import { hostname } from 'node:os';
import { VERSION } from '../version.js';
import { appendRecord } from './append.js';
import { loadPublicKey } from './keys.js';
import { auditOptions } from './options.js';
import { RECORD_SCHEMA_VERSION, type DecisionRecord } from './record.js';
import { verifyLog } from './verify.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A record of something gatehouse or a person did, outside any hook event. */
export function appendEvent(env: Env, event: string, fields: { session_id?: string; cwd?: string; verdict?: DecisionRecord['verdict']; rules?: string[]; reason?: string; extra?: Record<string, unknown> }): void {
  const now = new Date();
  const rec: DecisionRecord = {
    v: RECORD_SCHEMA_VERSION,
    decision_id: `${now.getTime().toString(16)}-${Math.random().toString(16).slice(2, 10)}`,
    ts: now.toISOString(),
    event,
    session_id: fields.session_id ?? 'gatehouse',
    cwd: fields.cwd ?? process.cwd(),
    verdict: fields.verdict ?? 'none',
    decision: fields.verdict === 'deny' ? 'reject' : 'accept',
    source: 'hook',
    rules: fields.rules ?? [],
    duration_ms: 0,
    policy_revision: 'n/a',
    gatehouse_version: VERSION,
    ...(fields.reason ? { reason: fields.reason } : {}),
    extra: { host: hostname(), ...(fields.extra ?? {}) },
  };
  appendRecord(rec, { env });
}

/** For the sandbox runner: append sandbox records to the audit log. */
export async function openAuditSink(env: Env): Promise<{ where: string; append(rec: Record<string, unknown>): Promise<void> }> {
  const o = auditOptions(env);
  return {
    where: o.dir,
    append: async (rec) => {
      const { event, project, violations, ...rest } = rec as { event?: string; project?: string; violations?: unknown[] } & Record<string, unknown>;
      appendEvent(env, String(event ?? 'SandboxRun'), {
        cwd: typeof project === 'string' ? project : process.cwd(),
        verdict: Array.isArray(violations) && violations.length ? 'deny' : 'none',
        extra: { ...rest, ...(violations ? { violations } : {}) },
      });
    },
  };
}

/** For `gatehouse doctor`: does the log verify? */
export async function verifyAudit(env: Env): Promise<{ ok: boolean; records: number; detail: string }> {
  const o = auditOptions(env);
  const r = verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
  const first = r.problems[0];
  return { ok: r.ok, records: r.entries, detail: r.ok ? `${r.entries} entries, ${r.checkpoints.verified}/${r.checkpoints.total} signed checkpoints verified` : `first bad record: ${first ? JSON.stringify(first).slice(0, 200) : 'unknown'}` };
}
