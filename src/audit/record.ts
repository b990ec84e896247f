// One decision record per hook event, from the hook to the audit log: enough to replay the
// decision (OPA's decision-log idea), with fields named as Claude Code and its OTel events name them.
// On disk each record becomes an AuditEntry: the record plus `kind` and its chain link.
// The schema is documented in docs/audit.md; bump RECORD_SCHEMA_VERSION on any incompatible change.
import type { Hit, Verdict } from '../policy/types.js';
import type { RedactionFinding } from './redact.js';

export const RECORD_SCHEMA_VERSION = 1;

/** Where the event happened in git terms, read from `.git` files (no git process). */
export interface RepoInfo {
  /** Work-tree root. */
  root: string;
  branch?: string;
  /** Commit checked out (HEAD), 40 hex digits. */
  commit?: string;
  /** `origin` URL with any user name and password removed. */
  remote?: string;
}

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
  /** CLAUDE_PROJECT_DIR, when it differs from nothing (the project the session belongs to). */
  project_dir?: string;
  transcript_path?: string;
  agent_id?: string;
  agent_type?: string;
  mcp_server?: { name?: string; source?: string };
  /** The tool input, redacted; long strings shortened (see docs/audit.md). */
  input?: unknown;
  /** UserPromptSubmit: always length and hash; the text only when the user opted in. */
  prompt?: { length: number; sha256: string; text?: string };
  /** PostToolUse: size and hash of the tool result; the (redacted) value only when opted in. */
  output?: { bytes: number; sha256: string; value?: unknown };
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
  /** Hash of the policy that decided (policy files and pack versions), or `builtin`. */
  policy_revision: string;
  gatehouse_version: string;
  /** Who and where: filled by the audit writer. */
  user?: string;
  host?: string;
  repo?: RepoInfo;
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
  /** Anomaly alerts raised on this event (the detector, severity and message; evidence is in the alert log). */
  alerts?: { detector: string; severity: string; message: string; block: boolean }[];
  /** The kill switch that refused this event. */
  stopped?: { scope: string; by: string; reason: string };
  /** Anything else specific to the event (source, reason, notification type…). */
  extra?: Record<string, unknown>;
}

/** Something gatehouse itself notes in the chain: a recovered torn write, expired segments. */
export interface NoteRecord {
  v: number;
  ts: string;
  /** e.g. `torn-tail-recovered`, `retention-expired`. */
  note: string;
  detail: Record<string, unknown>;
  gatehouse_version: string;
  user?: string;
  host?: string;
}

/** The chain link every stored entry carries. */
export interface ChainLink {
  /** 1-based position in the log; never reused. */
  seq: number;
  /** `hash` of the entry before (64 zeros for the first entry ever). */
  prev: string;
  /** SHA-256 (hex) of the RFC 8785 form of this entry without `hash`. */
  hash: string;
}

export type DecisionEntry = DecisionRecord & ChainLink & { kind: 'decision' };
export type NoteEntry = NoteRecord & ChainLink & { kind: 'note' };
export type AuditEntry = DecisionEntry | NoteEntry;
