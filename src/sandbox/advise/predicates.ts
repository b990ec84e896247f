// Questions both trees ask, answered from facts with the evidence that decided them. Pure.
import { foreignAgentConfig } from '../facts/repo.js';
import { untrustedServers } from '../facts/mcp.js';
import type { Facts } from '../facts/types.js';

export interface Verdict {
  yes: boolean;
  evidence: string[];
}

/**
 * Third-party code that runs as a whole process, outside Claude Code's Bash sandbox: MCP servers
 * (a local server counts only in a repository the user did not write) and agent configuration
 * (hooks, .claude/) the user did not write.
 */
export function untrustedWholeProcessInputs(f: Facts): Verdict & { servers: string[]; foreignConfig: boolean } {
  const foreign = foreignAgentConfig(f.agentConfig.value);
  const a = f.agentConfig.value;
  const foreignCode = a.freshClone || (a.userShare !== undefined && a.userShare < 0.5);
  const servers = f.mcp.value.filter((s) => s.kind !== 'local' || foreignCode);
  const ev: string[] = [];
  for (const s of servers) ev.push(`MCP '${s.name}' (${s.scope}): \`${s.launch}\` runs outside the shell sandbox`);
  if (foreign) ev.push(...f.agentConfig.evidence.filter((e) => /others|clone|hooks that are not/.test(e)));
  if (!ev.length) {
    ev.push(f.mcp.value.length ? 'only local MCP servers in a repository the user wrote' : 'no MCP servers configured');
    ev.push(f.agentConfig.value.files.length ? 'agent configuration was written by the user' : 'no project agent configuration');
  }
  return { yes: servers.length > 0 || foreign, evidence: ev, servers: servers.map((s) => s.name), foreignConfig: foreign };
}

/** Every such input vetted: servers scanned and pinned by gatehouse with exact launchers; no foreign configuration. */
export function inputsVetted(f: Facts): Verdict {
  const w = untrustedWholeProcessInputs(f);
  const unvetted = untrustedServers(f.mcp.value.filter((s) => w.servers.includes(s.name)));
  const ev: string[] = [];
  for (const s of unvetted) ev.push(`MCP '${s.name}': ${!s.inLock ? 'not scanned/pinned by gatehouse (.gatehouse/mcp-lock.json)' : 'launcher not pinned to an exact version or digest'}`);
  if (w.foreignConfig) ev.push('agent configuration written by others has not been reviewed (answer --answer vetted=yes once it has)');
  if (!ev.length) ev.push(`all ${w.servers.length} server(s) pinned in .gatehouse/mcp-lock.json with exact launchers`);
  return { yes: unvetted.length === 0 && !w.foreignConfig, evidence: ev };
}

/** The seed's "untrusted code": unknown MCP servers, or a codebase the user did not write. */
export function untrustedCodeOrUnknownMcp(f: Facts): Verdict {
  const unknown = f.mcp.value.filter((s) => !s.inLock);
  const a = f.agentConfig.value;
  const foreignCode = a.freshClone || (a.userShare !== undefined && a.userShare < 0.5) || foreignAgentConfig(a);
  const ev: string[] = unknown.map((s) => `MCP '${s.name}' (${s.scope}) is unknown: not scanned/pinned by gatehouse`);
  if (foreignCode) ev.push(...f.agentConfig.evidence.filter((e) => /commits are by|clone|others/.test(e)));
  if (!ev.length) ev.push(f.mcp.value.length ? 'every MCP server is pinned in .gatehouse/mcp-lock.json' : 'no MCP servers configured', ...f.agentConfig.evidence.filter((e) => /commits are by|no commits|not a git/.test(e)));
  return { yes: unknown.length > 0 || foreignCode, evidence: ev };
}

/** Seed S4: the user wrote most of this codebase (no history: unknown, so "unsure"). */
export function personalKnownCodebase(f: Facts): Verdict {
  const a = f.agentConfig.value;
  const ev = f.agentConfig.evidence.filter((e) => /commits|clone|not a git/.test(e));
  if (!a.isGit) return { yes: false, evidence: [...ev, 'unsure → treated as "no"'] };
  if (a.freshClone) return { yes: false, evidence: ev };
  if (a.userShare === undefined) return { yes: true, evidence: ev };
  return { yes: a.userShare >= 0.5, evidence: [...ev, `user's share ${(a.userShare * 100).toFixed(0)}% ${a.userShare >= 0.5 ? '≥' : '<'} 50%`] };
}

export function nativeSandboxFailClosed(f: Facts): Verdict & { missing: string[] } {
  const s = f.claudeSandbox.value;
  const missing: string[] = [];
  if (s.enabled !== true) missing.push('sandbox.enabled is not true');
  if (s.failIfUnavailable !== true) missing.push('sandbox.failIfUnavailable is not true (Bash runs unsandboxed, with only a warning, when the sandbox cannot start)');
  if (s.allowUnsandboxedCommands !== false) missing.push('sandbox.allowUnsandboxedCommands is not false (the model can ask to run a command outside the sandbox)');
  return { yes: missing.length === 0, missing, evidence: [...f.claudeSandbox.evidence.slice(0, 3), ...missing] };
}

export function bypassOnHost(f: Facts): Verdict {
  if (!f.permissions.value.bypass) return { yes: false, evidence: f.permissions.evidence };
  if (f.isolatedEnv.value) return { yes: false, evidence: [...f.permissions.evidence, ...f.isolatedEnv.evidence, 'bypass is used inside an isolated environment, where it is acceptable'] };
  return { yes: true, evidence: [...f.permissions.evidence, ...f.isolatedEnv.evidence] };
}

export function linuxPrereqs(f: Facts): Verdict {
  const i = f.isolation;
  return { yes: i.bwrap.value && i.socat.value, evidence: [...i.bwrap.evidence, ...i.socat.evidence] };
}

export type ProcessIsolation = 'container' | 'gvisor' | 'bwrap' | 'seatbelt' | 'none';

/** The strongest whole-process isolation that actually works here. */
export function bestProcessIsolation(f: Facts): { kind: ProcessIsolation; evidence: string[] } {
  const i = f.isolation;
  const ev = [...i.container.evidence, ...i.gvisor.evidence, ...i.bwrap.evidence, ...i.sandboxExec.evidence];
  if (i.container.value.works) return { kind: 'container', evidence: ev };
  if (i.gvisor.value) return { kind: 'gvisor', evidence: ev };
  if (i.bwrap.value) return { kind: 'bwrap', evidence: ev };
  if (i.sandboxExec.value) return { kind: 'seatbelt', evidence: ev };
  return { kind: 'none', evidence: ev };
}
