// The Stop-hook gate: when the agent says it is done, run the fast checks on what it changed
// and, if any fail, block the stop with the findings as the reason so it keeps working. Guards
// against loops: once Claude is already continuing because of a stop hook (stop_hook_active),
// the gate reports but never blocks again. critical is never part of the gate: an agent cannot
// get a human review by trying harder.
import { describeError } from '../errors.js';
import { loadConfig } from './config.js';
import { runVerify } from './run.js';
import type { CheckName, VerifyReport } from './types.js';

export interface StopGateInput {
  cwd: string;
  stop_hook_active?: boolean;
}

export interface StopGateOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Project directory (CLAUDE_PROJECT_DIR), default input.cwd. */
  project?: string;
}

export interface StopGateResult {
  block: boolean;
  /** For the model when blocking; for the user otherwise. */
  reason?: string;
  report?: VerifyReport;
}

const MAX_LINES = 25;

export function explainFailures(report: VerifyReport): string {
  const lines = ['gatehouse verify found problems in what you changed. Fix them before finishing:'];
  const fresh = report.checks.flatMap((c) => c.findings.filter((f) => f.isNew && f.level === 'error'));
  for (const f of fresh.slice(0, MAX_LINES)) lines.push(`- ${f.file ? `${f.file}${f.line ? `:${f.line}` : ''} ` : ''}[${f.ruleId}] ${f.message.replace(/\s+/g, ' ')}`);
  if (fresh.length > MAX_LINES) lines.push(`- and ${fresh.length - MAX_LINES} more (run \`gatehouse verify --base HEAD\`)`);
  for (const c of report.checks) if (c.status === 'fail' && c.reason && !/new error finding/.test(c.reason)) lines.push(`- check ${c.check} failed: ${c.reason}`);
  lines.push('Do not suppress findings or weaken checks to get past this; if something cannot be fixed, stop and tell the user why.');
  return lines.join('\n');
}

export async function stopGate(input: StopGateInput, opts: StopGateOptions): Promise<StopGateResult> {
  const project = opts.project ?? input.cwd;
  let report: VerifyReport;
  try {
    const cfg = loadConfig(project);
    const checks = cfg.stopGate.checks.filter((c): c is CheckName => c !== 'critical');
    report = await runVerify({
      project,
      base: cfg.stopGate.base,
      checks,
      explicit: false,
      env: opts.env as NodeJS.ProcessEnv,
      config: cfg,
      timeoutMs: cfg.stopGate.timeoutSeconds * 1000,
    });
  } catch (e) {
    // The gate could not run (bad config, not a git repository): say so, do not trap the agent.
    return { block: false, reason: `gatehouse stop gate could not run: ${describeError(e)}` };
  }
  if (report.ok) return { block: false, report };
  const reason = explainFailures(report);
  if (input.stop_hook_active) {
    return { block: false, reason: `gatehouse: checks still fail after the agent continued once; not blocking again.\n${reason}`, report };
  }
  return { block: true, reason, report };
}
