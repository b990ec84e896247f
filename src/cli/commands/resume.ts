// gatehouse resume: lift a kill switch set with `gatehouse stop`.
import { stateDir } from '../../env/locations.js';
import { clearStop, whoAmI } from '../../gate/stop.js';
import { appendEvent } from '../../audit/external-sink.js';
import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { scopeOf } from './stop.js';

export default defineCommand({
  meta: {
    name: 'resume',
    summary: 'Lift a kill switch set by `gatehouse stop`',
    usage: ['resume (--session ID | --project [DIR] | --here | --all)'],
    options: {
      session: { type: 'string', value: 'ID', description: 'Resume one session' },
      project: { type: 'string', value: 'DIR', description: 'Resume a project' },
      here: { type: 'boolean', description: 'Same as --project with the current directory' },
      all: { type: 'boolean', description: 'Lift the machine-wide stop' },
    },
    notes: ['Exit: 0 lifted · 1 there was no such stop.'],
    positionals: false,
  },
  async run(args, io) {
    const target = scopeOf({ session: str(args, 'session'), project: bool(args, 'here') ? '.' : str(args, 'project'), all: bool(args, 'all') }, io.cwd);
    // Lifting a stop is recorded first: without a record it does not happen.
    appendEvent(io.env, 'gatehouse/kill-switch', { ...(target.scope === 'session' ? { session_id: target.target! } : {}), ...(target.scope === 'project' ? { cwd: target.target! } : {}), extra: { action: 'resume', scope: target.scope, by: whoAmI() } });
    const removed = clearStop(stateDir(io.env), target.scope, target.target);
    io.out(removed ? `resumed ${target.scope}${target.target ? ` ${target.target}` : ''}\n` : `no ${target.scope} stop was in force\n`);
    return removed ? EXIT.ok : EXIT.findings;
  },
});
