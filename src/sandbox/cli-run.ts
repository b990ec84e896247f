// `gatehouse sandbox run` and `gatehouse sandbox profile`, as module functions the thin command
// file calls: build the request from flags, run or render, report violations, record them.
import { GatehouseError } from '../errors.js';
import type { Io } from '../cli/io.js';
import { printError, style } from '../cli/format.js';
import { EXIT } from '../cli/exit-codes.js';
import { openSandboxAuditSink, type AuditModuleLoader } from './audit-sink.js';
import { hostPlatform, selectBackend } from './backends/index.js';
import { bwrapArgs } from './backends/linux-bwrap.js';
import { seatbeltProfile } from './backends/macos-seatbelt.js';
import { containerArgs, type Engine } from './backends/container.js';
import { shellQuote } from './backends/linux-srt.js';
import { isProfileName, resolveSandbox, runBaseDir } from './resolve.js';
import { runSandboxed, type RunResult } from './run.js';
import { summarize } from './violations.js';
import { loadSandboxPolicy } from './policy.js';
import { rmSync } from 'node:fs';
import type { ProfileName } from './types.js';

export interface RunFlags {
  profile?: string;
  allowNet: string[];
  allowWrite: string[];
  allowRead: string[];
  passEnv: string[];
  project?: string;
  backend?: string;
  json: boolean;
  command: string[];
}

export function profileFlag(p: string | undefined): ProfileName {
  const v = p ?? 'workspace';
  if (!isProfileName(v)) throw new GatehouseError({ code: 'cli/usage', message: `unknown profile '${v}'`, hint: 'profiles: readonly, workspace, strict' });
  return v;
}

export function runReport(r: RunResult, auditWhere: string | undefined): Record<string, unknown> {
  return {
    exit_code: r.exitCode,
    signal: r.signal,
    backend: r.backend,
    profile: r.options.profile,
    project: r.options.projectDir,
    network: r.options.network.mode === 'proxy' ? { mode: 'proxy', allow: r.options.network.allow } : { mode: 'none' },
    duration_ms: r.durationMs,
    env_dropped: r.options.droppedEnv,
    violations: r.violations,
    summary: summarize(r.violations),
    recorded_in: auditWhere,
  };
}

export async function sandboxRun(flags: RunFlags, io: Io, deps: { auditLoader?: AuditModuleLoader } = {}): Promise<number> {
  if (flags.command.length === 0) {
    throw new GatehouseError({ code: 'cli/usage', message: 'no command given', hint: 'gatehouse sandbox run [options] -- <command> [args…]' });
  }
  const backend = selectBackend(hostPlatform(), flags.backend, io.env);
  const avail = await backend.available({ quick: true });
  if (!avail.ok) {
    printError(io, new GatehouseError({ code: 'sandbox/unavailable', message: `the ${backend.name} sandbox is not available here: ${avail.evidence.join('; ')}`, hint: 'see `gatehouse sandbox advise`' }));
    return EXIT.unavailable;
  }
  const project = flags.project ?? io.cwd;
  const policy = await loadSandboxPolicy(project, io.env);
  const result = await runSandboxed(
    {
      policy,
      profile: profileFlag(flags.profile),
      command: flags.command,
      projectDir: project,
      cwd: io.cwd,
      env: io.env,
      allowNet: flags.allowNet,
      allowWrite: flags.allowWrite,
      allowRead: flags.allowRead,
      passEnv: flags.passEnv,
    },
    backend,
    { onStderr: (d) => io.err(d.toString('utf8')) },
  );
  if (result.sandboxError) {
    printError(io, new GatehouseError({ code: 'sandbox/unavailable', message: `the ${result.backend} sandbox could not start: ${result.sandboxError}`, hint: 'see `gatehouse sandbox advise`' }));
    return EXIT.unavailable;
  }
  let where: string | undefined;
  if (result.violations.length) {
    try {
      const sink = await openSandboxAuditSink(io.env, deps.auditLoader);
      await sink.append({
        event: 'SandboxRun',
        profile: result.options.profile,
        backend: result.backend,
        command: flags.command,
        project: result.options.projectDir,
        exit_code: result.exitCode,
        violations: result.violations,
        duration_ms: result.durationMs,
      });
      where = sink.kind === 'audit-log' ? `audit log ${sink.where}` : `${sink.where} (fallback: the audit log module is not installed)`;
    } catch (e) {
      where = `not recorded: ${(e as Error).message}`;
    }
  }
  const s = style({ ...io, isTTY: io.isTTY });
  if (flags.json) {
    io.err(JSON.stringify({ sandbox: runReport(result, where) }) + '\n');
  } else if (result.violations.length) {
    io.err(s.yellow(`gatehouse sandbox: ${result.violations.length} denial${result.violations.length === 1 ? '' : 's'} (profile ${result.options.profile}, ${result.backend})`) + '\n');
    for (const line of summarize(result.violations)) io.err(`  ${line}\n`);
    io.err(s.dim(`  recorded in ${where}`) + '\n');
  }
  return result.exitCode;
}

export interface ProfileFlags {
  platform?: string;
  engine?: string;
  profile?: string;
  project?: string;
  image?: string;
  rootfs?: string;
  json: boolean;
  command: string[];
}

/** Renders a profile for another platform or a container engine without running anything. */
export async function sandboxProfile(flags: ProfileFlags, io: Io): Promise<number> {
  const profile = profileFlag(flags.profile);
  if (!flags.platform && !flags.engine) {
    throw new GatehouseError({ code: 'cli/usage', message: 'say which profile to emit', hint: '--platform macos|linux or --engine podman|docker' });
  }
  const command = flags.command.length ? flags.command : ['bash'];
  const project = flags.project ?? io.cwd;
  const opts = resolveSandbox({ profile, command, projectDir: project, env: io.env, policy: await loadSandboxPolicy(project, io.env) });
  try {
    let text: string;
    let kind: string;
    if (flags.engine) {
      if (flags.engine !== 'podman' && flags.engine !== 'docker') throw new GatehouseError({ code: 'cli/usage', message: `unknown engine '${flags.engine}'`, hint: 'podman or docker' });
      const args = containerArgs(opts, { engine: flags.engine as Engine, image: flags.image ?? 'node:20-bookworm-slim', rootfs: flags.rootfs });
      text = [flags.engine, ...args].map(shellQuote).join(' ') + '\n';
      kind = `${flags.engine}-command`;
    } else if (flags.platform === 'macos') {
      text = seatbeltProfile({ ...opts, privateTmp: '/private/tmp/gatehouse-sandbox' });
      kind = 'seatbelt-profile';
    } else if (flags.platform === 'linux') {
      text = ['bwrap', ...bwrapArgs(opts)].map(shellQuote).join(' ') + '\n';
      kind = 'bwrap-command';
    } else {
      throw new GatehouseError({ code: 'cli/usage', message: `no profile for platform '${flags.platform}'`, hint: 'platforms: macos, linux (native Windows: use --engine, or WSL2)' });
    }
    if (flags.json) io.out(JSON.stringify({ kind, profile, text }, null, 2) + '\n');
    else io.out(text);
    return 0;
  } finally {
    rmSync(runBaseDir(opts), { recursive: true, force: true });
  }
}
