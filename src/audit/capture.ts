// The event-specific part of a decision record, taken from the hook input before anything else
// sees it: prompt and tool-result content only as length and hash unless the user opted in (as
// Claude Code does with OTEL_LOG_USER_PROMPTS), and then redacted.
import type { HookInput } from '../hook/event.js';
import { sha256Hex } from './chain.js';
import type { DecisionRecord } from './record.js';
import { redactText, redactValue, type RedactionFinding, type SecretSink } from './redact.js';

/** Secret values found in this event's raw input, carried on the in-memory record under a symbol
 * (never serialised: JSON and the canonical form skip symbol keys) so the audit writer can scrub
 * them from derived text — parsed actions, hit descriptions, reasons. */
export const RAW_SECRETS = Symbol('gatehouse.rawSecrets');
export type KnownSecrets = { type: string; secret: string }[];

type Env = Readonly<Record<string, string | undefined>>;

const on = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v);

/** Event fields worth keeping verbatim (short, non-content). */
const EXTRA_KEYS = ['source', 'reason', 'notification_type', 'trigger', 'model', 'is_interrupt', 'stop_hook_active', 'agent_transcript_path', 'session_title'] as const;

export function captureEvent(input: HookInput, env: Env): Partial<DecisionRecord> & { [RAW_SECRETS]?: KnownSecrets } {
  const out: Partial<DecisionRecord> & { [RAW_SECRETS]?: KnownSecrets } = {};
  const found: RedactionFinding[] = [];
  const known: KnownSecrets = [];
  const sink: SecretSink = (type, secret) => {
    if (!known.some((k) => k.secret === secret)) known.push({ type, secret });
  };
  if (input.tool_input) redactValue(input.tool_input, '', sink);
  if (typeof input.transcript_path === 'string') out.transcript_path = input.transcript_path;
  if (env.CLAUDE_PROJECT_DIR && env.CLAUDE_PROJECT_DIR !== input.cwd) out.project_dir = env.CLAUDE_PROJECT_DIR;
  if (typeof input.prompt === 'string') {
    out.prompt = { length: input.prompt.length, sha256: sha256Hex(input.prompt) };
    if (on(env.GATEHOUSE_AUDIT_PROMPTS)) {
      const r = redactText(input.prompt, undefined, sink);
      out.prompt.text = r.text;
      for (const f of r.findings) found.push({ ...f, path: 'prompt' });
    }
  }
  if (input.tool_response !== undefined) {
    const json = JSON.stringify(input.tool_response) ?? '';
    out.output = { bytes: Buffer.byteLength(json), sha256: sha256Hex(json) };
    if (on(env.GATEHOUSE_AUDIT_TOOL_OUTPUT)) {
      const r = redactValue(input.tool_response, 'tool_response', sink);
      out.output.value = r.value;
      found.push(...r.findings);
    }
  }
  const extra: Record<string, unknown> = {};
  for (const k of EXTRA_KEYS) {
    const v = input[k];
    if (typeof v === 'string' || typeof v === 'boolean') extra[k] = v;
  }
  if (typeof input.duration_ms === 'number') extra.tool_duration_ms = input.duration_ms;
  for (const k of ['error', 'message', 'title'] as const) {
    if (typeof input[k] === 'string') {
      const r = redactText((input[k] as string).slice(0, 4096), undefined, sink);
      extra[k] = r.text;
      for (const f of r.findings) found.push({ ...f, path: k });
    }
  }
  if (Object.keys(extra).length) out.extra = extra;
  if (found.length) out.redacted = found;
  if (known.length) out[RAW_SECRETS] = known;
  return out;
}
