// gatehouse alerts: what the detectors raised, newest last; --follow keeps watching.
import { watch } from 'node:fs';
import { stateDir } from '../../env/locations.js';
import { deliverOutbox } from '../../detect/deliver.js';
import { alertLog, readAlerts, SEVERITY_ORDER, type AlertEntry } from '../../detect/sinks.js';
import { loadBaseline } from '../../detect/store.js';
import type { Severity } from '../../detect/types.js';
import { GatehouseError } from '../../errors.js';
import { bool, defineCommand, defineGroup, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style, type Style } from '../format.js';
import type { Io } from '../io.js';
import { resolve } from 'node:path';

function since(text: string | undefined, now: number): number {
  if (!text) return 0;
  const m = /^(\d+)\s*(m|h|d)$/.exec(text);
  if (!m) throw new GatehouseError({ code: 'cli/usage', message: `--since expects 30m, 12h or 7d, not '${text}'` });
  return now - Number(m[1]) * { m: 60_000, h: 3600_000, d: 86400_000 }[m[2] as 'm' | 'h' | 'd'];
}

function line(e: AlertEntry, s: Style): string {
  const sev = SEVERITY_ORDER[e.severity] >= SEVERITY_ORDER.high ? s.red(e.severity) : SEVERITY_ORDER[e.severity] >= SEVERITY_ORDER.medium ? s.yellow(e.severity) : s.dim(e.severity);
  return `${s.dim(e.ts)} ${sev.padEnd(8)} ${s.bold(e.detector)}${e.block ? s.red(' (blocked)') : ''}  ${e.message}\n${s.dim(`    session ${e.session}${e.tool_use_id ? ` · ${e.tool_use_id}` : ''} · ${e.project}`)}\n`;
}

const list = defineCommand({
  meta: {
    name: 'alerts',
    summary: 'Alerts raised by the anomaly detectors',
    usage: ['alerts [--since 24h] [--session ID] [--min-severity medium] [--json] [--follow]'],
    options: {
      since: { type: 'string', value: 'AGE', description: 'Only alerts newer than this (30m, 12h, 7d)' },
      session: { type: 'string', value: 'ID', description: 'Only this session' },
      'min-severity': { type: 'string', value: 'LEVEL', description: 'info, low, medium, high or critical', default: 'info' },
      json: { type: 'boolean', description: 'One JSON object per line' },
      follow: { type: 'boolean', short: 'f', description: 'Keep printing new alerts as they come' },
    },
    positionals: false,
  },
  async run(args, io) {
    const state = stateDir(io.env);
    const min = (str(args, 'min-severity') ?? 'info') as Severity;
    if (!(min in SEVERITY_ORDER)) throw new GatehouseError({ code: 'cli/usage', message: `--min-severity is one of ${Object.keys(SEVERITY_ORDER).join(', ')}` });
    const from = since(str(args, 'since'), Date.now());
    const session = str(args, 'session');
    const s = style(io);
    const keep = (e: AlertEntry) => SEVERITY_ORDER[e.severity] >= SEVERITY_ORDER[min] && Date.parse(e.ts) >= from && (!session || e.session === session);
    const show = (entries: AlertEntry[]) => {
      for (const e of entries.filter(keep)) io.out(bool(args, 'json') ? JSON.stringify(e) + '\n' : line(e, s));
    };
    let seen = readAlerts(state);
    show(seen);
    if (!bool(args, 'follow')) {
      if (!seen.some(keep) && !bool(args, 'json')) io.out('no alerts\n');
      return EXIT.ok;
    }
    await new Promise<void>((done) => {
      const check = () => {
        const all = readAlerts(state);
        show(all.slice(seen.length));
        seen = all;
      };
      const timer = setInterval(check, 1000);
      try {
        watch(alertLog(state), check);
      } catch {
        // the log does not exist yet: polling covers it
      }
      process.once('SIGINT', () => {
        clearInterval(timer);
        done();
      });
    });
    return EXIT.ok;
  },
});

const baseline = defineCommand({
  meta: { name: 'alerts baseline', summary: 'What the first-seen detector has learned for a project', usage: ['alerts baseline [--project DIR] [--json]'], options: { project: { type: 'string', value: 'DIR', description: 'Project directory (default: current)' }, json: { type: 'boolean', description: 'Print JSON' } }, positionals: false },
  async run(args, io) {
    const b = loadBaseline(stateDir(io.env), resolve(io.cwd, str(args, 'project') ?? '.'), Date.now());
    if (bool(args, 'json')) printJson(io, b);
    else {
      io.out(`mode: ${b.mode} (set \`baseline: enforce\` in the policy to refuse what is not in it)\n`);
      for (const k of ['domains', 'remotes', 'mcpServers', 'mcpTools'] as const) io.out(`${k}: ${b[k].length ? b[k].join(', ') : '(none yet)'}\n`);
    }
    return EXIT.ok;
  },
});

const deliver = defineCommand({
  meta: { name: 'alerts deliver', summary: 'Send queued alerts to the configured webhook and command (run by the hook in the background)', usage: ['alerts deliver'], positionals: false },
  async run(_args, io: Io) {
    const r = await deliverOutbox(stateDir(io.env));
    io.out(`sent ${r.sent}, rate-limited ${r.dropped}, failed ${r.failed}\n`);
    return r.failed ? EXIT.findings : EXIT.ok;
  },
});

export default defineGroup({
  meta: { name: 'alerts', summary: 'Alerts from the anomaly detectors', usage: ['alerts [--follow] [--json] [--since 24h]', 'alerts baseline [--project DIR]'] },
  subcommands: { list, baseline, deliver },
  default: 'list',
});
