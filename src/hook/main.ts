// Entry of the hook bundle (dist/hook.cjs): stdin → runHook → stdout/stderr/exit code.
// Kept tiny: everything it imports is bundled, and nothing runs before stdin is read.
import { readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CompilerLoader } from '../policy/load.js';
import { describeError, GatehouseError } from '../errors.js';
import { failClosed } from './output.js';
import { MAX_EVENT_BYTES, readBounded } from './read-input.js';
import { runHook } from './run.js';

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

async function main(): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readStdinSync(MAX_EVENT_BYTES) ?? (await readBounded(process.stdin));
  } catch (e) {
    const a = failClosed(undefined, e instanceof GatehouseError ? e.message : describeError(e));
    process.stderr.write(a.stderr);
    process.exitCode = a.exitCode;
    return;
  }
  const answer = await runHook(bytes, { env: process.env, now: Date.now, loadCompiler });
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  process.exitCode = answer.exitCode;
}

main().catch((e: unknown) => {
  // Last resort: exit 2 blocks wherever Claude Code can block.
  process.stderr.write(`gatehouse could not check this call: internal error (${describeError(e)})\n`);
  process.exitCode = 2;
});
