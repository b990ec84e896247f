// `gatehouse verify` as a function: independent checks in parallel, each with its own timeout,
// then diff classification (new vs pre-existing) and one status per check. Any crash, timeout
// or unreadable output is a failed check with its reason, never a pass.
import { resolve } from 'node:path';
import { describeError, GatehouseError } from '../errors.js';
import { changeSet, touches, type ChangeSet } from './diff.js';
import { filesInScope } from './files.js';
import { DEFAULT_TIMEOUTS, loadConfig, type VerifyConfig } from './config.js';
import { makeReader, makeTicker, type Check, type CheckOutcome } from './checks/context.js';
import { lintCheck } from './checks/lint.js';
import { testCheck } from './checks/test-runner.js';
import { securityCheck } from './checks/security.js';
import { docsCheck, DOC_RULES } from './checks/docs.js';
import { criticalCheck, CRITICAL_RULES } from './checks/critical.js';
import { SECURITY_RULE_META } from './security/index.js';
import type { CheckName, CheckResult, Finding, VerifyReport } from './types.js';

export const CHECKS: Record<CheckName, Check> = {
  lint: lintCheck,
  test: testCheck,
  security: securityCheck,
  docs: docsCheck,
  critical: criticalCheck,
};

export const ALL_RULE_IDS: ReadonlySet<string> = new Set([...SECURITY_RULE_META, ...DOC_RULES, ...CRITICAL_RULES].map((r) => r.id));

export interface VerifyOptions {
  project: string;
  base?: string;
  checks: CheckName[];
  /** The user named the checks (a check with nothing to run then fails instead of skipping). */
  explicit?: boolean;
  env?: NodeJS.ProcessEnv;
  config?: VerifyConfig;
  /** Override every check's timeout (ms), e.g. the Stop gate's budget. */
  timeoutMs?: number;
  /** Replace checks (tests inject a crashing one). */
  checkImpls?: Partial<Record<CheckName, Check>>;
}

const CREDENTIAL_ENV = /TOKEN|SECRET|PASSW(OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|_PAT$|^ACTIONS_(ID_TOKEN|RUNTIME)|^GH_|^GITHUB_TOKEN$/i;

/** The environment tools run with: credentials removed (GATEHOUSE_VERIFY_KEEP_ENV lists exceptions). */
export function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = new Set((env.GATEHOUSE_VERIFY_KEEP_ENV ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!CREDENTIAL_ENV.test(k) || keep.has(k)) out[k] = v;
  return out;
}

/** Marks each finding new (on a changed line) or pre-existing. Pure. */
export function classify(findings: Finding[], change: ChangeSet | undefined): Finding[] {
  return findings.map((f) => {
    let isNew: boolean;
    if (!change || f.check === 'test') isNew = true;
    else if (f.check === 'critical') isNew = f.file !== undefined && change.files.has(f.file);
    else isNew = touches(change, f.file, f.line, f.endLine);
    return { ...f, isNew };
  });
}

export function statusOf(o: CheckOutcome, findings: Finding[]): Pick<CheckResult, 'status' | 'reason'> {
  if (o.failure) return { status: 'fail', reason: o.failure };
  if (o.skipped) return { status: 'skipped', reason: o.skipped };
  const blocking = findings.filter((f) => f.isNew && f.level === 'error').length;
  return blocking ? { status: 'fail', reason: `${blocking} new error finding(s)` } : { status: 'pass' };
}

async function runOne(name: CheckName, check: Check, base: Omit<Parameters<Check>[0], 'timeoutMs' | 'explicit' | 'tick'>, timeoutMs: number, explicit: boolean, change: ChangeSet | undefined): Promise<CheckResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let outcome: CheckOutcome;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new GatehouseError({ code: 'verify/timeout', message: `${name} timed out` })), timeoutMs + 2_000);
    });
    const ctx = { ...base, timeoutMs, explicit, tick: makeTicker(started + timeoutMs, name) };
    outcome = await Promise.race([check(ctx), timeout]);
  } catch (e) {
    const timedOut = e instanceof GatehouseError && e.code === 'verify/timeout';
    outcome = {
      findings: [],
      tools: [],
      failure: timedOut ? `${name} timed out after ${Math.round(timeoutMs / 1000)} s` : `${name} crashed: ${describeError(e)}`,
    };
  } finally {
    clearTimeout(timer);
  }
  const findings = classify(outcome.findings, change);
  return {
    check: name,
    ...statusOf(outcome, findings),
    durationMs: Date.now() - started,
    findings,
    tools: outcome.tools,
    ...(outcome.tests ? { tests: outcome.tests } : {}),
    ...(outcome.ran?.length ? { ran: outcome.ran } : {}),
  };
}

export async function runVerify(opts: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const project = resolve(opts.project);
  const config = opts.config ?? loadConfig(project);
  const change = opts.base ? await changeSet(project, opts.base) : undefined;
  const { files, tooLarge } = await filesInScope(project, change);
  const base = {
    project,
    ...(change ? { change } : {}),
    files,
    tooLarge,
    config,
    env: toolEnv(opts.env ?? process.env),
    knownRuleIds: ALL_RULE_IDS,
    readText: makeReader(project),
  };
  const impls = { ...CHECKS, ...opts.checkImpls };
  const checks = await Promise.all(
    opts.checks.map((name) =>
      runOne(name, impls[name], base, opts.timeoutMs ?? (config.timeouts[name] ?? DEFAULT_TIMEOUTS[name]) * 1000, opts.explicit ?? false, change),
    ),
  );
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    project,
    ...(opts.base ? { base: opts.base } : {}),
    ...(change ? { changedFiles: [...change.files.keys()].sort() } : {}),
    checks,
    durationMs: Date.now() - started,
  };
}
