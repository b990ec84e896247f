// OTLP logs to a loopback collector (a small node:http server), JSON and protobuf, including an
// outage that the spool (the log plus a cursor) makes up afterwards.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { appendRecord } from '../../src/audit/append.js';
import { cli, record, tempState } from './helpers.js';

interface Received {
  path: string;
  type: string;
  body: Buffer;
}

function collector(port = 0): Promise<{ server: Server; port: number; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      const json = (req.headers['content-type'] ?? '').includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : Buffer.alloc(0));
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, got })));
}

const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));

interface OtlpJson {
  resourceLogs: { resource: { attributes: { key: string; value: Record<string, unknown> }[] }; scopeLogs: { logRecords: { body: { stringValue: string }; attributes: { key: string; value: Record<string, unknown> }[] }[] }[] }[];
}
const records = (bodies: Buffer[]) =>
  bodies.flatMap((b) => (JSON.parse(b.toString()) as OtlpJson).resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)));
const attr = (r: { attributes: { key: string; value: Record<string, unknown> }[] }, k: string) => {
  const v = r.attributes.find((a) => a.key === k)?.value;
  return v ? (Object.values(v)[0] as unknown) : undefined;
};

function seed(n: number) {
  const t = tempState();
  const o = { ...t.o, checkpointEvery: 10 };
  for (let i = 1; i <= n; i++) {
    appendRecord(record({ session_id: 'sess-otlp', prompt_id: 'prompt-1', tool_use_id: `toolu_otlp_${i}`, verdict: i % 5 === 0 ? 'deny' : 'none', decision: i % 5 === 0 ? 'reject' : 'accept', rules: i % 5 === 0 ? ['secrets/env-file'] : [] }), { env: t.env, options: o });
  }
  return t;
}

describe('audit ship', () => {
  it('sends OTLP/JSON with attributes that join with Claude Code events, then only what is new', async () => {
    const t = seed(25);
    const c = await collector();
    try {
      const r = await cli(['audit', 'ship', '--otlp', `http://127.0.0.1:${c.port}`, '--protocol', 'http/json', '--json'], { env: t.env });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ sent: 25, checkpoints: 3, pending: false });
      expect(c.got.every((g) => g.path === '/v1/logs' && g.type.includes('application/json'))).toBe(true);
      const recs = records(c.got.map((g) => g.body));
      const decisions = recs.filter((x) => x.body.stringValue === 'gatehouse.decision');
      expect(decisions).toHaveLength(25);
      const denied = decisions.find((x) => attr(x, 'tool_use_id') === 'toolu_otlp_5')!;
      expect(attr(denied, 'session.id')).toBe('sess-otlp');
      expect(attr(denied, 'prompt.id')).toBe('prompt-1');
      expect(attr(denied, 'decision')).toBe('reject');
      expect(attr(denied, 'source')).toBe('hook');
      expect(attr(denied, 'event.name')).toBe('gatehouse.decision');
      expect(JSON.parse(attr(denied, 'gatehouse.entry') as string)).toMatchObject({ seq: 5, tool_use_id: 'toolu_otlp_5' });
      expect(recs.filter((x) => x.body.stringValue === 'gatehouse.checkpoint').map((x) => Number(attr(x, 'gatehouse.seq')))).toEqual([1, 10, 20]);
      // Nothing new: nothing sent. Then two more entries: exactly those.
      c.got.length = 0;
      expect(JSON.parse((await cli(['audit', 'ship', '--otlp', `http://127.0.0.1:${c.port}`, '--protocol', 'http/json', '--json'], { env: t.env })).stdout)).toMatchObject({ sent: 0 });
      appendRecord(record({ tool_use_id: 'toolu_late_1' }), { env: t.env, options: t.o });
      appendRecord(record({ tool_use_id: 'toolu_late_2' }), { env: t.env, options: t.o });
      await cli(['audit', 'ship', '--otlp', `http://127.0.0.1:${c.port}`, '--protocol', 'http/json'], { env: t.env });
      expect(records(c.got.map((g) => g.body)).map((x) => attr(x, 'tool_use_id'))).toEqual(['toolu_late_1', 'toolu_late_2']);
    } finally {
      await close(c.server);
    }
  });

  it('sends OTLP/protobuf', async () => {
    const t = seed(3);
    const c = await collector();
    try {
      const r = await cli(['audit', 'ship', '--otlp', `http://127.0.0.1:${c.port}/v1/logs`], { env: t.env });
      expect(r.code).toBe(0);
      expect(c.got[0]!.type).toBe('application/x-protobuf');
      const bytes = Buffer.concat(c.got.map((g) => g.body)).toString('latin1');
      for (const id of ['toolu_otlp_1', 'toolu_otlp_2', 'toolu_otlp_3', 'session.id', 'sess-otlp', 'prompt.id']) expect(bytes).toContain(id);
    } finally {
      await close(c.server);
    }
  });

  it('loses nothing while the collector is down: exit 4, then the spool is made up', async () => {
    const t = seed(30);
    const probe = await collector();
    const port = probe.port;
    await close(probe.server); // nothing listens on this port now
    const env = { ...t.env, GATEHOUSE_SHIP_BACKOFF_MS: '5' };
    const down = await cli(['audit', 'ship', '--otlp', `http://127.0.0.1:${port}`, '--protocol', 'http/json', '--retries', '2', '--timeout', '1', '--json'], { env });
    expect(down.code).toBe(4);
    expect(JSON.parse(down.stdout)).toMatchObject({ sent: 0, pending: true });
    expect(down.stderr).toMatch(/retrying in/);
    // More entries arrive during the outage.
    for (let i = 0; i < 5; i++) appendRecord(record({ tool_use_id: `toolu_during_${i}` }), { env: t.env, options: t.o });
    const c = await collector(port);
    try {
      const up = await cli(['audit', 'ship', '--otlp', `http://127.0.0.1:${port}`, '--protocol', 'http/json', '--json'], { env });
      expect(up.code).toBe(0);
      const seqs = records(c.got.map((g) => g.body))
        .filter((x) => x.body.stringValue === 'gatehouse.decision')
        .map((x) => Number(attr(x, 'gatehouse.seq')));
      expect(seqs).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    } finally {
      await close(c.server);
    }
  });

  it('refuses a URL that is not http(s)', async () => {
    const t = seed(1);
    const r = await cli(['audit', 'ship', '--otlp', 'file:///etc/passwd'], { env: t.env });
    expect(r.code).toBe(2);
  });
});

describe('audit export', () => {
  it('writes JSONL identical to the stored entries, CEF, and OTLP/JSON', async () => {
    const t = seed(6);
    const jsonl = await cli(['audit', 'export', '--format', 'jsonl'], { env: t.env });
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(jsonl.stdout).toBe(readFileSync(join(t.o.dir, 'current.jsonl'), 'utf8'));
    const cef = (await cli(['audit', 'export', '--format', 'cef'], { env: t.env })).stdout.trimEnd().split('\n');
    expect(cef).toHaveLength(6);
    expect(cef[4]).toMatch(/^CEF:0\|gatehouse\|gatehouse\|[^|]+\|secrets\/env-file\|PreToolUse Bash deny\|7\|rt=\d+ /);
    expect(cef[4]).toMatch(/ cs1Label=sessionId cs1=sess-otlp /);
    expect(cef[4]).toMatch(/ cs2Label=toolUseId cs2=toolu_otlp_5 /);
    const otlp = (await cli(['audit', 'export', '--format', 'otlp-json'], { env: t.env })).stdout.trimEnd().split('\n');
    expect(records(otlp.map((l) => Buffer.from(l)))).toHaveLength(6);
    expect((await cli(['audit', 'export', '--format', 'xml'], { env: t.env })).code).toBe(2);
  });

  it('escapes CEF separators in values', async () => {
    const t = tempState();
    appendRecord(record({ input: { command: 'echo a|b=c\\d\nnext' } }), { env: t.env, options: t.o });
    const line = (await cli(['audit', 'export', '--format', 'cef'], { env: t.env })).stdout;
    expect(line).toContain('msg=echo a|b\\=c\\\\d\\nnext');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('audit export errors', () => {
  it('says clearly when the output file cannot be written (exit 3)', async () => {
    const t = seed(1);
    const r = await cli(['audit', 'export', '--out', '/nonexistent-dir/x.jsonl'], { env: t.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/audit\/cannot-write cannot write the export \(ENOENT\)/);
  });
});
