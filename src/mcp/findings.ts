// Turning raw matches into findings: severity from the rule table unless the match says
// otherwise, evidence redacted and cut short, and a fingerprint that binds a suppression to the
// exact content it was granted for.
import { createHash } from 'node:crypto';
import { redactText } from '../audit/redact.js';
import { ruleInfo } from './rules/meta.js';
import { inspectText } from './text/unicode.js';
import { maxSeverity, severityRank, type Finding, type Severity } from './types.js';

export const MAX_EVIDENCE = 240;

export function sha256(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Hidden characters and terminal escapes made visible, so output cannot be spoofed by them. */
export function visible(text: string): string {
  return inspectText(text).shown;
}

/** Redacted, single-line, truncated, hidden characters shown: safe to print, log and put in SARIF. */
export function evidence(text: string): string {
  const oneLine = visible(text.slice(0, 4000)).replace(/\r?\n\s*/g, ' ⏎ ');
  const red = redactText(oneLine).text;
  return red.length > MAX_EVIDENCE ? red.slice(0, MAX_EVIDENCE - 1) + '…' : red;
}

export interface FindingInput {
  id: string;
  severity?: Severity;
  message?: string;
  file?: string;
  line?: number;
  column?: number;
  text?: string;
  tool?: string;
  server?: string;
}

/** `contentHash` is the hash of what the finding is about (the file, or the config entry). */
export function makeFinding(h: FindingInput, contentHash: string): Finding {
  const info = ruleInfo(h.id);
  const f: Finding = {
    id: h.id,
    severity: h.severity ?? info.severity,
    message: visible(redactText(h.message ?? info.summary).text),
    why: info.why,
    fingerprint: sha256([h.id, h.file ?? '', String(h.line ?? ''), h.tool ?? '', h.server ?? '', h.text ?? '', contentHash].join('\0')).slice(0, 32),
  };
  if (h.file) f.file = h.file;
  if (h.line) f.line = h.line;
  if (h.column) f.column = h.column;
  if (h.text) f.evidence = evidence(h.text);
  if (h.tool) f.tool = h.tool;
  if (h.server) f.server = h.server;
  return f;
}

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

/** Overall risk: the worst finding that is not suppressed and not informational. */
export function riskOf(list: readonly Finding[]): Severity | 'none' {
  const s = maxSeverity(list.filter((f) => !f.suppressed && f.severity !== 'info').map((f) => f.severity));
  return s;
}
