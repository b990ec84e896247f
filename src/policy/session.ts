// The policy in force for a project, for commands outside the hook (check, policy explain/test):
// the same loading path as the hook, with the compiler loaded directly.
import { homeDir, installDir, projectDir as projectDirOf, stateDir } from '../env/locations.js';
import * as compiler from './compiler-entry.js';
import type { PolicyData } from './data.js';
import { preparePolicy, type EngineContext, type LoadedPolicy } from './engine.js';
import { loadPolicyData } from './load.js';

export interface PolicySession {
  ctx: EngineContext;
  data: PolicyData;
  /** Undefined when the policy is invalid (see data.errors). */
  loaded?: LoadedPolicy;
}

export function openPolicy(cwd: string, env: Readonly<Record<string, string | undefined>>, project?: string): PolicySession {
  const home = homeDir(env);
  const projectDir = project ?? projectDirOf(env, cwd);
  const known: Record<string, string> = {};
  for (const k of ['HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'PATH']) if (env[k]) known[k] = env[k]!;
  const ctx: EngineContext = { cwd, home, projectDir, stateDir: stateDir(env), installDir: installDir(), env: known, now: Date.now() };
  const data = loadPolicyData({ projectDir, stateDir: ctx.stateDir, env }, () => compiler);
  return data.errors.length ? { ctx, data } : { ctx, data, loaded: preparePolicy(data, ctx) };
}
