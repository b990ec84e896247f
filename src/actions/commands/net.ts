// Network commands: which host, which direction, and which local data goes out (`-d @file`,
// `-T file`, `scp file host:`, or whatever is piped in).
import type { Action, NetworkAction } from '../types.js';
import { hasAny, parseOptions, pathOf, type CommandHandler, type CommandView } from './view.js';

export function hostOfUrl(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  if (m) return m[1]!.toLowerCase();
  // curl accepts bare host[:port]/path
  const b = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+|localhost|\d+\.\d+\.\d+\.\d+)(?::\d+)?(?:\/|$)/i.exec(url);
  return b ? b[1]!.toLowerCase() : null;
}

function net(v: CommandView, direction: NetworkAction['direction'], url: string | null, extra: Partial<NetworkAction> = {}): NetworkAction {
  const a: NetworkAction = { kind: 'network', host: url ? hostOfUrl(url) ?? (url.includes('*') ? null : url.toLowerCase()) : null, direction, via: v.via, ...extra };
  if (url && /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) a.url = url;
  const piped = v.cmd.stdin?.kind === 'pipe' ? ['<pipe>'] : v.cmd.stdin?.kind === 'file' ? [v.cmd.stdin.path.value ?? '<file>'] : [];
  if (piped.length) a.stdinSources = piped;
  return a;
}

const VAR_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const SECRET_PART = /^(KEY|SECRET|TOKEN|PASSWORD|PASSWD|PASS|PWD|CREDENTIALS?|PAT|AUTH|APIKEY|PRIVATE)$|(KEY|SECRET|TOKEN|PASSWORD)$/i;

/** Environment variables named like credentials (`$AWS_SECRET_ACCESS_KEY`, `${GITHUB_TOKEN}`). */
export function isSecretVarName(name: string): boolean {
  return name !== 'PWD' && name.split('_').some((part) => SECRET_PART.test(part));
}

/** Credential-named variables a request sends as data or in its URL (`-d "$TOKEN"`,
 * `https://x/?k=$API_KEY`) — not in headers, where authenticating with a key is its normal use. */
function secretVarsSent(v: CommandView, dataOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  v.words.forEach((w, i) => {
    if (w.value !== null && !w.dynamic) return;
    const prev = v.args[i - 1] ?? '';
    const eq = /^(--?[A-Za-z][\w-]*)=/.exec(w.raw)?.[1];
    const asData = dataOptions.has(prev) || (eq !== undefined && dataOptions.has(eq));
    const asUrl = !prev.startsWith('-') && /^["']?[a-z][a-z0-9+.-]*:\/\//i.test(w.raw);
    if (!asData && !asUrl) return;
    for (const m of w.raw.matchAll(VAR_REF)) if (isSecretVarName(m[1]!)) out.push('$' + m[1]!);
  });
  return out;
}

const CURL_DATA = new Set(['-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--data-ascii', '--json', '-F', '--form', '--form-string']);

const curl: CommandHandler = (v) => {
  const withValue = ['-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--data-ascii', '-F', '--form', '--form-string', '-T', '--upload-file', '-o', '--output', '-H', '--header', '-X', '--request', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-K', '--config', '--url', '-x', '--proxy', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-E', '--cert', '--key', '--cacert', '-r', '--range', '--retry', '--resolve', '--json', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr', '-z', '--time-cond', '--limit-rate', '-Y', '-y', '--max-filesize', '-Q', '--quote', '--interface', '--dns-servers', '--doh-url', '--unix-socket', '--abstract-unix-socket', '-P', '--ftp-port', '--oauth2-bearer', '--netrc-file', '--variable', '--expand-url'];
  const o = parseOptions(v.args, { withValue });
  const urls = [...o.positionals, ...(o.values.get('--url') ?? [])];
  const sends: string[] = [];
  const out: Action[] = [];
  for (const key of ['-d', '--data', '--data-binary', '--data-urlencode', '--data-ascii', '--json']) {
    for (const val of o.values.get(key) ?? []) {
      const at = val.indexOf('@');
      // `@file` (and `name@file` for --data-urlencode) sends a file; `@-` sends stdin.
      if (at === 0 || (key === '--data-urlencode' && at > 0 && !val.slice(0, at).includes('='))) {
        const f = val.slice(at + 1);
        sends.push(f === '-' ? '<stdin>' : f);
        if (f !== '-') out.push(pathOf(v, 'read', f));
      } else sends.push('<inline data>');
    }
  }
  for (const key of ['-F', '--form']) {
    for (const val of o.values.get(key) ?? []) {
      const m = /=[@<](.+?)(;|$)/.exec(val);
      if (m) {
        sends.push(m[1] === '-' ? '<stdin>' : m[1]!);
        if (m[1] !== '-') out.push(pathOf(v, 'read', m[1]!));
      } else sends.push('<inline data>');
    }
  }
  for (const f of [...(o.values.get('-T') ?? []), ...(o.values.get('--upload-file') ?? [])]) {
    sends.push(f === '-' || f === '.' ? '<stdin>' : f);
    if (f !== '-' && f !== '.') out.push(pathOf(v, 'read', f));
  }
  for (const f of [...(o.values.get('-K') ?? []), ...(o.values.get('--config') ?? []), ...(o.values.get('--netrc-file') ?? [])]) out.push(pathOf(v, 'read', f));
  for (const f of [...(o.values.get('-o') ?? []), ...(o.values.get('--output') ?? []), ...(o.values.get('-c') ?? []), ...(o.values.get('--cookie-jar') ?? [])]) {
    if (f !== '-' && f !== '/dev/null') out.push(pathOf(v, 'write', f));
  }
  sends.push(...secretVarsSent(v, CURL_DATA));
  const method = (o.value.get('-X') ?? o.value.get('--request') ?? '').toUpperCase();
  const upload = sends.length > 0 || ['POST', 'PUT', 'PATCH'].includes(method);
  if (hasAny(o, '-O', '--remote-name', '--remote-name-all')) for (const u of urls) out.push(pathOf(v, 'write', u.split('/').pop() || 'index.html'));
  for (const u of urls.length ? urls : ['*']) out.push(net(v, upload ? 'upload' : 'fetch', u === '*' ? null : u, sends.length ? { sends } : {}));
  return out;
};

const wget: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-O', '--output-document', '-o', '--output-file', '-P', '--directory-prefix', '--post-data', '--post-file', '--body-data', '--body-file', '--header', '-U', '--user-agent', '--method', '-i', '--input-file', '-e', '--execute', '-t', '--tries', '-T', '--timeout', '--user', '--password', '-l', '--level', '-A', '-R', '-D', '--domains'] });
  const out: Action[] = [];
  const sends: string[] = [];
  for (const f of [...(o.values.get('--post-file') ?? []), ...(o.values.get('--body-file') ?? [])]) {
    sends.push(f);
    out.push(pathOf(v, 'read', f));
  }
  if (o.value.get('--post-data') || o.value.get('--body-data')) sends.push('<inline data>');
  sends.push(...secretVarsSent(v, new Set(['--post-data', '--body-data'])));
  const dest = o.value.get('-O') ?? o.value.get('--output-document');
  if (dest && dest !== '-' && dest !== '/dev/null') out.push(pathOf(v, 'write', dest));
  for (const f of [...(o.values.get('-i') ?? []), ...(o.values.get('--input-file') ?? [])]) out.push(pathOf(v, 'read', f));
  for (const u of o.positionals.length ? o.positionals : ['*']) out.push(net(v, sends.length ? 'upload' : 'fetch', u === '*' ? null : u, sends.length ? { sends } : {}));
  return out;
};

/** `user@host:path` or `host:path` → host. */
function remoteHost(spec: string): string | null {
  const m = /^(?:[^@/]+@)?([^:/]+):/.exec(spec);
  return m && !spec.startsWith('/') && !spec.startsWith('.') ? m[1]!.toLowerCase() : null;
}

const scpLike: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-P', '-p', '-i', '-o', '-F', '-c', '-l', '-S', '-J', '-e', '--rsh', '--exclude', '--include', '--exclude-from', '--include-from', '--files-from', '-f', '--filter', '--rsync-path', '--port', '--password-file', '--log-file', '--backup-dir', '--suffix', '--chmod', '--chown', '--timeout', '--bwlimit', '--partial-dir', '--temp-dir', '--compare-dest', '--copy-dest', '--link-dest'] });
  const pos = o.positionals;
  if (pos.length < 2) return [];
  const dest = pos[pos.length - 1]!;
  const sources = pos.slice(0, -1);
  const out: Action[] = [];
  const destHost = remoteHost(dest);
  const recursive = hasAny(o, '-r', '-a', '--recursive', '--archive');
  for (const s of sources) {
    const h = remoteHost(s);
    if (h) out.push(net(v, 'fetch', h));
    else out.push(pathOf(v, 'read', s, recursive ? { recursive: true } : {}));
  }
  if (destHost) out.push(net(v, 'upload', destHost, { sends: sources.filter((s) => !remoteHost(s)) }));
  else {
    out.push(pathOf(v, 'write', dest, recursive ? { recursive: true } : {}));
    if (hasAny(o, '--delete', '--delete-before', '--delete-after', '--delete-during', '--delete-excluded', '--del')) {
      out.push(pathOf(v, 'delete', dest, { recursive: true }));
    }
  }
  for (const f of o.values.get('-i') ?? []) out.push(pathOf(v, 'meta', f));
  for (const k of ['--password-file', '--files-from', '--exclude-from']) for (const f of o.values.get(k) ?? []) out.push(pathOf(v, 'read', f));
  return out;
};

const ssh: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-p', '-i', '-o', '-F', '-l', '-L', '-R', '-D', '-J', '-W', '-b', '-c', '-e', '-m', '-O', '-Q', '-S', '-w', '-E', '-B', '-I'] });
  const host = o.positionals[0];
  const out: Action[] = [];
  // The identity file is used by ssh, never printed: metadata, not a read.
  for (const f of o.values.get('-i') ?? []) out.push(pathOf(v, 'meta', f));
  if (host) out.push(net(v, o.positionals.length > 1 || v.cmd.stdin ? 'upload' : 'connect', (host.split('@').pop() ?? host).toLowerCase()));
  return out;
};

const ncLike: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-p', '-s', '-w', '-i', '-q', '-x', '-X', '-e', '-c', '-I', '-O', '-T', '-V'] });
  const listen = hasAny(o, '-l', '--listen');
  const host = listen ? null : (o.positionals[0] ?? null);
  const out: Action[] = [net(v, listen ? 'listen' : v.cmd.stdin ? 'upload' : 'connect', host)];
  const execProg = o.value.get('-e') ?? o.value.get('-c');
  if (execProg) out.push({ kind: 'exec', program: execProg.split(/\s+/)[0] ?? null, argv: execProg.split(/\s+/), via: v.via });
  return out;
};

const dns: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-t', '-c', '-p', '-q', '-x', '-f', '-k', '-y', '-b', '-W', '-R', '-N'] });
  const names = o.positionals.filter((p) => !p.startsWith('@') && !/^(A|AAAA|MX|TXT|NS|CNAME|SOA|PTR|SRV|ANY|CAA)$/i.test(p));
  return names.slice(0, 1).map((n) => net(v, 'dns', n));
};

const httpie: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-a', '--auth', '-o', '--output', '--session', '--verify', '--cert', '--cert-key', '--proxy', '-A', '--auth-type', '--timeout'] });
  const method = o.positionals[0] && /^[A-Z]+$/.test(o.positionals[0]) ? o.positionals[0] : undefined;
  const rest = method ? o.positionals.slice(1) : o.positionals;
  const url = rest[0];
  const items = rest.slice(1);
  const sends: string[] = [];
  const out: Action[] = [];
  for (const it of items) {
    const m = /^[^=:@]+(?:=@|:=@|@)(.+)$/.exec(it);
    if (m) {
      sends.push(m[1]!);
      out.push(pathOf(v, 'read', m[1]!));
    } else if (/[=:]/.test(it)) sends.push('<inline data>');
  }
  const upload = sends.length > 0 || (method !== undefined && method !== 'GET' && method !== 'HEAD');
  out.push(net(v, upload ? 'upload' : 'fetch', url ?? null, sends.length ? { sends } : {}));
  return out;
};

export const NET_COMMANDS: Record<string, CommandHandler> = {
  curl,
  wget,
  wget2: wget,
  http: httpie,
  https: httpie,
  xh: httpie,
  scp: scpLike,
  rsync: scpLike,
  sftp: ssh,
  ssh,
  mosh: ssh,
  nc: ncLike,
  ncat: ncLike,
  netcat: ncLike,
  socat: (v) => [net(v, 'connect', v.args.map((a) => /^(?:tcp|udp|ssl|openssl)[46]?(?:-connect)?:([^:,]+)/i.exec(a)?.[1]).find(Boolean) ?? null)],
  telnet: (v) => [net(v, 'connect', v.args.find((a) => !a.startsWith('-')) ?? null)],
  ftp: (v) => [net(v, 'connect', v.args.find((a) => !a.startsWith('-')) ?? null)],
  dig: dns,
  nslookup: dns,
  host: dns,
  drill: dns,
  ping: (v) => [net(v, 'connect', parseOptions(v.args, { withValue: ['-c', '-i', '-s', '-t', '-W', '-w', '-p', '-I', '-M', '-Q', '-S', '-l'] }).positionals[0] ?? null)],
};
