// GitHub workflow-command annotations for new findings. GitHub shows at most 10 error and 10
// warning annotations per step (50 per job) and silently drops the rest, so we pick the most
// important within those caps and end with a notice pointing at the job summary for the rest.
import type { Finding, VerifyReport } from '../types.js';
import { redactOutput } from './redact-output.js';

export const ANNOTATION_CAPS = { error: 10, warning: 10, notice: 10, job: 50 } as const;

/** Escaping from the runner's command format: data loses %, CR, LF; properties also : and , */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const rank = (f: Finding) => (f.level === 'error' ? 0 : f.level === 'warning' ? 1 : 2);

export function annotationLine(f: Finding): string {
  const kind = f.level === 'error' ? 'error' : f.level === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (f.file) props.push(`file=${escapeProperty(f.file)}`);
  if (f.file && f.line) {
    props.push(`line=${f.line}`);
    if (f.endLine && f.endLine !== f.line) props.push(`endLine=${f.endLine}`);
    if (f.column && (!f.endLine || f.endLine === f.line)) {
      props.push(`col=${f.column}`);
      if (f.endColumn) props.push(`endColumn=${f.endColumn}`);
    }
  }
  props.push(`title=${escapeProperty(`gatehouse ${f.check}: ${f.ruleId}`)}`);
  return `::${kind} ${props.join(',')}::${escapeData(f.message)}`;
}

/** The annotation lines for one step, within GitHub's caps. */
export function annotations(report: VerifyReport, caps: { error: number; warning: number; notice: number } = ANNOTATION_CAPS): string {
  const fresh = report.checks.flatMap((c) => c.findings.filter((f) => f.isNew)).sort((a, b) => rank(a) - rank(b));
  const used = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  let dropped = 0;
  for (const f of fresh) {
    const kind = f.level === 'error' ? 'error' : f.level === 'warning' ? 'warning' : 'notice';
    // Keep one notice slot for the "more in the summary" line.
    const cap = kind === 'notice' ? caps.notice - 1 : caps[kind];
    if (used[kind] >= cap) {
      dropped++;
      continue;
    }
    used[kind]++;
    lines.push(annotationLine(f));
  }
  for (const c of report.checks) {
    if (c.status === 'fail' && c.reason && !/new error finding/.test(c.reason)) {
      if (used.error < caps.error) {
        used.error++;
        lines.push(`::error title=${escapeProperty(`gatehouse ${c.check} failed`)}::${escapeData(c.reason)}`);
      } else dropped++;
    }
  }
  if (dropped) lines.push(`::notice title=gatehouse::${dropped} more finding(s) are not annotated (GitHub shows at most ${caps.error} errors and ${caps.warning} warnings per step); see the job summary.`);
  return lines.length ? redactOutput(lines.join('\n')) + '\n' : '';
}
