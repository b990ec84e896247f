import { bool, defineCommand } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { printJson, style, table } from '../../cli/format.js';
import { sessions } from '../query.js';
import { DIR_OPTION, JSON_OPTION, filterFrom, indexFor, logOptions, noLog, shortTime } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit sessions',
    summary: 'List recorded Claude Code sessions, newest first, with their denials',
    usage: ['audit sessions [--since 7d] [--json]'],
    options: {
      since: { type: 'string', value: 'WHEN', description: 'Sessions active since: 30d, 12h or an ISO date' },
      ...DIR_OPTION,
      ...JSON_OPTION,
    },
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const json = bool(p, 'json');
    const db = await indexFor(o.dir);
    if (!db) return noLog(io, o.dir, json, []);
    try {
      const rows = sessions(db, filterFrom(p));
      if (json) {
        printJson(io, rows.map((r) => ({ ...r, first: new Date(r.first).toISOString(), last: new Date(r.last).toISOString() })));
        return EXIT.ok;
      }
      const s = style(io);
      io.out(
        table([
          ['SESSION', 'FIRST (UTC)', 'LAST', 'EVENTS', 'TOOL CALLS', 'DENIED', 'ASKED', 'PROJECT'].map(s.bold),
          ...rows.map((r) => [r.session_id, shortTime(r.first), shortTime(r.last), String(r.events), String(r.tool_calls), r.denied ? s.red(String(r.denied)) : '0', String(r.asked), r.project ?? '']),
        ]),
      );
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
});
