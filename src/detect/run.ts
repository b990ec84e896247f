// Runs every detector over one observation. Pure: state and baseline are copied, updated and
// returned. Alerts repeat at most once per dedupe window; a blocking detector still blocks.
import { fnv1a } from '../policy/load.js';
import { canary } from './detectors/canary.js';
import { burstDelete } from './detectors/bursts.js';
import { configDrift, untrustedOutput } from './detectors/drift.js';
import { firstSeen } from './detectors/first-seen.js';
import { outsideProject } from './detectors/outside-project.js';
import { probing, runaway } from './detectors/runaway.js';
import { trifecta } from './detectors/trifecta.js';
import type { Alert, Baseline, Detector, DetectorContext, DetectorMode, Observation, SessionState } from './types.js';

export const DETECTORS: readonly Detector[] = [canary, trifecta, outsideProject, burstDelete, runaway, probing, firstSeen, configDrift, untrustedOutput];

const DEDUPE_MS = 10 * 60 * 1000;
const RECENT = 200;

export interface DetectResult {
  state: SessionState;
  baseline: Baseline;
  /** Alerts raised now (after dedupe). */
  alerts: Alert[];
  /** Alerts that refuse the current call (blocking detectors; never deduplicated away). */
  blocking: Alert[];
}

export function runDetectors(
  obs: Observation,
  prior: SessionState,
  priorBaseline: Baseline,
  ctx: Omit<DetectorContext, 'mode'>,
  modes: Readonly<Record<string, DetectorMode>> = {},
): DetectResult {
  const state = structuredClone(prior);
  const baseline = structuredClone(priorBaseline);
  if (obs.event === 'PreToolUse') {
    state.calls++;
    state.recent = [...state.recent.slice(-(RECENT - 1)), obs.now];
    if (obs.verdict === 'deny') state.denials = [...state.denials.filter((t) => obs.now - t <= 3600_000).slice(-99), obs.now];
  }
  if (obs.event === 'PostToolUseFailure' && obs.callKey) {
    state.failing = state.failing?.key === obs.callKey ? { key: obs.callKey, count: state.failing.count + 1 } : { key: obs.callKey, count: 1 };
  } else if (obs.event === 'PostToolUse') {
    delete state.failing;
  }
  const alerts: Alert[] = [];
  const blocking: Alert[] = [];
  for (const d of DETECTORS) {
    const mode = modes[d.id] ?? d.defaultMode;
    if (mode === 'off' || !d.on.includes(obs.event)) continue;
    for (const a of d.observe(obs, state, baseline, { ...ctx, mode })) {
      const alert = { ...a, block: a.block && mode === 'block' && obs.event === 'PreToolUse' };
      if (alert.block) blocking.push(alert);
      // Keys can hold URLs or paths; only a hash of them is kept in the state file.
      const key = fnv1a(alert.key);
      const last = state.raised[key];
      if (last !== undefined && obs.now - last < DEDUPE_MS) continue;
      state.raised[key] = obs.now;
      alerts.push(alert);
    }
  }
  // Keep the dedupe table small.
  const keys = Object.keys(state.raised);
  if (keys.length > 500) for (const k of keys.sort((a, b) => state.raised[a]! - state.raised[b]!).slice(0, keys.length - 500)) delete state.raised[k];
  return { state, baseline, alerts, blocking };
}
