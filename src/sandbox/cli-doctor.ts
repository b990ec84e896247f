// Renders the doctor's report; the work is in doctor/doctor.ts.
import { printJson, style, table } from '../cli/format.js';
import type { Io } from '../cli/io.js';
import { hostPlatform, selectBackend } from './backends/index.js';
import { profileFlag } from './cli-run.js';
import { runDoctor, type DoctorOptions, type DoctorReport } from './doctor/doctor.js';

export function renderDoctor(r: DoctorReport, io: Io): void {
  const s = style(io);
  io.out(s.bold(`gatehouse doctor — ${r.project}`) + '\n');
  io.out(`Boundary under test: ${r.boundary.description}\n`);
  if (!r.tested) io.out(s.yellow(`  not tested: ${r.control.detail}`) + '\n');
  else if (!r.control.ok) io.out(s.red(`  ordinary work failed inside the boundary: ${r.control.detail}`) + '\n');
  if (r.canaries.length) {
    const color = (v: string) => (v === 'NOT PROTECTED' ? s.red(v) : v === 'exposed' ? s.yellow(v) : v === 'n/a' ? s.dim(v) : s.green(v));
    io.out('\n' + table([['canary', 'claimed', 'result', 'detail'], ...r.canaries.map((c) => [c.title, c.claimed ? 'yes' : 'no', color(c.verdict), c.detail.slice(0, 90)])]));
    const exposed = r.canaries.filter((c) => c.verdict === 'exposed');
    if (exposed.length) io.out(s.yellow(`  exposed = not claimed by the configuration and not stopped: ${exposed.map((c) => c.id).join(', ')} (see \`gatehouse sandbox advise\`)`) + '\n');
  }
  const mark = (st: string) => (st === 'ok' ? s.green('ok') : st === 'unavailable' || st === 'missing' ? s.yellow(st) : s.red(st));
  io.out(`\nHooks: ${mark(r.hooks.status)}${r.hooks.installed.length ? ` — ${r.hooks.installed.length} gatehouse hook(s)` : ''}${r.hooks.firing ? `; synthetic \`rm -rf /\` → ${r.hooks.firing.answer}` : ''}\n`);
  for (const p of r.hooks.problems) io.out(s.dim(`  · ${p}`) + '\n');
  io.out(`Audit log: ${mark(r.audit.status)} — ${r.audit.summary}\n`);
  for (const d of r.audit.details) io.out(s.dim(`  · ${d}`) + '\n');
  io.out(`Settings lint: ${mark(r.lint.status)} — ${r.lint.summary}\n`);
  for (const d of r.lint.details) io.out(s.dim(`  · ${d}`) + '\n');
  if (r.failures.length) {
    io.out('\n' + s.red(s.bold(`${r.failures.length} problem(s):`)) + '\n');
    for (const f of r.failures) io.out(`  ✗ ${f}\n`);
  } else if (r.tested && !r.canaries.some((c) => c.claimed)) {
    io.out('\n' + s.yellow('The configuration claims no protection, so nothing failed; see `gatehouse sandbox advise`.') + '\n');
  } else if (r.tested) io.out('\n' + s.green('Every protection the configuration claims held.') + '\n');
}

export async function doctorCommand(flags: { json: boolean; project?: string; profile?: string; allowNet: string[]; backend?: string }, io: Io, extra: Partial<DoctorOptions> = {}): Promise<number> {
  const opts: DoctorOptions = { project: flags.project ?? io.cwd, env: io.env, allowNet: flags.allowNet, ...extra };
  if (flags.profile) {
    opts.profile = profileFlag(flags.profile);
    opts.backend = selectBackend(hostPlatform(), flags.backend, io.env);
  }
  const r = await runDoctor(opts);
  if (flags.json) printJson(io, r);
  else renderDoctor(r, io);
  return r.exitCode;
}
