// Canary files: planted decoys whose any access is an alert, and refused.
import { isWithin } from '../../actions/paths.js';
import type { Alert, Detector } from '../types.js';
import { isPath } from './util.js';

export const canary: Detector = {
  id: 'canary-access',
  severity: 'critical',
  defaultMode: 'block',
  summary: 'Touches a planted canary file',
  on: ['PreToolUse'],
  observe(obs) {
    const out: Alert[] = [];
    for (const a of obs.actions) {
      if (!isPath(a)) continue;
      const hit = (obs.canaries ?? []).find((c) => isWithin(c, a.path) || isWithin(a.path, c) && a.recursive === true || (a.literal !== undefined && isWithin(c, a.literal)));
      if (hit) out.push({ detector: this.id, severity: 'critical', message: `Canary file accessed: ${hit}`, evidence: [`${a.kind} ${a.path}`, `via ${a.via.tool}${a.via.text ? `: ${a.via.text}` : ''}`], block: true, key: `canary:${hit}` });
    }
    return out;
  },
  examples: [
    { title: 'reads the planted key', steps: [{ event: 'PreToolUse', canaries: ['/home/u/.aws/credentials.bak'], actions: [{ kind: 'read', path: '/home/u/.aws/credentials.bak', raw: '~/.aws/credentials.bak', via: { tool: 'Bash' } }] }], expect: 'block' },
    { title: 'ordinary read', steps: [{ event: 'PreToolUse', canaries: ['/home/u/.aws/credentials.bak'], actions: [{ kind: 'read', path: '/home/u/project/a.ts', raw: 'a.ts', via: { tool: 'Read' } }] }], expect: 'none' },
  ],
};
