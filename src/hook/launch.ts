// dist/hook.cjs: starts the hook bundle (dist/hook-core.cjs) through a V8 code cache. Node 20 has
// no built-in compile cache for user code; compiling the bundle is a measurable part of every
// tool call, so the compiled code is kept in the state directory (out of the agent's reach) and
// reused. A missing, stale or rejected cache just means compiling from source, as without it.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';

declare const __filename: string;

function stateDirOf(env: NodeJS.ProcessEnv): string | null {
  if (env.GATEHOUSE_STATE_DIR) return env.GATEHOUSE_STATE_DIR;
  if (env.XDG_STATE_HOME?.startsWith('/')) return join(env.XDG_STATE_HOME, 'gatehouse');
  if (env.HOME?.startsWith('/')) return join(env.HOME, '.local', 'state', 'gatehouse');
  return null;
}

const core = join(dirname(__filename), 'hook-core.cjs');
let source: string;
try {
  source = readFileSync(core, 'utf8');
} catch (e) {
  process.stderr.write(`gatehouse could not check this call: the hook bundle is missing (${(e as NodeJS.ErrnoException).code ?? 'error'}); reinstall gatehouse\n`);
  process.exit(2);
}
const st = statSync(core);
const state = process.env.GATEHOUSE_CODE_CACHE === '0' ? null : stateDirOf(process.env);
const cacheFile = state ? join(state, 'cache', `hook-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8`) : null;
let cached: Buffer | undefined;
if (cacheFile) {
  try {
    cached = readFileSync(cacheFile);
  } catch {
    // first run, or no state directory yet
  }
}
const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
let script: Script;
try {
  // Dynamic import() inside the bundle resolves like it would in the main context.
  script = new Script(wrapper, { filename: core, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, ...(cached ? { cachedData: cached } : {}) });
} catch (e) {
  // A corrupt bundle: refuse with one line, never a stack trace in front of the model.
  process.stderr.write(`gatehouse could not check this call: the hook bundle is damaged (${(e as Error).name}); reinstall gatehouse\n`);
  process.exit(2);
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
const mod = { exports: {} };
try {
  (script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void)(mod.exports, require, mod, core, dirname(core));
} catch (e) {
  process.stderr.write(`gatehouse could not check this call: the hook failed to start (${(e as Error).name}: ${String((e as Error).message).split('\n')[0]}); reinstall gatehouse\n`);
  process.exit(2);
}
