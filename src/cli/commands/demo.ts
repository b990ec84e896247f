// gatehouse demo: a scripted agent session, mixing ordinary work and attacks, through the real
// hook in a throw-away project. Offline, no API key.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createWorld, runDemoThroughHook } from '../../demo/hook-driver.js';
import { renderTimeline, summarize } from '../../demo/render.js';
import { DEMO_STEPS } from '../../demo/scenario.js';
import { installDir } from '../../env/locations.js';
import { bool, defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';

export default defineCommand({
  meta: {
    name: 'demo',
    summary: 'Watch gatehouse decide a scripted agent session (offline, no API key)',
    usage: ['demo [--json] [--keep]'],
    description:
      'Creates a throw-away project and home directory, then plays an agent session through the real\n' +
      'hook exactly as Claude Code calls it: ordinary work (reading, editing, running tests) mixed with\n' +
      'attacks (secret reads by glob and by Python, exfiltration, curl | sh, an obfuscated payload,\n' +
      'switching the guard off, persistence, force-push, wiping home). Ordinary steps really run in the\n' +
      'throw-away project; attack steps never do.',
    options: {
      json: { type: 'boolean', description: 'Print the results as JSON' },
      keep: { type: 'boolean', description: 'Keep the throw-away project and state directory for inspection' },
    },
    notes: ['Exit: 0 every attack stopped and all ordinary work passed · 1 otherwise.'],
    positionals: false,
  },
  async run(args, io) {
    const world = createWorld();
    try {
      const hook = join(installDir(), 'dist', 'hook.cjs');
      const results = runDemoThroughHook(DEMO_STEPS, world, hook);
      const sum = summarize(results);
      const ok = sum.stopped === sum.attacks && sum.passed === sum.ordinary;
      if (bool(args, 'json')) {
        printJson(io, { ok, summary: sum, steps: results.map((r) => ({ title: r.step.title, kind: r.step.kind, verdict: r.verdict, rules: r.rules, ran: r.ran, redacted: r.redacted, ms: Math.round(r.ms) })), ...(bool(args, 'keep') ? { world } : {}) });
        return ok ? EXIT.ok : EXIT.findings;
      }
      const s = style(io);
      io.out(`${s.bold('gatehouse demo')} — a scripted agent session through the real hook (${DEMO_STEPS.length} steps)\n`);
      io.out(s.dim(`project ${world.project}\n\n`));
      io.out(renderTimeline(results, s));
      io.out(`\n${s.bold('Summary')}: ${sum.stopped}/${sum.attacks} attacks stopped, ${sum.passed}/${sum.ordinary} ordinary steps untouched, ${sum.redacted} secret(s) redacted from results; median hook call ${sum.medianMs.toFixed(0)} ms (a whole Node process).\n`);
      if (bool(args, 'keep')) io.out(s.dim(`kept: ${world.root}\n`));
      io.out(s.dim('Next: `gatehouse init` in your project, `gatehouse check -- \'<command>\'` to ask about any command.\n'));
      return ok ? EXIT.ok : EXIT.findings;
    } finally {
      if (!bool(args, 'keep')) rmSync(world.root, { recursive: true, force: true });
    }
  },
});
