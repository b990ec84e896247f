// gatehouse canary: plant decoy credential files whose any access raises a critical alert.
import { resolve } from 'node:path';
import { stateDir } from '../../env/locations.js';
import { DEFAULT_CANARIES, plant, removeAll } from '../../detect/canaries.js';
import { readCanaries } from '../../detect/hook-effect.js';
import { bool, defineCommand, defineGroup, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson } from '../format.js';

const plantCmd = defineCommand({
  meta: {
    name: 'canary plant',
    summary: 'Plant decoy credential files (never overwrites a file)',
    usage: ['canary plant [--project DIR] [PATH…]'],
    description: `Default decoys, relative to the project: ${DEFAULT_CANARIES.join(', ')}. Reading one is refused and raises a\ncritical alert; the decoys' token showing up in any tool result does too.`,
    options: { project: { type: 'string', value: 'DIR', description: 'Base for relative paths (default: current directory)' }, json: { type: 'boolean', description: 'Print JSON' } },
  },
  async run(args, io) {
    const r = plant(stateDir(io.env), resolve(io.cwd, str(args, 'project') ?? '.'), args.positionals.length ? args.positionals : DEFAULT_CANARIES);
    if (bool(args, 'json')) printJson(io, r);
    else {
      for (const p of r.planted) io.out(`planted ${p}\n`);
      for (const p of r.skipped) io.out(`skipped ${p} (exists)\n`);
      if (r.planted.length) io.out('Consider adding them to .gitignore so they are never committed.\n');
    }
    return EXIT.ok;
  },
});

const listCmd = defineCommand({
  meta: { name: 'canary list', summary: 'List planted decoys', usage: ['canary list [--json]'], options: { json: { type: 'boolean', description: 'Print JSON' } }, positionals: false },
  async run(args, io) {
    const c = readCanaries(stateDir(io.env));
    if (bool(args, 'json')) printJson(io, { paths: c.paths });
    else io.out(c.paths.length ? c.paths.join('\n') + '\n' : 'no canaries planted\n');
    return EXIT.ok;
  },
});

const removeCmd = defineCommand({
  meta: { name: 'canary remove', summary: 'Remove every planted decoy', usage: ['canary remove'], positionals: false },
  async run(_args, io) {
    for (const p of removeAll(stateDir(io.env))) io.out(`removed ${p}\n`);
    return EXIT.ok;
  },
});

export default defineGroup({
  meta: { name: 'canary', summary: 'Plant, list and remove decoy credential files', usage: ['canary <plant|list|remove>'] },
  subcommands: { plant: plantCmd, list: listCmd, remove: removeCmd },
});
