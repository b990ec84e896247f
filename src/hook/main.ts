// Entry of the hook bundle (dist/hook.cjs): stdin → runHook → stdout/stderr/exit code.
// Kept tiny: everything it imports is bundled, and nothing runs before stdin is read.
import { readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CompilerLoader } from '../policy/load.js';
import { describeError, GatehouseError } from '../errors.js';
import { failClosed, type HookAnswer } from './output.js';
import { MAX_EVENT_BYTES, readBounded } from './read-input.js';
import { runHook } from './run.js';
import { auditSink } from '../audit/sink.js';

/** Synchronous bounded read of fd 0: no stream machinery to start (~3 ms on Node 20). */
function readStdinSync(limit: number): Buffer | null {
  const chunks: Buffer[] = [];
  let size = 0;
  const buf = Buffer.allocUnsafe(65536);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' && size === 0) return null; // non-blocking stdin: use the stream reader
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    size += n;
    if (size > limit) {
      throw new GatehouseError({ code: 'hook/input-too-large', message: `the event is larger than ${limit / 1024 / 1024} MB` });
    }
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** The compiler bundle sits next to this one in dist/; loaded only on a policy cache miss. */
const loadCompiler: CompilerLoader = () => createRequire(import.meta.url)('./policy-compiler.cjs') as ReturnType<CompilerLoader>;

/** One event, with the environment of the process Claude Code started (the launcher's, or the
 * client's when the resident process answers). Never throws. */
export function handleEvent(bytes: Buffer, env: NodeJS.ProcessEnv): Promise<HookAnswer> {
  return runHook(bytes, { env, now: Date.now, loadCompiler, record: auditSink(env) });
}

/** Reads stdin (bounded) the way the launcher does; a failure is already a fail-closed answer. */
export async function readEvent(): Promise<Buffer | HookAnswer> {
  try {
    return readStdinSync(MAX_EVENT_BYTES) ?? (await readBounded(process.stdin));
  } catch (e) {
    return failClosed(undefined, e instanceof GatehouseError ? e.message : describeError(e));
  }
}

export function writeAnswer(answer: HookAnswer): void {
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  process.exitCode = answer.exitCode;
}

async function main(): Promise<void> {
  const bytes = await readEvent();
  writeAnswer(Buffer.isBuffer(bytes) ? await handleEvent(bytes, process.env) : bytes);
}

/**
 * Runs events in this process so that their code paths get compiled, for the code cache made at
 * build time (scripts/warm-hook-cache.mjs). Never used by a hook call.
 */
export async function warmup(events: readonly unknown[], env: NodeJS.ProcessEnv): Promise<number> {
  let answered = 0;
  for (const e of events) {
    const a = await runHook(Buffer.from(JSON.stringify(e)), { env, now: Date.now, loadCompiler, record: auditSink(env) });
    if (a.exitCode === 0) answered++;
  }
  return answered;
}

// Run directly (`node dist/hook-core.cjs`), the bundle answers one event itself. The launcher, the
// resident process and the cache builder load it as a library instead.
if (!(globalThis as { __gatehouseLibrary?: boolean }).__gatehouseLibrary && process.env.GATEHOUSE_HOOK_WARMUP !== '1') {
  main().catch((e: unknown) => {
    // Last resort: exit 2 blocks wherever Claude Code can block.
    process.stderr.write(`gatehouse could not check this call: internal error (${describeError(e)})\n`);
    process.exitCode = 2;
  });
}
