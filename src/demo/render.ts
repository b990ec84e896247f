// The demo timeline: one entry per step with the verdict and the rule, then a summary.
import type { Style } from '../cli/format.js';
import type { StepResult } from './hook-driver.js';

function label(r: StepResult, s: Style): string {
  if (r.event === 'human') return r.verdict === 'done' ? s.cyan('USER ') : s.red('FAIL ');
  if (r.verdict === 'deny') return s.red('DENY ');
  if (r.verdict === 'ask') return s.yellow('ASK  ');
  if (r.verdict === 'error') return s.red('ERROR');
  if (r.step.kind === 'gated') return r.verdict === 'allow' ? s.yellow('HELD ') : s.red('MISS ');
  return r.step.kind === 'attack' ? s.red('MISS ') : s.green('ok   ');
}

export function renderTimeline(results: readonly StepResult[], s: Style): string {
  const lines: string[] = [];
  results.forEach((r, n) => {
    const what = r.event === 'human' ? '' : r.step.prompt !== undefined ? `prompt  “${r.step.prompt}”` : `${(r.step.tool ?? '').padEnd(8)}  ${describeInput(r)}`;
    lines.push(`${String(n + 1).padStart(2)}. ${label(r, s)} ${s.bold(r.step.title)}${r.ms ? `  ${s.dim(`(${r.ms.toFixed(0)} ms)`)}` : ''}`);
    if (what) lines.push(`      ${s.dim(what)}`);
    if (r.rules.length) lines.push(`      ${s.cyan(r.rules.join(', '))}: ${firstWhy(r.reason)}`);
    if (r.ran && r.output !== undefined) lines.push(`      ${s.dim(r.event === 'human' ? '$ gatehouse …' : 'result:')} ${r.output}`);
    if (!r.ran && r.output) lines.push(`      ${s.dim(r.output)}`);
    if (r.redacted.length) lines.push(`      ${s.yellow('redacted before the model saw it:')} ${[...new Set(r.redacted)].join(', ')}`);
    if (r.flagged) lines.push(`      ${s.yellow('flagged to the model as untrusted data (instructions inside a tool result)')}`);
    for (const a of r.alerts) lines.push(`      ${s.yellow(a)}`);
  });
  return lines.join('\n') + '\n';
}

function describeInput(r: StepResult): string {
  const i = r.step.input ?? {};
  const text = typeof i.command === 'string' ? i.command : typeof i.file_path === 'string' ? i.file_path : typeof i.url === 'string' ? i.url : JSON.stringify(i);
  return text.length > 100 ? text.slice(0, 99) + '…' : text;
}

function firstWhy(reason: string | undefined): string {
  if (!reason) return '';
  const m = /^- \[[^\]]+\] ([^\n]+)/m.exec(reason);
  return m ? m[1]! : reason.split('\n')[0]!;
}

export interface DemoSummary {
  attacks: number;
  stopped: number;
  ordinary: number;
  passed: number;
  gated: number;
  approved: number;
  human: number;
  humanOk: number;
  redacted: number;
  alerts: number;
  medianMs: number;
}

export function summarize(results: readonly StepResult[]): DemoSummary {
  const of = (k: string) => results.filter((r) => r.step.kind === k);
  const calls = results.filter((r) => r.event !== 'human').map((r) => r.ms).sort((a, b) => a - b);
  return {
    attacks: of('attack').length,
    stopped: of('attack').filter((r) => r.verdict === 'deny' || r.verdict === 'ask').length,
    ordinary: of('ordinary').length,
    passed: of('ordinary').filter((r) => r.verdict === 'none' || r.verdict === 'allow').length,
    gated: of('gated').length,
    approved: of('gated').filter((r) => r.verdict === 'allow').length,
    human: of('human').length,
    humanOk: of('human').filter((r) => r.verdict === 'done').length,
    redacted: results.reduce((n, r) => n + r.redacted.length, 0),
    alerts: results.reduce((n, r) => n + r.alerts.length, 0),
    medianMs: calls[Math.floor(calls.length / 2)] ?? 0,
  };
}
