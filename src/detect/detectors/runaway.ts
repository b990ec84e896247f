// Runaway loops: call velocity above a threshold, and the same failing call again and again.
import type { Alert, Detector } from '../types.js';

const PER_MINUTE = 90;
const REPEATS = 5;

export const runaway: Detector = {
  id: 'runaway-loop',
  severity: 'medium',
  defaultMode: 'alert',
  summary: 'Tool calls faster than a person could follow, or the same failing call repeated',
  on: ['PreToolUse', 'PostToolUseFailure'],
  observe(obs, state) {
    const out: Alert[] = [];
    if (obs.event === 'PreToolUse') {
      const lastMinute = state.recent.filter((t) => obs.now - t <= 60_000).length;
      if (lastMinute > PER_MINUTE) out.push({ detector: this.id, severity: 'medium', message: `${lastMinute} tool calls in the last minute`, evidence: [`calls this session: ${state.calls}`], block: false, key: 'velocity' });
    }
    if (obs.event === 'PostToolUseFailure' && state.failing && state.failing.count >= REPEATS) {
      out.push({ detector: this.id, severity: 'medium', message: `The same ${obs.tool ?? 'tool'} call failed ${state.failing.count} times in a row`, evidence: [`call ${state.failing.key}`], block: false, key: `failing:${state.failing.key}` });
    }
    return out;
  },
  examples: [
    { title: 'five identical failures', steps: Array.from({ length: 5 }, () => ({ event: 'PostToolUseFailure', tool: 'Bash', callKey: 'k1', actions: [] })), expect: 'alert' },
    { title: 'failures of different calls', steps: ['a', 'b', 'c', 'd', 'e'].map((k) => ({ event: 'PostToolUseFailure', tool: 'Bash', callKey: k, actions: [] })), expect: 'none' },
  ],
};

export const probing: Detector = {
  id: 'denial-spike',
  severity: 'high',
  defaultMode: 'alert',
  summary: 'Many refused calls in a short time: the agent may be probing for a way around',
  on: ['PreToolUse'],
  observe(obs, state) {
    const recent = state.denials.filter((t) => obs.now - t <= 10 * 60_000).length;
    if (obs.verdict === 'deny' && recent >= 6) {
      return [{ detector: this.id, severity: 'high', message: `${recent} calls refused in the last 10 minutes`, evidence: ['refused calls are in `gatehouse audit query --verdict deny`'], block: false, key: 'probing' }];
    }
    return [];
  },
  examples: [
    { title: 'six refusals in a row', steps: Array.from({ length: 6 }, () => ({ event: 'PreToolUse', verdict: 'deny' as const, actions: [] })), expect: 'alert' },
    { title: 'two refusals among ordinary calls', steps: [{ event: 'PreToolUse', verdict: 'deny', actions: [] }, { event: 'PreToolUse', verdict: 'none', actions: [] }, { event: 'PreToolUse', verdict: 'deny', actions: [] }], expect: 'none' },
  ],
};
