// Runs one command inside a sandbox: resolve the options, start the proxy when hosts are allowed,
// let the backend wrap the command, spawn it, watch stderr for denials, clean up, and return the
// command's own exit status with the violations seen. The MCP scanner's jailed listing uses
// spawnSandboxed (pipes); the CLI uses runSandboxed (the terminal).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { parseAllowEntry } from './net/allowlist.js';
import { startProxy, type SandboxProxy } from './net/proxy.js';
import { PROTECTED_PROJECT_PATHS } from './paths.js';
import { resolveSandbox, runBaseDir, type SandboxRequest } from './resolve.js';
import type { ResolvedSandboxOptions, SandboxBackend } from './types.js';
import { proxyViolations, StderrScanner, type Violation } from './violations.js';

/** Port the relay listens on inside the sandbox (the proxy variables point here). */
export const INSIDE_PROXY_PORT = 3128;

export interface RunResult {
  exitCode: number;
  signal: NodeJS.Signals | null;
  violations: Violation[];
  durationMs: number;
  backend: string;
  options: ResolvedSandboxOptions;
  timedOut: boolean;
  /** The sandbox itself failed to start (bubblewrap's own error), rather than the command. */
  sandboxError?: string;
}

export interface SpawnedSandbox {
  child: ChildProcess;
  options: ResolvedSandboxOptions;
  /** Resolves after the command exited and everything was cleaned up. */
  finished: Promise<RunResult>;
}

export interface SpawnOptions {
  stdio?: [StdioOptions, StdioOptions] | 'pipe';
  /** Receives stderr as it arrives (the CLI forwards it to the terminal). */
  onStderr?: (chunk: Buffer) => void;
  timeoutMs?: number;
}

function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? (constants.signals as Record<string, number>)[signal] : undefined;
  return 128 + (n ?? 0);
}

export async function spawnSandboxed(req: SandboxRequest, backend: SandboxBackend, opts: SpawnOptions = {}): Promise<SpawnedSandbox> {
  const options = resolveSandbox(req);
  const base = runBaseDir(options);
  const started = Date.now();
  let proxy: SandboxProxy | undefined;
  // Protected paths that do not exist yet: creating one during the run is reported. A repository
  // created by the command itself (`git init`) brings its own .git/hooks; that is not flagged.
  const hadGit = existsSync(join(options.projectDir, '.git'));
  const missingBefore = PROTECTED_PROJECT_PATHS.filter((r) => hadGit || !r.startsWith('.git/'))
    .map((r) => join(options.projectDir, r))
    .filter((p) => !existsSync(p));
  const cleanupBase = () => rmSync(base, { recursive: true, force: true });
  let child: ChildProcess;
  let wrappedCleanup: (() => Promise<void>) | undefined;
  try {
    if (req.allowNet && req.allowNet.length) {
      const allow = req.allowNet.map(parseAllowEntry);
      proxy = await startProxy(join(base, 'net', 'proxy.sock'), allow);
      options.network = { mode: 'proxy', socketPath: proxy.socketPath, port: INSIDE_PROXY_PORT, allow: req.allowNet };
    }
    const wrapped = await backend.wrap(options);
    wrappedCleanup = wrapped.cleanup;
    const stdio = opts.stdio === 'pipe' || !opts.stdio ? ['pipe', 'pipe', 'pipe'] : [opts.stdio[0], opts.stdio[1], 'pipe'];
    child = spawn(wrapped.file, wrapped.args, { env: wrapped.env, cwd: options.cwd, stdio: stdio as StdioOptions });
  } catch (e) {
    await proxy?.close();
    await wrappedCleanup?.();
    cleanupBase();
    throw e;
  }
  const hidden = [...options.masks.map((m) => m.path)];
  const scanner = new StderrScanner({ hidden });
  let head = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (head.length < 512) head += d.toString('utf8').slice(0, 512);
    scanner.push(d.toString('utf8'));
    opts.onStderr?.(d);
  });
  let timedOut = false;
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.timeoutMs)
    : undefined;

  const finished = new Promise<RunResult>((resolve) => {
    let spawnError: Error | undefined;
    child.on('error', (e) => (spawnError = e));
    child.on('close', (code, signal) => {
      void (async () => {
        if (timer) clearTimeout(timer);
        scanner.end();
        const violations = [...scanner.found];
        if (proxy) {
          violations.push(...proxyViolations(proxy.denials));
          await proxy.close();
        }
        await wrappedCleanup?.();
        for (const p of missingBefore) {
          if (existsSync(p) && !options.pinEmptyDirs.includes(p)) {
            violations.push({ kind: 'protected-path-created', target: p, detail: `${p} did not exist before the run; review it before an agent or git uses it` });
          }
        }
        cleanupBase();
        // bubblewrap reports its own failures as `bwrap: …` and exit 1, before the command runs.
        const bw = code === 1 && backend.name === 'bubblewrap' ? /^bwrap: (.+)$/m.exec(head)?.[1] : undefined;
        resolve({
          ...(bw || spawnError ? { sandboxError: bw ?? spawnError!.message } : {}),
          exitCode: spawnError ? 127 : exitStatus(code, signal),
          signal,
          violations,
          durationMs: Date.now() - started,
          backend: backend.name,
          options,
          timedOut,
        });
      })();
    });
  });
  return { child, options, finished };
}

/** Runs with the caller's terminal for stdin/stdout; stderr is forwarded live and scanned. */
export async function runSandboxed(
  req: SandboxRequest,
  backend: SandboxBackend,
  opts: { onStderr?: (chunk: Buffer) => void; timeoutMs?: number; stdin?: StdioOptions; stdout?: StdioOptions } = {},
): Promise<RunResult> {
  const s = await spawnSandboxed(req, backend, {
    stdio: [opts.stdin ?? 'inherit', opts.stdout ?? 'inherit'],
    onStderr: opts.onStderr ?? ((d) => process.stderr.write(d)),
    timeoutMs: opts.timeoutMs,
  });
  const forward = (sig: NodeJS.Signals) => () => s.child.kill(sig);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => [sig, forward(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    return await s.finished;
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}
