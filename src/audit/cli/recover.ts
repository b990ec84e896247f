import { bool, defineCommand } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { printJson } from '../../cli/format.js';
import { recoverLog } from '../writer.js';
import { DIR_OPTION, JSON_OPTION, logOptions } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit recover',
    summary: 'Set aside an unfinished write at the end of the log and note the recovery in the chain',
    usage: ['audit recover [--json]'],
    description:
      'A writer killed mid-append leaves bytes after the last complete entry. The next hook call repairs\n' +
      'this on its own; this command does it now: the bytes move to audit/torn/, the segment is cut back\n' +
      'to the last complete entry, and a `torn-tail-recovered` note (size and hash) is appended.',
    options: { ...DIR_OPTION, ...JSON_OPTION },
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const r = recoverLog(o, io.env);
    if (bool(p, 'json')) printJson(io, r);
    else io.out(r.recovered ? `recovered: set aside ${String(r.detail?.bytes)} bytes after seq ${String(r.detail?.after_seq)}\n` : 'nothing to recover: the log ends with a complete entry\n');
    return EXIT.ok;
  },
});
