// Access outside the project root and the allowed directories.
import { dirname } from 'node:path';
import { isWithin } from '../../actions/paths.js';
import type { Alert, Detector } from '../types.js';
import { inScope, isPath } from './util.js';

export const outsideProject: Detector = {
  id: 'outside-project',
  severity: 'medium',
  defaultMode: 'alert',
  summary: 'Writes outside the project, or reads elsewhere in the home directory',
  on: ['PreToolUse'],
  observe(obs, _state, _baseline, ctx) {
    const out: Alert[] = [];
    if (obs.verdict === 'deny') return out; // refused: nothing happened outside
    for (const a of obs.actions) {
      if (!isPath(a) || a.kind === 'meta' || inScope(a.path, ctx)) continue;
      const writes = a.kind === 'write' || a.kind === 'delete';
      // Reads of system files (/usr, /etc) are ordinary tool behaviour; reads in other people's
      // or other projects' files under home are not.
      if (!writes && !isWithin(ctx.home, a.path)) continue;
      out.push({
        detector: this.id,
        severity: writes ? 'medium' : 'low',
        message: `${writes ? 'Changes' : 'Reads'} files outside the project: ${a.path}`,
        evidence: [`${a.kind} ${a.path}`, `project ${ctx.projectDir}`],
        block: false,
        key: `outside:${a.kind}:${dirname(a.path)}`,
      });
    }
    return out;
  },
  examples: [
    { title: 'writes into another project', steps: [{ event: 'PreToolUse', actions: [{ kind: 'write', path: '/home/u/other/src/a.ts', raw: '../other/src/a.ts', via: { tool: 'Write' } }] }], expect: 'alert' },
    { title: 'reads the project and /usr/include', steps: [{ event: 'PreToolUse', actions: [{ kind: 'read', path: '/home/u/project/src/a.ts', raw: 'src/a.ts', via: { tool: 'Read' } }, { kind: 'read', path: '/usr/include/stdio.h', raw: '/usr/include/stdio.h', via: { tool: 'Read' } }] }], expect: 'none' },
  ],
};
