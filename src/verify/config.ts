// Project settings for verification, in `.gatehouse/verify.json` (optional). Missing file means
// defaults; a file that exists but is invalid is an error naming the key (never silently ignored).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError, GatehouseErrors } from '../errors.js';
import { CHECK_NAMES, type CheckName } from './types.js';

export interface VerifyConfig {
  /** Per-check timeout in seconds. */
  timeouts: Partial<Record<CheckName, number>>;
  /** The test command as an argv array, when detection is not what you want. */
  testCommand?: string[];
  /** Extra critical areas: path globs (`src/billing/**`) that always need a human. */
  criticalPaths: string[];
  stopGate: {
    /** Run checks when the agent stops (also enabled by GATEHOUSE_VERIFY_ON_STOP=1). */
    enabled: boolean;
    checks: CheckName[];
    /** What "changed" means for the gate: a git ref (default HEAD: uncommitted and untracked files). */
    base: string;
    /** Total budget for the gate, seconds. */
    timeoutSeconds: number;
  };
}

export const CONFIG_FILE = '.gatehouse/verify.json';

export const DEFAULT_TIMEOUTS: Record<CheckName, number> = { lint: 300, test: 900, security: 300, docs: 120, critical: 60 };

export function defaultConfig(): VerifyConfig {
  return { timeouts: {}, criticalPaths: [], stopGate: { enabled: false, checks: ['lint', 'security', 'docs'], base: 'HEAD', timeoutSeconds: 90 } };
}

function problem(key: string, message: string): GatehouseError {
  return new GatehouseError({ code: 'verify/invalid-config', message, file: CONFIG_FILE, key });
}

const isChecks = (v: unknown): v is CheckName[] => Array.isArray(v) && v.every((x) => (CHECK_NAMES as readonly string[]).includes(x as string));

/** Validates a parsed config object; lists every problem at once. Pure. */
export function validateConfig(raw: unknown): VerifyConfig {
  const cfg = defaultConfig();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw problem('', 'expected a JSON object');
  const errs: GatehouseError[] = [];
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['timeouts', 'testCommand', 'criticalPaths', 'stopGate', '$schema'].includes(k)) errs.push(problem(k, `unknown key (expected timeouts, testCommand, criticalPaths, stopGate)`));
  if (o.timeouts !== undefined) {
    if (typeof o.timeouts !== 'object' || o.timeouts === null) errs.push(problem('timeouts', 'expected an object of check → seconds'));
    else
      for (const [k, v] of Object.entries(o.timeouts)) {
        if (!(CHECK_NAMES as readonly string[]).includes(k)) errs.push(problem(`timeouts.${k}`, `unknown check (expected ${CHECK_NAMES.join(', ')})`));
        else if (typeof v !== 'number' || !(v > 0) || v > 86_400) errs.push(problem(`timeouts.${k}`, 'expected seconds between 1 and 86400'));
        else cfg.timeouts[k as CheckName] = v;
      }
  }
  if (o.testCommand !== undefined) {
    if (!Array.isArray(o.testCommand) || o.testCommand.length === 0 || !o.testCommand.every((x) => typeof x === 'string' && x.length > 0)) {
      errs.push(problem('testCommand', 'expected a non-empty array of strings (argv, no shell)'));
    } else cfg.testCommand = o.testCommand as string[];
  }
  if (o.criticalPaths !== undefined) {
    if (!Array.isArray(o.criticalPaths) || !o.criticalPaths.every((x) => typeof x === 'string' && x.length > 0)) errs.push(problem('criticalPaths', 'expected an array of path globs'));
    else cfg.criticalPaths = o.criticalPaths as string[];
  }
  if (o.stopGate !== undefined) {
    const s = o.stopGate as Record<string, unknown>;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) errs.push(problem('stopGate', 'expected an object'));
    else {
      if (s.enabled !== undefined) {
        if (typeof s.enabled !== 'boolean') errs.push(problem('stopGate.enabled', 'expected true or false'));
        else cfg.stopGate.enabled = s.enabled;
      }
      if (s.checks !== undefined) {
        if (!isChecks(s.checks)) errs.push(problem('stopGate.checks', `expected a list of ${CHECK_NAMES.join(', ')}`));
        else cfg.stopGate.checks = s.checks;
      }
      if (s.base !== undefined) {
        if (typeof s.base !== 'string' || !s.base || s.base.startsWith('-')) errs.push(problem('stopGate.base', 'expected a git ref such as HEAD or @{upstream}'));
        else cfg.stopGate.base = s.base;
      }
      if (s.timeoutSeconds !== undefined) {
        if (typeof s.timeoutSeconds !== 'number' || !(s.timeoutSeconds > 0) || s.timeoutSeconds > 3600) errs.push(problem('stopGate.timeoutSeconds', 'expected seconds between 1 and 3600'));
        else cfg.stopGate.timeoutSeconds = s.timeoutSeconds;
      }
    }
  }
  if (errs.length === 1) throw errs[0]!;
  if (errs.length > 1) throw new GatehouseErrors(errs);
  return cfg;
}

export function loadConfig(project: string): VerifyConfig {
  let text: string;
  try {
    text = readFileSync(join(project, CONFIG_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new GatehouseError({ code: 'verify/unreadable-config', message: `cannot read: ${(e as Error).message}`, file: CONFIG_FILE });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GatehouseError({ code: 'verify/invalid-config', message: `not valid JSON: ${(e as Error).message}`, file: CONFIG_FILE });
  }
  return validateConfig(raw);
}
