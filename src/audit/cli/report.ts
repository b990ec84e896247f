import { bool, defineCommand } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { printJson, style, table } from '../../cli/format.js';
import { report, type Report } from '../query.js';
import { DIR_OPTION, FILTER_OPTIONS, JSON_OPTION, filterFrom, indexFor, logOptions, noLog, oneLine } from './common.js';

function section(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts);
  if (rows.length === 0) return `${title}: none\n`;
  return `${title}:\n` + table(rows.map(([k, n]) => [`  ${k}`, String(n)]));
}

export function formatReport(r: Report, bold: (s: string) => string): string {
  let out = `${bold('gatehouse audit report')} ${r.since.slice(0, 10)} → ${r.until.slice(0, 10)}\n`;
  out += `${r.entries} records in ${r.sessions} session(s); ${r.errors} gatehouse error(s)\n\n`;
  out += section('By tool (PreToolUse)', r.byTool) + '\n';
  out += section('By verdict', r.byVerdict) + '\n';
  out += section('By rule', r.byRule) + '\n';
  out += section('By event', r.byEvent) + '\n';
  out += r.topDenials.length ? 'Top denials:\n' + table(r.topDenials.map((d) => [`  ${String(d.count)}×`, d.rule, oneLine(d.subject, 80)])) : 'Top denials: none\n';
  out += '\n';
  out += r.outsideProject.length
    ? 'Files touched outside the project:\n' + table(r.outsideProject.map((x) => [`  ${String(x.count)}×`, x.ops, x.path]))
    : 'Files touched outside the project: none\n';
  if (Object.keys(r.notes).length) out += '\n' + section('Log notes', r.notes);
  return out;
}

export default defineCommand({
  meta: {
    name: 'audit report',
    summary: 'Summarise a period: counts by tool, verdict and rule, top denials, files outside the project',
    usage: ['audit report [--since 30d] [filters] [--json]'],
    options: { ...FILTER_OPTIONS, ...DIR_OPTION, ...JSON_OPTION },
    examples: ['gatehouse audit report --since 30d', 'gatehouse audit report --since 7d --session 3f2c… --json'],
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const json = bool(p, 'json');
    const f = filterFrom(p, { since: '30d' });
    const db = await indexFor(o.dir);
    if (!db) return noLog(io, o.dir, json, {});
    try {
      const r = report(db, f);
      if (json) printJson(io, r);
      else io.out(formatReport(r, style(io).bold));
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
});
