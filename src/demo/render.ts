// The demo timeline: one line per step with the verdict and the rule, then a summary.
import type { Style } from '../cli/format.js';
import type { StepResult } from './hook-driver.js';

export function renderTimeline(results: readonly StepResult[], s: Style): string {
  const lines: string[] = [];
  let n = 0;
  for (const r of results) {
    n++;
    const what = r.step.prompt !== undefined ? `prompt  “${r.step.prompt}”` : `${(r.step.tool ?? '').padEnd(6)}  ${describeInput(r)}`;
    const verdict =
      r.verdict === 'deny' ? s.red('DENY ') : r.verdict === 'ask' ? s.yellow('ASK  ') : r.verdict === 'error' ? s.red('ERROR') : r.step.kind === 'attack' ? s.red('MISS ') : s.green('ok   ');
    lines.push(`${String(n).padStart(2)}. ${verdict} ${s.bold(r.step.title)}  ${s.dim(`(${r.ms.toFixed(0)} ms)`)}`);
    lines.push(`      ${s.dim(what)}`);
    if (r.rules.length) lines.push(`      ${s.cyan(r.rules.join(', '))}: ${firstWhy(r.reason)}`);
    if (r.ran && r.output !== undefined) lines.push(`      ${s.dim('result:')} ${r.output}`);
    if (r.redacted.length) lines.push(`      ${s.yellow('redacted before the model saw it:')} ${[...new Set(r.redacted)].join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

function describeInput(r: StepResult): string {
  const i = r.step.input ?? {};
  const text = typeof i.command === 'string' ? i.command : typeof i.file_path === 'string' ? i.file_path : JSON.stringify(i);
  return text.length > 100 ? text.slice(0, 99) + '…' : text;
}

function firstWhy(reason: string | undefined): string {
  if (!reason) return '';
  const m = /^- \[[^\]]+\] ([^\n]+)/m.exec(reason);
  return m ? m[1]! : reason.split('\n')[0]!;
}

export function summarize(results: readonly StepResult[]): { attacks: number; stopped: number; ordinary: number; passed: number; redacted: number; medianMs: number } {
  const attacks = results.filter((r) => r.step.kind === 'attack');
  const ordinary = results.filter((r) => r.step.kind === 'ordinary');
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    attacks: attacks.length,
    stopped: attacks.filter((r) => r.verdict === 'deny' || r.verdict === 'ask').length,
    ordinary: ordinary.length,
    passed: ordinary.filter((r) => r.verdict === 'none' || r.verdict === 'allow').length,
    redacted: results.reduce((n, r) => n + r.redacted.length, 0),
    medianMs: ms[Math.floor(ms.length / 2)] ?? 0,
  };
}
