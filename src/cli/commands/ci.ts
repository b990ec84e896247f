import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bool, defineCommand, defineGroup, list, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style, table } from '../format.js';
import { GatehouseError } from '../../errors.js';

const init = defineCommand({
  meta: {
    name: 'ci init',
    summary: 'Write a GitHub Actions workflow with one required job per check (and CODEOWNERS, a pre-push hook)',
    usage: ['ci init [--dry-run] [--owners @org/team] [--claude-review] [--pre-push] [--force]'],
    description:
      'Writes .github/workflows/gatehouse.yml: separate jobs lint, test, security, docs and critical-review\n' +
      'on pull_request, a read-only token with per-job grants, actions pinned by commit SHA, no PR text\n' +
      'pasted into scripts, and gatehouse installed apart from the project with install scripts off.\n' +
      'critical-review stays red until someone other than the author approves the head commit.\n' +
      '--claude-review adds an advisory `claude -p` job that reads the evidence and never gates.\n' +
      '--owners adds CODEOWNERS entries for the critical areas; --pre-push installs a local hook.',
    options: {
      'dry-run': { type: 'boolean', description: 'Show what would be written; write nothing' },
      owners: { type: 'string', value: 'LIST', description: 'Code owners for critical areas (@user, @org/team), comma-separated' },
      'claude-review': { type: 'boolean', description: 'Add the advisory Claude review job (needs the ANTHROPIC_API_KEY secret)' },
      'pre-push': { type: 'boolean', description: 'Install a git pre-push hook running `gatehouse verify`' },
      'node-version': { type: 'string', value: 'VERSION', description: 'Node.js version for the jobs', default: '20' },
      force: { type: 'boolean', description: 'Replace an existing workflow or pre-push hook' },
      json: { type: 'boolean', description: 'Print the plan as JSON' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: current directory)' },
    },
    examples: ['gatehouse ci init --dry-run', 'gatehouse ci init --owners @acme/security --claude-review --pre-push'],
    positionals: false,
  },
  async run(args, io) {
    const { planInit } = await import('../../verify/ci/init.js');
    const { loadConfig } = await import('../../verify/config.js');
    const project = resolve(io.cwd, str(args, 'project') ?? '.');
    const nodeVersion = str(args, 'node-version') ?? '20';
    if (!/^\d+(\.\d+){0,2}(\.x)?$|^lts\/\*$/.test(nodeVersion)) throw new GatehouseError({ code: 'cli/bad-node-version', message: `--node-version '${nodeVersion}' is not a version like 20 or 20.19` });
    const { files, notes } = planInit({
      project,
      nodeVersion,
      claudeReview: bool(args, 'claude-review'),
      prePush: bool(args, 'pre-push'),
      owners: list(args, 'owners'),
      criticalPaths: loadConfig(project).criticalPaths,
      force: bool(args, 'force'),
    });
    const dry = bool(args, 'dry-run');
    if (!dry) {
      for (const f of files) {
        if (f.action === 'unchanged') continue;
        mkdirSync(dirname(f.absPath), { recursive: true });
        const tmp = `${f.absPath}.${process.pid}.tmp`;
        writeFileSync(tmp, f.content);
        if (f.mode) chmodSync(tmp, f.mode);
        renameSync(tmp, f.absPath);
      }
    }
    if (bool(args, 'json')) {
      printJson(io, { dryRun: dry, files: files.map((f) => ({ path: f.path, action: f.action, ...(dry ? { content: f.content } : {}) })), notes });
      return EXIT.ok;
    }
    const s = style(io);
    if (dry) for (const f of files) io.out(`${s.bold(`--- ${f.path} (${f.action})`)}\n${f.content}\n`);
    io.out(table(files.map((f) => [dry ? s.dim(`would ${f.action}`) : f.action === 'unchanged' ? s.dim('unchanged') : s.green(f.action === 'create' ? 'created' : 'updated'), f.path])));
    for (const n of notes) io.out(`${s.cyan('next:')} ${n}\n`);
    return EXIT.ok;
  },
});

const lint = defineCommand({
  meta: {
    name: 'ci lint',
    summary: 'Check GitHub workflows for script injection, pwn requests, unpinned actions and broad tokens',
    usage: ['ci lint [--json] [--project DIR] [WORKFLOW.yml …]'],
    description:
      'Runs the security check\'s workflow rules over .github/workflows/*.yml (or the files given):\n' +
      'event text in run: scripts, pull_request_target/workflow_run checking out the PR head, actions not\n' +
      'pinned to a 40-hex commit SHA, write-all or workflow-wide write permissions, missing permissions,\n' +
      'and checkouts that keep the token. Suppress one finding with `# gatehouse-ignore <rule-id> -- reason`.',
    options: {
      json: { type: 'boolean', description: 'Print findings as JSON' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: current directory)' },
    },
    examples: ['gatehouse ci lint', 'gatehouse ci lint --json .github/workflows/release.yml'],
    notes: ['Exits 1 when any error-level finding is reported (warnings alone exit 0).'],
  },
  async run(args, io) {
    const { lintWorkflows, workflowFiles } = await import('../../verify/ci/lint.js');
    const project = resolve(io.cwd, str(args, 'project') ?? '.');
    const files = args.positionals.length ? args.positionals.map((p) => resolve(io.cwd, p)).map((p) => p.startsWith(project + '/') ? p.slice(project.length + 1) : p) : workflowFiles(project);
    let findings;
    try {
      findings = lintWorkflows(project, files);
    } catch (e) {
      throw new GatehouseError({ code: 'ci/unreadable-workflow', message: (e as Error).message });
    }
    const errors = findings.filter((f) => f.level === 'error').length;
    if (bool(args, 'json')) {
      printJson(io, { files, findings, errors });
    } else {
      const s = style(io);
      if (files.length === 0) io.out(`${s.yellow('no workflows')} found under .github/workflows\n`);
      for (const f of findings) {
        const lvl = f.level === 'error' ? s.red('error') : s.yellow(f.level);
        io.out(`${s.cyan(`${f.file}:${f.line ?? 1}`)} ${lvl} ${s.dim(`[${f.ruleId}]`)} ${f.message.replace(/[\r\n]+/g, ' ')}\n`);
      }
      if (files.length) io.out(findings.length ? `${findings.length} finding(s) in ${files.length} workflow(s)\n` : s.green(`${files.length} workflow(s): no findings\n`));
    }
    return errors ? EXIT.findings : EXIT.ok;
  },
});

export default defineGroup({
  meta: {
    name: 'ci',
    summary: 'Generate and check GitHub Actions workflows for independent verification',
    usage: ['ci init [--dry-run]', 'ci lint [--json]'],
  },
  subcommands: { init, lint },
});
