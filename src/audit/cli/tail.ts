import { bool, defineCommand, str } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { style } from '../../cli/format.js';
import { GatehouseError } from '../../errors.js';
import { readEntries, type Cursor } from '../read.js';
import type { AuditEntry } from '../record.js';
import { formatEntry } from '../trail.js';
import { DIR_OPTION, JSON_OPTION, logOptions } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit tail',
    summary: 'Show the newest audit records; -f follows new ones as they are written',
    usage: ['audit tail [-n N] [-f] [--json]'],
    description: 'Reads the log itself (no index). --json prints one stored entry per line (JSONL).',
    options: {
      lines: { type: 'string', short: 'n', value: 'N', description: 'How many records to show first', default: '20' },
      follow: { type: 'boolean', short: 'f', description: 'Keep printing new records (Ctrl-C stops)' },
      ...DIR_OPTION,
      ...JSON_OPTION,
    },
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const n = Number(str(p, 'lines'));
    if (!Number.isInteger(n) || n < 0) throw new GatehouseError({ code: 'cli/bad-value', message: '-n must be a whole number' });
    const s = style(io);
    const print = (e: AuditEntry) => io.out(bool(p, 'json') ? JSON.stringify(e) + '\n' : formatEntry(e, s));
    const last: AuditEntry[] = [];
    let cursor: Cursor | undefined = readEntries(o.dir, ({ entry }) => {
      last.push(entry);
      if (last.length > n) last.shift();
    });
    for (const e of last) print(e);
    if (!bool(p, 'follow')) return EXIT.ok;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      cursor = readEntries(o.dir, ({ entry }) => print(entry), cursor) ?? cursor;
    }
  },
});
