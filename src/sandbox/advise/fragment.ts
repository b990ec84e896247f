// The Claude Code settings that make its own sandbox real: on, fail-closed, no escape hatch, reads
// of credentials and ignored files denied, network limited to an allowlist. Pure: facts in,
// settings fragment out.
import { SENSITIVE_HOME_PATHS } from '../paths.js';
import type { Facts } from '../facts/types.js';

export interface SandboxSettingsFragment {
  sandbox: {
    enabled: true;
    failIfUnavailable: true;
    allowUnsandboxedCommands: false;
    filesystem: { denyRead: string[] };
    network: { allowedDomains: string[] };
  };
}

/**
 * One ignore pattern (gitignore syntax) as a sandbox path: `//` = absolute, so the entry means the
 * same whichever settings file holds it. Negations cannot be expressed and are returned as undefined.
 */
export function ignorePatternToSandboxPath(project: string, pattern: string): string | undefined {
  let p = pattern.trim();
  if (!p || p.startsWith('#') || p.startsWith('!')) return undefined;
  p = p.replace(/\\(.)/g, '$1');
  if (p.endsWith('/')) p = p.slice(0, -1);
  if (p.startsWith('~/')) return p;
  const anchored = p.startsWith('/') || p.slice(0, -1).includes('/');
  p = p.replace(/^\//, '');
  const root = project.replace(/\/+$/, '');
  return anchored ? `/${root}/${p}` : `/${root}/**/${p}`;
}

export function buildSandboxFragment(f: Facts, extraDomains: readonly string[] = []): { fragment: SandboxSettingsFragment; notes: string[] } {
  const notes: string[] = [];
  const denyRead: string[] = [];
  const add = (x: string) => {
    if (!denyRead.includes(x)) denyRead.push(x);
  };
  for (const rel of SENSITIVE_HOME_PATHS) add(`~/${rel}`);
  const negations = f.ignorePatterns.value.filter((p) => p.startsWith('!'));
  for (const pat of f.ignorePatterns.value) {
    const e = ignorePatternToSandboxPath(f.project, pat);
    if (e) add(e);
  }
  if (negations.length) notes.push(`exceptions (${negations.join(', ')}) cannot be expressed in denyRead; the hook still honours them`);
  const domains: string[] = [];
  for (const d of [...f.claudeSandbox.value.allowedDomains, ...f.permissions.value.webFetchDomains, ...extraDomains]) if (!domains.includes(d)) domains.push(d);
  if (!domains.length) notes.push('network.allowedDomains is empty: sandboxed commands reach no host (add hosts with --allow-net)');
  if (f.claudeSandbox.value.excludedCommands.length) {
    notes.push(`sandbox.excludedCommands (${f.claudeSandbox.value.excludedCommands.join(', ')}) still run outside the sandbox; remove what you can`);
  }
  return {
    fragment: {
      sandbox: {
        enabled: true,
        failIfUnavailable: true,
        allowUnsandboxedCommands: false,
        filesystem: { denyRead },
        network: { allowedDomains: domains },
      },
    },
    notes,
  };
}
