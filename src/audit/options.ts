// Audit settings, from the environment that starts the agent (the agent cannot change the
// environment of its hook processes). Checked in one place, with defaults.
import { join } from 'node:path';
import { GatehouseError } from '../errors.js';
import { stateDir } from '../env/locations.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface AuditOptions {
  /** `<stateDir>/audit`. */
  dir: string;
  /** `<stateDir>/keys`: the checkpoint signing key. */
  keyDir: string;
  /** When to force data to disk: `always` (fdatasync after every entry), `checkpoint` (default: the
   * log and checkpoint file at every signed checkpoint, i.e. every N entries and at the end of each
   * turn), or `off`. A killed process never loses a written entry either way (it is in the page
   * cache); these differ only when the machine itself crashes. */
  fsync: 'always' | 'checkpoint' | 'off';
  /** Sign a checkpoint every N entries (and at Stop/SessionEnd and rotation). */
  checkpointEvery: number;
  /** Seal the current segment past this size (it is also sealed when the UTC day changes). */
  segmentBytes: number;
  /** Expire sealed segments whose newest entry is older than this. */
  retentionDays: number;
  /** Store prompt text (redacted), not just its length and hash. */
  logPrompts: boolean;
  /** Store tool results (redacted, shortened), not just their size and hash. */
  logToolOutput: boolean;
  /** Longest string kept inside an input/output value; longer ones keep a prefix and a hash. */
  maxString: number;
  /** On a failed write, let the call through with a warning instead of refusing it. */
  failOpen: boolean;
  /** GATEHOUSE_AUDIT=off: no audit log at all. */
  enabled: boolean;
  /** How long a writer waits for the log lock before giving up (and failing closed). */
  lockTimeoutMs: number;
}

function num(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new GatehouseError({ code: 'audit/bad-setting', message: `${key}=${raw} is not a number from ${min} to ${max}`, key });
  }
  return n;
}

function flag(env: Env, key: string, def: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new GatehouseError({ code: 'audit/bad-setting', message: `${key}=${raw} is not on/off`, key });
}

function fsyncMode(env: Env): AuditOptions['fsync'] {
  const raw = env.GATEHOUSE_AUDIT_FSYNC;
  if (raw === undefined || raw === '' || /^checkpoints?$/i.test(raw)) return 'checkpoint';
  if (/^(always|1|true|yes|on)$/i.test(raw)) return 'always';
  if (/^(off|0|false|no|never)$/i.test(raw)) return 'off';
  throw new GatehouseError({ code: 'audit/bad-setting', message: `GATEHOUSE_AUDIT_FSYNC=${raw} is not always, checkpoint or off`, key: 'GATEHOUSE_AUDIT_FSYNC' });
}

export function auditOptions(env: Env, overrides: Partial<AuditOptions> & { stateDir?: string } = {}): AuditOptions {
  const root = overrides.stateDir ?? stateDir(env);
  const { stateDir: _ignored, ...rest } = overrides;
  return {
    dir: join(root, 'audit'),
    keyDir: join(root, 'keys'),
    fsync: fsyncMode(env),
    checkpointEvery: num(env, 'GATEHOUSE_AUDIT_CHECKPOINT_EVERY', 100, 1, 1_000_000),
    segmentBytes: num(env, 'GATEHOUSE_AUDIT_SEGMENT_MB', 32, 0.001, 4096) * 1024 * 1024,
    retentionDays: num(env, 'GATEHOUSE_AUDIT_RETENTION_DAYS', 365, 1, 36500),
    logPrompts: flag(env, 'GATEHOUSE_AUDIT_PROMPTS', false),
    logToolOutput: flag(env, 'GATEHOUSE_AUDIT_TOOL_OUTPUT', false),
    maxString: num(env, 'GATEHOUSE_AUDIT_MAX_STRING', 4096, 64, 1_048_576),
    failOpen: flag(env, 'GATEHOUSE_AUDIT_FAIL_OPEN', false),
    enabled: flag(env, 'GATEHOUSE_AUDIT', true),
    lockTimeoutMs: num(env, 'GATEHOUSE_AUDIT_LOCK_TIMEOUT_MS', 10_000, 10, 600_000),
    ...rest,
  };
}

/** File names inside the audit directory. */
export const LAYOUT = {
  current: 'current.jsonl',
  segments: 'segments',
  checkpoints: 'checkpoints.jsonl',
  anchor: 'anchor.json',
  lock: 'lock',
  torn: 'torn',
  index: 'index.sqlite',
  shipCursor: 'ship-cursor.json',
} as const;

export const KEY_FILE = 'audit-ed25519.pem';
export const PUBLIC_KEY_FILE = 'audit-ed25519.pub.pem';
