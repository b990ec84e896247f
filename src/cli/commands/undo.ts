import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';
import { GatehouseError } from '../../errors.js';
import { formatCounts } from '../../rollback/changes.js';
import { confirm, openForCli, previewLines, PROJECT_OPTION, summary, unavailableAs4 } from '../../rollback/present.js';
import { applySwitch, cliSession } from '../../rollback/restore.js';
import { planUndo } from '../../rollback/undo.js';

export default defineCommand({
  meta: {
    name: 'undo',
    summary: "Reverse one tool call's changes, keeping everything done since",
    usage: ['undo <tool_use_id> [--dry-run] [--yes] [--json] [--project DIR]'],
    description:
      "Reverses what one call changed (Bash included) as a three-way merge with the current files:\n" +
      'work done after the call, by the agent or by you, stays. If later work touched the same lines\n' +
      'or files, the conflicts are listed and nothing is changed. A safety checkpoint is taken first,\n' +
      'so an undo can itself be rolled back.',
    options: {
      ...PROJECT_OPTION,
      'dry-run': { type: 'boolean', description: 'Show what would change; change nothing' },
      yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' },
      json: { type: 'boolean', description: 'Machine-readable output' },
    },
    examples: ['gatehouse checkpoints            # find the call', 'gatehouse undo toolu_01AbC… --dry-run', 'gatehouse undo toolu_01AbC… --yes'],
    notes: ['Exit 1 when the undo conflicts with later changes; 5 when confirmation is needed and there is no terminal.'],
  },
  run: unavailableAs4(async (p, io) => {
    const [id, ...extra] = p.positionals;
    if (!id) throw new GatehouseError({ code: 'cli/usage', message: 'missing the tool_use_id to undo', hint: 'list calls with `gatehouse checkpoints`' });
    if (extra.length) throw new GatehouseError({ code: 'cli/unexpected-argument', message: `unexpected argument '${extra[0]}'` });
    const opened = openForCli(io, str(p, 'project'));
    const { store } = opened;
    const w = { stateDir: opened.stateDir, cfg: opened.cfg };
    const plan = planUndo(store, w, id);
    const json = bool(p, 'json');
    const st = style(io);
    const call = { tool_use_id: id, tool: plan.before.tool, before: plan.before.commit, after: plan.after.commit, changes: plan.after.changes };
    if (plan.conflicts.length) {
      if (json) printJson(io, { project: store.project, call, applied: false, conflicts: plan.conflicts });
      else {
        io.out(`Undo ${plan.before.tool ?? 'call'} ${id} in ${store.project}\n`);
        io.out(`${st.red('Conflicts')} with changes made after that call:\n`);
        for (const c of plan.conflicts) io.out(`  ${c.type.replace(/^CONFLICT /, '')}  ${c.path}${c.message ? st.dim(`  ${c.message}`) : ''}\n`);
        io.out('Nothing was changed. Resolve by hand, or roll the whole tree back: `gatehouse rollback --to ' + id + '`.\n');
      }
      return EXIT.findings;
    }
    const sw = plan.switch!;
    const base = { project: store.project, call, counts: sw.counts, files: sw.files, blocked: sw.blocked };
    if (!json) {
      io.out(`Undo ${plan.before.tool ?? 'call'} ${id} (${formatCounts(plan.after.changes)}) in ${store.project}\n  ${summary(sw.counts)}\n`);
      for (const l of previewLines(sw.files, st)) io.out(l + '\n');
    }
    if (sw.blocked.length) {
      if (json) printJson(io, { ...base, applied: false, error: 'would-overwrite' });
      else io.err(`gatehouse: rollback/would-overwrite files in no checkpoint would be overwritten: ${sw.blocked.slice(0, 10).join(', ')}\n  hint: move them aside, then run again. Nothing was changed.\n`);
      return EXIT.findings;
    }
    if (sw.files.length === 0 || bool(p, 'dry-run')) {
      if (json) printJson(io, { ...base, applied: false, dryRun: bool(p, 'dry-run') });
      else io.out(sw.files.length === 0 ? 'Nothing to undo: the call changed nothing, or its changes are already gone.\n' : 'Dry run: nothing was changed.\n');
      return EXIT.ok;
    }
    const ok = await confirm(io, bool(p, 'yes'), 'Undo this call?');
    if (ok === 'no-terminal') {
      if (json) printJson(io, { ...base, applied: false, error: 'needs-confirmation' });
      else io.err('gatehouse: rollback/needs-confirmation no terminal to confirm on; nothing was changed\n  hint: preview with --dry-run, then run again with --yes\n');
      return EXIT.ask;
    }
    if (ok === 'no') {
      if (json) printJson(io, { ...base, applied: false });
      else io.out('Nothing was changed.\n');
      return EXIT.ok;
    }
    const r = applySwitch(store, w, sw, { kind: 'undo', session: cliSession(), target: id });
    if (json) printJson(io, { ...base, applied: true, safety: r.safety, result: r.result });
    else {
      io.out(`${st.green('Undone')}: ${sw.files.length} file(s) changed back.\n`);
      io.out(`The state before this undo is checkpoint ${st.bold(r.safety.slice(0, 12))}: \`gatehouse rollback --to ${r.safety.slice(0, 12)}\` brings it back.\n`);
    }
    return EXIT.ok;
  }),
});
