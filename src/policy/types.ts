// Rules, hits and decisions. A rule is a unit of knowledge: id, summary, verdict, why, fix,
// the action kinds it listens to, a pure matcher, and examples the test suite runs.
import type { Action, ActionKind } from '../actions/types.js';

export type RuleVerdict = 'deny' | 'ask' | 'allow';
export type Verdict = RuleVerdict | 'none';

/** Facts resolved at the edge and handed to decide(): no rule reads the clock, disk or process.env. */
export interface DecideEnv {
  home: string;
  /** Project root (CLAUDE_PROJECT_DIR, else the event's cwd). */
  projectDir: string;
  cwd: string;
  /** Extra directories the user allowed (additionalDirectories). */
  allowedDirs: readonly string[];
  /** gatehouse's own state directory (audit log, checkpoints, keys). */
  stateDir: string;
  /** Where gatehouse itself is installed. */
  installDir: string;
  /** Is a path exempted from protection by the policy's `unprotect` list? (In-memory patterns.) */
  isExempt(path: string): boolean;
  /** Branch globs the policy treats as protected (main, master, release/*…). */
  protectedBranches: readonly string[];
  /** The project or machine is production (policy `production: true`). */
  production: boolean;
  /** The branch checked out in the project, when known. */
  currentBranch?: string;
  /** Packages the project already depends on (package.json, node_modules/.bin, pyproject.toml,
   * requirements*.txt). Only read when the call runs a package (`npx x`); absent otherwise. */
  projectPackages?: ReadonlySet<string>;
  now: number;
}

/** A tool call written the short way, for examples: `{ Bash: 'rm -rf ~' }`, `{ Read: '~/.ssh/id_rsa' }`,
 * `{ tool: 'Grep', input: {…} }`, `{ prompt: 'look at @.env' }`. */
export type Example =
  | { Bash: string; cwd?: string }
  | { Read: string }
  | { Write: string; content?: string }
  | { Edit: string }
  | { tool: string; input: Record<string, unknown>; mcpSource?: string }
  | { prompt: string };

export interface RuleMeta {
  /** `<pack>/<kebab-name>`; never renamed once released. */
  id: string;
  verdict: RuleVerdict;
  /** One line: what the rule catches. */
  summary: string;
  /** Why it matters, in a sentence or two. */
  why: string;
  /** What the user can do instead: the safer command, or the policy line that would allow it. */
  fix: string;
  /** Action kinds the rule listens to. */
  on: readonly ActionKind[];
  examples: { match: readonly Example[]; pass: readonly Example[] };
}

export interface Rule extends RuleMeta {
  /** Pure: may look at the action, its siblings and env; nothing else. */
  match(action: Action, env: DecideEnv, all: readonly Action[]): boolean;
}

export interface Hit {
  ruleId: string;
  verdict: RuleVerdict;
  /** describeAction() of the matching action. */
  action: string;
  summary: string;
  why: string;
  fix: string;
  /** Where the rule came from: `pack:secrets`, `.gatehouse/policy.yaml:12`, `CLAUDE.md:40`. */
  source: string;
  /** The user's note from the policy file, if any. */
  note?: string;
}

export interface Decision {
  verdict: Verdict;
  /** Every rule that matched, most severe first. */
  hits: Hit[];
  actions: Action[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

const SEVERITY: Record<Verdict, number> = { deny: 3, ask: 2, allow: 1, none: 0 };

/** deny > ask > allow > none, as Claude Code merges hook answers. */
export function mostSevere(a: Verdict, b: Verdict): Verdict {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function severity(v: Verdict): number {
  return SEVERITY[v];
}
