// Where detector state lives between hook calls: one small JSON file per session and one learned
// baseline per project, in the state directory. Updated under a lock, because Claude Code runs
// hooks for parallel tool calls at the same time.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactValue } from '../audit/redact.js';
import { withLock } from '../env/file-lock.js';
import { fnv1a } from '../policy/load.js';
import { newBaseline, newSessionState, type Baseline, type SessionState } from './types.js';

export function sessionFile(stateDir: string, session: string): string {
  return join(stateDir, 'detect', 'sessions', `${session.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}.json`);
}

export function baselineFile(stateDir: string, projectDir: string): string {
  return join(stateDir, 'detect', 'baselines', `${fnv1a(projectDir)}.json`);
}

function readJson<T>(file: string): T | null {
  // A missing file is the common case: check without paying for an exception.
  if (!statSync(file, { throwIfNoEntry: false })) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  renameSync(tmp, file);
}

export function loadSession(stateDir: string, session: string, now: number): SessionState {
  const s = readJson<SessionState>(sessionFile(stateDir, session));
  return s && s.v === 1 ? s : newSessionState(session, now);
}

export function loadBaseline(stateDir: string, projectDir: string, now: number): Baseline {
  const b = readJson<Baseline>(baselineFile(stateDir, projectDir));
  return b && b.v === 1 ? b : newBaseline(now);
}

/** Read, update and write a session's state atomically with respect to other hook processes. */
export function updateSession<T>(stateDir: string, session: string, now: number, fn: (s: SessionState) => { state: SessionState; result: T }): T {
  const file = sessionFile(stateDir, session);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  return withLock(`${file}.lock`, { timeoutMs: 2000, staleMs: 10_000, code: 'detect/lock-timeout', what: 'the session state' }, () => {
    const { state, result } = fn(loadSession(stateDir, session, now));
    // The only free text in the state is the trifecta's evidence (paths, hosts, URLs, which can
    // carry secrets); dedupe keys are already hashes.
    writeJson(file, { ...state, trifecta: redactValue(state.trifecta).value });
    return result;
  });
}

/** Adds newly learned items to the project baseline (merging with other processes' additions). */
export function saveBaseline(stateDir: string, projectDir: string, learned: Baseline): void {
  const file = baselineFile(stateDir, projectDir);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  withLock(`${file}.lock`, { timeoutMs: 2000, staleMs: 10_000, code: 'detect/lock-timeout', what: 'the baseline' }, () => {
    const current = loadBaseline(stateDir, projectDir, learned.since);
    const merged: Baseline = { ...current };
    for (const k of ['domains', 'remotes', 'mcpServers', 'mcpTools'] as const) merged[k] = [...new Set([...current[k], ...learned[k]])].slice(0, 5000);
    writeJson(file, redactValue(merged).value);
  });
}
