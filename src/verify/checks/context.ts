// What every check receives, and what it hands back. Checks do their own I/O (they run tools)
// but never print; the orchestrator owns timing, timeouts, diff classification and status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../../errors.js';
import type { ChangeSet } from '../diff.js';
import type { VerifyConfig } from '../config.js';
import type { Finding, TestCase, ToolInfo } from '../types.js';

export interface CheckContext {
  /** Absolute project directory. */
  project: string;
  change?: ChangeSet;
  /** Project-relative files in scope (changed files with a base, else every project file). */
  files: string[];
  /** Changed files too large to read (only with a change). */
  tooLarge: string[];
  config: VerifyConfig;
  /** Environment for child processes (credentials already removed). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** True when the user named this check in --checks (so "nothing to run" is a failure). */
  explicit: boolean;
  /** Rule ids of every gatehouse rule, to judge suppression comments. */
  knownRuleIds: ReadonlySet<string>;
  /** Throws verify/timeout once the check's time is up; in-process checks call it between files. */
  tick(): Promise<void>;
  readText(file: string): string | undefined;
}

export interface CheckOutcome {
  findings: Finding[];
  tools: ToolInfo[];
  tests?: TestCase[];
  ran?: string[];
  /** The check could not do its job: a crash, unreadable output, a missing tool. */
  failure?: string;
  /** Nothing to check here (no config, no test command). */
  skipped?: string;
}

export type Check = (ctx: CheckContext) => Promise<CheckOutcome>;

export function makeReader(project: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text: string | undefined;
    try {
      const buf = readFileSync(join(project, file));
      text = buf.includes(0) ? undefined : buf.toString('utf8');
    } catch {
      text = undefined;
    }
    cache.set(file, text);
    return text;
  };
}

export function makeTicker(deadline: number, label: string): () => Promise<void> {
  let n = 0;
  return async () => {
    if (++n % 16 === 0) await new Promise((r) => setImmediate(r));
    if (Date.now() > deadline) throw new GatehouseError({ code: 'verify/timeout', message: `${label} timed out` });
  };
}
