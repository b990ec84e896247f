// Linux (and macOS) backend through @anthropic-ai/sandbox-runtime, the runtime Claude Code embeds,
// used as a library. Version 0.0.78 is pinned: later releases declare Node ≥ 22.12. It needs
// bubblewrap, socat and ripgrep, starts its own proxies once per process, and runs commands through
// a shell. Loaded lazily so nothing else pays for it.
import { findExecutable } from '../probe.js';
import type { Availability, ResolvedSandboxOptions, SandboxBackend, WrappedCommand } from '../types.js';

export const SRT_VERSION = '0.0.78';

type SrtModule = typeof import('@anthropic-ai/sandbox-runtime');

/**
 * sandbox-runtime computes its mandatory deny list (.git/hooks, .claude/, shell rc files…) from
 * the calling process's cwd, not the command's: run its wrap with the cwd set to the project.
 */
export async function inCwd<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

/** POSIX shell quoting for one argument. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The srt configuration equivalent to our resolved options (pure; exported for tests). */
export function srtConfig(o: ResolvedSandboxOptions): Record<string, unknown> {
  const allowWrite = o.projectWritable ? [o.projectDir, o.privateTmp, ...o.extraWritable] : [o.privateTmp];
  return {
    network: { allowedDomains: o.network.mode === 'proxy' ? o.network.allow : [], deniedDomains: [] },
    filesystem: {
      denyRead: o.masks.map((m) => m.path),
      allowWrite,
      denyWrite: [...o.readOnly, ...o.pinEmptyDirs],
    },
  };
}

export function linuxSrtBackend(deps: { env?: Readonly<Record<string, string | undefined>>; platform?: 'linux' | 'macos' } = {}): SandboxBackend {
  const env = deps.env ?? process.env;
  let mod: SrtModule | undefined;
  const load = async () => (mod ??= await import('@anthropic-ai/sandbox-runtime'));
  return {
    name: 'sandbox-runtime',
    platform: deps.platform ?? 'linux',
    async available(): Promise<Availability> {
      const evidence: string[] = [];
      try {
        await load();
        evidence.push(`@anthropic-ai/sandbox-runtime ${SRT_VERSION} loads on Node ${process.version}`);
      } catch (e) {
        return { ok: false, evidence: [`@anthropic-ai/sandbox-runtime cannot be loaded: ${(e as Error).message}`] };
      }
      const missing = ['bwrap', 'socat', 'rg'].filter((b) => !findExecutable(b, env));
      if (missing.length) return { ok: false, evidence: [...evidence, `missing on PATH: ${missing.join(', ')} (sandbox-runtime needs bubblewrap, socat and ripgrep)`] };
      return { ok: true, version: SRT_VERSION, evidence: [...evidence, 'bwrap, socat and rg found'] };
    },
    async wrap(o: ResolvedSandboxOptions): Promise<WrappedCommand> {
      const { SandboxManager } = await load();
      const cmd = o.command.map(shellQuote).join(' ');
      const wrapped = await inCwd(o.projectDir, async () => {
        await SandboxManager.initialize(srtConfig(o) as never);
        return SandboxManager.wrapWithSandbox(cmd);
      });
      return {
        file: '/bin/sh',
        args: ['-c', wrapped],
        env: o.env,
        cleanup: async () => {
          SandboxManager.cleanupAfterCommand?.();
          await SandboxManager.reset();
        },
      };
    },
  };
}
