// The hook as one short pipeline: read → validate → context → handle → record → answer, with one
// error boundary that turns any failure into a fail-closed answer naming the cause.
import type { DecisionRecord } from '../audit/record.js';
import { RECORD_SCHEMA_VERSION } from '../audit/record.js';
import { captureEvent } from '../audit/capture.js';
import { redactValue } from '../audit/redact.js';
import { describeError, GatehouseError } from '../errors.js';
import { homeDir, installDir, projectDir, stateDir } from '../env/locations.js';
import { VERSION } from '../version.js';
import { preparePolicy, type EngineContext, type LoadedPolicy } from '../policy/engine.js';
import { loadPolicyData, type CompilerLoader } from '../policy/load.js';
import type { PolicyData } from '../policy/data.js';
import { handlers } from './handlers.js';
import { decodeEvent } from './read-input.js';
import { BLOCKING_EVENTS, validateHookInput, type HookInput } from './event.js';
import { failClosed, SILENT, type HookAnswer } from './output.js';

export interface HookRuntime {
  env: Readonly<Record<string, string | undefined>>;
  now(): number;
  /** Loads the policy compiler (YAML); called only when the compiled-policy cache misses. */
  loadCompiler: CompilerLoader;
  /** Where finished records go (the audit log). A throw here fails closed on blocking events. */
  record?(rec: DecisionRecord): void;
}

export interface HookContext {
  input: HookInput;
  engine: EngineContext;
  runtime: HookRuntime;
  /** The record under construction; handlers fill verdict, rules, hits, actions, reason. */
  record: DecisionRecord;
  /** The policy in force, loaded on first use (throws policy/invalid: the caller fails closed). */
  policy(): LoadedPolicy;
}

export function engineContext(input: HookInput, runtime: HookRuntime, now: number): EngineContext {
  const env = runtime.env;
  const home = homeDir(env);
  const known: Record<string, string> = {};
  for (const k of ['HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'PATH']) if (env[k]) known[k] = env[k]!;
  return {
    cwd: input.cwd,
    home,
    projectDir: projectDir(env, input.cwd),
    stateDir: stateDir(env),
    installDir: installDir(),
    env: known,
    now,
  };
}

/** A random RFC 4122 v4 id. Math.random is enough for an id (it is not a secret) and spares every
 * hook call the ~2 ms that loading node:crypto costs. */
export function decisionId(): string {
  const h = (n: number) => Math.floor(Math.random() * 16 ** n).toString(16).padStart(n, '0');
  return `${h(8)}-${h(4)}-4${h(3)}-${((Math.random() * 4) | 8).toString(16)}${h(3)}-${h(6)}${h(6)}`;
}

function newRecord(now: number): DecisionRecord {
  return {
    v: RECORD_SCHEMA_VERSION,
    decision_id: decisionId(),
    ts: new Date(now).toISOString(),
    event: 'unknown',
    session_id: 'unknown',
    cwd: '',
    verdict: 'none',
    decision: 'accept',
    source: 'hook',
    rules: [],
    duration_ms: 0,
    policy_revision: 'builtin',
    gatehouse_version: VERSION,
  };
}

function fillRecord(rec: DecisionRecord, input: HookInput, env: HookRuntime['env']): void {
  rec.event = input.hook_event_name;
  rec.session_id = input.session_id;
  rec.cwd = input.cwd;
  for (const k of ['prompt_id', 'tool_use_id', 'tool_name', 'permission_mode', 'agent_id', 'agent_type'] as const) {
    if (typeof input[k] === 'string') rec[k] = input[k] as string;
  }
  if (input.mcp_server) rec.mcp_server = input.mcp_server;
  if (input.tool_input) {
    const r = redactValue(input.tool_input, 'tool_input');
    rec.input = r.value;
    if (r.findings.length) rec.redacted = r.findings;
  }
  const { redacted, ...captured } = captureEvent(input, env);
  Object.assign(rec, captured);
  if (redacted) rec.redacted = [...(rec.redacted ?? []), ...redacted];
}

function eventNameOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const name = (raw as Record<string, unknown>).hook_event_name;
    if (typeof name === 'string' && name) return name;
  }
  return undefined;
}

/** Did this answer refuse something? */
export function isRefusal(a: HookAnswer): boolean {
  return a.exitCode === 2 || /"permissionDecision":"deny"|"behavior":"deny"|"decision":"block"/.test(a.stdout);
}

/** Runs one event. Never throws: every failure becomes an answer. */
export async function runHook(bytes: Buffer, runtime: HookRuntime): Promise<HookAnswer> {
  const started = runtime.now();
  const rec = newRecord(started);
  let event: string | undefined;
  let answer: HookAnswer;
  let policyData: PolicyData | undefined;
  try {
    const raw = decodeEvent(bytes);
    event = eventNameOf(raw);
    if (event) rec.event = event;
    const input = validateHookInput(raw);
    fillRecord(rec, input, runtime.env);
    const engine = engineContext(input, runtime, started);
    let loaded: LoadedPolicy | undefined;
    const ctx: HookContext = {
      input,
      engine,
      runtime,
      record: rec,
      policy() {
        if (!loaded) {
          const data = loadPolicyData({ projectDir: engine.projectDir, stateDir: engine.stateDir, env: runtime.env }, runtime.loadCompiler);
          rec.policy_revision = data.revision;
          policyData = data;
          loaded = preparePolicy(data, engine);
        }
        return loaded;
      },
    };
    const handler = handlers[input.hook_event_name];
    answer = handler ? await handler(ctx) : SILENT;
  } catch (e) {
    const problem = e instanceof GatehouseError ? e.message : `internal error (${describeError(e)})`;
    answer = failClosed(event, problem);
    rec.verdict = 'error';
    rec.error = { code: e instanceof GatehouseError ? e.code : 'gatehouse/internal', message: problem };
  }
  rec.decision = isRefusal(answer) ? 'reject' : 'accept';
  rec.duration_ms = Math.max(0, runtime.now() - started);
  if (runtime.record) {
    try {
      runtime.record(rec);
    } catch (e) {
      // No record, no permission: on events that can refuse, a failed audit write refuses —
      // unless the policy chose `audit.onWriteFailure: continue` (a loosening, so only from a
      // user, managed or trusted policy).
      if (event && BLOCKING_EVENTS.has(event) && !isRefusal(answer)) {
        if (policyData?.audit.onWriteFailure === 'continue') {
          answer = { ...answer, stderr: `${answer.stderr}gatehouse: warning: the audit log could not be written (${describeError(e)}); continuing as the policy allows\n` };
        } else {
          answer = failClosed(event, `the audit log could not be written (${describeError(e)})`);
        }
      }
    }
  }
  return answer;
}
