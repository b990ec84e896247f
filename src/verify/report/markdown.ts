// The Markdown job summary and the sticky PR comment. Finding text comes from the change under
// review, so it is escaped: no HTML, no table breaks, no @-mentions that would ping people.
import type { CheckResult, Finding, VerifyReport } from '../types.js';
import { redactOutput } from './redact-output.js';

/** Hidden marker that identifies gatehouse's own PR comment, so it is edited, not re-posted. */
export const STICKY_MARKER = '<!-- gatehouse:verify -->';
const MAX_COMMENT = 60_000; // GitHub's limit is 65,536 characters
const MAX_ROWS = 50;

export function mdEscape(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]|#!~])/g, '\\$1')
    .replace(/@(?=\w)/g, '@\u200b');
}

const ICON: Record<CheckResult['status'], string> = { pass: '✅ pass', fail: '❌ fail', skipped: '⚪ skipped' };

function where(f: Finding): string {
  return f.file ? `\`${f.file.replace(/`/g, "'")}${f.line ? `:${f.line}` : ''}\`` : '—';
}

function findingRows(list: Finding[]): string[] {
  const rows = ['| check | rule | where | message |', '|---|---|---|---|'];
  for (const f of list.slice(0, MAX_ROWS)) rows.push(`| ${f.check} | \`${f.ruleId}\` | ${where(f)} | ${mdEscape(f.message)} |`);
  if (list.length > MAX_ROWS) rows.push(`| | | | … and ${list.length - MAX_ROWS} more (see the SARIF or JSON report) |`);
  return rows;
}

export function markdownSummary(report: VerifyReport): string {
  const out: string[] = [];
  const failed = report.checks.filter((c) => c.status === 'fail');
  out.push(report.ok ? '## ✅ gatehouse verify: all checks green — human review next' : `## ❌ gatehouse verify: ${failed.map((c) => c.check).join(', ')} failed`);
  out.push('');
  if (report.base) out.push(`Compared with \`${report.base.replace(/`/g, "'")}\`: ${report.changedFiles?.length ?? 0} changed file(s). Only new findings on changed lines fail a check.`, '');
  out.push('| check | result | new | pre-existing | time | details |', '|---|---|---|---|---|---|');
  for (const c of report.checks) {
    const fresh = c.findings.filter((f) => f.isNew).length;
    const old = c.findings.length - fresh;
    const details = [c.reason, ...(c.ran ?? [])].filter(Boolean).map((s) => mdEscape(s!)).join('; ');
    out.push(`| ${c.check} | ${ICON[c.status]} | ${fresh} | ${old} | ${(c.durationMs / 1000).toFixed(1)} s | ${details} |`);
  }
  const fresh = report.checks.flatMap((c) => c.findings.filter((f) => f.isNew && f.check !== 'critical'));
  if (fresh.length) out.push('', '### New findings', '', ...findingRows(fresh));
  const critical = report.checks.find((c) => c.check === 'critical')?.findings.filter((f) => f.isNew) ?? [];
  if (critical.length) {
    out.push('', '### Needs a human reviewer', '', '| file | reason |', '|---|---|');
    for (const f of critical) out.push(`| ${where(f)} | ${mdEscape(f.message.replace(/^(Changed|Deleted) [^:]*: /, ''))} |`);
  }
  const old = report.checks.flatMap((c) => c.findings.filter((f) => !f.isNew));
  if (old.length) out.push('', `<details><summary>${old.length} pre-existing finding(s) outside the change (not failing)</summary>`, '', ...findingRows(old), '', '</details>');
  return redactOutput(out.join('\n') + '\n');
}

/** The sticky PR comment: the summary under a hidden marker, cut to GitHub's size limit. */
export function stickyComment(report: VerifyReport): string {
  let body = `${STICKY_MARKER}\n${markdownSummary(report)}`;
  if (body.length > MAX_COMMENT) body = body.slice(0, MAX_COMMENT) + '\n\n… (cut; the full report is in the job summary)\n';
  return body;
}

/** Finds gatehouse's earlier comment among a PR's comments (GitHub's list-comments JSON). */
export function findStickyComment<T extends { id: number; body?: string | null; user?: { type?: string } | null }>(comments: readonly T[]): T | undefined {
  return comments.find((c) => (c.body ?? '').startsWith(STICKY_MARKER));
}
