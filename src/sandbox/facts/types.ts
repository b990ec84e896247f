// What the advisor and the doctor know about this machine and project. Every fact carries the
// evidence it was drawn from, so each answer in the decision tree can say why.

export interface Fact<T> {
  value: T;
  evidence: string[];
}

export type OsPlatform = 'macos' | 'linux' | 'wsl1' | 'wsl2' | 'windows' | 'other';

export interface McpServerFact {
  name: string;
  scope: 'project' | 'user' | 'local';
  /** File the entry came from. */
  source: string;
  /** `npx -y pkg@1.2.3`, `https://…`, `docker run …`. */
  launch: string;
  kind: 'package' | 'container' | 'local' | 'remote' | 'other';
  /** The launcher names an exact version or digest (or runs local code). */
  pinned: boolean;
  /** Listed in .gatehouse/mcp-lock.json (scanned and pinned by gatehouse). */
  inLock: boolean;
}

export interface AgentConfigFact {
  /** Agent configuration present in the project: .claude/**, .mcp.json, CLAUDE.md. */
  files: string[];
  /** Hook commands configured in project settings that are not gatehouse's. */
  hooks: string[];
  /** Authors (emails) of commits that touched that configuration, other than the user. */
  foreignAuthors: string[];
  /** The user's git email. */
  userEmail?: string;
  /** Share of the repository's recent commits made by the user (undefined without git history). */
  userShare?: number;
  freshClone: boolean;
  isGit: boolean;
}

export interface ClaudeSandboxFact {
  enabled?: boolean;
  failIfUnavailable?: boolean;
  allowUnsandboxedCommands?: boolean;
  autoAllowBashIfSandboxed?: boolean;
  excludedCommands: string[];
  denyRead: string[];
  allowWrite: string[];
  allowedDomains: string[];
  /** `key → settings file` for every value above that was set. */
  sources: Record<string, string>;
  /** Settings files that exist but are not valid JSON (Claude Code ignores them in -p). */
  unreadable: string[];
}

export interface PermissionsFact {
  defaultMode?: string;
  defaultModeSource?: string;
  /** Bypass in use: defaultMode bypassPermissions, a shell alias, an accepted bypass prompt. */
  bypass: boolean;
  /** permissions.disableBypassPermissionsMode = "disable" somewhere in the merged settings. */
  bypassDisabled: boolean;
  /** Read(...) deny rules (they merge into the sandbox's denyRead). */
  readDeny: string[];
  /** WebFetch(domain:…) allow rules (they merge into the network allowlist). */
  webFetchDomains: string[];
}

export interface IsolationFacts {
  bwrap: Fact<boolean>;
  socat: Fact<boolean>;
  sandboxExec: Fact<boolean>;
  container: Fact<{ engine?: 'docker' | 'podman'; works: boolean }>;
  gvisor: Fact<boolean>;
}

export interface Facts {
  project: string;
  home: string;
  platform: Fact<OsPlatform>;
  production: Fact<boolean>;
  ci: Fact<boolean>;
  /** Already inside a container, VM sandbox or devcontainer (declared or detected). */
  isolatedEnv: Fact<boolean>;
  mcp: Fact<McpServerFact[]>;
  agentConfig: Fact<AgentConfigFact>;
  isolation: IsolationFacts;
  claudeSandbox: Fact<ClaudeSandboxFact>;
  permissions: Fact<PermissionsFact>;
  /** The project's ignore patterns (.claudeignore, or gatehouse's defaults when there is none). */
  ignorePatterns: Fact<string[]>;
  /** Answers the user gave with --answer NODE=BRANCH; they override detection. */
  answers: Record<string, string>;
}
