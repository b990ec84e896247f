// Plants the canaries on the host, runs the probe script inside the boundary, checks the side
// effects from the host, and removes everything it planted.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { linuxBwrapBackend } from '../backends/linux-bwrap.js';
import { inCwd, shellQuote } from '../backends/linux-srt.js';
import { findHidden, hiddenTest, type PolicyPaths } from '../ignore-walk.js';
import { execProbe, findExecutable } from '../probe.js';
import { spawnSandboxed } from '../run.js';
import type { SandboxBackend } from '../types.js';
import type { Boundary } from './boundary.js';
import { PROBE_SCRIPT, type CanaryId, type CanaryPlan, type ProbeResult } from './canaries.js';

export interface CanaryOutcome {
  id: CanaryId;
  /** The operation was stopped (checked on the host where possible). */
  stopped: boolean | undefined;
  detail: string;
}

export interface CanaryRun {
  outcomes: CanaryOutcome[];
  /** The positive control: a write inside the project worked. */
  controlOk: boolean;
  controlDetail: string;
  raw?: string;
}

const IGNORED_CANDIDATES = ['.env.gatehouse-doctor', 'gatehouse-doctor-canary.pem', 'gatehouse-doctor-canary.key', 'credentials.json'];

interface Planted {
  plan: CanaryPlan;
  cleanup: () => Promise<void>;
  netHost: string;
}

export async function plant(project: string, home: string, policy?: PolicyPaths): Promise<Planted> {
  const tag = randomBytes(4).toString('hex');
  const removals: (() => void)[] = [];
  const plan: CanaryPlan = { insideFile: join(project, `.gatehouse-doctor-${tag}.tmp`), outsideFile: '' };
  removals.push(() => rmSync(plan.insideFile, { force: true }));
  const outsideDir = join(home, `.gatehouse-doctor-${tag}`);
  mkdirSync(outsideDir, { recursive: true });
  plan.outsideFile = join(outsideDir, 'write-canary');
  removals.push(() => rmSync(outsideDir, { recursive: true, force: true }));

  const sshDir = join(home, '.ssh');
  const sshExisted = existsSync(sshDir);
  if (!sshExisted) mkdirSync(sshDir, { mode: 0o700, recursive: true });
  const secret = `gatehouse-doctor-canary-${randomBytes(16).toString('hex')}`;
  plan.secretFile = join(sshDir, `gatehouse-doctor-${tag}`);
  writeFileSync(plan.secretFile, secret, { mode: 0o600 });
  plan.secretHash = createHash('sha256').update(secret).digest('hex');
  removals.push(() => (sshExisted ? rmSync(plan.secretFile!, { force: true }) : rmSync(sshDir, { recursive: true, force: true })));

  const hooks = join(project, '.git', 'hooks');
  if (existsSync(hooks) && statSync(hooks).isDirectory()) {
    plan.gitHookFile = join(hooks, `gatehouse-doctor-${tag}`);
    removals.push(() => rmSync(plan.gitHookFile!, { force: true }));
  }

  const hidden = hiddenTest(project, home, policy);
  // Prefer a name the ignore file itself hides (built-in secret names are hidden even without one).
  const name =
    IGNORED_CANDIDATES.find((n) => hidden(join(project, n), false)?.includes(':') && !existsSync(join(project, n))) ??
    IGNORED_CANDIDATES.find((n) => hidden(join(project, n), false) && !existsSync(join(project, n)));
  if (name) {
    const content = `gatehouse-doctor-ignored-${randomBytes(16).toString('hex')}`;
    plan.ignoredFile = join(project, name);
    writeFileSync(plan.ignoredFile, content, { mode: 0o600 });
    plan.ignoredHash = createHash('sha256').update(content).digest('hex');
    removals.push(() => rmSync(plan.ignoredFile!, { force: true }));
  } else {
    // No plantable name matches: probe an existing ignored file. Only its hash leaves this process;
    // the probe compares hashes and never prints content.
    try {
      const existing = findHidden(project, home, { policy, limit: 20_000 }).entries.find((e) => e.kind === 'file' && statSync(e.path).size > 0 && statSync(e.path).size < 1_000_000);
      if (existing) {
        plan.ignoredFile = existing.path;
        plan.ignoredHash = createHash('sha256').update(readFileSync(existing.path)).digest('hex');
      }
    } catch {
      // too large to walk: the canary is reported as not applicable
    }
  }

  const token = `gatehouse-doctor-net-${randomBytes(8).toString('hex')}`;
  const server = createServer((_req, res) => res.end(token));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  plan.url = `http://127.0.0.1:${port}/canary`;
  plan.netToken = token;
  const unshare = findExecutable('unshare');
  if (unshare) plan.unshare = unshare;

  return {
    plan,
    netHost: '127.0.0.1',
    cleanup: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      for (const f of removals.reverse()) {
        try {
          f();
        } catch {
          // best effort
        }
      }
    },
  };
}

/** Runs the probe script inside the boundary; returns its stdout and stderr. */
export async function runProbes(
  b: Boundary,
  plan: CanaryPlan,
  ctx: { project: string; env: Readonly<Record<string, string | undefined>>; backend?: SandboxBackend; allowNet?: string[]; policy?: PolicyPaths },
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const argv = [process.execPath, '-e', PROBE_SCRIPT, JSON.stringify(plan)];
  if (b.kind === 'claude-refuses') return { stdout: '', stderr: 'refused: Claude Code would not run Bash', code: null };
  if (b.kind === 'claude-unsandboxed') {
    const r = await execProbe(argv[0]!, argv.slice(1), { env: ctx.env, cwd: ctx.project, timeoutMs: 30_000 });
    return { stdout: r.stdout, stderr: r.stderr, code: r.code };
  }
  if (b.kind === 'claude-sandbox') {
    const { SandboxManager } = await import('@anthropic-ai/sandbox-runtime');
    try {
      const wrapped = await inCwd(ctx.project, async () => {
        await SandboxManager.initialize(b.srtConfig as never);
        return SandboxManager.wrapWithSandbox(argv.map(shellQuote).join(' '));
      });
      return await new Promise((resolve) => {
        const child = spawn('/bin/sh', ['-c', wrapped], { cwd: ctx.project, env: ctx.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.on('close', (code) => {
          clearTimeout(t);
          resolve({ stdout, stderr, code });
        });
      });
    } finally {
      SandboxManager.cleanupAfterCommand?.();
      await SandboxManager.reset();
    }
  }
  const s = await spawnSandboxed(
    { profile: b.profile, command: argv, projectDir: ctx.project, env: ctx.env, allowNet: ctx.allowNet ?? [], ...(ctx.policy ? { policy: ctx.policy } : {}) },
    ctx.backend ?? linuxBwrapBackend({ env: ctx.env }),
    { stdio: 'pipe', timeoutMs: 30_000 },
  );
  let stdout = '';
  let stderr = '';
  s.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  s.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  s.child.stdin?.end();
  const r = await s.finished;
  return { stdout, stderr, code: r.exitCode };
}

/** Decides each canary from the probe output and the host's own checks. */
export function judge(b: Boundary, plan: CanaryPlan, probes: ProbeResult[] | undefined, hostSees: { outside: boolean; hook: boolean }): CanaryRun {
  if (b.kind === 'claude-refuses') {
    const all: CanaryId[] = ['write-outside-project', 'read-canary-secret', 'reach-non-allowed-host', 'create-user-namespace', 'write-git-hooks', 'read-ignored-file'];
    return { outcomes: all.map((id) => ({ id, stopped: true, detail: 'Bash does not run at all (failIfUnavailable)' })), controlOk: true, controlDetail: 'not applicable: Bash refuses to run' };
  }
  const by = new Map((probes ?? []).map((p) => [p.id, p]));
  const control = by.get('write-inside-project');
  const out: CanaryOutcome[] = [];
  const probe = (id: CanaryId, present: boolean, fallback: string) => {
    const p = by.get(id);
    if (!present) return out.push({ id, stopped: undefined, detail: fallback });
    if (!p) return out.push({ id, stopped: undefined, detail: 'the probe did not report (the boundary may have failed to start)' });
    out.push({ id, stopped: !p.succeeded, detail: p.detail });
  };
  // Writes: the host decides (a write may "succeed" into a private view and never reach the host).
  const w = by.get('write-outside-project');
  out.push({ id: 'write-outside-project', stopped: w ? !hostSees.outside : undefined, detail: w ? (hostSees.outside ? `${plan.outsideFile} appeared on the host` : `not on the host (${w.detail})`) : 'the probe did not report' });
  probe('read-canary-secret', !!plan.secretFile, 'not planted');
  probe('reach-non-allowed-host', !!plan.url, 'no test server');
  probe('create-user-namespace', !!plan.unshare, 'inconclusive: no unshare binary to try with');
  if (plan.gitHookFile) {
    const g = by.get('write-git-hooks');
    out.push({ id: 'write-git-hooks', stopped: g ? !hostSees.hook : undefined, detail: g ? (hostSees.hook ? `${plan.gitHookFile} appeared on the host` : `not on the host (${g.detail})`) : 'the probe did not report' });
  } else out.push({ id: 'write-git-hooks', stopped: undefined, detail: 'not applicable: the project has no .git/hooks directory' });
  probe('read-ignored-file', !!plan.ignoredFile, 'not applicable: no ignore pattern matches a file name the doctor can plant');
  const controlOk = !!control?.succeeded && existsSync(plan.insideFile);
  return { outcomes: out, controlOk, controlDetail: control ? control.detail : 'the probe script produced no output' };
}
