// The shapes shared by every sandbox backend. Backends receive fully resolved options (absolute,
// existing paths; the network decision already made) and never read configuration themselves.

export type Platform = 'linux' | 'macos' | 'windows';

export type ProfileName = 'readonly' | 'workspace' | 'strict';

export type NetworkPlan =
  | { mode: 'none' }
  /** Traffic leaves only through gatehouse's proxy, reached inside the sandbox at 127.0.0.1:port. */
  | { mode: 'proxy'; socketPath: string; port: number; allow: string[] };

export interface Mask {
  /** Absolute path to hide. */
  path: string;
  kind: 'file' | 'dir';
  /** Why it is hidden: a sensitive home path, an ignore-file match, … */
  reason: string;
}

export interface ResolvedSandboxOptions {
  profile: ProfileName;
  /** The command and its arguments (argv, no shell). */
  command: string[];
  /** Realpath of the project; writable (when `projectWritable`) except for `readOnly` entries. */
  projectDir: string;
  projectWritable: boolean;
  /** Working directory inside the sandbox (within the project). */
  cwd: string;
  home: string;
  /** Host directory that becomes the sandbox's private /tmp; removed afterwards. */
  privateTmp: string;
  /** Extra writable paths beyond the project (existing, absolute). */
  extraWritable: string[];
  /** Paths inside writable areas that stay read-only (git hooks, agent settings, …); existing. */
  readOnly: string[];
  /** Missing directories to pin as empty read-only mounts, so the command cannot create them. */
  pinEmptyDirs: string[];
  /** Paths whose contents are hidden (empty file or empty directory in their place). */
  masks: Mask[];
  /** Strict: the root is not visible; only system directories are, and HOME is empty. */
  systemOnlyRoot: boolean;
  /** Directories bound read-only when `systemOnlyRoot` (system dirs, the Node install, …). */
  systemDirs: string[];
  network: NetworkPlan;
  /** The complete environment of the command. */
  env: Record<string, string>;
  /** Names of variables held back because they carry credentials (values never recorded). */
  droppedEnv: string[];
  /** An empty file and an empty directory on the host, used as mask sources. */
  emptyFile: string;
  emptyDir: string;
}

export interface WrappedCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Called after the command exits (backend-specific clean-up). */
  cleanup?: () => Promise<void>;
}

export interface Availability {
  ok: boolean;
  /** What was tried and what happened, for `doctor` and `advise` evidence. */
  evidence: string[];
  version?: string;
}

/** STYLE §13: one interface for every platform; the platform is a parameter. */
export interface SandboxBackend {
  name: string;
  platform: Platform;
  /** `quick`: only locate what is needed (no trial run); used before every `sandbox run`. */
  available(opts?: { quick?: boolean }): Promise<Availability>;
  wrap(opts: ResolvedSandboxOptions): Promise<WrappedCommand>;
}
