// The observed state of pinned servers, written by `gatehouse mcp verify` (and pin, approve,
// SessionStart) and read by the PreToolUse hook, which cannot re-scan on every call. It lives in
// gatehouse's state directory, outside the project, so the agent cannot rewrite it; it records
// the hash of the lock it was computed against, so an edited lock is noticed.
// Imported by the hook: keep this module free of heavy dependencies.
import { crypto } from '../env/builtins.js';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from '../env/locations.js';

export type ToolState = 'ok' | 'changed' | 'removed';

export interface ObservedServer {
  toolPrefix: string;
  identity: 'ok' | 'changed' | 'missing';
  package: 'ok' | 'changed' | 'unknown';
  /** e.g. `1.0.15 → 1.0.16` or why the package could not be checked. */
  packageNote?: string;
  tools: Record<string, ToolState>;
  newTools: string[];
  instructions: 'ok' | 'changed';
}

export interface Observed {
  version: 1;
  projectDir: string;
  checkedAt: string;
  lockHash: string;
  servers: Record<string, ObservedServer>;
}

export function observedPath(env: Readonly<Record<string, string | undefined>>, projectDir: string): string {
  const key = crypto().createHash('sha256').update(projectDir).digest('hex').slice(0, 16);
  return join(stateDir(env), 'mcp', `observed-${key}.json`);
}

export function lockHashOf(bytes: string | Buffer): string {
  return 'sha256:' + crypto().createHash('sha256').update(bytes).digest('hex');
}

export function readObserved(file: string): Observed | undefined {
  if (!existsSync(file)) return undefined;
  const v = JSON.parse(readFileSync(file, 'utf8')) as Observed;
  if (!v || v.version !== 1 || typeof v.lockHash !== 'string' || !v.servers) throw new Error('observed state has an unexpected shape');
  return v;
}

export function writeObserved(file: string, o: Observed): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(o, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}
