// The lethal trifecta within a session: untrusted input, a sensitive read, then data going out.
// The outbound step is refused with the chain that led to it.
import type { Action } from '../../actions/types.js';
import type { Detector, Observation } from '../types.js';
import { inScope, isPath, LOCAL_HOST } from './util.js';

const WINDOW_MS = 60 * 60 * 1000;
const SENSITIVE = /(^|\/)(\.env[^/]*|\.ssh\/.*|\.aws\/.*|\.kube\/.*|\.gnupg\/.*|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials[^/]*|secrets?[^/]*|.*\.(pem|key|p12|pfx))$|^\/proc\/[^/]+\/environ$/;

function untrustedSource(obs: Observation, ctx: Parameters<Detector['observe']>[3]): string | undefined {
  if (obs.tool === 'WebFetch' || obs.tool === 'WebSearch') return obs.tool;
  if (obs.tool?.startsWith('mcp__')) return obs.tool;
  for (const a of obs.actions) {
    if (a.kind === 'network' && a.direction === 'fetch' && a.host && !LOCAL_HOST.test(a.host)) return `download from ${a.host}`;
    if (a.kind === 'read' && a.via.tool === 'Read' && !inScope(a.path, ctx)) return `file outside the repository (${a.path})`;
  }
  return undefined;
}

function sensitiveRead(obs: Observation): string | undefined {
  if (obs.output && obs.output.secrets > 0) return `a tool result that carried ${obs.output.secrets} secret(s)`;
  if (obs.verdict === 'deny') return undefined; // refused: nothing was read
  for (const a of obs.actions) if (isPath(a) && (a.kind === 'read' || a.kind === 'search') && (SENSITIVE.test(a.path) || a.protectedBy)) return a.path;
  return undefined;
}

function outbound(actions: readonly Action[]): string | undefined {
  for (const a of actions) {
    if (a.kind === 'network' && a.direction !== 'fetch' && !(a.host && LOCAL_HOST.test(a.host))) return `${a.direction} ${a.url ?? a.host ?? 'unknown host'}`;
    if (a.kind === 'git' && a.op === 'push') return `git push${a.remote ? ` ${a.remote}` : ''}`;
  }
  return undefined;
}

export const trifecta: Detector = {
  id: 'lethal-trifecta',
  severity: 'high',
  defaultMode: 'block',
  summary: 'Untrusted input and a sensitive read in this session, then data going out',
  on: ['PreToolUse', 'PostToolUse'],
  observe(obs, state, _baseline, ctx) {
    const t = state.trifecta;
    for (const k of ['untrusted', 'sensitive'] as const) if (t[k] && obs.now - t[k]!.at > WINDOW_MS) delete t[k];
    const src = untrustedSource(obs, ctx);
    if (src && obs.verdict !== 'deny') t.untrusted = { at: obs.now, source: src };
    const sens = sensitiveRead(obs);
    if (sens) t.sensitive = { at: obs.now, what: sens };
    // A call the policy already refused needs no second refusal (or a second alert).
    if (obs.event !== 'PreToolUse' || obs.verdict === 'deny') return [];
    const out = outbound(obs.actions);
    if (!out || !t.untrusted || !t.sensitive) return [];
    return [
      {
        detector: this.id,
        severity: 'high',
        message: `Possible exfiltration chain: untrusted input (${t.untrusted.source}), then a sensitive read (${t.sensitive.what}), now ${out}`,
        evidence: [`untrusted input: ${t.untrusted.source}`, `sensitive read: ${t.sensitive.what}`, `outbound: ${out}`],
        block: true,
        key: `trifecta:${out}`,
      },
    ];
  },
  examples: [
    {
      title: 'fetch a page, read the env template that was unprotected, then post',
      steps: [
        { event: 'PreToolUse', tool: 'WebFetch', actions: [{ kind: 'network', host: 'example.com', url: 'https://example.com/issue', direction: 'fetch', via: { tool: 'WebFetch' } }] },
        { event: 'PostToolUse', tool: 'Bash', actions: [], output: { secrets: 1, injection: [] } },
        { event: 'PreToolUse', tool: 'Bash', actions: [{ kind: 'network', host: 'collector.example.net', url: 'https://collector.example.net', direction: 'upload', via: { tool: 'Bash' } }] },
      ],
      expect: 'block',
    },
    {
      title: 'fetch docs, then push (no sensitive read)',
      steps: [
        { event: 'PreToolUse', tool: 'WebFetch', actions: [{ kind: 'network', host: 'docs.python.org', direction: 'fetch', via: { tool: 'WebFetch' } }] },
        { event: 'PreToolUse', tool: 'Bash', actions: [{ kind: 'git', op: 'push', args: [], flags: [], via: { tool: 'Bash' } }] },
      ],
      expect: 'none',
    },
  ],
};
