// The terminal report: one green/red line per check, then the new findings, then a count of
// pre-existing ones.
import { style, table, type Style } from '../../cli/format.js';
import type { Io } from '../../cli/io.js';
import type { CheckResult, VerifyReport } from '../types.js';
import { redactOutput } from './redact-output.js';

function mark(s: Style, c: CheckResult): string {
  return c.status === 'pass' ? s.green('✓ pass') : c.status === 'fail' ? s.red('✗ FAIL') : s.dim('– skipped');
}

const clean = (t: string) => t.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');

export function humanReport(report: VerifyReport, io: Io): string {
  const s = style(io);
  const lines: string[] = [];
  const rows = [[s.bold('check'), s.bold('result'), s.bold('new'), s.bold('old'), s.bold('time'), s.bold('details')]];
  for (const c of report.checks) {
    const fresh = c.findings.filter((f) => f.isNew).length;
    rows.push([c.check, mark(s, c), String(fresh), String(c.findings.length - fresh), `${(c.durationMs / 1000).toFixed(1)}s`, clean([c.reason, ...(c.ran ?? [])].filter(Boolean).join('; '))]);
  }
  lines.push(table(rows));
  const fresh = report.checks.flatMap((c) => c.findings.filter((f) => f.isNew));
  if (fresh.length) {
    lines.push(s.bold('New findings:'));
    for (const f of fresh.slice(0, 200)) {
      const lvl = f.level === 'error' ? s.red(f.level) : f.level === 'warning' ? s.yellow(f.level) : s.dim(f.level);
      lines.push(`  ${f.file ? s.cyan(`${f.file}${f.line ? `:${f.line}` : ''}`) : '(project)'} ${lvl} ${s.dim(`[${f.ruleId}]`)} ${clean(f.message)}`);
    }
    if (fresh.length > 200) lines.push(`  … and ${fresh.length - 200} more (use --json or --sarif)`);
  }
  const old = report.checks.reduce((n, c) => n + c.findings.filter((f) => !f.isNew).length, 0);
  if (old) lines.push(s.dim(`${old} pre-existing finding(s) outside the changed lines are not failing the run (see --json).`));
  lines.push(report.ok ? s.green(s.bold('All selected checks passed.')) + (report.checks.some((c) => c.check === 'critical') ? '' : ' Human review next.') : s.red(s.bold(`Failed: ${report.checks.filter((c) => c.status === 'fail').map((c) => c.check).join(', ')}`)));
  return redactOutput(lines.join('\n') + '\n');
}
