// Where alerts go: the alert log (read by `gatehouse alerts`), the audit record, the user's screen,
// and — when the user or organisation policy configures them — a webhook (Slack-compatible) and a
// command, delivered by a detached process so the hook never waits on the network.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactValue } from '../audit/redact.js';
import { childProcess } from '../env/builtins.js';
import type { PolicyData } from '../policy/data.js';
import type { Alert, Severity } from './types.js';

export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export interface AlertEntry extends Alert {
  ts: string;
  session: string;
  project: string;
  tool_use_id?: string;
  event: string;
}

export function alertLog(stateDir: string): string {
  return join(stateDir, 'alerts', 'alerts.jsonl');
}

/** Appends alerts as single-line writes (O_APPEND keeps lines whole across processes). */
export function recordAlerts(stateDir: string, entries: readonly AlertEntry[]): void {
  if (!entries.length) return;
  mkdirSync(join(stateDir, 'alerts'), { recursive: true, mode: 0o700 });
  const text = entries.map((e) => JSON.stringify(redactValue(e).value) + '\n').join('');
  appendFileSync(alertLog(stateDir), text, { mode: 0o600 });
}

export function readAlerts(stateDir: string): AlertEntry[] {
  let text: string;
  try {
    text = readFileSync(alertLog(stateDir), 'utf8');
  } catch {
    return [];
  }
  const out: AlertEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AlertEntry);
    } catch {
      // a torn last line from a crash: skipped
    }
  }
  return out;
}

/** Queues alerts for the webhook/command sinks and starts a detached deliverer. */
export function dispatchExternal(stateDir: string, cfg: PolicyData['alerts'], entries: readonly AlertEntry[], installDir: string): void {
  if (!cfg.webhook && !cfg.command) return;
  const due = entries.filter((e) => SEVERITY_ORDER[e.severity] >= SEVERITY_ORDER[cfg.minSeverity]);
  if (!due.length) return;
  const dir = join(stateDir, 'alerts', 'outbox');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${Date.now()}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ cfg, entries: due.map((e) => redactValue(e).value) }), { mode: 0o600 });
  const child = childProcess().spawn(process.execPath, [join(installDir, 'bin', 'gatehouse.mjs'), 'alerts', 'deliver'], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GATEHOUSE_STATE_DIR: stateDir },
  });
  child.unref();
}
