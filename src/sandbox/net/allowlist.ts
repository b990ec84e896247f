// Which hosts a sandboxed command may reach through the proxy. Pure. An entry is `host`,
// `*.domain` (subdomains only), `host:port`, or an IP literal; an empty list allows nothing.
import { isIP } from 'node:net';
import { GatehouseError } from '../../errors.js';

export interface AllowEntry {
  host: string;
  wildcard: boolean;
  port?: number;
  /** Explicit IP literal or `localhost`: private/loopback addresses are then acceptable. */
  literal: boolean;
}

export function parseAllowEntry(raw: string): AllowEntry {
  let s = raw.trim().toLowerCase();
  if (!s) throw new GatehouseError({ code: 'sandbox/bad-host', message: 'empty host in --allow-net' });
  s = s.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  let port: number | undefined;
  const m = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new GatehouseError({ code: 'sandbox/bad-host', message: `not a host name: ${raw}` });
  let host = m[1]!;
  if (m[2]) {
    port = Number(m[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new GatehouseError({ code: 'sandbox/bad-host', message: `bad port in ${raw}` });
  }
  const wildcard = host.startsWith('*.');
  if (wildcard) host = host.slice(2);
  if (host === '*' || host === '' || (wildcard && !host.includes('.'))) {
    throw new GatehouseError({
      code: 'sandbox/broad-host',
      message: `'${raw}' allows too much`,
      hint: 'name each host (or *.example.com); a wildcard over a top-level domain or everything defeats the allowlist',
    });
  }
  if (!isIP(host) && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) {
    throw new GatehouseError({ code: 'sandbox/bad-host', message: `not a host name: ${raw}` });
  }
  const e: AllowEntry = { host, wildcard, literal: isIP(host) !== 0 || host === 'localhost' };
  if (port !== undefined) e.port = port;
  return e;
}

export function hostMatches(entry: AllowEntry, host: string, port: number): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (entry.port !== undefined && entry.port !== port) return false;
  return entry.wildcard ? h.endsWith('.' + entry.host) : h === entry.host;
}

/** Loopback, private, link-local, CGNAT, metadata and unspecified addresses. */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  const v = ip.toLowerCase();
  if (v.startsWith('::ffff:')) return isPrivateAddress(v.slice(7));
  return v === '::' || v === '::1' || v.startsWith('fc') || v.startsWith('fd') || v.startsWith('fe80') || v.startsWith('ff');
}

export type NetDecision = { allow: true; entry: AllowEntry } | { allow: false; reason: string };

/** The decision before resolution; the proxy re-checks the resolved address for name entries. */
export function decideHost(list: readonly AllowEntry[], host: string, port: number): NetDecision {
  const entry = list.find((e) => hostMatches(e, host, port));
  if (!entry) return { allow: false, reason: `${host}:${port} is not in the allowlist` };
  return { allow: true, entry };
}
