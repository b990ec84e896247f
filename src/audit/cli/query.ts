import { bool, defineCommand, str } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { style, table } from '../../cli/format.js';
import { GatehouseError } from '../../errors.js';
import { queryRows } from '../query.js';
import { readEntryAt, segmentsWithFirstSeq } from '../read.js';
import { DIR_OPTION, FILTER_OPTIONS, JSON_OPTION, filterFrom, indexFor, logOptions, noLog, oneLine, shortTime } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit query',
    summary: 'Find audit records by session, tool, verdict, rule, text and time',
    usage: ['audit query [filters] [--limit N] [--json]'],
    description: 'Newest first. --json prints the full records (as stored: redacted) as a JSON array.',
    options: {
      ...FILTER_OPTIONS,
      notes: { type: 'boolean', description: "Include gatehouse's own notes (recoveries, expiries)" },
      limit: { type: 'string', value: 'N', description: 'At most N records', default: '100' },
      oldest: { type: 'boolean', description: 'Oldest first' },
      ...DIR_OPTION,
      ...JSON_OPTION,
    },
    examples: ['gatehouse audit query --verdict deny --since 7d', 'gatehouse audit query --session 3f2c… --json', 'gatehouse audit query --match .env --tool Bash'],
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const f = filterFrom(p);
    if (bool(p, 'notes')) f.notes = true;
    const limit = Number(str(p, 'limit'));
    if (!Number.isInteger(limit) || limit < 1) throw new GatehouseError({ code: 'cli/bad-value', message: '--limit must be a positive whole number' });
    const json = bool(p, 'json');
    const db = await indexFor(o.dir);
    if (!db) return noLog(io, o.dir, json, []);
    try {
      const rows = queryRows(db, f, limit, bool(p, 'oldest'));
      if (json) {
        const segs = segmentsWithFirstSeq(o.dir);
        io.out(JSON.stringify(rows.map((r) => readEntryAt(o.dir, r.seg, r.off, segs) ?? { seq: r.seq, missing: true }), null, 2) + '\n');
        return EXIT.ok;
      }
      const s = style(io);
      const colour = (v: string | null) => (v === 'deny' || v === 'error' ? s.red(v) : v === 'ask' ? s.yellow(v) : (v ?? ''));
      io.out(
        table([
          ['SEQ', 'TIME (UTC)', 'SESSION', 'EVENT', 'TOOL', 'VERDICT', 'RULES', 'SUBJECT'].map(s.bold),
          ...rows.map((r) => [String(r.seq), shortTime(r.t), (r.session_id ?? '').slice(0, 8), r.event ?? '', r.tool_name ?? '', colour(r.verdict), r.rules ?? '', oneLine(r.subject)]),
        ]),
      );
      if (rows.length === limit) io.err(`(first ${limit}; use --limit for more)\n`);
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
});
