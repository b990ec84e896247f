// gatehouse demo: a scripted agent session, mixing ordinary work and attacks, through the real
// hook in a throw-away project, with a human acting from another terminal. Offline, no API key.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { auditScene } from '../../demo/audit-scene.js';
import { createWorld, runDemoThroughHook } from '../../demo/hook-driver.js';
import { renderTimeline, summarize } from '../../demo/render.js';
import { DEMO_STEPS } from '../../demo/scenario.js';
import { installDir } from '../../env/locations.js';
import { bool, defineCommand, str } from '../command.js';
import { GatehouseError } from '../../errors.js';
import { findClaude, PINNED_CLAUDE, runDemoThroughClaude } from '../../demo/claude-driver.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';

export default defineCommand({
  meta: {
    name: 'demo',
    summary: 'Watch gatehouse decide a scripted agent session (offline, no API key)',
    usage: ['demo [--client auto|claude|hook] [--json] [--keep]'],
    description:
      'Creates a throw-away project and home directory, then plays a headless agent session through the\n' +
      'real hook exactly as Claude Code calls it: ordinary work (reading, a poisoned issue page, editing,\n' +
      'running tests) mixed with attacks (secret reads by glob and by Python, following the page\'s\n' +
      'instructions to upload notes, curl | sh, an obfuscated payload, switching the guard off,\n' +
      'persistence, force-push, wiping home). A person acts from another terminal: undoes a slip,\n' +
      'approves a held release, presses the kill switch. Ends with the audit trail, its verification,\n' +
      'and a tampered copy that fails verification. Ordinary steps really run in the throw-away\n' +
      'project; attack steps never do.',
    options: {
      client: {
        type: 'string',
        value: 'CLIENT',
        default: 'auto',
        description: '`claude`: the real Claude Code CLI against a scripted API on 127.0.0.1; `hook`: call the hook as Claude Code does; `auto`: claude when the pinned CLI is installed',
      },
      json: { type: 'boolean', description: 'Print the results as JSON' },
      keep: { type: 'boolean', description: 'Keep the throw-away project and state directory for inspection' },
    },
    notes: ['Exit: 0 every attack stopped, all ordinary work passed, the log verifies and the tampered copy does not · 1 otherwise.'],
    positionals: false,
  },
  async run(args, io) {
    const install = installDir();
    const wanted = str(args, 'client') ?? 'auto';
    if (!['auto', 'claude', 'hook'].includes(wanted)) throw new GatehouseError({ code: 'cli/usage', message: '--client is auto, claude or hook' });
    const claude = wanted === 'hook' ? undefined : findClaude(install);
    if (wanted === 'claude' && !claude) throw new GatehouseError({ code: 'demo/no-claude', message: `the pinned Claude Code CLI (${PINNED_CLAUDE}) is not installed`, hint: 'run `npm ci` in the gatehouse checkout, or use --client hook' });
    const world = createWorld(install);
    try {
      const s = style(io);
      const json = bool(args, 'json');
      if (!json) {
        io.out(
          `${s.bold('gatehouse demo')} — a headless agent session (${DEMO_STEPS.length} steps) ${claude ? `through the real Claude Code CLI ${PINNED_CLAUDE}, its own permissions bypassed, against a scripted API on 127.0.0.1` : 'through the real hook, called as Claude Code calls it'}\n`,
        );
        io.out(s.dim(`project ${world.project}\n\n`));
      }
      const results = claude ? await runDemoThroughClaude(DEMO_STEPS, world, claude) : await runDemoThroughHook(DEMO_STEPS, world);
      const sum = summarize(results);
      const scene = auditScene(world, s);
      const slipBack = existsSync(join(world.project, 'src', 'lib', 'helper0.js'));
      const ok = sum.stopped === sum.attacks && sum.passed === sum.ordinary && sum.approved === sum.gated && sum.humanOk === sum.human && slipBack && scene.verify.status === 0 && scene.tampered.status === 1;
      if (json) {
        printJson(io, {
          ok,
          client: claude ? 'claude' : 'hook',
          summary: sum,
          restoredBySlipUndo: slipBack,
          audit: { verified: scene.verify.status === 0, tamperedLine: scene.tampered.line, tamperedCaught: scene.tampered.status === 1 },
          steps: results.map((r) => ({ title: r.step.title, kind: r.step.kind, verdict: r.verdict, rules: r.rules, ran: r.ran, redacted: r.redacted, alerts: r.alerts, flagged: r.flagged ?? false, ms: Math.round(r.ms) })),
          ...(bool(args, 'keep') ? { world: { root: world.root, project: world.project, state: world.state } } : {}),
        });
        return ok ? EXIT.ok : EXIT.findings;
      }
      io.out(renderTimeline(results, s));
      io.out(`\n${s.bold('The audit trail of this session')} (${join(world.state, 'audit')})\n`);
      io.out(scene.trail.split('\n').slice(0, 40).map((l) => `  ${l}`).join('\n') + '\n');
      io.out(`${s.bold('$ gatehouse audit verify')}\n  ${scene.verify.out.split('\n').join('\n  ')}\n`);
      io.out(`${s.bold('A copy of the log with one denial rewritten as allowed')} (line ${scene.tampered.line}):\n  ${scene.tampered.out.split('\n').slice(0, 4).join('\n  ')}\n`);
      io.out(
        `\n${s.bold('Summary')}: ${sum.stopped}/${sum.attacks} calls that had to be stopped were stopped, ${sum.passed}/${sum.ordinary} ordinary steps untouched, ` +
          `${sum.approved}/${sum.gated} held release approved from another terminal, the slip undone (${slipBack ? 'files back' : 'NOT restored'}), ` +
          `${sum.redacted} secret(s) redacted, ${sum.alerts} alert(s); audit log ${scene.verify.status === 0 ? 'verifies' : 'DOES NOT VERIFY'}, tampered copy ${scene.tampered.status === 1 ? 'caught' : 'NOT caught'}. ` +
          (world.sessionMs !== undefined
            ? `The whole Claude Code session took ${(world.sessionMs / 1000).toFixed(1)} s; gatehouse's own time per call, median ${sum.medianMs.toFixed(0)} ms.\n`
            : `Median hook call ${sum.medianMs.toFixed(0)} ms (a whole Node process).\n`),
      );
      if (bool(args, 'keep')) io.out(s.dim(`kept: ${world.root}\n`));
      io.out(s.dim("Next: `gatehouse init` in your project; `gatehouse check -- '<command>'` to ask about any command.\n"));
      return ok ? EXIT.ok : EXIT.findings;
    } finally {
      if (!bool(args, 'keep')) rmSync(world.root, { recursive: true, force: true });
    }
  },
});
