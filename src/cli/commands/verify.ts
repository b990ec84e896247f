import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { bool, defineCommand, list, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson } from '../format.js';
import { GatehouseError } from '../../errors.js';
import { CHECK_NAMES, type CheckName } from '../../verify/types.js';

export default defineCommand({
  meta: {
    name: 'verify',
    summary: 'Run independent checks (lint, tests, security, docs, critical areas) and gate on the result',
    usage: ['verify [--base REF] [--checks lint,test,security,docs,critical] [--sarif FILE] [--junit FILE] [--markdown FILE] [--json]'],
    description:
      'Runs the selected checks in parallel, each with its own timeout, and fails when any of them fails.\n' +
      'With --base, only new findings on changed lines (real git diff hunks, untracked files included)\n' +
      'fail a check; findings elsewhere are reported as pre-existing. A crash, a timeout or output that\n' +
      'cannot be read fails the check with the reason: it is never a pass.\n\n' +
      'Trust boundary: lint and test run the project\'s own ESLint/Prettier and test command, which\n' +
      'executes the project\'s code and config: select them only for code you are willing to run.\n' +
      'security, docs and critical only read files and never execute anything from the project.\n' +
      'Tools run with credential-looking environment variables removed (GATEHOUSE_VERIFY_KEEP_ENV=A,B keeps some).',
    options: {
      base: { type: 'string', value: 'REF', description: 'Compare with this git ref (merge base); default origin/$GITHUB_BASE_REF in a pull_request run' },
      checks: { type: 'string', value: 'LIST', description: `Checks to run (default: ${CHECK_NAMES.join(',')})` },
      sarif: { type: 'string', value: 'FILE', description: 'Write SARIF 2.1.0 for GitHub code scanning' },
      junit: { type: 'string', value: 'FILE', description: 'Write JUnit XML (one suite per check, plus the project tests)' },
      markdown: { type: 'string', value: 'FILE', description: 'Write the Markdown summary' },
      comment: { type: 'string', value: 'FILE', description: 'Write the sticky PR comment body (summary under a hidden marker)' },
      annotations: { type: 'boolean', description: 'Print GitHub workflow-command annotations (default in GitHub Actions)' },
      json: { type: 'boolean', description: 'Print the full report as JSON' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: current directory)' },
    },
    examples: [
      'gatehouse verify --base origin/main',
      'gatehouse verify --checks security,docs --base HEAD      # uncommitted changes only',
      'gatehouse verify --base origin/main --sarif gatehouse.sarif --junit gatehouse.xml',
    ],
    notes: [
      'In GitHub Actions the Markdown summary is also appended to $GITHUB_STEP_SUMMARY (GATEHOUSE_NO_STEP_SUMMARY=1 turns that off).',
      'Settings: .gatehouse/verify.json (timeouts, testCommand, criticalPaths, stopGate); see docs/verify.md.',
    ],
    positionals: false,
  },
  async run(args, io) {
    const requested = list(args, 'checks');
    for (const c of requested) {
      if (!(CHECK_NAMES as readonly string[]).includes(c)) {
        throw new GatehouseError({ code: 'cli/unknown-check', message: `unknown check '${c}'`, hint: `checks: ${CHECK_NAMES.join(', ')}` });
      }
    }
    const checks = (requested.length ? [...new Set(requested)] : [...CHECK_NAMES]) as CheckName[];
    const project = resolve(io.cwd, str(args, 'project') ?? '.');
    try {
      if (!statSync(project).isDirectory()) throw new Error('not a directory');
    } catch (e) {
      throw new GatehouseError({ code: 'verify/no-project', message: `project directory ${project}: ${(e as Error).message}` });
    }
    const base = str(args, 'base') ?? (io.env.GITHUB_BASE_REF ? `origin/${io.env.GITHUB_BASE_REF}` : undefined);
    const { runVerify } = await import('../../verify/run.js');
    const report = await runVerify({ project, ...(base ? { base } : {}), checks, explicit: requested.length > 0, env: io.env });

    const { writeReport, appendReport } = await import('../../verify/report/write.js');
    const at = (p: string) => resolve(io.cwd, p);
    const sarif = str(args, 'sarif');
    if (sarif) writeReport(at(sarif), (await import('../../verify/report/sarif.js')).sarifText(report));
    const junit = str(args, 'junit');
    if (junit) writeReport(at(junit), (await import('../../verify/report/junit.js')).junitText(report));
    const md = await import('../../verify/report/markdown.js');
    const markdown = str(args, 'markdown');
    if (markdown) writeReport(at(markdown), md.markdownSummary(report));
    const comment = str(args, 'comment');
    if (comment) writeReport(at(comment), md.stickyComment(report));
    const inActions = io.env.GITHUB_ACTIONS === 'true';
    if (inActions && io.env.GITHUB_STEP_SUMMARY && io.env.GATEHOUSE_NO_STEP_SUMMARY !== '1') appendReport(io.env.GITHUB_STEP_SUMMARY, md.markdownSummary(report));

    if (bool(args, 'json')) {
      const { redactValue } = await import('../../audit/redact.js');
      printJson(io, redactValue(report).value);
    } else {
      if (bool(args, 'annotations') || inActions) io.out((await import('../../verify/report/annotations.js')).annotations(report));
      io.out((await import('../../verify/report/human.js')).humanReport(report, io));
    }
    return report.ok ? EXIT.ok : EXIT.findings;
  },
});
