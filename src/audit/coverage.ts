// Coverage: every tool_use block in a Claude Code transcript should have an audit record with the
// same tool_use_id. A call without one ran while the hook was off, bypassed or failing open.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../errors.js';
import { redactText } from './redact.js';
import { forEachLine } from './segment-io.js';

export interface ToolUse {
  id: string;
  name: string;
  /** Transcript timestamp, when present. */
  ts?: string;
  /** Short, redacted description of the input. */
  summary: string;
  line: number;
}

function summarize(input: unknown): string {
  const o = (input ?? {}) as Record<string, unknown>;
  const pick = ['command', 'file_path', 'path', 'url', 'pattern', 'query', 'description'].map((k) => o[k]).find((v) => typeof v === 'string') as string | undefined;
  const text = (pick ?? JSON.stringify(input ?? {})).replace(/\s+/g, ' ');
  return redactText(text.length > 160 ? text.slice(0, 159) + '…' : text).text;
}

/** tool_use blocks of assistant messages, in order. */
export function transcriptToolUses(file: string): { uses: ToolUse[]; sessionIds: string[]; badLines: number } {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    throw new GatehouseError({ code: 'audit/no-transcript', message: 'transcript not found', file });
  }
  const uses: ToolUse[] = [];
  const sessions = new Set<string>();
  let badLines = 0;
  forEachLine(file, (text, line) => {
    if (!text.trim()) return;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      badLines++;
      return;
    }
    if (typeof m.sessionId === 'string') sessions.add(m.sessionId);
    const msg = m.message as { role?: string; content?: unknown } | undefined;
    if (m.type !== 'assistant' || !msg || !Array.isArray(msg.content)) return;
    for (const b of msg.content as Record<string, unknown>[]) {
      if (b && b.type === 'tool_use' && typeof b.id === 'string') {
        uses.push({ id: b.id, name: typeof b.name === 'string' ? b.name : '?', ...(typeof m.timestamp === 'string' ? { ts: m.timestamp } : {}), summary: summarize(b.input), line });
      }
    }
  });
  return { uses, sessionIds: [...sessions], badLines };
}

/** `~/.claude/projects/<encoded cwd>/<session>.jsonl` for a session id. */
export function findTranscript(home: string, sessionId: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(sessionId)) return undefined;
  const root = join(home, '.claude', 'projects');
  let dirs: string[];
  try {
    dirs = readdirSync(root);
  } catch {
    return undefined;
  }
  for (const d of dirs) {
    const f = join(root, d, `${sessionId}.jsonl`);
    if (statSync(f, { throwIfNoEntry: false })?.isFile()) return f;
  }
  return undefined;
}

export interface CoverageReport {
  transcript: string;
  sessions: string[];
  toolCalls: number;
  recorded: number;
  missing: ToolUse[];
  unreadableLines: number;
}

export function coverage(transcript: string, hasRecord: (toolUseId: string) => boolean): CoverageReport {
  const { uses, sessionIds, badLines } = transcriptToolUses(transcript);
  const missing = uses.filter((u) => !hasRecord(u.id));
  return { transcript, sessions: sessionIds, toolCalls: uses.length, recorded: uses.length - missing.length, missing, unreadableLines: badLines };
}
