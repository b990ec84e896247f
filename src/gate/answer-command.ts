// Shared by `gatehouse approve` and `gatehouse deny`.
import { stateDir } from '../env/locations.js';
import { GatehouseError } from '../errors.js';
import { answer, readRequest, type ApprovalScope } from './approvals.js';
import { whoAmI } from './stop.js';
import { appendEvent } from '../audit/external-sink.js';
import type { Command } from '../cli/command.js';
import { defineCommand, str } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';

function duration(text: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new GatehouseError({ code: 'cli/usage', message: `--for expects a duration like 30m, 8h or 2d, not '${text}'` });
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3600_000, d: 86400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export function answerCommand(decision: 'approve' | 'deny'): Command {
  return defineCommand({
    meta: {
      name: decision,
      summary: decision === 'approve' ? 'Approve a pending tool call (see `gatehouse approvals`)' : 'Refuse a pending tool call (see `gatehouse approvals`)',
      usage: [`${decision} <id> [--reason TEXT]${decision === 'approve' ? ' [--scope call|session] [--for 8h]' : ''}`],
      options: {
        reason: { type: 'string', value: 'TEXT', description: 'Recorded with the decision and shown to the agent' },
        ...(decision === 'approve'
          ? {
              scope: { type: 'string' as const, value: 'SCOPE', description: '`call` (default): this call once; `session`: this exact call for the rest of the session' },
              for: { type: 'string' as const, value: 'DURATION', description: 'How long the approval stays valid (default 1h for a call, 8h for a session)' },
            }
          : {}),
      },
      notes: ['Run it yourself, in your own terminal: gatehouse refuses to let the agent answer its own requests.'],
    },
    async run(args, io) {
      const id = args.positionals[0];
      if (!id) throw new GatehouseError({ code: 'cli/usage', message: 'which request? (`gatehouse approvals` lists them)' });
      const scope = (str(args, 'scope') ?? 'call') as ApprovalScope;
      if (scope !== 'call' && scope !== 'session') throw new GatehouseError({ code: 'cli/usage', message: '--scope is `call` or `session`' });
      const forText = str(args, 'for');
      const req = readRequest(stateDir(io.env), id);
      if (!req) throw new GatehouseError({ code: 'gate/no-request', message: `no pending approval request '${id}' (see \`gatehouse approvals\`)` });
      const forMs = forText ? duration(forText) : undefined;
      // The decision is recorded before it takes effect: an answer the audit log cannot hold is not given.
      appendEvent(io.env, 'gatehouse/approval', {
        session_id: req.session_id,
        cwd: req.cwd,
        verdict: decision === 'approve' ? 'allow' : 'deny',
        rules: req.rules,
        ...(str(args, 'reason') ? { reason: str(args, 'reason')! } : {}),
        extra: { request: id, decision, scope, by: whoAmI(), tool_name: req.tool_name, ...(req.tool_use_id ? { tool_use_id: req.tool_use_id } : {}), ...(forMs ? { for_ms: forMs } : {}) },
      });
      let d;
      try {
        d = answer(stateDir(io.env), id, decision, { scope, ...(str(args, 'reason') ? { reason: str(args, 'reason')! } : {}), ...(forMs ? { forMs } : {}) });
      } catch (e) {
        throw new GatehouseError({ code: 'gate/no-request', message: (e as Error).message });
      }
      io.out(`${decision === 'approve' ? 'approved' : 'refused'} ${id}${decision === 'approve' ? ` (${d.scope === 'session' ? 'for the session' : 'once'}, until ${d.expires})` : ''} as ${d.by}\n`);
      return EXIT.ok;
    },
  });
}
