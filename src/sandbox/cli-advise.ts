// `gatehouse sandbox advise`: gather facts, walk the tree, print the path with its evidence and
// the recommendation; `--apply` merges the sandbox settings fragment into Claude Code's settings.
import { GatehouseError } from '../errors.js';
import { bool, defineCommand, list, str } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { printJson, style } from '../cli/format.js';
import type { Io } from '../cli/io.js';
import { advise, type Advice, type TreeChoice } from './advise/advise.js';
import { applySettingsFragment, revertSettingsFragment, type ApplyResult } from './advise/apply.js';
import { settingsFile, type Scope } from '../settings/scopes.js';
import { gatherFacts, type GatherDeps } from './facts/gather.js';
import { parseAllowEntry } from './net/allowlist.js';

export function scopeFlag(scope: string | undefined): Scope {
  const s = scope ?? 'local';
  if (s !== 'local' && s !== 'project' && s !== 'user') throw new GatehouseError({ code: 'cli/usage', message: `unknown scope '${s}'`, hint: 'local (default), project or user' });
  return s;
}

function parseAnswers(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of raw) {
    const m = /^([a-z0-9-]+)=([a-z0-9-]+)$/.exec(a);
    if (!m) throw new GatehouseError({ code: 'cli/usage', message: `--answer expects NODE=ANSWER, got '${a}'`, hint: 'e.g. --answer vetted=yes (node ids appear in the output)' });
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Long lists (denyRead) shortened for the terminal; --json has them whole. */
export function compactSettings(json: string, keep = 6): string {
  try {
    const shorten = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.length > keep + 1 ? [...v.slice(0, keep), `… ${v.length - keep} more (--json for all)`] : v;
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x)]));
      return v;
    };
    return JSON.stringify(shorten(JSON.parse(json)), null, 2);
  } catch {
    return json;
  }
}

export function renderAdvice(a: Advice, io: Io, applied?: ApplyResult): void {
  const s = style(io);
  for (const ev of a.evaluations) {
    io.out(s.bold(`${ev.title}`) + '\n');
    ev.path.forEach((p, i) => {
      io.out(`  ${i + 1}. ${p.question}  ${s.cyan('→ ' + p.answer)}  ${s.dim(`[${p.node}]`)}\n`);
      for (const e of p.evidence) io.out(s.dim(`       · ${e}`) + '\n');
    });
    const tag = ev.leaf.ok ? s.green('[ok]') : ev.leaf.level === 'required' ? s.red('[required]') : s.yellow(`[${ev.leaf.level}]`);
    io.out(`  ${tag} ${s.bold(ev.leaf.title)}  ${s.dim(`[${ev.leaf.id}]`)}\n     ${ev.leaf.why}\n`);
    if (ev.leaf.correction) io.out(s.yellow(`     later correction: ${ev.leaf.correction}`) + '\n');
    for (const st of ev.leaf.steps) {
      if (st.kind === 'command') io.out(`     $ ${st.text}\n`);
      else if (st.kind === 'note') io.out(`     – ${st.text}\n`);
      else io.out(compactSettings(st.text).split('\n').map((l) => `       ${l}`).join('\n') + '\n');
    }
    io.out('\n');
  }
  const fs = a.findings.filter((f) => f.severity !== 'info');
  if (fs.length) {
    io.out(s.bold('On every path') + '\n');
    for (const f of fs) {
      io.out(`  ${f.severity === 'error' ? s.red('✗') : s.yellow('!')} ${f.message}  ${s.dim(`[${f.id}]`)}\n`);
      for (const e of f.evidence.slice(0, 4)) io.out(s.dim(`       · ${e}`) + '\n');
    }
  }
  for (const f of a.findings.filter((x) => x.severity === 'info')) io.out(s.dim(`  ${f.message}`) + '\n');
  if (applied) {
    io.out('\n' + s.bold(applied.dryRun ? `Would change ${applied.file}:` : applied.changed ? `Updated ${applied.file}:` : `${applied.file} already has these settings`) + '\n');
    if (applied.dryRun && applied.diff) io.out(applied.diff.endsWith('\n') ? applied.diff : applied.diff + '\n');
    else for (const c of applied.changes) io.out(`  ${c}\n`);
    if (applied.backup) io.out(s.dim(`  backup: ${applied.backup}`) + '\n');
  }
}

export async function runAdvise(
  flags: { json: boolean; apply: boolean; dryRun: boolean; revert?: boolean; project?: string; tree?: string; answers: string[]; allowNet: string[]; scope?: string },
  io: Io,
  deps: GatherDeps = {},
): Promise<number> {
  if (flags.revert) {
    const scope = scopeFlag(flags.scope);
    const r = revertSettingsFragment(settingsFile(scope, io.env, flags.project ?? io.cwd), { dryRun: flags.dryRun, scope, env: io.env });
    if (flags.json) printJson(io, { reverted: r });
    else {
      io.out(r.changed ? `${r.dryRun ? 'Would remove from' : 'Removed from'} ${r.file}:\n` : `nothing of the sandbox advisor's in ${r.file}\n`);
      for (const c of r.changes) io.out(`  ${c}\n`);
      for (const k of r.kept) io.out(`  kept ${k}\n`);
    }
    return EXIT.ok;
  }
  const tree = (flags.tree ?? 'corrected') as TreeChoice;
  if (!['seed', 'corrected', 'both'].includes(tree)) throw new GatehouseError({ code: 'cli/usage', message: `unknown tree '${flags.tree}'`, hint: 'seed, corrected (default) or both' });
  for (const h of flags.allowNet) parseAllowEntry(h);
  const project = flags.project ?? io.cwd;
  const facts = await gatherFacts(project, io.env, parseAnswers(flags.answers), deps);
  const a = advise(facts, { tree, extraDomains: flags.allowNet });
  let applied: ApplyResult | undefined;
  if (flags.apply || flags.dryRun) {
    const scope = scopeFlag(flags.scope);
    applied = applySettingsFragment(settingsFile(scope, io.env, project), a.fragment as never, { dryRun: flags.dryRun, scope, env: io.env });
  }
  if (flags.json) printJson(io, { ...a, applied });
  else renderAdvice(a, io, applied);
  return a.actionRequired && !(applied && !applied.dryRun) ? EXIT.findings : EXIT.ok;
}

export const adviseCommand = defineCommand({
  meta: {
    name: 'sandbox advise',
    summary: 'Walk the sandbox decision tree from detected facts and say what to do',
    usage: ['sandbox advise [--json] [--tree seed|corrected|both] [--answer NODE=ANSWER] [--apply|--dry-run] [--project DIR]', 'sandbox advise --revert [--scope SCOPE]'],
    description:
      'Detects production (declared), CI, the platform, MCP servers and whether gatehouse pinned them, agent\n' +
      'configuration you did not write (git authorship), which isolation actually works (bubblewrap with user\n' +
      "namespaces, socat, sandbox-exec, a container engine, gVisor), Claude Code's merged sandbox settings and\n" +
      'bypass modes; prints the path through the tree with the evidence for each answer, the recommendation and\n' +
      "the exact settings or commands. --apply merges the sandbox settings into Claude Code's settings.",
    options: {
      json: { type: 'boolean', description: 'Machine-readable output' },
      tree: { type: 'string', value: 'NAME', description: 'corrected (default), seed (the guide as published) or both' },
      answer: { type: 'string', multiple: true, value: 'NODE=ANSWER', description: 'Answer a question yourself (overrides detection)' },
      apply: { type: 'boolean', description: "Merge the sandbox settings into Claude Code's settings (a backup is kept)" },
      'dry-run': { type: 'boolean', description: 'Show what --apply (or --revert) would change' },
      revert: { type: 'boolean', description: 'Take out exactly what --apply added (the rest of the file stays)' },
      scope: { type: 'string', value: 'SCOPE', description: 'Settings file for --apply: local (default), project or user' },
      'allow-net': { type: 'string', multiple: true, value: 'HOSTS', description: 'Hosts for sandbox.network.allowedDomains' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: the current directory)' },
    },
    examples: ['gatehouse sandbox advise', 'gatehouse sandbox advise --tree both --json', 'gatehouse sandbox advise --apply --allow-net packages.example.com,github.com'],
    notes: ['Exit 1 when the recommendation requires a change (and --apply did not make it).'],
    positionals: false,
  },
  run: (p, io) =>
    runAdvise(
      { json: bool(p, 'json'), apply: bool(p, 'apply'), dryRun: bool(p, 'dry-run'), revert: bool(p, 'revert'), project: str(p, 'project'), tree: str(p, 'tree'), answers: list(p, 'answer'), allowNet: list(p, 'allow-net'), scope: str(p, 'scope') },
      io,
    ),
});
