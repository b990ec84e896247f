// The Claude Code hook protocol's output side. Each function returns exactly what one event
// honours; nothing else in gatehouse prints to Claude Code.
import type { Hit, Verdict } from '../policy/types.js';

export interface HookAnswer {
  /** JSON (or nothing) for stdout. */
  stdout: string;
  /** Human text for stderr (shown in Claude Code's debug log / to the model on exit 2). */
  stderr: string;
  exitCode: 0 | 1 | 2;
}

export const SILENT: HookAnswer = { stdout: '', stderr: '', exitCode: 0 };

const MAX_REASON = 4000;

/** The model-facing explanation: which rule, what matched, why, and what to do. Never a workaround. */
export function explainHits(hits: readonly Hit[], verb: 'blocked' | 'needs approval for'): string {
  const lines: string[] = [];
  const shown = hits.slice(0, 5);
  lines.push(`gatehouse ${verb} this call.`);
  for (const h of shown) {
    lines.push(`- [${h.ruleId}] ${h.summary}: ${h.action}`);
    lines.push(`  Why: ${h.why}`);
    if (h.note) lines.push(`  Note from the policy: ${h.note}`);
    lines.push(`  To proceed: ${h.fix}`);
  }
  if (hits.length > shown.length) lines.push(`- and ${hits.length - shown.length} more rule(s)`);
  lines.push(
    verb === 'blocked'
      ? 'Do not try to reach the same result another way; tell the user what was blocked and why.'
      : 'A human must approve this; if nobody can, tell the user what needs approval and why.',
  );
  let text = lines.join('\n');
  if (text.length > MAX_REASON) text = text.slice(0, MAX_REASON - 1) + '…';
  return text;
}

export interface PreToolUseExtras {
  additionalContext?: string;
  /** Kill switch: end the session as well (only ever together with deny). */
  stopSession?: string;
  systemMessage?: string;
}

export function preToolUse(
  decision: Exclude<Verdict, 'none'> | 'defer',
  reason: string,
  extras: PreToolUseExtras = {},
): HookAnswer {
  const out: Record<string, unknown> = {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision,
      permissionDecisionReason: reason,
      ...(extras.additionalContext ? { additionalContext: extras.additionalContext } : {}),
    },
  };
  if (extras.stopSession !== undefined) {
    out.continue = false;
    out.stopReason = extras.stopSession;
  }
  if (extras.systemMessage) out.systemMessage = extras.systemMessage;
  return { stdout: JSON.stringify(out) + '\n', stderr: '', exitCode: 0 };
}

export function permissionRequestDeny(message: string, interrupt = false): HookAnswer {
  const out = { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message, ...(interrupt ? { interrupt: true } : {}) } } };
  return { stdout: JSON.stringify(out) + '\n', stderr: '', exitCode: 0 };
}

/** Blocks a prompt; with `stopSession`, also ends the session (the kill switch). */
export function promptBlock(reason: string, stopSession?: string): HookAnswer {
  const out: Record<string, unknown> = { decision: 'block', reason };
  if (stopSession !== undefined) {
    out.continue = false;
    out.stopReason = stopSession;
  }
  return { stdout: JSON.stringify(out) + '\n', stderr: '', exitCode: 0 };
}

/** Ends the session (any event): `continue: false` with the reason shown to the user. */
export function endSession(stopReason: string): HookAnswer {
  return { stdout: JSON.stringify({ continue: false, stopReason }) + '\n', stderr: '', exitCode: 0 };
}

export interface PostToolUseExtras {
  /** Replacement for what the model sees (same shape as tool_response). */
  updatedToolOutput?: unknown;
  additionalContext?: string;
  systemMessage?: string;
}

export function postToolUse(extras: PostToolUseExtras): HookAnswer {
  const specific: Record<string, unknown> = { hookEventName: 'PostToolUse' };
  if (extras.updatedToolOutput !== undefined) specific.updatedToolOutput = extras.updatedToolOutput;
  if (extras.additionalContext) specific.additionalContext = extras.additionalContext;
  const out: Record<string, unknown> = { hookSpecificOutput: specific };
  if (extras.systemMessage) out.systemMessage = extras.systemMessage;
  return { stdout: JSON.stringify(out) + '\n', stderr: '', exitCode: 0 };
}

/** Adds a message for the user to any answer (or makes one). */
export function withSystemMessage(a: HookAnswer, text: string | undefined): HookAnswer {
  if (!text || a.exitCode !== 0) return a;
  const out = a.stdout.trim() ? (JSON.parse(a.stdout) as Record<string, unknown>) : {};
  out.systemMessage = typeof out.systemMessage === 'string' ? `${out.systemMessage}\n${text}` : text;
  return { ...a, stdout: JSON.stringify(out) + '\n' };
}

export function systemMessage(text: string): HookAnswer {
  return { stdout: JSON.stringify({ systemMessage: text }) + '\n', stderr: '', exitCode: 0 };
}

/**
 * gatehouse could not check the call. On events that can stop something the answer is a refusal
 * that says why; elsewhere the problem is reported without blocking.
 */
export function failClosed(event: string | undefined, problem: string): HookAnswer {
  const reason = `gatehouse could not check this call: ${problem}. It was refused because gatehouse fails closed. Tell the user; they can run \`gatehouse doctor\` to see what is wrong.`;
  switch (event) {
    case 'PreToolUse':
      return { ...preToolUse('deny', reason), stderr: `gatehouse: ${problem}\n` };
    case 'PermissionRequest':
      return { ...permissionRequestDeny(reason), stderr: `gatehouse: ${problem}\n` };
    case 'UserPromptSubmit':
      return { ...promptBlock(reason), stderr: `gatehouse: ${problem}\n` };
    case undefined:
      // We could not even tell which event this was: exit 2 blocks wherever blocking is possible.
      return { stdout: '', stderr: reason + '\n', exitCode: 2 };
    default:
      // Lifecycle and post-tool events cannot be refused; report as a non-blocking hook error.
      return { stdout: '', stderr: `gatehouse: ${problem}\n`, exitCode: 1 };
  }
}
