// The shapes every check produces and every reporter reads. A check never prints: it returns a
// CheckResult, and the reporters turn results into SARIF, JUnit, annotations, Markdown or a table.

export const CHECK_NAMES = ['lint', 'test', 'security', 'docs', 'critical'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** SARIF levels; only `error` findings on changed lines fail a check. */
export type Level = 'error' | 'warning' | 'note';

export interface Finding {
  check: CheckName;
  /** The tool that produced it (one SARIF run per tool and check). */
  tool: string;
  ruleId: string;
  level: Level;
  /** Already redacted; the first sentence is the title. */
  message: string;
  /** Project-relative, forward slashes. Absent for findings about the whole project. */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Stable across runs and line moves: hash of rule, file and the matched (redacted) text. */
  fingerprint: string;
  /** True when the finding sits on a changed line (or no base was given); false = pre-existing. */
  isNew?: boolean;
}

/** Rule metadata, enough for SARIF's reportingDescriptor and the docs. */
export interface RuleMeta {
  id: string;
  /** One line. */
  summary: string;
  /** Why it matters (a sentence or two). */
  why: string;
  /** What to do instead. */
  fix: string;
  level: Level;
  /** e.g. ['CWE-78'] */
  cwe?: string[];
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** 0.1–10, shown by code scanning as critical/high/medium/low. */
  securitySeverity?: number;
  tags?: string[];
}

export interface ToolInfo {
  name: string;
  version?: string;
  informationUri?: string;
  rules: RuleMeta[];
}

export interface TestCase {
  suite: string;
  name: string;
  classname?: string;
  timeSec?: number;
  outcome: 'passed' | 'failed' | 'errored' | 'skipped';
  message?: string;
  details?: string;
}

export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  /** Why it failed or was skipped (a crash, a timeout, unreadable output, nothing configured). */
  reason?: string;
  durationMs: number;
  findings: Finding[];
  tools: ToolInfo[];
  /** Test cases (the test check), for JUnit. */
  tests?: TestCase[];
  /** What ran, for the report (`eslint 10.15.0 on 12 files`). */
  ran?: string[];
}

export interface VerifyReport {
  ok: boolean;
  project: string;
  base?: string;
  /** Files in the change (when a base was given). */
  changedFiles?: string[];
  checks: CheckResult[];
  durationMs: number;
}
