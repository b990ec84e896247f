// The hook bundle (dist/hook-core.cjs) as a library: the launcher (dist/hook.cjs) and the resident
// process (dist/hookd.cjs) load it and hand it events; nothing runs at load beyond module set-up.
import { createRequire } from 'node:module';
import type { CompilerLoader } from '../policy/load.js';
import type { HookAnswer } from './output.js';
import { runHook } from './run.js';
import { auditSink } from '../audit/sink.js';

/** The compiler bundle sits next to this one in dist/; loaded only on a policy cache miss. */
const loadCompiler: CompilerLoader = () => createRequire(import.meta.url)('./policy-compiler.cjs') as ReturnType<CompilerLoader>;

/** One event, with the environment of the process Claude Code started (the launcher's, or the
 * client's when the resident process answers). Never throws. */
export function handleEvent(bytes: Buffer, env: NodeJS.ProcessEnv): Promise<HookAnswer> {
  return runHook(bytes, { env, now: Date.now, loadCompiler, record: auditSink(env) });
}

/**
 * Runs events in this process so that their code paths get compiled, for the code cache made at
 * build time (scripts/warm-hook-cache.mjs). Never used by a hook call.
 */
export async function warmup(events: readonly unknown[], env: NodeJS.ProcessEnv): Promise<number> {
  let answered = 0;
  for (const e of events) {
    const a = await handleEvent(Buffer.from(JSON.stringify(e)), env);
    if (a.exitCode === 0) answered++;
  }
  return answered;
}
