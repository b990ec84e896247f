// The gatehouse policy as the sandbox sees it: which paths are protected (for masks and the
// settings fragment) and whether this is production. Loaded through the hook's path (the compiled
// cache); the YAML compiler is imported only when a policy file exists and the cache misses.
import { statSync } from 'node:fs';
import { stateDir } from '../env/locations.js';
import { GatehouseError } from '../errors.js';
import { emptyPolicyData, type PolicyData } from '../policy/data.js';
import { loadPolicyData } from '../policy/load.js';
import { policyFiles } from '../policy/sources.js';
import type { PolicyPaths } from './ignore-walk.js';

export interface SandboxPolicy extends PolicyPaths {
  production: boolean;
  /** The policy files that contributed. */
  sources: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

async function policyData(project: string, env: Env): Promise<PolicyData> {
  const files = policyFiles(project, env);
  if (!files.some((f) => statSync(f.file, { throwIfNoEntry: false }))) return emptyPolicyData();
  const compiler = await import('../policy/compiler-entry.js');
  return loadPolicyData({ projectDir: project, stateDir: stateDir(env), env }, () => compiler);
}

/** Fails closed: an invalid policy is an error, never "no protected paths". */
export async function loadSandboxPolicy(project: string, env: Env): Promise<SandboxPolicy> {
  const data = await policyData(project, env);
  if (data.errors.length) {
    const e = data.errors[0]!;
    throw new GatehouseError({
      code: e.code,
      message: `the gatehouse policy is invalid, so the protected paths are unknown: ${e.message}`,
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      hint: 'fix it (`gatehouse policy check`) and run again',
    });
  }
  return { protect: data.protect, unprotect: data.unprotect, production: data.production, sources: data.sources.map((x) => x.file) };
}
