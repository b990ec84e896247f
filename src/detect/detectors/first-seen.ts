// First-seen network domains, git remotes and MCP servers and tools per project: learned in
// `learn` mode (an informational alert the first time), refused when new in `enforce` mode.
import type { Alert, Baseline, Detector } from '../types.js';
import { LOCAL_HOST } from './util.js';

function note(list: string[], item: string): boolean {
  if (list.includes(item)) return false;
  if (list.length < 5000) list.push(item);
  return true;
}

export const firstSeen: Detector = {
  id: 'first-seen',
  severity: 'info',
  defaultMode: 'alert',
  summary: 'A network domain, git remote, MCP server or MCP tool this project has not used before',
  on: ['PreToolUse'],
  observe(obs, _state, baseline: Baseline) {
    if (obs.verdict === 'deny') return [];
    const items: [keyof Omit<Baseline, 'v' | 'mode' | 'since'>, string, string][] = [];
    for (const a of obs.actions) {
      if (a.kind === 'network' && a.host && !LOCAL_HOST.test(a.host) && !a.host.includes('*')) items.push(['domains', a.host, 'network domain']);
      if (a.kind === 'git' && (a.op === 'push' || a.op === 'fetch' || a.op === 'pull' || a.op === 'clone') && a.remote) items.push(['remotes', a.remote, 'git remote']);
      if (a.kind === 'tool' && a.mcp) {
        items.push(['mcpServers', a.mcp.server, 'MCP server']);
        items.push(['mcpTools', a.name, 'MCP tool']);
      }
    }
    const out: Alert[] = [];
    for (const [list, item, what] of items) {
      const enforce = baseline.mode === 'enforce';
      const fresh = enforce ? !baseline[list].includes(item) : note(baseline[list], item);
      if (fresh) out.push({ detector: this.id, severity: enforce ? 'medium' : 'info', message: `First use of ${what} ${item} in this project${enforce ? ' (not in the learned baseline)' : ''}`, evidence: [`${what}: ${item}`], block: enforce, key: `first:${list}:${item}` });
    }
    return out;
  },
  examples: [
    { title: 'a new domain', steps: [{ event: 'PreToolUse', actions: [{ kind: 'network', host: 'registry.example.org', direction: 'fetch', via: { tool: 'Bash' } }] }], expect: 'alert' },
    { title: 'the same domain again', steps: [{ event: 'PreToolUse', actions: [{ kind: 'network', host: 'a.example.org', direction: 'fetch', via: { tool: 'Bash' } }] }, { event: 'PreToolUse', actions: [{ kind: 'network', host: 'a.example.org', direction: 'fetch', via: { tool: 'Bash' } }] }], expect: 'none' },
  ],
};
