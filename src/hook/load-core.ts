// Loads the hook bundle (dist/hook-core.cjs) as a library through a V8 code cache. Node 20 has no
// built-in compile cache for user code and compiling the bundle is a measurable part of a hook
// call. First choice is the cache made at build time from a warm-up over every kind of event
// (scripts/warm-hook-cache.mjs); if V8 rejects it (another Node, other flags), one kept in the
// state directory, written after a run. A missing or rejected cache only costs speed.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import type { HookAnswer } from './output.js';

export interface CoreExports {
  handleEvent(bytes: Buffer, env: NodeJS.ProcessEnv): Promise<HookAnswer>;
}

export function stateDirOf(env: NodeJS.ProcessEnv): string | null {
  if (env.GATEHOUSE_STATE_DIR) return env.GATEHOUSE_STATE_DIR;
  if (env.XDG_STATE_HOME?.startsWith('/')) return join(env.XDG_STATE_HOME, 'gatehouse');
  if (env.HOME?.startsWith('/')) return join(env.HOME, '.local', 'state', 'gatehouse');
  return null;
}

/** Size and mtime of the bundle: the resident process serves only the bundle it loaded. */
export function coreIdentity(core: string): string {
  const st = statSync(core);
  return `${st.size}-${Math.floor(st.mtimeMs)}`;
}

export class CoreLoadError extends Error {}

export function loadCore(dist: string, env: NodeJS.ProcessEnv, req: NodeRequire): CoreExports {
  const core = join(dist, 'hook-core.cjs');
  let source: string;
  try {
    source = readFileSync(core, 'utf8');
  } catch (e) {
    throw new CoreLoadError(`the hook bundle is missing (${(e as NodeJS.ErrnoException).code ?? 'error'}); reinstall gatehouse`);
  }
  const st = statSync(core);
  const useCache = env.GATEHOUSE_CODE_CACHE !== '0';
  const builtCache = join(dist, `hook-core-${process.version}-${st.size}.v8`);
  const state = useCache ? stateDirOf(env) : null;
  const cacheFile = state ? join(state, 'cache', `hook-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8`) : null;
  let cached: Buffer | undefined;
  if (useCache) {
    for (const file of [cacheFile, builtCache]) {
      if (!file) continue;
      try {
        cached = readFileSync(file);
        break;
      } catch {
        // not there: try the next
      }
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  let script: Script;
  try {
    // Dynamic import() inside the bundle resolves like it would in the main context.
    script = new Script(wrapper, { filename: core, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, ...(cached ? { cachedData: cached } : {}) });
  } catch (e) {
    throw new CoreLoadError(`the hook bundle is damaged (${(e as Error).name}); reinstall gatehouse`);
  }
  if (cacheFile && (!cached || script.cachedDataRejected)) {
    // Written once, after the hook ran, so the cache holds the functions it actually compiled.
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
      } catch {
        // an unwritable cache only costs speed
      }
    });
  }
  const mod: { exports: Partial<CoreExports> } = { exports: {} };
  try {
    (script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void)(mod.exports, req, mod, core, dirname(core));
  } catch (e) {
    throw new CoreLoadError(`the hook failed to start (${(e as Error).name}: ${String((e as Error).message).split('\n')[0]}); reinstall gatehouse`);
  }
  if (typeof mod.exports.handleEvent !== 'function') throw new CoreLoadError('the hook bundle exports no handler; reinstall gatehouse');
  return mod.exports as CoreExports;
}
