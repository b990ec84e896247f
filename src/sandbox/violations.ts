// Reads a sandboxed command's stderr for the marks a denial leaves (bubblewrap reports nothing
// itself): EROFS on a write, ENOENT/EACCES on a hidden path, a refused user namespace, a failed
// name lookup. Pure: the caller feeds lines and the known masks.
import type { NetDenial } from './net/proxy.js';

export type ViolationKind = 'write-denied' | 'read-denied' | 'userns-denied' | 'network-denied' | 'protected-path-created';

export interface Violation {
  kind: ViolationKind;
  /** The path or host concerned, when it could be told. */
  target?: string;
  /** The stderr line (trimmed, capped) or the proxy's reason. */
  detail: string;
}

export interface ScanContext {
  hidden: readonly string[];
}

const PATH_IN_LINE = /'(\/[^']+)'|"(\/[^"]+)"|(?:^|\s|:)(\/[^\s:'"]+)/g;

function pathsIn(line: string): string[] {
  // Drop the reporting program's own name (`/bin/sh: 1: cannot create …`).
  const body = line.replace(/^\s*\/\S+?:\s(?:\d+:\s)?/, '');
  const out: string[] = [];
  for (const m of body.matchAll(PATH_IN_LINE)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

function under(parent: string, p: string): boolean {
  return p === parent || p.startsWith(parent + '/');
}

export function scanLine(line: string, ctx: ScanContext): Violation | undefined {
  const detail = line.trim().slice(0, 300);
  if (!detail) return undefined;
  if (/read-only file system|EROFS|\[Errno 30\]/i.test(line)) {
    return { kind: 'write-denied', target: pathsIn(line)[0], detail };
  }
  if (/unshare.*(failed|Operation not permitted|No space left)|CLONE_NEWUSER|user namespace/i.test(line)) {
    return { kind: 'userns-denied', detail };
  }
  if (/No such file or directory|ENOENT|Permission denied|EACCES|Not a directory/i.test(line)) {
    const hit = pathsIn(line).find((p) => ctx.hidden.some((h) => under(h, p)));
    if (hit) return { kind: 'read-denied', target: hit, detail };
  }
  if (/Could not resolve host|Temporary failure in name resolution|EAI_AGAIN|ENOTFOUND|getaddrinfo|Network is unreachable|ENETUNREACH/i.test(line)) {
    return { kind: 'network-denied', detail };
  }
  return undefined;
}

/** Line-buffers a stream of stderr chunks. */
export class StderrScanner {
  private buf = '';
  readonly found: Violation[] = [];
  constructor(private readonly ctx: ScanContext, private readonly max = 200) {}
  push(chunk: string): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      this.line(this.buf.slice(0, i));
      this.buf = this.buf.slice(i + 1);
    }
    if (this.buf.length > 64 * 1024) this.buf = this.buf.slice(-4096);
  }
  end(): void {
    if (this.buf) this.line(this.buf);
    this.buf = '';
  }
  private line(l: string): void {
    if (this.found.length >= this.max) return;
    const v = scanLine(l, this.ctx);
    if (v) this.found.push(v);
  }
}

export function proxyViolations(denials: readonly NetDenial[]): Violation[] {
  return denials.map((d) => ({ kind: 'network-denied' as const, target: `${d.host}:${d.port}`, detail: `${d.method} ${d.host}:${d.port}: ${d.reason}` }));
}

/** One line per kind and target: `write-denied ×3: /etc/hosts, …`. */
export function summarize(vs: readonly Violation[]): string[] {
  const byKind = new Map<ViolationKind, { n: number; targets: Set<string> }>();
  for (const v of vs) {
    const e = byKind.get(v.kind) ?? { n: 0, targets: new Set<string>() };
    e.n++;
    if (v.target) e.targets.add(v.target);
    byKind.set(v.kind, e);
  }
  const label: Record<ViolationKind, string> = {
    'write-denied': 'write refused (read-only)',
    'read-denied': 'read of a hidden path',
    'userns-denied': 'user namespace refused',
    'network-denied': 'network refused',
    'protected-path-created': 'protected path created',
  };
  return [...byKind].map(([k, e]) => {
    const t = [...e.targets];
    const list = t.length ? `: ${t.slice(0, 5).join(', ')}${t.length > 5 ? `, … (${t.length - 5} more)` : ''}` : '';
    return `${label[k]} ×${e.n}${list}`;
  });
}
