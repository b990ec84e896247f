// Runs one tool as a child process with a deadline and an output cap. The process gets its own
// process group so a timeout kills the whole tree (test runners spawn workers). Never throws:
// a spawn failure is returned, and the caller turns it into a failed check with the reason.
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not start (ENOENT, EACCES…). */
  spawnError?: string;
  /** Output beyond the cap was dropped. */
  truncated: boolean;
  durationMs: number;
}

export interface ExecOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Bytes kept per stream (default 16 MiB). */
  maxOutput?: number;
  input?: string;
}

export function execTool(cmd: string, args: readonly string[], opts: ExecOptions): Promise<ExecResult> {
  const max = opts.maxOutput ?? 16 * 1024 * 1024;
  const started = Date.now();
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      });
    } catch (e) {
      resolve({ code: null, signal: null, stdout: '', stderr: '', timedOut: false, spawnError: (e as Error).message, truncated: false, durationMs: 0 });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let truncated = false;
    let timedOut = false;
    let spawnError: string | undefined;
    const keep = (chunks: Buffer[], len: number, c: Buffer): number => {
      if (len >= max) {
        truncated = true;
        return len;
      }
      chunks.push(c.subarray(0, max - len));
      if (len + c.length > max) truncated = true;
      return len + Math.min(c.length, max - len);
    };
    child.stdout!.on('data', (c: Buffer) => (outLen = keep(out, outLen, c)));
    child.stderr!.on('data', (c: Buffer) => (errLen = keep(err, errLen, c)));
    const killTree = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, opts.timeoutMs);
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.stdin!.on('error', () => {
      // the tool may exit without reading stdin
    });
    child.stdin!.end(opts.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Leftover grandchildren (a test runner's workers) go with the group.
      if (code !== null || signal !== null) killTree();
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        ...(spawnError ? { spawnError } : {}),
        truncated,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** One line saying why a tool run went wrong, or undefined when it ran to completion. */
export function execProblem(r: ExecResult, what: string, timeoutMs: number): string | undefined {
  if (r.spawnError) return `${what} could not start: ${r.spawnError}`;
  if (r.timedOut) return `${what} timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (r.signal) return `${what} was killed by ${r.signal}`;
  if (r.truncated) return `${what} printed more output than gatehouse reads (${r.stdout.length} bytes kept); its results are incomplete`;
  return undefined;
}
