import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';
import { GatehouseError } from '../../errors.js';
import { readJournal } from '../../rollback/journal.js';
import { confirm, openForCli, previewLines, PROJECT_OPTION, summary, unavailableAs4 } from '../../rollback/present.js';
import { resolveTarget, shortId } from '../../rollback/queries.js';
import { applySwitch, cliSession, currentTree, planSwitch } from '../../rollback/restore.js';
import { withStore } from '../../rollback/snapshot.js';

export default defineCommand({
  meta: {
    name: 'rollback',
    summary: 'Restore the whole project to a checkpoint (before a tool call, a session start, a prompt)',
    usage: ['rollback --to <checkpoint|tool_use_id|session-start|prompt:ID> [--dry-run] [--yes] [--json] [--project DIR]'],
    description:
      'Makes every checkpointed file in the project what it was at the target: files changed since are\n' +
      'reverted, deleted ones restored, new ones removed. Ignored files and files over the size cap are\n' +
      'never touched, and a file in no checkpoint is never overwritten. A safety checkpoint of the\n' +
      'current state is taken first, so a rollback can itself be rolled back.\n\n' +
      'Targets: a checkpoint id (or prefix) from `gatehouse checkpoints`; a tool_use_id (the state just\n' +
      'before that call); session-start (of the latest session, or of --session S); prompt:<prompt_id>.',
    options: {
      ...PROJECT_OPTION,
      to: { type: 'string', value: 'TARGET', description: 'Where to go back to' },
      session: { type: 'string', value: 'S', description: 'With --to session-start: which session (default: the latest)' },
      'dry-run': { type: 'boolean', description: 'Show what would change; change nothing' },
      yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' },
      json: { type: 'boolean', description: 'Machine-readable output' },
    },
    examples: ['gatehouse rollback --to session-start --dry-run', 'gatehouse rollback --to toolu_01AbC… --yes', 'gatehouse rollback --to 1a2b3c4d5e6f'],
    notes: ['Without a terminal the command never waits for an answer: it exits 5 unless --yes is given.'],
    positionals: false,
  },
  run: unavailableAs4(async (p, io) => {
    const spec = str(p, 'to');
    if (!spec) throw new GatehouseError({ code: 'cli/usage', message: 'missing --to', hint: 'e.g. `gatehouse rollback --to session-start --dry-run`' });
    const opened = openForCli(io, str(p, 'project'));
    const { store } = opened;
    const w = { stateDir: opened.stateDir, cfg: opened.cfg };
    const target = resolveTarget(readJournal(store.journalPath), spec, str(p, 'session'));
    const plan = withStore(store, opened.cfg.lockTimeoutMs, () => planSwitch(store, currentTree(store, w), target.tree));
    const json = bool(p, 'json');
    const st = style(io);
    const base = { project: store.project, target: { spec, commit: target.commit, label: target.label }, counts: plan.counts, files: plan.files, blocked: plan.blocked };
    if (!json) {
      io.out(`Roll back ${store.project}\n  to ${st.bold(shortId(target.commit))} — ${target.label} (${target.entry.ts})\n`);
      io.out(`  ${summary(plan.counts)}\n`);
      for (const l of previewLines(plan.files, st)) io.out(l + '\n');
    }
    if (plan.blocked.length) {
      if (json) printJson(io, { ...base, applied: false, error: 'would-overwrite' });
      else {
        io.err(`gatehouse: rollback/would-overwrite these files are in no checkpoint (ignored or over the size cap) and would be overwritten:\n`);
        for (const b of plan.blocked.slice(0, 20)) io.err(`  ${b}\n`);
        io.err('  hint: move them aside, then run the command again. Nothing was changed.\n');
      }
      return EXIT.findings;
    }
    if (plan.files.length === 0 || bool(p, 'dry-run')) {
      if (json) printJson(io, { ...base, applied: false, dryRun: bool(p, 'dry-run') });
      else io.out(plan.files.length === 0 ? 'Already at that state; nothing to do.\n' : 'Dry run: nothing was changed.\n');
      return EXIT.ok;
    }
    const ok = await confirm(io, bool(p, 'yes'), 'Restore these files?');
    if (ok === 'no-terminal') {
      if (json) printJson(io, { ...base, applied: false, error: 'needs-confirmation' });
      else io.err('gatehouse: rollback/needs-confirmation no terminal to confirm on; nothing was changed\n  hint: preview with --dry-run, then run again with --yes\n');
      return EXIT.ask;
    }
    if (ok === 'no') {
      if (!json) io.out('Nothing was changed.\n');
      else printJson(io, { ...base, applied: false });
      return EXIT.ok;
    }
    const r = applySwitch(store, w, plan, { kind: 'restore', session: cliSession(), target: target.commit });
    if (json) printJson(io, { ...base, applied: true, safety: r.safety, result: r.result });
    else {
      io.out(`${st.green('Restored')} ${plan.files.length} file(s) to ${shortId(target.commit)}.\n`);
      io.out(`The state before this rollback is checkpoint ${st.bold(shortId(r.safety))}: \`gatehouse rollback --to ${shortId(r.safety)}\` brings it back.\n`);
    }
    return EXIT.ok;
  }),
});
