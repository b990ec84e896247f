import { resolve } from 'node:path';
import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson } from '../format.js';
import { installDir, stateDir } from '../../env/locations.js';
import { SCOPES } from '../../settings/scopes.js';
import { parseScope, printChanges } from '../settings-output.js';

export default defineCommand({
  meta: {
    name: 'uninstall',
    summary: 'Remove exactly what `gatehouse init` added to Claude Code settings',
    usage: ['uninstall [--scope project|local|user|managed] [--dry-run] [--json]'],
    description:
      'Takes out the hooks, deny rules and switches that `gatehouse init` recorded for this settings\n' +
      'file, and nothing else: settings you added or changed since stay. Files init created\n' +
      '(.claudeignore, .gatehouse/policy.yaml) are removed only if unchanged. Without an install\n' +
      'record (e.g. a settings file committed by someone else), only handlers whose command is\n' +
      "gatehouse's hook are removed.",
    options: {
      scope: { type: 'string', value: 'SCOPE', description: `Settings file: ${SCOPES.join(', ')}`, default: 'project' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: the current directory)' },
      'dry-run': { type: 'boolean', description: 'Show the changes as a unified diff; write nothing' },
      json: { type: 'boolean', description: 'Machine-readable result' },
    },
    examples: ['gatehouse uninstall --dry-run', 'gatehouse uninstall --scope local'],
    notes: ['Exit codes used: 0 removed or nothing to remove · 2 usage · 3 a settings file is invalid.'],
    positionals: false,
  },
  async run(args, io) {
    const scope = parseScope(str(args, 'scope'));
    const { planUninstall, commitUninstall, hasChanges } = await import('../../settings/install.js');
    const ctx = { env: io.env, projectDir: resolve(io.cwd, str(args, 'project') ?? '.'), stateDir: stateDir(io.env), installDir: installDir(), nodePath: process.execPath, now: new Date() };
    const plan = planUninstall(ctx, scope);
    const dryRun = bool(args, 'dry-run');
    const changed = hasChanges(plan.changes);
    if (!dryRun) commitUninstall(ctx, plan);
    // The sandbox settings `gatehouse sandbox advise --apply` wrote into the same file go too.
    const { planRemove, commitRemove } = await import('../../settings/apply.js');
    const sandbox = planRemove({ file: plan.settingsFile, scope, owner: 'sandbox', stateDir: ctx.stateDir });
    if (!dryRun && sandbox.entries.length) commitRemove(sandbox);
    if (bool(args, 'json')) {
      printJson(io, {
        command: 'uninstall',
        scope,
        dryRun,
        changed,
        settingsFile: plan.settingsFile,
        fallback: plan.fallback,
        files: plan.changes.map((c) => ({ path: c.path, role: c.role, action: c.before === c.after ? 'unchanged' : c.after === undefined ? 'delete' : 'update', diff: c.diff })),
        removed: plan.removed.length,
        kept: plan.kept,
        sandboxEntries: sandbox.entries.length,
      });
      return EXIT.ok;
    }
    printChanges(io, plan.changes, dryRun);
    if (sandbox.entries.length) io.out(`${dryRun ? 'Would also remove' : 'Also removed'} ${sandbox.entries.length} sandbox setting(s) written by \`gatehouse sandbox advise --apply\`.\n`);
    if (!changed && !sandbox.entries.length) io.out(`Nothing of gatehouse's found in ${plan.settingsFile}.\n`);
    else if (!dryRun) io.out(`Removed ${plan.removed.filter((e) => e.op !== 'create').length} gatehouse entries from ${plan.settingsFile}.\n`);
    for (const k of plan.kept) io.out(`  kept: ${k.what} — ${k.reason}\n`);
    return EXIT.ok;
  },
});
