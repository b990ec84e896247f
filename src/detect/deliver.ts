// Delivers queued alerts to the configured webhook (Slack-compatible JSON) and command, with a
// per-minute rate limit and one retry. Runs as its own detached process, never inside the hook.
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { withLock } from '../env/file-lock.js';
import type { PolicyData } from '../policy/data.js';
import type { AlertEntry } from './sinks.js';

interface Queued {
  cfg: PolicyData['alerts'];
  entries: AlertEntry[];
}

export function slackPayload(e: AlertEntry): Record<string, unknown> {
  const text = `gatehouse [${e.severity}] ${e.message}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*gatehouse* \`${e.detector}\` — *${e.severity}*\n${e.message}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `session ${e.session} · ${e.project} · ${e.ts}` }] },
    ],
  };
}

export interface DeliveryReport {
  sent: number;
  dropped: number;
  failed: number;
}

/** Sends what is in the outbox; `post` is injectable for tests. */
export async function deliverOutbox(stateDir: string, post: (url: string, body: unknown) => Promise<boolean> = httpPost, now = Date.now()): Promise<DeliveryReport> {
  const dir = join(stateDir, 'alerts', 'outbox');
  const report: DeliveryReport = { sent: 0, dropped: 0, failed: 0 };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return report;
  }
  const rateFile = join(stateDir, 'alerts', 'rate.json');
  for (const n of names) {
    const file = join(dir, n);
    const taken = `${file}.sending`;
    try {
      renameSync(file, taken); // another deliverer may own it
    } catch {
      continue;
    }
    let q: Queued;
    try {
      q = JSON.parse(readFileSync(taken, 'utf8')) as Queued;
    } catch {
      unlinkSync(taken);
      continue;
    }
    for (const e of q.entries) {
      const allowed = withLock(`${rateFile}.lock`, { timeoutMs: 2000 }, () => {
        let times: number[] = [];
        try {
          times = (JSON.parse(readFileSync(rateFile, 'utf8')) as number[]).filter((t) => now - t < 60_000);
        } catch {
          // first delivery
        }
        if (times.length >= q.cfg.perMinute) return false;
        times.push(now);
        mkdirSync(join(stateDir, 'alerts'), { recursive: true });
        writeFileSync(rateFile, JSON.stringify(times));
        return true;
      });
      if (!allowed) {
        report.dropped++;
        continue;
      }
      let ok = true;
      if (q.cfg.webhook) ok = (await post(q.cfg.webhook, slackPayload(e))) || (await post(q.cfg.webhook, slackPayload(e)));
      if (q.cfg.command?.length) {
        const r = spawnSync(q.cfg.command[0]!, q.cfg.command.slice(1), { input: JSON.stringify(e), timeout: 10_000, stdio: ['pipe', 'ignore', 'ignore'] });
        ok = ok && r.status === 0;
      }
      if (ok) report.sent++;
      else report.failed++;
    }
    unlinkSync(taken);
  }
  return report;
}

async function httpPost(url: string, body: unknown): Promise<boolean> {
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    return r.ok;
  } catch {
    return false;
  }
}
