import { resolve, join } from 'node:path';
import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson } from '../format.js';
import { GatehouseError } from '../../errors.js';
import { installDir, stateDir } from '../../env/locations.js';
import { claudeManagedDir, SCOPES, type Scope } from '../../settings/scopes.js';
import { parseScope, printChanges } from '../settings-output.js';

export default defineCommand({
  meta: {
    name: 'init',
    summary: 'Install gatehouse into a project (Claude Code hooks, deny rules, policy, .claudeignore)',
    usage: ['init [--scope project|local|user|managed] [--dry-run] [--json]', 'init --scope managed [--allow-managed-hooks-only] [--disable-bypass] [--yes | --output FILE]'],
    description:
      'Merges gatehouse hooks for every event into Claude Code settings (guard hooks fail closed:\n' +
      '"onFailure": "block", timeouts in seconds), adds permissions.deny rules that mirror .claudeignore,\n' +
      'and creates .gatehouse/policy.yaml and .claudeignore when missing. Keeps every existing setting\n' +
      'and its order, backs the file up and records what it added in the state directory, so a second\n' +
      'run changes nothing and `gatehouse uninstall` removes exactly that.\n' +
      'Scopes: project = .claude/settings.json (shared), local = .claude/settings.local.json (yours),\n' +
      'user = ~/.claude/settings.json (every project), managed = the organisation file that users\n' +
      'cannot switch off (written to a file to copy into place, or directly with --yes as root).',
    options: {
      scope: { type: 'string', value: 'SCOPE', description: `Settings file to install into: ${SCOPES.join(', ')}`, default: 'project' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: the current directory)' },
      'dry-run': { type: 'boolean', description: 'Show the changes as a unified diff; write nothing' },
      json: { type: 'boolean', description: 'Machine-readable result' },
      yes: { type: 'boolean', short: 'y', description: 'Managed scope: write into the managed settings directory (needs root)' },
      output: { type: 'string', value: 'FILE', description: 'Managed scope: write the managed settings file here' },
      timeout: { type: 'string', value: 'SECONDS', description: 'Hook timeout in seconds (default 10)' },
      'hooks-only': { type: 'boolean', description: 'Install the hooks only, no permissions.deny rules' },
      'allow-managed-hooks-only': { type: 'boolean', description: 'Managed scope: only managed hooks run (project/user hooks are ignored)' },
      'disable-bypass': { type: 'boolean', description: 'Managed scope: disable bypassPermissions / --dangerously-skip-permissions' },
    },
    examples: ['gatehouse init --dry-run', 'gatehouse init', 'gatehouse init --scope local', 'sudo gatehouse init --scope managed --allow-managed-hooks-only --disable-bypass --yes'],
    notes: ['Exit codes used: 0 installed or already up to date · 2 usage · 3 a settings file is invalid · 4 managed scope needs root for --yes.'],
    positionals: false,
  },
  async run(args, io) {
    const scope: Scope = parseScope(str(args, 'scope'));
    const projectDir = resolve(io.cwd, str(args, 'project') ?? '.');
    const timeoutText = str(args, 'timeout');
    let timeout: number | undefined;
    if (timeoutText !== undefined) {
      timeout = Number(timeoutText);
      if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600) {
        throw new GatehouseError({ code: 'cli/bad-timeout', message: `--timeout must be whole seconds between 1 and 600 (got '${timeoutText}')`, hint: 'Claude Code hook timeouts are in seconds, not milliseconds' });
      }
    }
    const managedOnly = bool(args, 'allow-managed-hooks-only');
    const disableBypass = bool(args, 'disable-bypass');
    if (scope !== 'managed' && (managedOnly || disableBypass || str(args, 'output'))) {
      throw new GatehouseError({ code: 'cli/managed-only-option', message: '--allow-managed-hooks-only, --disable-bypass and --output only apply to --scope managed' });
    }
    const state = stateDir(io.env);
    let output = str(args, 'output') ? resolve(io.cwd, str(args, 'output')!) : undefined;
    if (scope === 'managed' && !output && !bool(args, 'dry-run')) {
      if (!bool(args, 'yes')) output = join(state, 'managed-settings.json');
      else if (typeof process.getuid === 'function' && process.getuid() !== 0 && !io.env.GATEHOUSE_CLAUDE_MANAGED_DIR) {
        throw new GatehouseError({ code: 'init/needs-root', message: `writing into ${claudeManagedDir(io.env)} needs root`, hint: 'run it with sudo, or leave out --yes to get a file to copy into place' });
      }
    }
    const { planInit, commitInit, hasChanges } = await import('../../settings/install.js');
    const ctx = { env: io.env, projectDir, stateDir: state, installDir: installDir(), nodePath: process.execPath, now: new Date() };
    const plan = planInit(ctx, {
      scope,
      ...(timeout !== undefined ? { timeout } : {}),
      denyRules: !bool(args, 'hooks-only'),
      allowManagedHooksOnly: managedOnly,
      disableBypass,
      ...(output ? { output } : {}),
    });
    const dryRun = bool(args, 'dry-run');
    const changed = hasChanges(plan.changes);
    const written = !dryRun ? commitInit(ctx, plan) : {};
    if (bool(args, 'json')) {
      printJson(io, {
        command: 'init',
        scope,
        dryRun,
        changed,
        settingsFile: plan.settingsFile,
        target: plan.target,
        hookCommand: plan.command,
        files: plan.changes.map((c) => ({ path: c.path, role: c.role, action: c.before === c.after ? 'unchanged' : c.before === undefined ? 'create' : 'update', diff: c.diff })),
        denyRules: plan.denyRules,
        notMirrored: plan.notMirrored,
        ...written,
      });
      return EXIT.ok;
    }
    printChanges(io, plan.changes, dryRun);
    if (!changed) io.out(`gatehouse is already installed in ${plan.settingsFile}; nothing to change.\n`);
    else if (!dryRun) {
      io.out(`Installed gatehouse hooks for ${plan.manifest.entries.filter((e) => e.op === 'append' && e.path[0] === 'hooks').length} events` + (plan.denyRules.length ? ` and ${plan.denyRules.length} permissions.deny rules` : '') + ` (${scope} scope).\n`);
      if (written.backup) io.out(`Backup of the previous file: ${written.backup}\n`);
    }
    if (plan.notMirrored.length) {
      io.out(`\nNot mirrored into Claude Code's deny rules (gatehouse's hook still enforces them):\n`);
      for (const s of plan.notMirrored) io.out(`  .claudeignore:${s.line}  ${s.pattern}  — ${s.reason}\n`);
    }
    if (scope === 'managed' && !dryRun && plan.target !== plan.settingsFile) {
      io.out(`\nManaged settings written to ${plan.target}.\nInstall them for every user of this machine with:\n  sudo install -D -m 0644 '${plan.target}' '${plan.settingsFile}'\n`);
      if (!managedOnly) io.out('Add --allow-managed-hooks-only so project and user settings cannot replace these hooks.\n');
      if (!disableBypass) io.out('Add --disable-bypass so --dangerously-skip-permissions cannot be used.\n');
    } else if (scope !== 'managed' && changed && !dryRun) {
      io.out('\nProject and user settings can be switched off by the user (--bare, --setting-sources, disableAllHooks);\nfor enforcement, install with --scope managed. Check the result with `gatehouse settings lint`.\n');
    }
    return EXIT.ok;
  },
});
