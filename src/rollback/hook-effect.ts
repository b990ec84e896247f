// The hook's side of rollback: a checkpoint before and after every change-making call, and the
// session's first snapshot started in the background. Nothing here throws into the hook: a failure
// becomes a warning in the audit record, and (only if rollback.json says so) an ask or a deny.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Action } from '../actions/types.js';
import type { DecisionRecord } from '../audit/record.js';
import { childProcess } from '../env/builtins.js';
import { installDir } from '../env/locations.js';
import { describeError } from '../errors.js';
import type { HookContext } from '../hook/run.js';
import { indexEntryCount } from './changes.js';
import { defaultConfig, loadConfig, type RollbackConfig } from './config.js';
import { acquireLock, transferLock } from './lock.js';
import { isMutatingCall, isReadOnlyBash } from './mutating.js';
import { bashActions } from '../actions/from-bash.js';
import { hasPending, takePending, writePending } from './pending.js';
import { takeCheckpoint, withStore } from './snapshot.js';
import { checkProjectDir, storeFor } from './store.js';

export interface CheckpointRefusal {
  verdict: 'deny' | 'ask';
  reason: string;
}

type Note = NonNullable<DecisionRecord['checkpoint']>;

function note(rec: DecisionRecord, add: Note): void {
  const cur = rec.checkpoint ?? {};
  const warning = [cur.warning, add.warning].filter(Boolean).join('; ');
  rec.checkpoint = { ...cur, ...add, ...(warning ? { warning } : {}) };
}

function config(ctx: HookContext): RollbackConfig {
  try {
    return loadConfig(ctx.runtime.env);
  } catch (e) {
    // A broken settings file must not switch checkpoints off: defaults apply, and the record says why.
    note(ctx.record, { warning: `rollback settings ignored: ${describeError(e)}` });
    return defaultConfig();
  }
}

function facts(ctx: HookContext) {
  const i = ctx.input;
  return {
    session: i.session_id,
    ...(i.prompt_id ? { prompt: i.prompt_id } : {}),
    ...(i.tool_name ? { tool: i.tool_name } : {}),
    ...(i.tool_use_id ? { tool_use_id: i.tool_use_id } : {}),
    now: ctx.engine.now,
  };
}

function largeWarning(n: number, cfg: RollbackConfig): Note {
  return n ? { warning: `${n} file(s) over ${cfg.maxFileMB} MB recorded by hash, not stored` } : {};
}

/** PreToolUse (when the call is not denied): snapshot before a change-making call. Returns a
 * refusal only when the snapshot failed and rollback.json's onFailure is ask or deny. */
export function checkpointBefore(ctx: HookContext, actions?: readonly Action[]): CheckpointRefusal | undefined {
  const cfg = config(ctx);
  const { engine, input } = ctx;
  if (!cfg.enabled || !input.tool_name || !isMutatingCall(input.tool_name, cfg, engine.projectDir, actions)) return undefined;
  try {
    checkProjectDir(engine.projectDir, engine.home);
  } catch (e) {
    note(ctx.record, { warning: `no checkpoint: ${describeError(e)}` });
    return undefined;
  }
  try {
    const store = storeFor(engine.stateDir, engine.projectDir);
    const cp = withStore(store, cfg.lockTimeoutMs, () => {
      const c = takeCheckpoint(store, cfg, engine.stateDir, { kind: 'before', ...facts(ctx) });
      if (input.tool_use_id) writePending(store, input.tool_use_id, { commit: c.commit, tree: c.tree, ts: new Date(engine.now).toISOString() });
      return c;
    });
    note(ctx.record, { before: cp.commit, ...(cp.outside ? { outside: cp.outside.commit } : {}), ...largeWarning(cp.large.length, cfg) });
    return undefined;
  } catch (e) {
    const why = describeError(e);
    note(ctx.record, { warning: `no checkpoint before this call: ${why}` });
    if (cfg.onFailure === 'warn') return undefined;
    return {
      verdict: cfg.onFailure,
      reason:
        `gatehouse could not take a rollback checkpoint before this call (${why}). ` +
        `Its rollback settings (onFailure: ${cfg.onFailure}) ${cfg.onFailure === 'deny' ? 'refuse' : 'ask about'} change-making calls that could not be checkpointed.`,
    };
  }
}

/** PostToolUse / PostToolUseFailure: snapshot after the call and count what it changed. */
export function checkpointAfter(ctx: HookContext): void {
  const cfg = config(ctx);
  const { engine, input } = ctx;
  if (!cfg.enabled || !input.tool_name) return;
  try {
    checkProjectDir(engine.projectDir, engine.home);
    const store = storeFor(engine.stateDir, engine.projectDir);
    // Most PostToolUse events are for reads: decide without the lock, and without creating anything.
    // A call gets an `after` when it had a `before`, or when it changes files by its name alone.
    const pending = input.tool_use_id !== undefined && hasPending(store, input.tool_use_id);
    if (!pending && !isMutatingCall(input.tool_name, cfg, engine.projectDir)) return;
    // A read-only Bash call took no "before" either: the command is analysed again (cheap) to tell.
    if (!pending && input.tool_name === 'Bash' && typeof input.tool_input?.command === 'string' && isReadOnlyBash(bashActions(input.tool_input.command, { cwd: engine.cwd, home: engine.home }))) return;
    const cp = withStore(store, cfg.lockTimeoutMs, () => {
      const pending = input.tool_use_id ? takePending(store, input.tool_use_id) : undefined;
      const c = takeCheckpoint(store, cfg, engine.stateDir, { kind: 'after', ...facts(ctx), ...(pending ? { base: pending.tree } : {}) });
      return { ...c, before: pending?.commit, total: indexEntryCount(store.git.indexFile) };
    });
    if (!cp) return;
    note(ctx.record, {
      ...(cp.before ? { before: cp.before } : {}),
      after: cp.commit,
      ...(cp.changes ? { changes: { ...cp.changes, ...(cp.total !== undefined ? { total: cp.total } : {}) } } : {}),
      ...largeWarning(cp.large.length, cfg),
    });
  } catch (e) {
    note(ctx.record, { warning: `no checkpoint after this call: ${describeError(e)}` });
  }
}

/** SessionStart: the session's first snapshot runs in a detached process so the hook returns at
 * once. The hook takes the store lock first and hands it over, so no call of the new session can
 * slip in between and be attributed to the session's start. */
export function checkpointSessionStart(ctx: HookContext): void {
  const cfg = config(ctx);
  const { engine, input, runtime } = ctx;
  if (!cfg.enabled) return;
  try {
    checkProjectDir(engine.projectDir, engine.home);
    const store = storeFor(engine.stateDir, engine.projectDir);
    mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    let lock;
    try {
      lock = acquireLock(store.lockPath, 200);
    } catch {
      lock = undefined; // busy: the background process will wait for it itself
    }
    const args = [join(installDir(), 'bin', 'gatehouse.mjs'), 'checkpoints', 'snapshot', '--project', store.project, '--session', input.session_id, '--kind', 'session-start'];
    if (lock) args.push('--lock-token', lock.token);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(runtime.env)) if (v !== undefined) env[k] = v;
    const child = childProcess().spawn(process.execPath, args, { detached: true, stdio: 'ignore', env, cwd: store.dir });
    child.on('error', () => undefined);
    if (lock) {
      if (child.pid) transferLock(lock, child.pid);
      else lock.release();
    }
    child.unref();
  } catch (e) {
    note(ctx.record, { warning: `no session-start checkpoint: ${describeError(e)}` });
  }
}
