// gatehouse policy: explain what is in force, check the files, run the examples and tests, trust
// a project's own policy.
import { readFileSync } from 'node:fs';
import { compileFiles } from '../../policy/compiler-entry.js';
import { explainPolicy } from '../../policy/explain.js';
import { createFixture, fixtureContext, runRuleExamples } from '../../policy/example-runner.js';
import { fnv1a } from '../../policy/load.js';
import { PACKS } from '../../policy/packs/index.js';
import { runProjectTests } from '../../policy/project-tests.js';
import { openPolicy } from '../../policy/session.js';
import { policyFiles } from '../../policy/sources.js';
import { isTrusted, setTrust } from '../../policy/trust.js';
import { compileCustomRule } from '../../policy/custom-rules.js';
import { preparePolicy } from '../../policy/engine.js';
import { bool, defineCommand, defineGroup, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style, table } from '../format.js';
import type { Io } from '../io.js';
import { projectDir as projectDirOf, stateDir } from '../../env/locations.js';
import { GatehouseError } from '../../errors.js';
import type { PolicyProblem } from '../../policy/data.js';

const indent = (text: string, pad: string) => text.replace(/^(?=.)/gm, pad);

const projectOption = { project: { type: 'string' as const, value: 'DIR', description: 'Project directory (default: $CLAUDE_PROJECT_DIR or the current directory)' } };
const jsonOption = { json: { type: 'boolean' as const, description: 'Print JSON' } };

function problemLine(p: PolicyProblem): string {
  const place = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}${p.column ? `:${p.column}` : ''} ` : '';
  return `${place}${p.code} ${p.key ? `${p.key}: ` : ''}${p.message}`;
}

const explain = defineCommand({
  meta: {
    name: 'policy explain',
    summary: 'List the policy in force, where each rule came from, and CLAUDE.md lines no rule enforces',
    usage: ['policy explain [--project DIR] [--json] [--all]'],
    options: { ...projectOption, ...jsonOption, all: { type: 'boolean', description: 'List every rule, not only changed ones and a per-pack summary' } },
  },
  async run(args, io) {
    const s = openPolicy(io.cwd, io.env, str(args, 'project'));
    const e = explainPolicy(s.data, s.ctx.projectDir);
    if (bool(args, 'json')) {
      printJson(io, { ...e, errors: s.data.errors });
      return s.data.errors.length ? EXIT.input : EXIT.ok;
    }
    const st = style(io);
    io.out(`${st.bold('Policy sources')} (revision ${e.revision})\n`);
    if (!e.sources.length) io.out('  built-in defaults only (no policy files)\n');
    for (const src of e.sources) io.out(`  ${src.layer.padEnd(8)} ${src.file}${src.layer === 'project' ? (src.trusted ? st.green('  trusted') : st.dim('  not trusted: may only tighten')) : ''}\n`);
    for (const p of s.data.errors) io.out(st.red(`  error: ${problemLine(p)}\n`));
    for (const w of e.warnings) io.out(st.yellow(`  warning: ${problemLine(w)}\n`));
    io.out(`\n${st.bold('Rules')}\n`);
    const changed = e.rules.filter((r) => r.verdict !== r.defaultVerdict || r.pack === 'custom' || r.note);
    const packs = [...new Set(e.rules.map((r) => r.pack))];
    const rows = [['pack', 'rules', 'deny', 'ask', 'off']];
    for (const p of packs) {
      const rs = e.rules.filter((r) => r.pack === p);
      rows.push([p, String(rs.length), String(rs.filter((r) => r.verdict === 'deny').length), String(rs.filter((r) => r.verdict === 'ask').length), String(rs.filter((r) => r.verdict === 'off').length)]);
    }
    io.out(indent(table(rows), '  '));
    const list = bool(args, 'all') ? e.rules : changed;
    if (list.length) {
      io.out(`\n  ${bool(args, 'all') ? 'All rules' : 'Changed by policy'}:\n`);
      io.out(indent(table(list.map((r) => [r.verdict, r.id, r.verdict !== r.defaultVerdict ? `(default ${r.defaultVerdict}) ${r.source}` : r.source])), '    '));
    }
    io.out(`\n${st.bold('Protected paths')}\n`);
    if (!e.ignoreFile.length && !e.protect.length) io.out('  no .claudeignore and no `protect:` entries (built-in secret paths still apply)\n');
    for (const p of e.ignoreFile) io.out(`  ${p.pattern.padEnd(30)} ${st.dim(p.source)}\n`);
    for (const p of e.protect) io.out(`  ${p.pattern.padEnd(30)} ${st.dim(p.source)}\n`);
    for (const p of e.unprotect) io.out(`  ${('!' + p.pattern).padEnd(30)} ${st.dim(p.source)} (exception)\n`);
    io.out(`  protected branches: ${e.protectedBranches.join(', ')}\n`);
    if (e.claudeMd.length) {
      io.out(`\n${st.bold('CLAUDE.md instructions')}\n`);
      for (const l of e.claudeMd) {
        const mark = l.related.length ? st.green('enforced?') : st.yellow('not enforced');
        io.out(`  ${mark} ${l.file}:${l.line} ${l.text}\n`);
        if (l.related.length) io.out(st.dim(`      related rules: ${l.related.slice(0, 6).join(', ')}${l.related.length > 6 ? ', …' : ''}\n`));
      }
      io.out(st.dim('  Put rules in a ```gatehouse block in CLAUDE.md or in .gatehouse/policy.yaml to enforce the rest.\n'));
    }
    return s.data.errors.length ? EXIT.input : EXIT.ok;
  },
});

const check = defineCommand({
  meta: {
    name: 'policy check',
    summary: 'Validate every policy file and list all problems',
    usage: ['policy check [--project DIR] [--json]'],
    options: { ...projectOption, ...jsonOption },
    notes: ['Exit: 0 valid · 3 invalid.'],
  },
  async run(args, io) {
    const project = str(args, 'project') ?? projectDirOf(io.env, io.cwd);
    const data = compileFiles(policyFiles(project, io.env), stateDir(io.env), 'check');
    if (bool(args, 'json')) printJson(io, { valid: data.errors.length === 0, errors: data.errors, warnings: data.warnings, sources: data.sources });
    else {
      for (const p of data.errors) io.out(`error   ${problemLine(p)}\n`);
      for (const p of data.warnings) io.out(`warning ${problemLine(p)}\n`);
      if (!data.errors.length) io.out(`policy ok (${data.sources.length ? data.sources.map((s) => s.file).join(', ') : 'built-in defaults only'})\n`);
    }
    return data.errors.length ? EXIT.input : EXIT.ok;
  },
});

const test = defineCommand({
  meta: {
    name: 'policy test',
    summary: "Run every rule's examples and the project's .gatehouse/tests/*.jsonl",
    usage: ['policy test [--project DIR] [--json]'],
    options: { ...projectOption, ...jsonOption },
    description: 'Built-in and custom rules are checked against their own match/pass examples in a throw-away\nfixture; project tests run against the real project with the policy in force.',
    notes: ['Exit: 0 all pass · 1 a failure · 3 invalid policy.'],
  },
  async run(args, io) {
    const s = openPolicy(io.cwd, io.env, str(args, 'project'));
    if (!s.loaded) throw new GatehouseError({ code: 'policy/invalid', message: problemLine(s.data.errors[0]!), hint: 'run `gatehouse policy check`' });
    const fx = createFixture();
    let examples;
    try {
      const rules = [...PACKS.flatMap((p) => p.rules), ...s.data.custom.map(compileCustomRule)];
      const ctx = fixtureContext(fx);
      // Built-in verdict changes do not matter here; custom rules must be in force to be tested.
      examples = runRuleExamples(rules, ctx, preparePolicy({ ...s.data, settings: {} }, ctx));
    } finally {
      fx.cleanup();
    }
    const project = runProjectTests(s.ctx.projectDir, s.ctx, s.loaded);
    const failed = examples.filter((r) => !r.ok).length + project.filter((r) => !r.ok).length;
    if (bool(args, 'json')) printJson(io, { passed: failed === 0, examples, project });
    else {
      const st = style(io);
      for (const r of examples.filter((x) => !x.ok)) io.out(`${st.red('FAIL')} ${r.ruleId} should ${r.expect === 'match' ? 'fire on' : 'not fire on'} ${r.example}${r.error ? ` (${r.error})` : ` (fired: ${r.fired.join(', ') || 'nothing'})`}\n`);
      for (const r of project.filter((x) => !x.ok)) io.out(`${st.red('FAIL')} ${r.file}:${r.line} expected ${r.expect}, got ${r.got}${r.rules.length ? ` (${r.rules.join(', ')})` : ''}${r.problem ? ` — ${r.problem}` : ''}\n`);
      io.out(`${examples.length} rule examples, ${project.length} project tests: ${failed ? st.red(`${failed} failed`) : st.green('all passed')}\n`);
    }
    return failed ? EXIT.findings : EXIT.ok;
  },
});

const trust = defineCommand({
  meta: {
    name: 'policy trust',
    summary: "Trust this project's own policy files, so they may also loosen rules",
    usage: ['policy trust [--project DIR] [--revoke]'],
    description:
      "A project's .gatehouse/policy.yaml and CLAUDE.md gatehouse blocks come with the repository, so by\n" +
      'default they may only tighten the policy. Trusting records a hash of their current content in your\n' +
      'state directory; any later change makes them untrusted again until you trust them anew.',
    options: { ...projectOption, revoke: { type: 'boolean', description: 'Remove the trust instead' } },
  },
  async run(args, io) {
    const project = str(args, 'project') ?? projectDirOf(io.env, io.cwd);
    const state = stateDir(io.env);
    const files = policyFiles(project, io.env).filter((f) => f.layer === 'project');
    let n = 0;
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f.file, 'utf8');
      } catch {
        continue;
      }
      if (bool(args, 'revoke')) setTrust(state, f.file, null);
      else if (!isTrusted(state, f.file, text)) setTrust(state, f.file, text);
      io.out(`${bool(args, 'revoke') ? 'untrusted' : 'trusted'} ${f.name} (content id ${fnv1a(text)})\n`);
      n++;
    }
    if (!n) io.out('no project policy files found\n');
    return EXIT.ok;
  },
});

export default defineGroup({
  meta: { name: 'policy', summary: 'Explain, check, test and trust the policy in force', usage: ['policy <explain|check|test|trust> [options]'] },
  subcommands: { explain, check, test, trust },
});

export type { Io };
