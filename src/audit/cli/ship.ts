import { bool, defineCommand, list, str } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { printJson } from '../../cli/format.js';
import { GatehouseError } from '../../errors.js';
import { shipOnce, type OtlpProtocol } from '../ship.js';
import { DIR_OPTION, JSON_OPTION, logOptions } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit ship',
    summary: 'Send the log to an OpenTelemetry Collector (OTLP logs over HTTP), resuming where it stopped',
    usage: ['audit ship --otlp URL [--protocol http/protobuf|http/json] [--header K=V]… [--follow]'],
    description:
      'Sends every entry and signed checkpoint not yet acknowledged by this collector. The log is the\n' +
      'spool: a cursor per destination moves only after the collector accepted a batch, so nothing is\n' +
      'lost while it is down. Failed batches are retried with exponential backoff; without --follow the\n' +
      'command then exits 4 and the next run resumes. Attributes join with Claude Code telemetry:\n' +
      'session.id, prompt.id, tool_use_id, decision, source.',
    options: {
      otlp: { type: 'string', value: 'URL', description: 'Collector URL (http://host:4318 or the full …/v1/logs endpoint)' },
      protocol: { type: 'string', value: 'P', description: 'http/protobuf or http/json', default: 'http/protobuf' },
      header: { type: 'string', multiple: true, value: 'K=V', description: 'HTTP header to send (repeatable), e.g. an auth token' },
      follow: { type: 'boolean', short: 'f', description: 'Keep running: ship new entries as they are written' },
      interval: { type: 'string', value: 'SECONDS', description: 'With --follow: how often to look for new entries', default: '5' },
      retries: { type: 'string', value: 'N', description: 'Attempts per batch before giving up this run', default: '5' },
      timeout: { type: 'string', value: 'SECONDS', description: 'Per attempt, including the exporter’s own quick retries', default: '10' },
      ...DIR_OPTION,
      ...JSON_OPTION,
    },
    examples: ['gatehouse audit ship --otlp http://otel-collector:4318', 'gatehouse audit ship --otlp https://otlp.example.com/v1/logs --header "authorization=Bearer $TOKEN" --follow'],
    notes: ['Exit 0 when everything was acknowledged, 4 when the collector stayed unreachable (the rest waits in the log).'],
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const url = str(p, 'otlp');
    if (!url) throw new GatehouseError({ code: 'cli/missing-option', message: '--otlp URL is required', hint: 'e.g. --otlp http://localhost:4318' });
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new GatehouseError({ code: 'cli/bad-value', message: `--otlp '${url}' is not an http(s) URL` });
    }
    const protocol = str(p, 'protocol') as OtlpProtocol;
    if (protocol !== 'http/protobuf' && protocol !== 'http/json') throw new GatehouseError({ code: 'cli/bad-value', message: '--protocol must be http/protobuf or http/json' });
    const headers: Record<string, string> = {};
    for (const h of list(p, 'header')) {
      const i = h.indexOf('=');
      if (i <= 0) throw new GatehouseError({ code: 'cli/bad-value', message: `--header '${h.split('=')[0]}' must look like name=value` });
      headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    const retries = Number(str(p, 'retries'));
    const interval = Number(str(p, 'interval'));
    const timeout = Number(str(p, 'timeout'));
    if (!Number.isInteger(retries) || retries < 0 || !(interval > 0) || !(timeout > 0)) throw new GatehouseError({ code: 'cli/bad-value', message: '--retries, --interval and --timeout must be positive numbers' });
    const opts = { dir: o.dir, url, protocol, headers, retries, timeoutMs: timeout * 1000, log: (t: string) => io.err(t), baseDelayMs: Number(io.env.GATEHOUSE_SHIP_BACKOFF_MS ?? 500) };
    const json = bool(p, 'json');
    for (;;) {
      const r = await shipOnce(opts);
      if (json) printJson(io, { sent: r.sent, checkpoints: r.checkpoints, pending: r.pending, error: r.error, shipped_total: r.state.shipped, last_seq: r.state.lastSeq });
      else if (r.sent || r.checkpoints || r.pending) {
        io.err(`shipped ${r.sent} entries and ${r.checkpoints} checkpoints (last seq ${r.state.lastSeq ?? '-'})${r.pending ? `; collector unavailable: ${r.error}; the rest waits in the log` : ''}\n`);
      }
      if (!bool(p, 'follow')) return r.pending ? EXIT.unavailable : EXIT.ok;
      await new Promise((res) => setTimeout(res, interval * 1000));
    }
  },
});
