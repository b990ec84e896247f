// A session's audit trail, read straight from the log (no index), and the one-line form `audit tail`
// prints. For callers such as a demo: sessionTrail() + formatEntry(), then verifyLog().
import { readEntries } from './read.js';
import type { AuditEntry } from './record.js';
import { subjectOf } from './summary.js';

export interface Colours {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const plain: Colours = { red: (s) => s, yellow: (s) => s, cyan: (s) => s };

const oneLine = (s: string, max: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

/** `2026-11-25 16:47:46      3  demo-ses  PreToolUse Bash  deny [rule]  rm -rf ~` */
export function formatEntry(e: AuditEntry, s: Colours = plain): string {
  const t = e.ts.replace('T', ' ').slice(0, 19);
  if (e.kind === 'note') return `${t}  ${String(e.seq).padStart(6)}  ${s.cyan(`gatehouse: ${e.note}`)}  ${oneLine(JSON.stringify(e.detail), 120)}\n`;
  const v = e.verdict === 'deny' || e.verdict === 'error' ? s.red(e.verdict) : e.verdict === 'ask' ? s.yellow(e.verdict) : e.verdict;
  const rules = e.rules.length ? ` [${e.rules.join(', ')}]` : '';
  return `${t}  ${String(e.seq).padStart(6)}  ${e.session_id.slice(0, 8)}  ${e.event}${e.tool_name ? ` ${e.tool_name}` : ''}  ${v}${rules}  ${oneLine(subjectOf(e), 120)}\n`;
}

/** Every decision record of one session, in log order. */
export function sessionTrail(dir: string, sessionId: string): AuditEntry[] {
  const out: AuditEntry[] = [];
  readEntries(dir, ({ entry }) => {
    if (entry.kind === 'decision' && entry.session_id === sessionId) out.push(entry);
  });
  return out;
}

/** The trail as text, one line per record. */
export function formatTrail(dir: string, sessionId: string, s: Colours = plain): string {
  return sessionTrail(dir, sessionId).map((e) => formatEntry(e, s)).join('');
}
