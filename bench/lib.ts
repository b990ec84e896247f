// Shared helpers for benchmarks: timing whole processes, percentiles, ratios, and handing the
// Markdown section back to bench/run.mjs. Figures are medians and ratios against a floor
// measured in the same run, because this machine is noisy.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Stats {
  n: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

/** Environment for timing Node start-up: NODE_EXTRA_CA_CERTS adds ~40 ms to every Node process
 * on some machines, so it is removed for every measured process (floor and subject alike). */
export function quietEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs a command `runs` times (after `warmup`), feeding `input` on stdin; wall-clock ms per run. */
export function timeProcess(cmd: string, args: string[], opts: { input?: string | Buffer; runs: number; warmup?: number; env?: NodeJS.ProcessEnv; cwd?: string }): number[] {
  const env = opts.env ?? quietEnv();
  for (let i = 0; i < (opts.warmup ?? 3); i++) spawnSync(cmd, args, { input: opts.input, env, cwd: opts.cwd });
  const out: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { input: opts.input, env, cwd: opts.cwd });
    const t1 = process.hrtime.bigint();
    if (r.error) throw r.error;
    out.push(Number(t1 - t0) / 1e6);
  }
  return out;
}

/** Interleaves runs of several commands so drift in machine load affects all of them alike. */
export function timeInterleaved(
  subjects: { name: string; cmd: string; args: string[]; input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string }[],
  runs: number,
  warmup = 3,
): Record<string, number[]> {
  const res: Record<string, number[]> = {};
  for (const s of subjects) {
    res[s.name] = [];
    for (let i = 0; i < warmup; i++) spawnSync(s.cmd, s.args, { input: s.input, env: s.env ?? quietEnv(), cwd: s.cwd });
  }
  for (let i = 0; i < runs; i++) {
    for (const s of subjects) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(s.cmd, s.args, { input: s.input, env: s.env ?? quietEnv(), cwd: s.cwd });
      const t1 = process.hrtime.bigint();
      if (r.error) throw r.error;
      res[s.name]!.push(Number(t1 - t0) / 1e6);
    }
  }
  return res;
}

export const ms = (x: number): string => (Number.isFinite(x) ? (x < 1 ? x.toFixed(3) : x.toFixed(1)) : 'n/a');
export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model?.trim() ?? 'cpu'}, Node ${process.version}`;
}

export function mdTable(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Hands the section back to bench/run.mjs, which puts it in docs/PERFORMANCE.md or in the
 * docs/ file named by `doc` (e.g. 'DETECTION.md'). */
export function report(markdown: string, doc?: string): void {
  const file = process.env.BENCH_RESULT;
  if (file) writeFileSync(file, JSON.stringify({ markdown, ...(doc ? { doc } : {}) }));
  else console.log(markdown);
}
