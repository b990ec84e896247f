// Shipping to an OpenTelemetry Collector over OTLP/HTTP. The log itself is the spool: a cursor per
// destination (in the audit directory) moves only after the collector acknowledged a batch, so a
// collector outage loses nothing — the next run (or the next retry of a follower) sends what is
// still after the cursor. Signed checkpoints are shipped too, anchoring the chain off this machine.
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './chain.js';
import { readCheckpoints } from './checkpoint.js';
import { LAYOUT } from './options.js';
import { checkpointRecord, gatehouseResource, toLogRecord } from './otlp.js';
import { readEntries, type Cursor } from './read.js';

export type OtlpProtocol = 'http/json' | 'http/protobuf';

export interface ShipOptions {
  dir: string;
  url: string;
  protocol: OtlpProtocol;
  headers?: Record<string, string>;
  batch?: number;
  /** Attempts per batch before giving up this run (the cursor stays put). */
  retries?: number;
  /** First backoff delay; doubles each attempt, with jitter, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  log?: (text: string) => void;
}

export interface ShipState extends Partial<Cursor> {
  url: string;
  /** Entries and checkpoints acknowledged so far. */
  shipped: number;
  checkpoints: number;
  lastSeq?: number;
}

export interface ShipResult {
  sent: number;
  checkpoints: number;
  /** The collector could not be reached (or refused) after all retries; the rest waits in the spool. */
  pending: boolean;
  error?: string;
  state: ShipState;
}

/** Where the OTLP logs endpoint is: a bare collector URL gets `/v1/logs`. */
export function logsEndpoint(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v1/logs';
  return u.toString();
}

export function cursorFile(dir: string, url: string): string {
  return join(dir, `${LAYOUT.shipCursor.replace('.json', '')}-${sha256Hex(logsEndpoint(url)).slice(0, 12)}.json`);
}

function loadState(file: string, url: string): ShipState {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ShipState;
  } catch {
    return { url, shipped: 0, checkpoints: 0 };
  }
}

function saveState(file: string, s: ShipState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

interface Exporter {
  export(items: ReadableLogRecord[], cb: (r: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
}

async function makeExporter(o: ShipOptions): Promise<Exporter> {
  const config = { url: logsEndpoint(o.url), headers: o.headers ?? {}, timeoutMillis: o.timeoutMs ?? 10_000 };
  if (o.protocol === 'http/json') {
    const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
    return new OTLPLogExporter(config);
  }
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-proto');
  return new OTLPLogExporter(config);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendWithRetry(exp: Exporter, items: ReadableLogRecord[], o: ShipOptions): Promise<string | undefined> {
  const retries = o.retries ?? 5;
  let delay = o.baseDelayMs ?? 500;
  let last = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    const r = await new Promise<{ code: number; error?: Error }>((resolve) => exp.export(items, resolve));
    if (r.code === 0) return undefined; // ExportResultCode.SUCCESS
    last = r.error?.message ?? 'export failed';
    if (attempt === retries) break;
    o.log?.(`collector unavailable (${last}); retrying in ${Math.round(delay)} ms\n`);
    await sleep(delay * (0.75 + Math.random() / 2));
    delay = Math.min(delay * 2, o.maxDelayMs ?? 30_000);
  }
  return last;
}

/** Sends everything after the destination's cursor, batch by batch. */
export async function shipOnce(o: ShipOptions): Promise<ShipResult> {
  const file = cursorFile(o.dir, o.url);
  const state = loadState(file, o.url);
  const resource = gatehouseResource();
  const exp = await makeExporter(o);
  const batchSize = o.batch ?? 512;
  let sent = 0;
  let cps = 0;
  try {
    // Batch by batch straight from the log, so memory stays flat however far behind the cursor is.
    for (;;) {
      const items: ReadableLogRecord[] = [];
      let end: Cursor | undefined;
      let lastSeq: number | undefined;
      const start = state.seg !== undefined && state.offset !== undefined ? { seg: state.seg, offset: state.offset } : undefined;
      readEntries(
        o.dir,
        (x) => {
          end = { seg: x.seg, offset: x.next };
          if (state.lastSeq !== undefined && x.entry.seq <= state.lastSeq) return; // already acknowledged
          items.push(toLogRecord(x.entry, resource));
          lastSeq = x.entry.seq;
          if (items.length >= batchSize) return false;
        },
        start,
      );
      if (items.length === 0) {
        if (end) Object.assign(state, end);
        break;
      }
      const err = await sendWithRetry(exp, items, o);
      if (err) return { sent, checkpoints: cps, pending: true, error: err, state };
      sent += items.length;
      state.shipped += items.length;
      state.lastSeq = lastSeq;
      Object.assign(state, end);
      saveState(file, state);
    }
    const all = readCheckpoints(join(o.dir, LAYOUT.checkpoints)).filter((c) => c.cp);
    const fresh = all.slice(state.checkpoints).map((c) => checkpointRecord(c.cp!, resource));
    if (fresh.length) {
      const err = await sendWithRetry(exp, fresh, o);
      if (err) return { sent, checkpoints: cps, pending: true, error: err, state };
      cps = fresh.length;
      state.checkpoints = all.length;
      saveState(file, state);
    }
    return { sent, checkpoints: cps, pending: false, state };
  } finally {
    await exp.shutdown().catch(() => undefined);
  }
}
