// The hook's side of anomaly detection: gather the facts for one event (fingerprints of the
// configuration files, canaries, a key for the call), run the detectors over the session's state
// under its lock, and send the alerts where people look. Detection problems never block a call by
// themselves; they are noted in the audit record.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Action } from '../actions/types.js';
import { describeError } from '../errors.js';
import type { HookContext } from '../hook/run.js';
import { fnv1a } from '../policy/load.js';
import { runDetectors } from './run.js';
import { dispatchExternal, recordAlerts, SEVERITY_ORDER, type AlertEntry } from './sinks.js';
import { loadBaseline, saveBaseline, updateSession } from './store.js';
import type { Alert, Observation } from './types.js';
import { installDir } from '../env/locations.js';

export interface DetectOutcome {
  alerts: Alert[];
  blocking: Alert[];
}

const NONE: DetectOutcome = { alerts: [], blocking: [] };

/** mtime:size of the files that configure the agent and its guard. */
export function configFingerprint(projectDir: string, home: string): Record<string, string> {
  const files: Record<string, string> = {
    '.claude/settings.json': join(projectDir, '.claude', 'settings.json'),
    '.claude/settings.local.json': join(projectDir, '.claude', 'settings.local.json'),
    '~/.claude/settings.json': join(home, '.claude', 'settings.json'),
    '.mcp.json': join(projectDir, '.mcp.json'),
    '.gatehouse/policy.yaml': join(projectDir, '.gatehouse', 'policy.yaml'),
    '.claudeignore': join(projectDir, '.claudeignore'),
    'managed-settings.json': '/etc/claude-code/managed-settings.json',
  };
  const out: Record<string, string> = {};
  for (const [name, file] of Object.entries(files)) {
    const st = statSync(file, { throwIfNoEntry: false });
    out[name] = st ? `${Math.floor(st.mtimeMs)}:${st.size}` : '-';
  }
  return out;
}

export interface Canaries {
  paths: string[];
  token?: string;
}

export function canaryFile(stateDir: string): string {
  return join(stateDir, 'canaries.json');
}

export function readCanaries(stateDir: string): Canaries {
  if (!statSync(canaryFile(stateDir), { throwIfNoEntry: false })) return { paths: [] };
  try {
    const c = JSON.parse(readFileSync(canaryFile(stateDir), 'utf8')) as Canaries;
    return { paths: Array.isArray(c.paths) ? c.paths : [], ...(typeof c.token === 'string' ? { token: c.token } : {}) };
  } catch {
    return { paths: [] };
  }
}

export function callKey(tool: string | undefined, input: unknown): string {
  return fnv1a(`${tool ?? ''}\u0000${JSON.stringify(input ?? null)}`);
}

const CONFIG_EVENTS = new Set(['SessionStart', 'PreToolUse', 'ConfigChange']);

export function detectEvent(ctx: HookContext, facts: { actions?: readonly Action[]; verdict?: Observation['verdict']; output?: Observation['output']; changes?: Observation['changes'] }): DetectOutcome {
  const { input, engine } = ctx;
  const event = input.hook_event_name;
  // Only for measuring what detection costs (the agent cannot set the hook's environment).
  if (ctx.runtime.env.GATEHOUSE_DETECT === '0') return NONE;
  try {
    const canaries = readCanaries(engine.stateDir);
    const obs: Observation = {
      event,
      now: engine.now,
      session: input.session_id,
      ...(input.tool_name ? { tool: input.tool_name, callKey: callKey(input.tool_name, input.tool_input) } : {}),
      actions: facts.actions ?? [],
      ...(facts.verdict ? { verdict: facts.verdict } : {}),
      ...(facts.output ? { output: facts.output } : {}),
      ...(facts.changes ? { changes: facts.changes } : {}),
      ...(CONFIG_EVENTS.has(event) ? { config: configFingerprint(engine.projectDir, engine.home) } : {}),
      ...(canaries.paths.length ? { canaries: canaries.paths } : {}),
    };
    let policy;
    try {
      policy = ctx.policy().data;
    } catch {
      policy = undefined; // an invalid policy already refused the call; detect with defaults
    }
    const baseline = { ...loadBaseline(engine.stateDir, engine.projectDir, engine.now), ...(policy?.baseline === 'enforce' ? { mode: 'enforce' as const } : {}) };
    const dctx = { projectDir: engine.projectDir, home: engine.home, allowedDirs: policy?.allowedDirs ?? [], stateDir: engine.stateDir };
    const result = updateSession(engine.stateDir, input.session_id, engine.now, (state) => {
      const r = runDetectors(obs, state, baseline, dctx, policy?.detect ?? {});
      return { state: r.state, result: r };
    });
    if (baseline.mode === 'learn' && result.alerts.some((a) => a.detector === 'first-seen')) saveBaseline(engine.stateDir, engine.projectDir, result.baseline);
    // A canary token seen in a tool result means a decoy was read by some route we did not see.
    if (canaries.token && event === 'PostToolUse' && JSON.stringify(input.tool_response ?? '').includes(canaries.token)) {
      result.alerts.push({ detector: 'canary-access', severity: 'critical', message: 'A canary token appeared in a tool result: a decoy was read', evidence: [`tool ${input.tool_name ?? '?'}`], block: false, key: `canary-token:${engine.now}` });
    }
    if (!result.alerts.length && !result.blocking.length) return NONE;
    const entries: AlertEntry[] = result.alerts.map((a) => ({ ...a, ts: new Date(engine.now).toISOString(), session: input.session_id, project: engine.projectDir, event, ...(input.tool_use_id ? { tool_use_id: input.tool_use_id } : {}) }));
    recordAlerts(engine.stateDir, entries);
    ctx.record.alerts = result.alerts.map((a) => ({ detector: a.detector, severity: a.severity, message: a.message, block: a.block }));
    if (policy) dispatchExternal(engine.stateDir, policy.alerts, entries, installDir());
    return { alerts: result.alerts, blocking: result.blocking };
  } catch (e) {
    ctx.record.extra = { ...ctx.record.extra, detect_error: describeError(e) };
    return NONE;
  }
}

/** The user-facing line for alerts worth interrupting someone for (medium and above). */
export function alertNote(alerts: readonly Alert[]): string | undefined {
  const shown = alerts.filter((a) => SEVERITY_ORDER[a.severity] >= SEVERITY_ORDER.medium);
  if (!shown.length) return undefined;
  return `gatehouse alert: ${shown.map((a) => `[${a.severity}] ${a.message}`).join(' · ')} (details: gatehouse alerts)`;
}

/** The model-facing refusal when a blocking detector fires. */
export function explainBlocking(alerts: readonly Alert[]): string {
  const lines = ['gatehouse blocked this call.'];
  for (const a of alerts) {
    lines.push(`- [detect/${a.detector}] ${a.message}`);
    for (const e of a.evidence.slice(0, 4)) lines.push(`  ${e}`);
  }
  lines.push('Do not try to reach the same result another way; tell the user what was blocked and why.');
  return lines.join('\n');
}
