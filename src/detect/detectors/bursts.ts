// Burst deletes and mass rewrites, from the per-call change counts of the checkpoints.
import type { Alert, Detector } from '../types.js';

export const burstDelete: Detector = {
  id: 'burst-delete',
  severity: 'high',
  defaultMode: 'alert',
  summary: 'One call deleted or rewrote many files',
  on: ['PostToolUse', 'PostToolUseFailure'],
  observe(obs) {
    const c = obs.changes;
    if (!c) return [];
    const out: Alert[] = [];
    const share = c.total ? c.deleted / c.total : 0;
    if (c.deleted >= 25 || (c.deleted >= 5 && share >= 0.3)) {
      out.push({ detector: this.id, severity: 'high', message: `One ${obs.tool ?? 'tool'} call deleted ${c.deleted} file(s)${c.total ? ` (${Math.round(share * 100)}% of the project)` : ''}; \`gatehouse undo\` can bring them back`, evidence: [`deleted ${c.deleted}`, `modified ${c.modified}`], block: false, key: `burst:${obs.callKey ?? obs.now}` });
    }
    if (c.modified >= 100) {
      out.push({ detector: 'mass-rewrite', severity: 'medium', message: `One ${obs.tool ?? 'tool'} call rewrote ${c.modified} files`, evidence: [`modified ${c.modified}`], block: false, key: `rewrite:${obs.callKey ?? obs.now}` });
    }
    return out;
  },
  examples: [
    { title: 'rm -rf src', steps: [{ event: 'PostToolUse', tool: 'Bash', actions: [], changes: { deleted: 140, modified: 0, added: 0, total: 300 } }], expect: 'alert' },
    { title: 'a refactor touching 12 files', steps: [{ event: 'PostToolUse', tool: 'Bash', actions: [], changes: { deleted: 2, modified: 12, added: 3, total: 300 } }], expect: 'none' },
  ],
};
