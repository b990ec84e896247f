// Human output for list, scan and verify. Everything printed here is already redacted.
import type { Style } from '../cli/format.js';
import { table } from '../cli/format.js';
import { redactText } from '../audit/redact.js';
import type { ConfiguredServer, Discovery } from './discover.js';
import type { VerifyReport } from './pins.js';
import { renderChange } from './spec-diff.js';
import { visible } from './findings.js';
import type { Finding, Severity } from './types.js';
import type { VetResult } from './vet.js';

function sev(s: Severity | 'none', st: Style): string {
  const t = s.toUpperCase();
  return s === 'critical' || s === 'high' ? st.red(st.bold(t)) : s === 'medium' ? st.yellow(t) : s === 'none' ? st.green('NONE') : st.dim(t);
}

export function launchText(s: ConfiguredServer): string {
  const l = s.launch;
  const text = l.url ? `${l.transport} ${l.url}` : [l.command ?? '?', ...l.args].join(' ');
  const envKeys = Object.keys(l.env);
  return redactText(text).text + (envKeys.length ? ` (env: ${envKeys.join(', ')})` : '');
}

export function formatList(d: Discovery, st: Style, pinned: ReadonlySet<string>): string {
  const lines: string[] = [];
  if (d.servers.length === 0) lines.push('No MCP servers configured.');
  else {
    const rows = [['NAME', 'SCOPE', 'ENABLED', 'PINNED', 'LAUNCH', 'WHERE']];
    for (const s of d.servers) {
      rows.push([s.scope === 'plugin' ? `${s.name} (${s.plugin})` : s.name, s.scope, s.enabled === 'pending' ? 'pending' : s.enabled ? 'yes' : 'no', pinned.has(s.name) ? 'yes' : 'no', launchText(s).slice(0, 90), `${s.file}:${s.line}`]);
    }
    lines.push(table(rows).trimEnd());
  }
  for (const p of d.problems) lines.push(st.red(`problem: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`));
  return lines.join('\n') + '\n';
}

function findingLines(f: Finding, st: Style): string[] {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
  const lines = [`  ${sev(f.severity, st)} ${st.cyan(f.id)} ${where}${f.tool ? ` [${f.tool}]` : ''}${f.suppressed ? st.dim(` (suppressed: ${f.suppressed.reason})`) : ''}`, `      ${f.message}`];
  if (f.evidence) lines.push(st.dim(`      > ${f.evidence}`));
  return lines;
}

export function formatScan(r: VetResult, st: Style, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  for (const t of r.targets) {
    const pkg = t.scan?.package;
    const head = pkg ? `${pkg.name ?? t.target}${pkg.version ? `@${pkg.version}` : ''}` : t.target;
    out.push(st.bold(`${head}${t.server ? ` (server ${t.server.name}, ${t.server.scope})` : ''}`) + `  risk: ${sev(t.risk, st)}`);
    if (t.unsupported) out.push(st.dim(`  code not scanned: ${t.unsupported}`));
    if (t.scan) {
      const s = t.scan;
      out.push(st.dim(`  ${s.files.analysed} source files, ${s.surface.tools.length} tools, ${s.surface.prompts.length} prompts, ${s.surface.resources.length} resources; ${s.durationMs} ms`));
      if (s.install.scripts.length) out.push(`  install scripts: ${s.install.scripts.map((x) => `${x.name}: ${x.command}`).join('; ')}`);
      if (s.install.dependencyScripts.length) out.push(`  dependencies with install scripts: ${s.install.dependencyScripts.map((x) => x.name).join(', ')}`);
      else if (s.install.dependencySource === 'unknown') out.push(st.dim('  dependency install scripts: unknown (no lockfile in the package; --run installs without scripts and lists them)'));
      if (s.network.length) out.push(`  network destinations: ${s.network.join(', ')}`);
      if (opts.verbose) for (const tool of s.surface.tools) out.push(st.dim(`  tool ${visible(tool.name)}: ${visible((tool.description ?? '').replace(/\s+/g, ' ').slice(0, 160))}`));
    }
    const shown = t.findings.filter((f) => opts.verbose || f.severity !== 'info');
    if (shown.length === 0) out.push(st.green('  no findings'));
    for (const f of shown) out.push(...findingLines(f, st));
    out.push('');
  }
  for (const l of r.lapsedSuppressions) out.push(st.dim(`suppression ${l.fingerprint} (${l.id}) matched nothing: the code changed or the finding is gone`));
  for (const p of r.problems) out.push(st.red(`config problem: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`));
  out.push(`Overall risk: ${sev(r.risk, st)}`);
  return out.join('\n') + '\n';
}

export function formatVerify(v: VerifyReport, st: Style): string {
  const out: string[] = [];
  if (v.servers.length === 0) out.push('Nothing is pinned (run `gatehouse mcp pin`).');
  for (const s of v.servers) {
    const bad = s.identity !== 'ok' || s.package === 'changed' || s.instructions !== 'ok' || s.tools.some((t) => t.state !== 'ok');
    out.push(`${bad ? st.red('✗') : st.green('✓')} ${st.bold(s.name)}`);
    if (s.identity !== 'ok') out.push(`  launch ${s.identity === 'missing' ? 'missing: the server is no longer configured' : 'changed'}`);
    for (const c of s.identityChanges ?? []) out.push(...renderChange(c));
    if (s.package === 'changed') out.push(st.yellow(`  package changed: ${s.packageNote ?? ''}`));
    if (s.package === 'unknown') out.push(st.dim(`  package not checked: ${s.packageNote ?? 'unknown'}`));
    if (s.instructions !== 'ok') out.push(st.yellow('  server instructions changed'));
    for (const t of s.tools) {
      if (t.state === 'ok') continue;
      out.push(`  ${t.state === 'new' ? st.yellow('new') : t.state === 'removed' ? st.dim('removed') : st.red('changed')} tool ${visible(t.name)}`);
      for (const c of t.changes ?? []) out.push(...renderChange(c));
    }
  }
  if (v.unpinned.length) out.push(st.dim(`not pinned: ${v.unpinned.join(', ')}`));
  return out.join('\n') + '\n';
}
