// gatehouse stop: the kill switch. Every further tool call of the stopped scope is refused and
// the session is ended; `gatehouse resume` lifts it.
import { resolve } from 'node:path';
import { stateDir } from '../../env/locations.js';
import { GatehouseError } from '../../errors.js';
import { listStops, setStop, type StopScope } from '../../gate/stop.js';
import { appendEvent } from '../../audit/external-sink.js';
import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson } from '../format.js';

export function scopeOf(args: { session?: string; project?: string | boolean; all?: boolean }, cwd: string): { scope: StopScope; target?: string } {
  const chosen = [args.session !== undefined, args.project !== undefined && args.project !== false, !!args.all].filter(Boolean).length;
  if (chosen !== 1) throw new GatehouseError({ code: 'cli/usage', message: 'choose exactly one of --session ID, --project [DIR], --all' });
  if (args.all) return { scope: 'all' };
  if (args.session !== undefined) return { scope: 'session', target: args.session };
  return { scope: 'project', target: resolve(cwd, typeof args.project === 'string' ? args.project : '.') };
}

export default defineCommand({
  meta: {
    name: 'stop',
    summary: 'Kill switch: refuse every further tool call and end the session(s)',
    usage: ['stop (--session ID | --project [DIR] | --all) [--reason TEXT]', 'stop --status [--json]'],
    description:
      'Takes effect on the next hook event: tool calls are refused with the reason, and Claude Code is told\n' +
      'to end the session. Checked by the hook in constant time. Lift it with `gatehouse resume`.',
    options: {
      session: { type: 'string', value: 'ID', description: 'Stop one session (its session_id, as in `gatehouse audit sessions`)' },
      project: { type: 'string', value: 'DIR', description: 'Stop every session working in this project' },
      here: { type: 'boolean', description: 'Same as --project with the current directory' },
      all: { type: 'boolean', description: 'Stop every session on this machine' },
      reason: { type: 'string', value: 'TEXT', description: 'Why (shown to the agent and the user, and recorded)' },
      status: { type: 'boolean', description: 'List the stops in force' },
      json: { type: 'boolean', description: 'Print JSON' },
    },
    examples: ['gatehouse stop --all --reason "investigating a leaked key"', 'gatehouse stop --here', 'gatehouse stop --status'],
    positionals: false,
  },
  async run(args, io) {
    const state = stateDir(io.env);
    if (bool(args, 'status')) {
      const stops = listStops(state);
      if (bool(args, 'json')) printJson(io, stops);
      else if (!stops.length) io.out('no stops in force\n');
      else for (const s of stops) io.out(`${s.scope}${s.target ? ` ${s.target}` : ''}: stopped by ${s.by} at ${s.at}${s.reason ? ` — ${s.reason}` : ''}\n`);
      return EXIT.ok;
    }
    const target = scopeOf({ session: str(args, 'session'), project: bool(args, 'here') ? '.' : str(args, 'project'), all: bool(args, 'all') }, io.cwd);
    const rec = setStop(state, target.scope, target.target, str(args, 'reason') ?? '');
    // Stopping always takes effect; the record is best effort (the log may be what is broken).
    try {
      appendEvent(io.env, 'gatehouse/kill-switch', { ...(rec.scope === 'session' ? { session_id: rec.target! } : {}), ...(rec.scope === 'project' ? { cwd: rec.target! } : {}), verdict: 'deny', reason: rec.reason, extra: { action: 'stop', scope: rec.scope, by: rec.by } });
    } catch (e) {
      io.err(`gatehouse: warning: the stop is in force but could not be recorded in the audit log (${(e as Error).message})\n`);
    }
    if (bool(args, 'json')) printJson(io, rec);
    else io.out(`stopped ${rec.scope === 'all' ? 'every session on this machine' : `${rec.scope} ${rec.target}`}; lift with \`gatehouse resume ${rec.scope === 'all' ? '--all' : rec.scope === 'session' ? `--session ${rec.target}` : `--project ${rec.target}`}\`\n`);
    return EXIT.ok;
  },
});
