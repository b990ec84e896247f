import { resolve } from 'node:path';
import { bool, defineCommand, str } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { printJson, style, table } from '../../cli/format.js';
import { homeDir } from '../../env/locations.js';
import { GatehouseError } from '../../errors.js';
import { coverage, findTranscript } from '../coverage.js';
import { readEntryAt } from '../read.js';
import { DIR_OPTION, JSON_OPTION, indexFor, logOptions } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit coverage',
    summary: 'List tool calls in a Claude Code transcript that have no audit record (hooks off or bypassed)',
    usage: ['audit coverage <transcript.jsonl>', 'audit coverage --session ID'],
    description:
      'Compares the tool_use blocks of a session transcript (~/.claude/projects/<project>/<session>.jsonl)\n' +
      'with the audit records by tool_use_id. Every call should have at least a PreToolUse record; one\n' +
      'without any ran while gatehouse was not in the loop.',
    options: {
      session: { type: 'string', value: 'ID', description: 'Find the transcript of this session (from the audit log, else ~/.claude/projects)' },
      ...DIR_OPTION,
      ...JSON_OPTION,
    },
    notes: ['Exit 0 when every tool call has a record, 1 when some do not, 3 when the transcript cannot be read.'],
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const session = str(p, 'session');
    const db = await indexFor(o.dir);
    try {
      let file = p.positionals[0] ? resolve(io.cwd, p.positionals[0]) : undefined;
      if (!file && session) {
        // The hook recorded the transcript path Claude Code gave it.
        const row = db?.prepare("SELECT seg, off FROM entries WHERE session_id = ? AND kind = 'decision' ORDER BY seq DESC LIMIT 1").get(session) as { seg: number; off: number } | undefined;
        const e = row ? readEntryAt(o.dir, row.seg, row.off) : undefined;
        file = (e && e.kind === 'decision' && e.transcript_path) || findTranscript(homeDir(io.env), session);
      }
      if (!file) {
        throw new GatehouseError({ code: session ? 'audit/no-transcript' : 'cli/missing-argument', message: session ? `no transcript found for session ${session}` : 'give a transcript file or --session ID' });
      }
      const stmt = db?.prepare('SELECT 1 FROM entries WHERE tool_use_id = ? LIMIT 1');
      const r = coverage(file, (id) => Boolean(stmt?.get(id)));
      if (bool(p, 'json')) printJson(io, r);
      else {
        const s = style(io);
        io.out(`${r.toolCalls} tool call(s) in ${r.transcript}; ${r.recorded} with an audit record, ${r.missing.length} without\n`);
        if (r.missing.length) {
          io.out(s.red('Calls with no audit record:\n'));
          io.out(table(r.missing.map((m) => [`  ${m.id}`, m.name, m.ts ?? '', m.summary])));
        }
      }
      return r.missing.length ? EXIT.findings : EXIT.ok;
    } finally {
      db?.close();
    }
  },
});
