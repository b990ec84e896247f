import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { bool, defineCommand, defineGroup, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';
import type { Io } from '../io.js';
import { installDir } from '../../env/locations.js';

/** Is this an isolated environment (where bypass mode is acceptable)? Facts from the edge. */
function isolation(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GATEHOUSE_ISOLATED === '0') return undefined;
  if (env.GATEHOUSE_ISOLATED === '1') return 'GATEHOUSE_ISOLATED=1';
  if (env.CODESPACES === 'true') return 'GitHub Codespace';
  if (env.REMOTE_CONTAINERS === 'true' || env.DEVCONTAINER === 'true') return 'devcontainer';
  if (env.container) return `container (${env.container})`;
  if (existsSync('/.dockerenv')) return 'Docker container';
  if (existsSync('/run/.containerenv')) return 'Podman container';
  return undefined;
}

const lint = defineCommand({
  meta: {
    name: 'settings lint',
    summary: 'Check every Claude Code settings file that applies to a project',
    usage: ['settings lint [--project DIR] [--json]'],
    description:
      'Reads user, project, local and managed settings (as Claude Code layers them) and reports what\n' +
      'silently weakens protection: files Claude Code would ignore (bad JSON, wrong types, malformed\n' +
      'hooks), guard hooks that fail open, timeouts in milliseconds, bypassPermissions outside an\n' +
      'isolated environment, broad or secret-naming allow rules, path rules Claude Code never\n' +
      'consults, disableAllHooks, a sandbox that may run unsandboxed, and missing gatehouse hooks.',
    options: {
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: the current directory)' },
      json: { type: 'boolean', description: 'Machine-readable findings' },
    },
    examples: ['gatehouse settings lint', 'gatehouse settings lint --json --project ../app'],
    notes: ['Exit codes used: 0 no errors (warnings allowed) · 1 errors found · 2 usage.'],
    positionals: false,
  },
  async run(args, io) {
    const { readAllSettings } = await import('../../settings/scopes.js');
    const { lintSettings } = await import('../../settings/lint.js');
    const projectDir = resolve(io.cwd, str(args, 'project') ?? '.');
    const isolated = isolation(io.env);
    const report = lintSettings(readAllSettings(io.env, projectDir), { installDir: installDir(), ...(isolated ? { isolated } : {}) });
    if (bool(args, 'json')) {
      printJson(io, { project: projectDir, ...report });
    } else {
      printReport(io, report, projectDir);
    }
    return report.summary.errors > 0 ? EXIT.findings : EXIT.ok;
  },
});

function printReport(io: Io, report: import('../../settings/lint.js').LintReport, projectDir: string): void {
  const st = style(io);
  const show = (f: string) => (f.startsWith(projectDir + '/') ? relative(projectDir, f) : f);
  io.out(st.bold('Settings files') + '\n');
  for (const f of report.files) {
    const state = !f.exists ? st.dim('not present') : f.valid ? st.green('used') : st.red('IGNORED by Claude Code');
    io.out(`  ${f.scope.padEnd(8)} ${show(f.file)}  ${state}\n`);
  }
  io.out('\n');
  const sev = { error: st.red('error'), warning: st.yellow('warning'), info: st.cyan('info') } as const;
  for (const f of report.findings) {
    const where = f.file ? `${show(f.file)}${f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : ''}` : 'merged settings';
    io.out(`${sev[f.severity].padEnd(io.isTTY ? 16 : 7)}  ${st.bold(f.id)}  ${st.dim(where)}\n`);
    io.out(`  ${f.message}\n  ${st.dim('fix:')} ${f.fix}\n`);
  }
  const { errors, warnings, infos } = report.summary;
  io.out(`${report.findings.length ? '\n' : ''}${errors} error(s), ${warnings} warning(s), ${infos} note(s)\n`);
}

export default defineGroup({
  meta: { name: 'settings', summary: 'Claude Code settings: lint what applies to a project', usage: ['settings lint [--project DIR] [--json]'] },
  subcommands: { lint },
});
