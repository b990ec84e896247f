// Shared shapes of MCP vetting: findings, the statically extracted surface of a server, and the
// source files a scan reads. Everything here is data; modules that fill it live beside it.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity | 'none'): number {
  return s === 'none' ? -1 : SEVERITIES.indexOf(s);
}

export function maxSeverity(list: readonly Severity[]): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const s of list) if (severityRank(s) > severityRank(best)) best = s;
  return best;
}

export interface Finding {
  /** Stable id `mcp/<area>/<kebab-name>`; tests, suppressions and SARIF key on it. */
  id: string;
  severity: Severity;
  /** One line: what was found. */
  message: string;
  /** Why it matters. */
  why: string;
  /** Path relative to the package root, or the config file. */
  file?: string;
  line?: number;
  column?: number;
  /** The matched text, redacted and truncated. */
  evidence?: string;
  /** Tool, prompt or server the finding is about. */
  tool?: string;
  server?: string;
  /** Binds a suppression to this exact content: sha256(id, file, content of the file or spec). */
  fingerprint: string;
  /** Set when a suppression with a matching fingerprint exists. */
  suppressed?: { reason: string };
}

/** A source file held in memory: scans never need the package on disk. */
export interface SourceFile {
  /** POSIX path relative to the package root. */
  path: string;
  text: string;
}

export type Lang = 'js' | 'ts' | 'tsx' | 'python';

export interface Location {
  file: string;
  line: number;
  column?: number;
}

/** Why a piece of metadata is not a constant: what it depends on. */
export type DynamicSource = 'file' | 'time' | 'counter' | 'env' | 'client' | 'network' | 'random' | 'unknown';

export interface ToolSpec {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

export interface ExtractedTool extends ToolSpec {
  loc: Location;
  /** Non-empty when name, description or schema is computed at run time. */
  dynamic?: DynamicSource[];
  /** Byte range of the handler in its file, when found (used to judge what the tool's code does). */
  handler?: { file: string; start: number; end: number };
}

export interface PromptSpec {
  name: string;
  description?: string;
  arguments?: unknown;
}

export interface ResourceSpec {
  uri: string;
  name?: string;
  description?: string;
  mimeType?: string;
}

export interface ServerSurface {
  tools: ExtractedTool[];
  prompts: (PromptSpec & { loc: Location })[];
  resources: (ResourceSpec & { loc: Location })[];
  instructions?: { text: string; loc: Location };
  /** Places where the tool list or a description changes at run time (rug-pull mechanics). */
  dynamic: {
    kind: DynamicSource | 'list-changed' | 'late-registration' | 'update';
    loc: Location;
    evidence: string;
    /** The replacement text, when a description is swapped for a constant. */
    text?: string;
    tool?: string;
  }[];
}
