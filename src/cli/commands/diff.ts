import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';
import { redactText } from '../../audit/redact.js';
import { GatehouseError } from '../../errors.js';
import { diffTrees } from '../../rollback/changes.js';
import { git } from '../../rollback/git.js';
import { readJournal } from '../../rollback/journal.js';
import { openForCli, PROJECT_OPTION, unavailableAs4 } from '../../rollback/present.js';
import { describeEntry, findCall, resolveTarget, shortId } from '../../rollback/queries.js';
import { currentTree } from '../../rollback/restore.js';
import { withStore } from '../../rollback/snapshot.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export default defineCommand({
  meta: {
    name: 'diff',
    summary: 'Show what one tool call or checkpoint changed (or what changed since it, with --now)',
    usage: ['diff <tool_use_id|checkpoint> [--now] [--stat | --name-status] [--json] [--project DIR]'],
    description:
      'For a tool_use_id: the exact change set of that call (its before against its after checkpoint).\n' +
      'For a checkpoint id: what that checkpoint recorded against the one before it.\n' +
      'With --now: everything that differs between that point and the files as they are now, that is,\n' +
      'what `gatehouse rollback --to` it would undo. Secrets in the shown text are redacted.',
    options: {
      ...PROJECT_OPTION,
      now: { type: 'boolean', description: 'Compare with the current files instead' },
      stat: { type: 'boolean', description: 'Only a per-file summary' },
      'name-status': { type: 'boolean', description: 'Only the changed paths with A/M/D' },
      json: { type: 'boolean', description: 'Machine-readable list of changed files' },
    },
    examples: ['gatehouse diff toolu_01AbC…', 'gatehouse diff session-start --now --stat'],
  },
  run: unavailableAs4(async (p, io) => {
    const [spec, ...extra] = p.positionals;
    if (!spec) throw new GatehouseError({ code: 'cli/usage', message: 'missing the tool_use_id or checkpoint to show', hint: 'list them with `gatehouse checkpoints`' });
    if (extra.length) throw new GatehouseError({ code: 'cli/unexpected-argument', message: `unexpected argument '${extra[0]}'` });
    const opened = openForCli(io, str(p, 'project'));
    const { store } = opened;
    const entries = readJournal(store.journalPath);
    let from: string;
    let to: string;
    let label: string;
    const call = findCall(entries, spec);
    if (bool(p, 'now')) {
      const t = resolveTarget(entries, spec);
      from = t.tree;
      to = withStore(store, opened.cfg.lockTimeoutMs, () => currentTree(store, { stateDir: opened.stateDir, cfg: opened.cfg }));
      label = `${t.label} → now`;
    } else if (call.before || call.after) {
      if (!call.before || !call.after) {
        throw new GatehouseError({ code: 'rollback/incomplete-call', message: `tool call '${spec}' has no ${call.before ? 'after' : 'before'} checkpoint`, hint: `compare with the current files: \`gatehouse diff ${spec} --now\`` });
      }
      from = call.before.tree;
      to = call.after.tree;
      label = `${call.before.tool ?? 'call'} ${spec}`;
    } else {
      const t = resolveTarget(entries, spec);
      from = t.entry.base ?? (t.entry.unchanged ? t.tree : EMPTY_TREE);
      to = t.tree;
      label = `checkpoint ${shortId(t.commit)} (${describeEntry(t.entry)})`;
    }
    if (bool(p, 'json')) {
      printJson(io, { project: store.project, label, from, to, files: diffTrees(store, from, to) });
      return EXIT.ok;
    }
    const st = style(io);
    io.out(st.bold(`# ${label}`) + '\n');
    if (from === to) {
      io.out('no changes\n');
      return EXIT.ok;
    }
    const mode = bool(p, 'stat') ? ['--stat'] : bool(p, 'name-status') ? ['--name-status'] : ['-p', '--stat'];
    const colour = st.bold('x') !== 'x' ? ['--color=always'] : ['--no-color'];
    const out = git(store.bare, ['diff-tree', '-r', '-M', '--no-commit-id', ...colour, ...mode, from, to]).stdout.toString('utf8');
    io.out(redactText(out).text);
    return EXIT.ok;
  }),
});
