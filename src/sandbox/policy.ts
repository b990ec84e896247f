// The gatehouse policy as the sandbox sees it: which paths are protected (for masks and the
// settings fragment) and whether this is production. Loaded through the same path as the hook.
import { GatehouseError } from '../errors.js';
import { openPolicy } from '../policy/session.js';
import type { PolicyPaths } from './ignore-walk.js';

export interface SandboxPolicy extends PolicyPaths {
  production: boolean;
  /** The policy files that contributed. */
  sources: string[];
}

/** Fails closed: an invalid policy is an error, never "no protected paths". */
export function loadSandboxPolicy(project: string, env: Readonly<Record<string, string | undefined>>): SandboxPolicy {
  const s = openPolicy(project, env, project);
  if (s.data.errors.length) {
    const e = s.data.errors[0]!;
    throw new GatehouseError({
      code: e.code,
      message: `the gatehouse policy is invalid, so the protected paths are unknown: ${e.message}`,
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      hint: 'fix it (`gatehouse policy check`) and run again',
    });
  }
  return { protect: s.data.protect, unprotect: s.data.unprotect, production: s.data.production, sources: s.data.sources.map((x) => x.file) };
}
