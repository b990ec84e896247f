// The compiled policy as plain JSON: what the compiler produces from YAML and what the hook reads
// from its cache. No YAML, no schema code here, so the hook never loads them on a cache hit.
import type { ProtectPattern } from './ignore-file.js';
import type { RuleSetting } from './decide.js';

export interface CustomMatchData {
  tool?: string;
  command?: string;
  program?: string;
  args?: string[];
  path?: string[];
  op?: string[];
  host?: string[];
  prompt?: string;
}

export interface CustomRuleData {
  id: string;
  verdict: 'deny' | 'ask' | 'allow';
  summary: string;
  why: string;
  fix: string;
  match: CustomMatchData;
  examples: { match: string[]; pass: string[] };
  source: string;
}

export interface PolicyProblem {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  key?: string;
}

export interface PolicyData {
  /** Schema of this JSON (bumped when the compiled shape changes, so old caches are ignored). */
  format: number;
  /** Hash of the policy sources and the gatehouse version. */
  revision: string;
  /** Files that contributed, with their layer. */
  sources: { file: string; layer: string; trusted?: boolean }[];
  settings: Record<string, RuleSetting>;
  custom: CustomRuleData[];
  protect: ProtectPattern[];
  unprotect: ProtectPattern[];
  protectedBranches: string[];
  allowedDirs: string[];
  production: boolean;
  audit: { onWriteFailure: 'block' | 'continue' };
  gate: { waitSeconds: number; onTimeout: 'deny' | 'defer' };
  detect: Record<string, 'alert' | 'block' | 'off'>;
  baseline: 'learn' | 'enforce';
  alerts: { webhook?: string; command?: string[]; minSeverity: 'info' | 'low' | 'medium' | 'high' | 'critical'; perMinute: number };
  /** Invalid policy: the hook refuses every call naming the first problem. */
  errors: PolicyProblem[];
  /** Things that were ignored on purpose (an untrusted project trying to loosen a rule). */
  warnings: PolicyProblem[];
}

export const POLICY_DATA_FORMAT = 3;

export const DEFAULT_PROTECTED_BRANCHES = ['main', 'master', 'release/*', 'production', 'prod'];

export function emptyPolicyData(revision = 'builtin'): PolicyData {
  return {
    format: POLICY_DATA_FORMAT,
    revision,
    sources: [],
    settings: {},
    custom: [],
    protect: [],
    unprotect: [],
    protectedBranches: DEFAULT_PROTECTED_BRANCHES,
    allowedDirs: [],
    production: false,
    audit: { onWriteFailure: 'block' },
    gate: { waitSeconds: 0, onTimeout: 'deny' },
    detect: {},
    baseline: 'learn',
    alerts: { minSeverity: 'medium', perMinute: 10 },
    errors: [],
    warnings: [],
  };
}
