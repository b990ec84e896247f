// Rollback settings: `rollback.json` in the user config directory (outside every project, so the
// agent cannot switch its own checkpoints off by editing a file in the tree it works on).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError, GatehouseErrors } from '../errors.js';
import { userConfigDir } from '../env/locations.js';

export type FailureMode = 'warn' | 'ask' | 'deny';

export interface RollbackConfig {
  /** Take checkpoints at all. `GATEHOUSE_ROLLBACK=off` in the environment also turns them off. */
  enabled: boolean;
  /** Extra gitignore-style patterns never checkpointed. */
  excludes: string[];
  /** Also exclude the usual dependency and build folders (DEFAULT_EXCLUDES). */
  defaultExcludes: boolean;
  /** Files larger than this are recorded (path, size, hash) but not stored. */
  maxFileMB: number;
  /** What a failed pre-call checkpoint does to the call: warn (record it, let the call run), ask, deny. */
  onFailure: FailureMode;
  /** How long a hook waits for another checkpoint of the same project to finish. Below the hook
   * timeout `gatehouse init` installs (10 s), so a long wait ends in onFailure, not a hook timeout. */
  lockTimeoutMs: number;
  /** More tools to checkpoint around, by exact name or `prefix*` (e.g. `mcp__files__*`). */
  mutatingTools: string[];
  retention: {
    /** Sessions with no checkpoint for this many days are pruned. */
    days: number;
    /** The store is pruned (oldest sessions first) until it is below this size. */
    maxStoreMB: number;
  };
}

/** Dependency caches and build outputs: large, regenerable, and slow to hash. Dependency folders
 * match at any depth; build outputs only at the project root, where they are rarely source code. */
export const DEFAULT_EXCLUDES = [
  'node_modules/',
  'bower_components/',
  '.venv/',
  'venv/',
  '__pycache__/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.gradle/',
  '.terraform/',
  '.next/',
  '.nuxt/',
  '.turbo/',
  '.parcel-cache/',
  '/dist/',
  '/build/',
  '/target/',
  '/coverage/',
  '/.cache/',
];

export function defaultConfig(): RollbackConfig {
  return {
    enabled: true,
    excludes: [],
    defaultExcludes: true,
    maxFileMB: 20,
    onFailure: 'warn',
    lockTimeoutMs: 5000,
    mutatingTools: [],
    retention: { days: 30, maxStoreMB: 2048 },
  };
}

export function configPath(env: Readonly<Record<string, string | undefined>>): string {
  return join(userConfigDir(env), 'rollback.json');
}

/** Validates a parsed rollback.json, reporting every problem at once. */
export function parseConfig(raw: unknown, file: string): RollbackConfig {
  const cfg = defaultConfig();
  const errors: GatehouseError[] = [];
  const bad = (key: string, message: string) => errors.push(new GatehouseError({ code: 'rollback/bad-config', message, file, key }));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GatehouseError({ code: 'rollback/bad-config', message: 'expected a JSON object', file });
  }
  const o = raw as Record<string, unknown>;
  const known = new Set(['enabled', 'excludes', 'defaultExcludes', 'maxFileMB', 'onFailure', 'lockTimeoutMs', 'mutatingTools', 'retention', '$schema']);
  for (const k of Object.keys(o)) if (!known.has(k)) bad(k, `unknown setting (known: ${[...known].filter((x) => x !== '$schema').join(', ')})`);
  const bool = (k: 'enabled' | 'defaultExcludes') => {
    if (o[k] === undefined) return;
    if (typeof o[k] === 'boolean') cfg[k] = o[k] as boolean;
    else bad(k, 'expected true or false');
  };
  const strings = (k: 'excludes' | 'mutatingTools') => {
    if (o[k] === undefined) return;
    const v = o[k];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0 && !x.includes('\n'))) cfg[k] = v as string[];
    else bad(k, 'expected a list of non-empty one-line strings');
  };
  const num = (v: unknown, key: string, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    bad(key, `expected a number from ${min} to ${max}`);
    return undefined;
  };
  bool('enabled');
  bool('defaultExcludes');
  strings('excludes');
  strings('mutatingTools');
  cfg.maxFileMB = num(o.maxFileMB, 'maxFileMB', 0.001, 1_000_000) ?? cfg.maxFileMB;
  cfg.lockTimeoutMs = num(o.lockTimeoutMs, 'lockTimeoutMs', 0, 600_000) ?? cfg.lockTimeoutMs;
  if (o.onFailure !== undefined) {
    if (o.onFailure === 'warn' || o.onFailure === 'ask' || o.onFailure === 'deny') cfg.onFailure = o.onFailure;
    else bad('onFailure', 'expected warn | ask | deny');
  }
  if (o.retention !== undefined) {
    const r = o.retention;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) bad('retention', 'expected an object with days and maxStoreMB');
    else {
      const rr = r as Record<string, unknown>;
      for (const k of Object.keys(rr)) if (k !== 'days' && k !== 'maxStoreMB') bad(`retention.${k}`, 'unknown setting (known: days, maxStoreMB)');
      cfg.retention.days = num(rr.days, 'retention.days', 0, 36_500) ?? cfg.retention.days;
      cfg.retention.maxStoreMB = num(rr.maxStoreMB, 'retention.maxStoreMB', 1, 10_000_000) ?? cfg.retention.maxStoreMB;
    }
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new GatehouseErrors(errors);
  return cfg;
}

/** Reads the user's rollback.json; a missing file means defaults, an unreadable or invalid one throws. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): RollbackConfig {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return withEnv(defaultConfig(), env);
    throw new GatehouseError({ code: 'rollback/bad-config', message: `cannot read the file (${(e as Error).message})`, file });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GatehouseError({ code: 'rollback/bad-config', message: `not valid JSON (${(e as Error).message})`, file });
  }
  return withEnv(parseConfig(raw, file), env);
}

function withEnv(cfg: RollbackConfig, env: Readonly<Record<string, string | undefined>>): RollbackConfig {
  const flag = env.GATEHOUSE_ROLLBACK?.toLowerCase();
  if (flag === 'off' || flag === '0' || flag === 'false') cfg.enabled = false;
  return cfg;
}

/** All exclude patterns that apply (defaults first, so a user's `!pattern` can re-include). */
export function effectiveExcludes(cfg: RollbackConfig): string[] {
  return [...(cfg.defaultExcludes ? DEFAULT_EXCLUDES : []), ...cfg.excludes];
}
