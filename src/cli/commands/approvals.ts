// gatehouse approvals: calls waiting for a human, with the rule, the session and the input.
import { stateDir } from '../../env/locations.js';
import { listPending } from '../../gate/approvals.js';
import { bool, defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';

export default defineCommand({
  meta: {
    name: 'approvals',
    summary: 'List tool calls waiting for a human decision (headless runs)',
    usage: ['approvals [--json]'],
    options: { json: { type: 'boolean', description: 'Print JSON' } },
    notes: ['Answer with `gatehouse approve <id>` or `gatehouse deny <id>`.'],
    positionals: false,
  },
  async run(args, io) {
    const pending = listPending(stateDir(io.env));
    if (bool(args, 'json')) {
      printJson(io, pending);
      return EXIT.ok;
    }
    const s = style(io);
    if (!pending.length) {
      io.out('no pending approvals\n');
      return EXIT.ok;
    }
    for (const p of pending) {
      const input = typeof (p.input as { command?: unknown }).command === 'string' ? (p.input as { command: string }).command : JSON.stringify(p.input);
      io.out(`${s.bold(p.id)}  ${p.tool_name}  ${input.length > 120 ? input.slice(0, 119) + '…' : input}\n`);
      io.out(`    rules: ${p.rules.join(', ')}   session: ${p.session_id}   project: ${p.project}\n`);
      io.out(`    filed ${p.created}, lapses ${p.expires}${p.checkpoint ? `, checkpoint ${p.checkpoint}` : ''}\n`);
    }
    return EXIT.ok;
  },
});
