// The host side of sandbox networking: an HTTP proxy on a unix socket that the sandbox reaches
// through a relay. CONNECT tunnels and plain absolute-URI requests are allowed only to listed
// hosts; a name that resolves to a private or loopback address is refused unless that address was
// listed literally. Every refusal is recorded for the violation report.
import { lookup } from 'node:dns/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import { decideHost, isPrivateAddress, type AllowEntry } from './allowlist.js';

export interface NetDenial {
  host: string;
  port: number;
  reason: string;
  method: string;
  at: number;
}

export interface SandboxProxy {
  socketPath: string;
  denials: NetDenial[];
  allowed: { host: string; port: number }[];
  close(): Promise<void>;
}

async function resolveChecked(entry: AllowEntry, host: string): Promise<{ ok: true; address: string } | { ok: false; reason: string }> {
  if (isIP(host)) return { ok: true, address: host };
  let address: string;
  try {
    address = (await lookup(host)).address;
  } catch (e) {
    return { ok: false, reason: `cannot resolve ${host} (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (isPrivateAddress(address) && !entry.literal) return { ok: false, reason: `${host} resolves to private address ${address}` };
  return { ok: true, address };
}

function splitHostPort(s: string, def: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  return { host: m?.[1] ?? s, port: m?.[2] ? Number(m[2]) : def };
}

export function startProxy(socketPath: string, allow: readonly AllowEntry[]): Promise<SandboxProxy> {
  const denials: NetDenial[] = [];
  const allowed: { host: string; port: number }[] = [];
  const sockets = new Set<Socket>();
  const deny = (host: string, port: number, method: string, reason: string) => {
    denials.push({ host, port, method, reason, at: Date.now() });
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '');
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('gatehouse sandbox proxy: absolute URL required\n');
        return;
      }
      const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const d = decideHost(allow, host, port);
      const r = d.allow ? await resolveChecked(d.entry, host) : ({ ok: false, reason: d.reason } as const);
      if (!r.ok || url.protocol !== 'http:') {
        const reason = r.ok ? `${url.protocol} is not proxied as a plain request` : r.reason;
        deny(host, port, req.method ?? 'GET', reason);
        res.writeHead(403, { 'content-type': 'text/plain', 'x-gatehouse-denied': reason }).end(`gatehouse sandbox: blocked ${host}:${port}: ${reason}\n`);
        return;
      }
      allowed.push({ host, port });
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const up = httpRequest({ host: r.address, port, method: req.method, path: url.pathname + url.search, headers, agent: false }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', (e) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`gatehouse sandbox proxy: ${e.message}\n`);
      });
      req.pipe(up);
    })();
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    void (async () => {
      const { host, port } = splitHostPort(req.url ?? '', 443);
      const d = decideHost(allow, host, port);
      const r = d.allow ? await resolveChecked(d.entry, host) : ({ ok: false, reason: d.reason } as const);
      if (!r.ok) {
        deny(host, port, 'CONNECT', r.reason);
        client.end(`HTTP/1.1 403 Forbidden\r\nX-Gatehouse-Denied: ${r.reason.replace(/[\r\n]/g, ' ')}\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      allowed.push({ host, port });
      const up = connect(port, r.address, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) up.write(head);
        up.pipe(client);
        client.pipe(up);
      });
      sockets.add(up);
      up.on('close', () => sockets.delete(up));
      up.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    })();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      resolve({
        socketPath,
        denials,
        allowed,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
