// Anomaly detection over the event stream. Detectors are pure: an observation (what the hook just
// saw, facts resolved at the edge) and the session's compact state in, alerts and the new state
// out. The hook keeps the state in a small file per session, so the cost does not grow with the
// length of the session.
import type { Action } from '../actions/types.js';
import type { Verdict } from '../policy/types.js';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type DetectorMode = 'alert' | 'block' | 'off';

export interface Observation {
  event: string;
  now: number;
  session: string;
  tool?: string;
  /** Hash of tool + input: identical calls share it. */
  callKey?: string;
  /** Actions of a PreToolUse (or the call a PostToolUse reports on). */
  actions: readonly Action[];
  /** gatehouse's verdict for a PreToolUse. */
  verdict?: Verdict;
  /** PostToolUse: secrets redacted from the result, and injection markers found in it. */
  output?: { secrets: number; injection: string[] };
  /** PostToolUse: files the call deleted and rewrote (from checkpoints), and files tracked. */
  changes?: { deleted: number; modified: number; added: number; total?: number };
  /** Fingerprints (mtime:size) of the files that configure the agent and its guard. */
  config?: Record<string, string>;
  /** Planted canary files. */
  canaries?: readonly string[];
}

export interface SessionState {
  v: 1;
  session: string;
  started: number;
  calls: number;
  /** Times of the most recent calls (bounded), for velocity. */
  recent: number[];
  /** The last failing call's key and how many times in a row it failed. */
  failing?: { key: string; count: number };
  /** Recent refusals (times), for probing. */
  denials: number[];
  trifecta: { untrusted?: { at: number; source: string }; sensitive?: { at: number; what: string } };
  config?: Record<string, string>;
  /** Alert dedupe: key → last time raised. */
  raised: Record<string, number>;
}

export interface Baseline {
  v: 1;
  /** `learn`: first-seen items are alerts; `enforce`: they are refused. */
  mode: 'learn' | 'enforce';
  since: number;
  domains: string[];
  remotes: string[];
  mcpServers: string[];
  mcpTools: string[];
}

export interface Alert {
  detector: string;
  severity: Severity;
  message: string;
  evidence: string[];
  /** Refuse the current call (only meaningful on PreToolUse). */
  block: boolean;
  /** Alerts with the same key are raised once per dedupe window. */
  key: string;
}

export interface DetectorContext {
  projectDir: string;
  home: string;
  allowedDirs: readonly string[];
  stateDir: string;
  mode: DetectorMode;
}

export interface DetectorExample {
  title: string;
  /** Observations in order (only the fields that matter; `now` is filled in by the runner). */
  steps: Partial<Observation>[];
  /** Detector alerts expected on the last step (empty = none). */
  expect: 'alert' | 'block' | 'none';
}

export interface Detector {
  id: string;
  severity: Severity;
  defaultMode: DetectorMode;
  summary: string;
  /** Events it listens to. */
  on: readonly string[];
  observe(obs: Observation, state: SessionState, baseline: Baseline, ctx: DetectorContext): Alert[];
  examples: DetectorExample[];
}

export function newSessionState(session: string, now: number): SessionState {
  return { v: 1, session, started: now, calls: 0, recent: [], denials: [], trifecta: {}, raised: {} };
}

export function newBaseline(now: number): Baseline {
  return { v: 1, mode: 'learn', since: now, domains: [], remotes: [], mcpServers: [], mcpTools: [] };
}
