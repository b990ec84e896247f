import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand, str } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { GatehouseError } from '../../errors.js';
import { readEntries } from '../read.js';
import type { AuditEntry } from '../record.js';
import { DIR_OPTION, parseSince } from './common.js';

const FORMATS = ['jsonl', 'cef', 'otlp-json'] as const;

export default defineCommand({
  meta: {
    name: 'audit export',
    summary: 'Write the log as JSONL (verifiable), CEF or OTLP/JSON for a SIEM',
    usage: ['audit export --format jsonl|cef|otlp-json [--since WHEN] [--until WHEN] [--session ID] [--out FILE]'],
    description:
      'jsonl: the stored entries, unchanged (hashes and links intact). cef: one ArcSight CEF line per\n' +
      'entry. otlp-json: the OTLP/JSON file format, one ExportLogsServiceRequest per line, with the\n' +
      'attributes `audit ship` sends (session.id, prompt.id, tool_use_id, decision, source…).',
    options: {
      format: { type: 'string', value: 'FORMAT', description: 'jsonl, cef or otlp-json', default: 'jsonl' },
      since: { type: 'string', value: 'WHEN', description: 'From this time: 30d, 12h or an ISO date' },
      until: { type: 'string', value: 'WHEN', description: 'Before this time' },
      session: { type: 'string', value: 'ID', description: 'Only this session_id' },
      out: { type: 'string', value: 'FILE', description: 'Write here instead of stdout' },
      ...DIR_OPTION,
    },
    examples: ['gatehouse audit export --format cef --since 1d --out audit.cef', 'gatehouse audit export --format otlp-json > logs.otlp.jsonl'],
    positionals: false,
  },
  async run(p, io) {
    const { logOptions } = await import('./common.js');
    const o = logOptions(p, io);
    const format = str(p, 'format') as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new GatehouseError({ code: 'cli/bad-value', message: `--format must be one of ${FORMATS.join(', ')}` });
    const since = str(p, 'since') ? parseSince(str(p, 'since')!) : undefined;
    const until = str(p, 'until') ? parseSince(str(p, 'until')!) : undefined;
    const session = str(p, 'session');
    const outFile = str(p, 'out');
    let fd: number | undefined;
    if (outFile) {
      try {
        fd = openSync(resolve(io.cwd, outFile), 'w', 0o600);
      } catch (e) {
        throw new GatehouseError({ code: 'audit/cannot-write', message: `cannot write the export (${(e as NodeJS.ErrnoException).code ?? 'error'})`, file: outFile });
      }
    }
    const write = (text: string) => (fd === undefined ? io.out(text) : void writeSync(fd, text));
    const keep = (e: AuditEntry) => {
      const t = Date.parse(e.ts);
      if (since !== undefined && t < since) return false;
      if (until !== undefined && t >= until) return false;
      if (session && (e.kind !== 'decision' || e.session_id !== session)) return false;
      return true;
    };
    try {
      if (format === 'otlp-json') {
        const { gatehouseResource, otlpJsonLine, toLogRecord } = await import('../otlp.js');
        const resource = gatehouseResource();
        let batch: ReturnType<typeof toLogRecord>[] = [];
        readEntries(o.dir, ({ entry }) => {
          if (!keep(entry)) return;
          batch.push(toLogRecord(entry, resource));
          if (batch.length >= 512) {
            write(otlpJsonLine(batch));
            batch = [];
          }
        });
        if (batch.length) write(otlpJsonLine(batch));
      } else {
        const toCef = format === 'cef' ? (await import('../cef.js')).toCef : undefined;
        const { canonicalize } = await import('../jcs.js');
        readEntries(o.dir, ({ entry }) => {
          if (keep(entry)) write(toCef ? toCef(entry) : canonicalize(entry) + '\n');
        });
      }
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return EXIT.ok;
  },
});
