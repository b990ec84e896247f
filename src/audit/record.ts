// One decision record per hook event, from the hook to the audit log: enough to replay the
// decision (OPA's decision-log idea), with fields named as Claude Code and its OTel events name them.
import type { Hit, Verdict } from '../policy/types.js';
import type { RedactionFinding } from './redact.js';

export const RECORD_SCHEMA_VERSION = 1;

export interface DecisionRecord {
  /** Schema version of this record. */
  v: number;
  decision_id: string;
  /** ISO-8601 time the hook received the event. */
  ts: string;
  event: string;
  session_id: string;
  prompt_id?: string;
  tool_use_id?: string;
  tool_name?: string;
  permission_mode?: string;
  cwd: string;
  agent_id?: string;
  agent_type?: string;
  mcp_server?: { name?: string; source?: string };
  /** The tool input (or prompt, when the user opted in), redacted. */
  input?: unknown;
  /** describeAction() of every extracted action. */
  actions?: string[];
  /** gatehouse's verdict; `error` when it could not decide (and failed closed on blocking events). */
  verdict: Verdict | 'error';
  /** OTel vocabulary: accept (ran or may run) / reject (refused). */
  decision: 'accept' | 'reject';
  source: 'hook';
  rules: string[];
  hits?: Hit[];
  reason?: string;
  /** What redaction hid, by type, hash prefix and place — never the value. */
  redacted?: RedactionFinding[];
  error?: { code: string; message: string };
  duration_ms: number;
  policy_revision: string;
  gatehouse_version: string;
  /** Rollback checkpoints around a change-making call (ids in the shadow store), what the call
   * changed (the signal for burst-delete and mass-rewrite detectors), or why none was taken. */
  checkpoint?: {
    before?: string;
    after?: string;
    outside?: string;
    changes?: { added: number; modified: number; deleted: number; total?: number };
    warning?: string;
  };
  /** Human approval of an `ask`: the request filed, and how it was answered. */
  gate?: { request?: string; decision: 'approve' | 'deny' | 'timeout' | 'asked-in-client'; by?: string; scope?: string };
  /** The kill switch that refused this event. */
  stopped?: { scope: string; by: string; reason: string };
  /** Anything else specific to the event (source, reason, notification type…). */
  extra?: Record<string, unknown>;
}
