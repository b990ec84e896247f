// A jail for code gatehouse inspects but does not trust (the MCP scanner's --run listing, for
// one): bubblewrap with the strict profile — only system directories visible, an empty HOME, no
// network, a scrubbed environment — plus a read-only code directory, a deadline and an
// address-space limit. Stdio stays piped so the caller can speak a protocol with the process.
import { findExecutable } from './probe.js';
import { linuxBwrapBackend } from './backends/linux-bwrap.js';
import { spawnSandboxed, type RunResult, type SpawnedSandbox } from './run.js';
import { GatehouseError } from '../errors.js';

export interface JailOptions {
  command: string[];
  /** The code's directory: visible (read-only unless `writable`) and the working directory. */
  dir: string;
  writable?: boolean;
  /** The only variables the process gets, beyond PATH, LANG and HOME (an empty tmpfs). */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Address-space limit (RLIMIT_AS) in bytes; needs `prlimit` (util-linux). */
  memoryBytes?: number;
  /** Hosts reachable through the filtering proxy; none by default. */
  allowNet?: string[];
}

export const JAIL_DEFAULTS = { timeoutMs: 30_000, memoryBytes: 2 * 1024 ** 3 };

/** Starts a jailed process with piped stdio; `finished` resolves after it exited and was cleaned up. */
export async function spawnJailed(o: JailOptions): Promise<SpawnedSandbox> {
  const backend = linuxBwrapBackend({ env: process.env });
  const avail = await backend.available({ quick: true });
  if (!avail.ok) throw new GatehouseError({ code: 'sandbox/unavailable', message: `cannot jail: ${avail.evidence.join('; ')}` });
  let command = o.command;
  const mem = o.memoryBytes ?? JAIL_DEFAULTS.memoryBytes;
  const prlimit = findExecutable('prlimit');
  if (mem > 0 && prlimit) command = [prlimit, `--as=${mem}`, '--', ...command];
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...o.env };
  return spawnSandboxed(
    { profile: 'strict', command, projectDir: o.dir, env, passEnv: Object.keys(o.env ?? {}), allowNet: o.allowNet ?? [], skipIgnoreFile: true, readOnlyProject: !o.writable },
    backend,
    { stdio: 'pipe', timeoutMs: o.timeoutMs ?? JAIL_DEFAULTS.timeoutMs },
  );
}

/** Runs to completion, feeding `input` on stdin; output is capped at `maxOutput` bytes per stream. */
export async function runJailed(o: JailOptions & { input?: string | Buffer; maxOutput?: number }): Promise<RunResult & { stdout: string; stderr: string }> {
  const s = await spawnJailed(o);
  const cap = o.maxOutput ?? 4 * 1024 * 1024;
  let stdout = '';
  let stderr = '';
  s.child.stdout!.on('data', (d: Buffer) => {
    if (stdout.length < cap) stdout += d.toString('utf8');
  });
  s.child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < cap) stderr += d.toString('utf8');
  });
  s.child.stdin!.on('error', () => undefined);
  s.child.stdin!.end(o.input ?? '');
  const r = await s.finished;
  return { ...r, stdout, stderr };
}
