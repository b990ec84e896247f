// A scripted stand-in for the Anthropic Messages API, good enough for the real Claude Code CLI in
// `-p` mode: loopback only, SSE streaming, and a log of every request. The end-to-end tests and the
// demo hand it a script, a list of assistant turns; the turn played is chosen by how many assistant
// messages the request already carries, so the fake is stateless per request and a retry replays
// the same turn.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export type Turn =
  /** The model calls a tool (the name must be in the request's `tools`, else the turn becomes text). */
  | { tool: string; input: Record<string, unknown>; text?: string }
  /** The model answers with text and ends its turn. */
  | { text: string };

export interface ToolResultSeen {
  tool_use_id: string;
  is_error: boolean;
  /** The content as text (text blocks joined). */
  content: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** Index of the turn played, for /v1/messages. */
  turn?: number;
  /** Tool results the request carried in its last user message. */
  toolResults?: ToolResultSeen[];
  tools?: string[];
}

export interface FakeAnthropic {
  url: string;
  port: number;
  requests: LoggedRequest[];
  /** The tool_use id given to each scripted tool turn, by turn index. */
  issued: Map<number, string>;
  /** Every tool_result the model was shown, in order. */
  toolResults: ToolResultSeen[];
  close(): Promise<void>;
}

interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  is_error?: boolean;
  content?: unknown;
}
interface Message {
  role: string;
  content: string | Block[];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((b: Block) => (b && b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
  }
  return '';
}

/** The conversation as the model sees it: Claude Code appends `role: "system"` notes; skip them. */
function conversation(body: { messages?: Message[] }): Message[] {
  return (body.messages ?? []).filter((m) => m.role === 'user' || m.role === 'assistant');
}

function toolResultsIn(msg: Message | undefined): ToolResultSeen[] {
  if (!msg || !Array.isArray(msg.content)) return [];
  return msg.content
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({ tool_use_id: String(b.tool_use_id), is_error: b.is_error === true, content: textOf(b.content) }));
}

let ids = 0;
const nextId = (prefix: string) => `${prefix}_fake${process.pid}${(++ids).toString().padStart(6, '0')}`;

function reply(script: readonly Turn[], body: { messages?: Message[]; tools?: { name: string }[] }, issued: Map<number, string>): { turn: number; content: Block[]; stop: string } {
  const conv = conversation(body);
  const turn = conv.filter((m) => m.role === 'assistant').length;
  const t = script[turn];
  const tools = new Set((body.tools ?? []).map((x) => x.name));
  if (!t) return { turn, content: [{ type: 'text', text: 'Done.' }], stop: 'end_turn' };
  if ('tool' in t) {
    if (!tools.has(t.tool)) {
      return { turn, content: [{ type: 'text', text: `fake: tool ${t.tool} is not offered (${[...tools].join(',')})` }], stop: 'end_turn' };
    }
    // A retried request replays the same turn with the same id.
    let id = issued.get(turn);
    if (!id) issued.set(turn, (id = nextId('toolu')));
    return {
      turn,
      content: [
        { type: 'text', text: t.text ?? `Calling ${t.tool}.` },
        { type: 'tool_use', id, name: t.tool, input: t.input },
      ],
      stop: 'tool_use',
    };
  }
  return { turn, content: [{ type: 'text', text: t.text }], stop: 'end_turn' };
}

function sse(res: ServerResponse, model: string, content: Block[], stop: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': nextId('req') });
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', {
    message: {
      id: nextId('msg'),
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  content.forEach((b, index) => {
    if (b.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: b.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } });
  send('message_stop', {});
  res.end();
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': nextId('req') });
  res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface FakeOptions {
  script: readonly Turn[];
  /** Runs once before each turn is first served (the demo acts as a person between agent turns). */
  beforeTurn?: (turn: number, sessionId: string | undefined) => Promise<void> | void;
  /** Append each request (method, path, turn, tool results) as a JSON line here. */
  logFile?: string;
}

export async function startFakeAnthropic(opts: FakeOptions): Promise<FakeAnthropic> {
  const requests: LoggedRequest[] = [];
  const toolResults: ToolResultSeen[] = [];
  const issued = new Map<number, string>();
  const prepared = new Set<number>();
  const log = (r: LoggedRequest) => {
    requests.push(r);
    if (opts.logFile) appendFileSync(opts.logFile, JSON.stringify(r) + '\n');
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const raw = await readBody(req);
      if (req.method === 'POST' && path === '/v1/messages') {
        let body: { model?: string; stream?: boolean; messages?: Message[]; tools?: { name: string }[] };
        try {
          body = JSON.parse(raw) as typeof body;
        } catch {
          log({ method: 'POST', path });
          return json(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'bad JSON' } });
        }
        const conv = conversation(body);
        const seen = toolResultsIn(conv[conv.length - 1]);
        toolResults.push(...seen);
        const upcoming = conv.filter((m) => m.role === 'assistant').length;
        if (opts.beforeTurn && !prepared.has(upcoming)) {
          prepared.add(upcoming);
          const session = req.headers['x-claude-code-session-id'];
          await opts.beforeTurn(upcoming, typeof session === 'string' ? session : undefined);
        }
        const { turn, content, stop } = reply(opts.script, body, issued);
        log({ method: 'POST', path, turn, toolResults: seen, tools: (body.tools ?? []).map((t) => t.name) });
        const model = body.model ?? 'claude-fake';
        if (body.stream) return sse(res, model, content, stop);
        return json(res, 200, {
          id: nextId('msg'),
          type: 'message',
          role: 'assistant',
          model,
          content,
          stop_reason: stop,
          stop_sequence: null,
          usage: { input_tokens: 100, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        });
      }
      log({ method: req.method ?? '?', path });
      if (req.method === 'POST' && path === '/v1/messages/count_tokens') return json(res, 200, { input_tokens: 100 });
      if (req.method === 'POST' && /^\/v1\/(logs|metrics|traces)$/.test(path)) return json(res, 200, {});
      return json(res, 404, { type: 'error', error: { type: 'not_found_error', message: `fake: no route ${req.method} ${path}` } });
    })().catch((e: unknown) => {
      try {
        json(res, 500, { type: 'error', error: { type: 'api_error', message: String(e) } });
      } catch {
        // the response is already gone
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    issued,
    toolResults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
