// The kill switch. A stop is a small file in the state directory — machine-wide, per project or
// per session — checked by the hook with at most three reads, so it costs nothing until it is
// set. While it is set every tool call is refused and the session is ended.
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { fnv1a } from '../policy/load.js';

export type StopScope = 'all' | 'project' | 'session';

export interface StopRecord {
  scope: StopScope;
  /** Project directory or session id the stop applies to (absent for `all`). */
  target?: string;
  reason: string;
  by: string;
  at: string;
}

export function stopDir(stateDir: string): string {
  return join(stateDir, 'stop');
}

function fileFor(stateDir: string, scope: StopScope, target?: string): string {
  if (scope === 'all') return join(stopDir(stateDir), 'all.json');
  if (scope === 'project') return join(stopDir(stateDir), `project-${fnv1a(target ?? '')}.json`);
  return join(stopDir(stateDir), `session-${(target ?? '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128)}.json`);
}

function read(file: string): StopRecord | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StopRecord;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A stop file that exists but cannot be read still means stop.
    return { scope: 'all', reason: 'a stop file exists but could not be read', by: 'unknown', at: new Date(0).toISOString() };
  }
}

/** The stop in force for this session and project, most specific first; null when none. */
export function activeStop(stateDir: string, sessionId: string, projectDir: string): StopRecord | null {
  return read(fileFor(stateDir, 'session', sessionId)) ?? read(fileFor(stateDir, 'project', projectDir)) ?? read(fileFor(stateDir, 'all'));
}

export function whoAmI(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry
  }
  return `${user}@${hostname()}`;
}

export function setStop(stateDir: string, scope: StopScope, target: string | undefined, reason: string, now = new Date()): StopRecord {
  const rec: StopRecord = { scope, ...(target ? { target } : {}), reason, by: whoAmI(), at: now.toISOString() };
  const file = fileFor(stateDir, scope, target);
  mkdirSync(stopDir(stateDir), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(rec, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  return rec;
}

export function clearStop(stateDir: string, scope: StopScope, target?: string): boolean {
  try {
    unlinkSync(fileFor(stateDir, scope, target));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export function listStops(stateDir: string): StopRecord[] {
  let names: string[];
  try {
    names = readdirSync(stopDir(stateDir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((n) => read(join(stopDir(stateDir), n))).filter((r): r is StopRecord => r !== null);
}

export function stopMessage(s: StopRecord): string {
  const scope = s.scope === 'all' ? 'on this machine' : s.scope === 'project' ? 'for this project' : 'for this session';
  return `gatehouse kill switch: agent work is stopped ${scope} by ${s.by} at ${s.at}${s.reason ? ` (${s.reason})` : ''}. Do not retry; the session ends now. A human can lift it with \`gatehouse resume\`.`;
}
