// Made-up facts for decision-tree tests: a safe Linux developer machine, changed per case.
import type { Facts, McpServerFact } from '../../src/sandbox/facts/types.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

export function baseFacts(): Facts {
  const f = <T>(value: T, ...evidence: string[]) => ({ value, evidence: evidence.length ? evidence : [`fixture: ${JSON.stringify(value)}`] });
  return {
    project: '/p',
    home: '/h',
    platform: f('linux' as const, 'process.platform = linux'),
    production: f(false, 'not declared'),
    ci: f(false, 'no CI variable set'),
    isolatedEnv: f(false, 'no container marker'),
    mcp: f([] as McpServerFact[], 'no MCP servers configured'),
    agentConfig: f({ files: [], hooks: [], foreignAuthors: [], userEmail: 'me@x', userShare: 1, freshClone: false, isGit: true }, 'git: 10 of the last 10 commits are by me@x'),
    isolation: {
      bwrap: f(true, 'bwrap works'),
      socat: f(true, 'socat at /usr/bin/socat'),
      sandboxExec: f(false, 'sandbox-exec is macOS-only'),
      container: f({ works: false } as { engine?: 'docker' | 'podman'; works: boolean }, 'no podman or docker client on PATH'),
      gvisor: f(false, 'runsc (gVisor) not found'),
    },
    claudeSandbox: f(
      { enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false, excludedCommands: [], denyRead: ['~/.ssh'], allowWrite: [], allowedDomains: [], sources: {}, unreadable: [] },
      'sandbox.enabled = true',
    ),
    permissions: f({ bypass: false, bypassDisabled: false, readDeny: [], webFetchDomains: [] }, 'permissions.defaultMode = (unset: default)'),
    ignorePatterns: f(['.env', '*.pem', '!.env.example'], '.claudeignore: 3 pattern(s)'),
    answers: {},
  };
}

/** Applies a deep override (objects merged, arrays and scalars replaced). */
export function facts(over: DeepPartial<Facts> = {}): Facts {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
      for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = v === undefined ? undefined : merge(out[k], v);
      return out;
    }
    return b;
  };
  return merge(baseFacts(), over) as Facts;
}

export const server = (o: Partial<McpServerFact> = {}): McpServerFact => ({
  name: 'github',
  scope: 'project',
  source: '/p/.mcp.json',
  launch: 'npx -y @modelcontextprotocol/server-github',
  kind: 'package',
  pinned: false,
  inLock: false,
  ...o,
});
