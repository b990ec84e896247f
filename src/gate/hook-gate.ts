// The hook's side of approvals: what an `ask` verdict becomes. With someone at Claude Code's
// prompt it stays `ask` (Claude Code's own dialog). Headless, gatehouse files a request, honours an
// earlier human answer for the same call, optionally waits for one, and otherwise refuses
// (or defers) with the request id so a human can approve and the agent can retry.
import { redactValue } from '../audit/redact.js';
import type { DecisionRecord } from '../audit/record.js';
import type { HookAnswer } from '../hook/output.js';
import { preToolUse } from '../hook/output.js';
import type { Decision } from '../policy/types.js';
import { fileRequest, findAnswer, isHeadless, newRequestId, requestKey, waitForAnswer, type ApprovalDecision } from './approvals.js';

export interface GateContext {
  env: Readonly<Record<string, string | undefined>>;
  stateDir: string;
  projectDir: string;
  cwd: string;
  sessionId: string;
  toolUseId?: string;
  toolName: string;
  toolInput: Record<string, unknown>;
  settings: { waitSeconds: number; onTimeout: 'deny' | 'defer' };
  record: DecisionRecord;
  now: number;
}

function approved(d: ApprovalDecision, rec: DecisionRecord): HookAnswer {
  rec.gate = { request: d.id, decision: 'approve', by: d.by, scope: d.scope };
  rec.verdict = 'allow';
  const reason = `Approved by ${d.by} (${d.scope === 'session' ? 'for this session' : 'once'}, request ${d.id})${d.reason ? `: ${d.reason}` : ''}.`;
  rec.reason = reason;
  return preToolUse('allow', reason);
}

function refused(d: ApprovalDecision, rec: DecisionRecord, why: string): HookAnswer {
  rec.gate = { request: d.id, decision: 'deny', by: d.by, scope: d.scope };
  rec.verdict = 'deny';
  const reason = `${why}\nA human (${d.by}) refused this (request ${d.id})${d.reason ? `: ${d.reason}` : ''}. Do not retry it.`;
  rec.reason = reason;
  return preToolUse('deny', reason);
}

export function gateAsk(g: GateContext, decision: Decision, reason: string): HookAnswer {
  if (!isHeadless(g.env)) {
    g.record.gate = { decision: 'asked-in-client' };
    return preToolUse('ask', reason);
  }
  const key = requestKey(g.sessionId, g.toolName, g.toolInput);
  const earlier = findAnswer(g.stateDir, key, g.now);
  if (earlier) return earlier.decision === 'approve' ? approved(earlier, g.record) : refused(earlier, g.record, reason);

  const id = newRequestId();
  const ttl = Math.max(g.settings.waitSeconds * 1000, 3600_000);
  fileRequest(g.stateDir, {
    id,
    created: new Date(g.now).toISOString(),
    expires: new Date(g.now + ttl).toISOString(),
    session_id: g.sessionId,
    ...(g.toolUseId ? { tool_use_id: g.toolUseId } : {}),
    tool_name: g.toolName,
    input: redactValue(g.toolInput).value,
    key,
    rules: [...new Set(decision.hits.map((h) => h.ruleId))],
    reason,
    project: g.projectDir,
    cwd: g.cwd,
  });
  if (g.settings.waitSeconds > 0) {
    const d = waitForAnswer(g.stateDir, id, g.settings.waitSeconds * 1000);
    if (d) return d.decision === 'approve' ? approved(d, g.record) : refused(d, g.record, reason);
  }
  g.record.gate = { request: id, decision: 'timeout' };
  const howTo = `Approval request ${id} is waiting for a human: \`gatehouse approve ${id}\` (or \`gatehouse deny ${id}\`).`;
  if (g.settings.onTimeout === 'defer') {
    g.record.verdict = 'ask';
    return preToolUse('defer', `${reason}\n${howTo} The run stops here and can be resumed once approved.`);
  }
  g.record.verdict = 'deny';
  const text = `${reason}\n${howTo} Once approved, the same call will go through; tell the user and stop here instead of looking for another way.`;
  g.record.reason = text;
  return preToolUse('deny', text);
}
