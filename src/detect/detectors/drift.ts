// Guard tampering and configuration drift: the files that configure the agent and its guard
// (settings, .mcp.json, hooks, policy, ignore file) changed during the session.
import type { Alert, Detector } from '../types.js';

export const configDrift: Detector = {
  id: 'config-drift',
  severity: 'high',
  defaultMode: 'alert',
  summary: 'Agent or guard configuration changed during the session',
  on: ['SessionStart', 'PreToolUse', 'ConfigChange'],
  observe(obs, state) {
    if (obs.event === 'SessionStart' || !state.config) {
      if (obs.config) state.config = { ...obs.config };
      return [];
    }
    const out: Alert[] = [];
    if (obs.event === 'ConfigChange') {
      out.push({ detector: this.id, severity: 'high', message: 'Claude Code reported a configuration change during the session', evidence: Object.keys(obs.config ?? {}).slice(0, 5), block: false, key: `configchange:${obs.now}` });
    }
    if (obs.config) {
      const changed = [...new Set([...Object.keys(obs.config), ...Object.keys(state.config)])].filter((f) => obs.config![f] !== state.config![f]);
      if (changed.length) {
        out.push({ detector: this.id, severity: 'high', message: `Configuration changed mid-session: ${changed.join(', ')}`, evidence: changed.map((f) => `${f}: ${state.config![f] ?? 'absent'} → ${obs.config![f] ?? 'absent'}`), block: false, key: `drift:${changed.join(',')}:${changed.map((f) => obs.config![f]).join(',')}` });
        state.config = { ...obs.config };
      }
    }
    return out;
  },
  examples: [
    { title: 'settings rewritten', steps: [{ event: 'SessionStart', config: { '.claude/settings.json': '1:10' }, actions: [] }, { event: 'PreToolUse', config: { '.claude/settings.json': '2:30' }, actions: [] }], expect: 'alert' },
    { title: 'nothing changed', steps: [{ event: 'SessionStart', config: { '.claude/settings.json': '1:10' }, actions: [] }, { event: 'PreToolUse', config: { '.claude/settings.json': '1:10' }, actions: [] }], expect: 'none' },
  ],
};

export const untrustedOutput: Detector = {
  id: 'injection-in-result',
  severity: 'medium',
  defaultMode: 'alert',
  summary: 'A tool result carries prompt-injection markers, invisible characters or terminal escapes',
  on: ['PostToolUse'],
  observe(obs) {
    const found = obs.output?.injection ?? [];
    if (!found.length) return [];
    return [{ detector: this.id, severity: 'medium', message: `The ${obs.tool ?? 'tool'} result contains ${found.join(', ')}; the model was told to treat it as data`, evidence: found, block: false, key: `inject:${obs.callKey ?? obs.now}` }];
  },
  examples: [
    { title: 'hidden instructions in a fetched page', steps: [{ event: 'PostToolUse', tool: 'WebFetch', actions: [], output: { secrets: 0, injection: ['instruction override ("ignore previous instructions")'] } }], expect: 'alert' },
    { title: 'a clean result', steps: [{ event: 'PostToolUse', tool: 'Read', actions: [], output: { secrets: 0, injection: [] } }], expect: 'none' },
  ],
};
