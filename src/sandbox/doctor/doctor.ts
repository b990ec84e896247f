// `gatehouse doctor`: prove the configured boundary with canaries, then check that gatehouse's
// hooks fire, that the audit log takes records and verifies, and summarise settings lint.
import { existsSync, readFileSync } from 'node:fs';
import { homeDir } from '../../env/locations.js';
import { linuxBwrapBackend } from '../backends/linux-bwrap.js';
import { linuxSrtBackend } from '../backends/linux-srt.js';
import { readSettingsFiles } from '../facts/claude-settings.js';
import { loadSandboxPolicy } from '../policy.js';
import { gatherFacts, type GatherDeps } from '../facts/gather.js';
import type { Facts } from '../facts/types.js';
import { PROFILES } from '../resolve.js';
import type { ProfileName, SandboxBackend } from '../types.js';
import type { AuditModuleLoader } from '../audit-sink.js';
import { claims, claudeBoundary, type Boundary, type Claim } from './boundary.js';
import { CANARIES, parseProbeOutput, type CanaryId } from './canaries.js';
import { checkHooks, type HookCheck } from './hooks.js';
import { auditCheck, lintCheck, type PluginCheck, type SettingsLintLoader } from './plugins.js';
import { judge, plant, runProbes } from './run-canaries.js';

const exists = existsSync;
const readText = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

export type CanaryVerdict = 'protected' | 'NOT PROTECTED' | 'exposed' | 'stopped' | 'n/a';

export interface CanaryReport {
  id: CanaryId;
  title: string;
  claimed: boolean;
  claimWhy: string;
  stopped: boolean | undefined;
  verdict: CanaryVerdict;
  detail: string;
}

export interface DoctorReport {
  project: string;
  boundary: { kind: Boundary['kind']; description: string };
  tested: boolean;
  control: { ok: boolean; detail: string };
  canaries: CanaryReport[];
  hooks: HookCheck;
  audit: PluginCheck;
  lint: PluginCheck;
  failures: string[];
  exitCode: 0 | 1 | 4;
}

export interface DoctorOptions {
  project: string;
  env: Readonly<Record<string, string | undefined>>;
  profile?: ProfileName;
  backend?: SandboxBackend;
  allowNet?: string[];
  gather?: GatherDeps;
  auditLoader?: AuditModuleLoader;
  lintLoader?: SettingsLintLoader;
}

export function verdictOf(c: Claim, stopped: boolean | undefined): CanaryVerdict {
  if (stopped === undefined) return 'n/a';
  if (c.claimed) return stopped ? 'protected' : 'NOT PROTECTED';
  return stopped ? 'stopped' : 'exposed';
}

/** Can Claude Code's own sandbox start here (its prerequisites, as Claude Code checks them)? */
function nativeAvailability(f: Facts, env: Readonly<Record<string, string | undefined>>): { ok: boolean; evidence: string[] } {
  if (f.platform.value === 'macos') return { ok: f.isolation.sandboxExec.value, evidence: f.isolation.sandboxExec.evidence };
  if (f.platform.value === 'linux' || f.platform.value === 'wsl2') {
    const ok = f.isolation.bwrap.value && f.isolation.socat.value;
    return { ok, evidence: ok ? ['bwrap and socat work'] : [...f.isolation.bwrap.evidence, ...f.isolation.socat.evidence].filter((e) => /not|fail/i.test(e)) };
  }
  void env;
  return { ok: false, evidence: [`no Claude Code sandbox on ${f.platform.value}`] };
}

export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
  const facts = await gatherFacts(o.project, o.env, {}, o.gather);
  const home = homeDir(o.env);
  let boundary: Boundary;
  let backend = o.backend;
  if (o.profile) {
    backend ??= linuxBwrapBackend({ env: o.env });
    boundary = { kind: 'profile', profile: o.profile, backend: backend.name, description: `gatehouse sandbox run --profile ${o.profile} (${backend.name}): ${PROFILES[o.profile].summary}${o.allowNet?.length ? `; allowed hosts: ${o.allowNet.join(', ')}` : ''}` };
  } else {
    boundary = claudeBoundary(facts, { nativeAvailable: nativeAvailability(facts, o.env).ok, nativeEvidence: nativeAvailability(facts, o.env).evidence });
  }
  const failures: string[] = [];
  let tested = true;
  let canaries: CanaryReport[] = [];
  let control = { ok: false, detail: '' };
  const emulation = boundary.kind === 'claude-sandbox' ? await linuxSrtBackend({ env: o.env }).available() : undefined;
  if (emulation && !emulation.ok) {
    tested = false;
    control = { ok: false, detail: `cannot emulate Claude Code's sandbox here: ${emulation.evidence.join('; ')}` };
  } else if (boundary.kind === 'profile' && backend && !(await backend.available()).ok) {
    tested = false;
    control = { ok: false, detail: `the ${backend.name} backend is not available here` };
  } else {
    const policy = await loadSandboxPolicy(facts.project, o.env);
    const planted = await plant(facts.project, home, policy);
    try {
      const claim = claims(boundary, facts, { outsideFile: planted.plan.outsideFile, secretFile: planted.plan.secretFile, ignoredFile: planted.plan.ignoredFile, netHost: planted.netHost }, o.allowNet);
      const r = await runProbes(boundary, planted.plan, { project: facts.project, env: o.env, backend, allowNet: o.allowNet, policy });
      const probes = parseProbeOutput(r.stdout);
      const run = judge(boundary, planted.plan, probes, { outside: exists(planted.plan.outsideFile), hook: !!planted.plan.gitHookFile && exists(planted.plan.gitHookFile) });
      control = { ok: run.controlOk, detail: run.controlOk ? run.controlDetail : `${run.controlDetail}${r.stderr ? ` — stderr: ${r.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}` : ''}` };
      canaries = CANARIES.map(({ id, title }) => {
        const out = run.outcomes.find((x) => x.id === id)!;
        const c = claim[id];
        const stopped = run.controlOk ? out.stopped : undefined;
        return { id, title, claimed: c.claimed, claimWhy: c.why, stopped, verdict: verdictOf(c, stopped), detail: run.controlOk ? out.detail : 'inconclusive: the boundary did not run ordinary work' };
      });
    } finally {
      await planted.cleanup();
    }
    if (!control.ok) failures.push(`the boundary did not run ordinary work (a write inside the project failed): ${control.detail}`);
    for (const c of canaries) if (c.verdict === 'NOT PROTECTED') failures.push(`${c.title}: claimed (${c.claimWhy}) but NOT stopped — ${c.detail}`);
  }
  const settings = readSettingsFiles({ env: o.env, platform: process.platform, readText, exists: existsSync }, facts.project, home);
  const hooks = await checkHooks(settings, facts.project, o.env);
  if (hooks.status === 'not-firing' || hooks.status === 'invalid') failures.push(`gatehouse hooks: ${hooks.problems.join('; ')}`);
  const audit = await auditCheck(o.env, o.auditLoader);
  if (audit.status === 'failed') failures.push(`audit log: ${audit.summary}`);
  const lint = await lintCheck(facts.project, o.env, o.lintLoader);
  const exitCode: 0 | 1 | 4 = failures.length ? 1 : tested ? 0 : 4;
  return { project: facts.project, boundary: { kind: boundary.kind, description: boundary.description }, tested, control, canaries, hooks, audit, lint, failures, exitCode };
}
