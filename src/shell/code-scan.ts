// A lightweight lexical scan of inline interpreter code: not a parser, but enough to see string
// literals (with simple constant folding like ".e"+"nv"), calls of known file / exec / network /
// env / eval sinks and their first argument, and path-looking literals.
import type { InterpreterFinding } from './types.js';

export type Finding = { kind: InterpreterFinding['kind']; value: string | null };

export interface ScanResult {
  findings: Finding[];
  /** Static command strings handed to a shell by exec sinks (analysed as nested shell). */
  shell: string[];
}

interface Tok {
  t: 'str' | 'id' | 'p';
  v: string | null;
  /** Backtick string in perl/ruby/php: a command. */
  cmd?: boolean;
}

const HASH_COMMENT = new Set(['python', 'perl', 'ruby', 'awk', 'r', 'php']);
const SLASH_COMMENT = new Set(['javascript', 'php', 'awk']);

/** Sink names (last identifier of a call chain) → kind; language-specific overrides first. */
const SINKS: Record<string, InterpreterFinding['kind']> = {
  open: 'read', fopen: 'read', readFile: 'read', readFileSync: 'read', read_text: 'read', read_bytes: 'read', createReadStream: 'read',
  file_get_contents: 'read', readfile: 'read', readlines: 'read', readLines: 'read', slurp: 'read', read: 'read', getline: 'read', opendir: 'read',
  copyFile: 'read', copyFileSync: 'read', copy: 'read', copyfile: 'read', copy2: 'read', copytree: 'read', cpSync: 'read', 'read.csv': 'read',
  writeFile: 'write', writeFileSync: 'write', appendFile: 'write', appendFileSync: 'write', createWriteStream: 'write', write_text: 'write',
  write_bytes: 'write', file_put_contents: 'write', write: 'write', writeLines: 'write', rename: 'write', renameSync: 'write', move: 'write', symlink: 'write', symlinkSync: 'write', chmod: 'write', chmodSync: 'write', truncate: 'write',
  unlink: 'delete', unlinkSync: 'delete', rm: 'delete', rmSync: 'delete', rmdir: 'delete', rmdirSync: 'delete', remove: 'delete', removedirs: 'delete',
  rmtree: 'delete', rm_rf: 'delete', rm_r: 'delete', delete: 'delete', 'file.remove': 'delete',
  system: 'exec', popen: 'exec', execSync: 'exec', execFile: 'exec', execFileSync: 'exec', spawn: 'exec', spawnSync: 'exec', fork: 'exec',
  check_output: 'exec', check_call: 'exec', call: 'exec', run: 'exec', Popen: 'exec', getoutput: 'exec', getstatusoutput: 'exec', shell_exec: 'exec',
  passthru: 'exec', proc_open: 'exec', pcntl_exec: 'exec', qx: 'exec', capture2: 'exec', capture3: 'exec', popen3: 'exec', execute: 'exec', system2: 'exec',
  execl: 'exec', execlp: 'exec', execv: 'exec', execvp: 'exec', execve: 'exec', spawnl: 'exec', spawnlp: 'exec', spawnv: 'exec', spawnvp: 'exec',
  fetch: 'network', request: 'network', urlopen: 'network', urlretrieve: 'network', get: 'network', post: 'network', put: 'network', patch: 'network',
  connect: 'network', createConnection: 'network', create_connection: 'network', socket: 'network', WebSocket: 'network', XMLHttpRequest: 'network',
  curl_init: 'network', curl_exec: 'network', fsockopen: 'network', stream_socket_client: 'network', 'download.file': 'network', axios: 'network', got: 'network',
  eval: 'eval', Function: 'eval', compile: 'eval', __import__: 'eval', execfile: 'eval', runInNewContext: 'eval', runInThisContext: 'eval',
  runInContext: 'eval', instance_eval: 'eval', class_eval: 'eval', loadstring: 'eval', dofile: 'eval', assert: 'eval',
  getenv: 'env', environ: 'env', ENV: 'env', ENVIRON: 'env', _ENV: 'env', 'Sys.getenv': 'env',
};

/** Receivers that make a generic name (`get`, `run`, `call`, `read`) a real sink. */
const QUALIFIED: Record<string, string[]> = {
  get: ['requests', 'httpx', 'http', 'https', 'axios', 'got', 'session', 'client', 'urllib3'],
  post: ['requests', 'httpx', 'axios', 'got', 'session', 'client'], put: ['requests', 'httpx', 'axios'], patch: ['requests', 'httpx', 'axios'],
  request: ['http', 'https', 'requests', 'httpx', 'urllib3', 'client', 'request'],
  run: ['subprocess'], call: ['subprocess'], read: ['File', 'IO', 'fs'], write: ['File', 'IO', 'fs'], delete: ['File', 'Files'],
  connect: ['net', 'tls', 'socket', 's', 'sock'], remove: ['os', 'fs', 'FileUtils', 'File'], open: [], copy: ['shutil', 'FileUtils', 'fs'],
  move: ['shutil', 'FileUtils'], rename: ['os', 'fs', 'File'], chmod: ['os', 'fs', 'File', 'FileUtils'], truncate: ['os', 'fs', 'File'],
  socket: ['socket'], execute: ['os'], environ: ['os'], getline: [],
};
const ENV_OBJECTS = new Set(['process.env', 'os.environ', 'ENV', '%ENV', '$ENV', 'ENVIRON', '$_ENV', '$_SERVER']);

export function scanCode(language: string, code: string, depth = 0): ScanResult {
  const res: ScanResult = { findings: [], shell: [] };
  if (code.length > 200_000) code = code.slice(0, 200_000);
  if (language === 'sed') return scanSed(code);
  const toks = fold(tokenize(language, code), language);
  const add = (kind: Finding['kind'], value: string | null) => {
    if (res.findings.length < 200 && !res.findings.some((f) => f.kind === kind && f.value === value)) res.findings.push({ kind, value });
  };
  let hasNetwork = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.t === 'str') {
      if (t.cmd) {
        add('exec', t.v);
        if (t.v !== null) res.shell.push(t.v);
      } else if (t.v !== null && looksLikePath(t.v)) add('path-literal', t.v);
      if (t.v !== null && /^(https?|ftp|wss?):\/\//i.test(t.v)) hasNetwork = true;
      if (language === 'awk' && t.v !== null && t.v.startsWith('/inet')) add('network', t.v);
      continue;
    }
    if (t.t !== 'id' || t.v === null) continue;
    const chain = t.v;
    const last = chain.split('.').pop()!;
    const owner = chain.includes('.') ? chain.slice(0, chain.lastIndexOf('.')) : '';
    if (ENV_OBJECTS.has(chain) || (language === 'awk' && chain === 'ENVIRON')) {
      const next = toks[i + 1];
      const key = next?.t === 'p' && next.v === '[' ? toks[i + 2] : next?.t === 'id' && next.v?.startsWith('.') ? next : undefined;
      add('env', key?.t === 'str' ? key.v : null);
      continue;
    }
    if (chain.startsWith('process.env.')) {
      add('env', chain.slice(12));
      continue;
    }
    let kind = sinkKind(language, chain, last, owner);
    if (!kind) continue;
    const args = callArgs(toks, i + 1, language);
    if (!args) {
      if (kind === 'env' && (chain === 'os.environ' || last === 'environ')) add('env', null);
      continue;
    }
    let value = args[0] ?? null;
    if (language === 'awk' && last === 'system') kind = 'exec';
    if (language === 'perl' && last === 'open') {
      // open(FH, MODE, PATH) or the two-argument open(FH, "<path" / ">path" / "cmd |").
      const three = args.length >= 3;
      const m = /^\s*(\+?[<>]{1,2}|\||-\|)?\s*(.*?)\s*(\|)?$/s.exec((three ? args[1] : args[1] ?? args[0]) ?? '')!;
      const target = three ? args[2] ?? null : args[1] === undefined ? null : m[2] || null;
      kind = m[1]?.includes('|') || m[3] ? 'exec' : m[1]?.includes('>') ? 'write' : 'read';
      value = kind === 'exec' && !three ? m[2] || null : target;
    } else if ((last === 'open' || last === 'fopen' || last === 'File.open') && language !== 'javascript') {
      const mode = args[1];
      if (mode && /[wax+]/.test(mode)) kind = 'write';
    }
    if (kind === 'network') hasNetwork = true;
    add(kind, value);
    if (kind === 'exec' && value !== null) res.shell.push(value);
    if (kind === 'eval' && value !== null && depth < 3) {
      const inner = scanCode(language, value, depth + 1);
      for (const f of inner.findings) add(f.kind, f.value);
      res.shell.push(...inner.shell);
    }
  }
  if (language === 'awk') scanAwkRedirects(code, add);
  if (/\brequire\s*\(\s*['"](node:)?child_process['"]/.test(code) || /\bimport\s+(subprocess|pty)\b/.test(code)) {
    if (!res.findings.some((f) => f.kind === 'exec')) add('exec', null);
  }
  if (language === 'applescript') {
    const m = /do\s+shell\s+script\s+"((?:[^"\\]|\\.)*)"/.exec(code);
    if (m) {
      add('exec', m[1]!);
      res.shell.push(m[1]!);
    } else if (/do\s+shell\s+script/.test(code)) add('exec', null);
  }
  if (hasNetwork) for (const t of toks) if (t.t === 'str' && t.v && /^(https?|ftp|wss?):\/\//i.test(t.v)) add('network', t.v);
  return res;
}

function sinkKind(language: string, chain: string, last: string, owner: string): Finding['kind'] | null {
  if (language === 'python' && (last === 'exec' || last === 'eval') && !owner) return 'eval';
  if (language === 'python' && /^os\.(exec|spawn)/.test(chain)) return 'exec';
  if (language === 'javascript' && last === 'exec' && owner !== '') return 'exec';
  if (language === 'javascript' && last === 'exec') return 'exec';
  if ((language === 'perl' || language === 'ruby' || language === 'php') && last === 'exec') return 'exec';
  if (language === 'ruby' && chain === 'IO.popen') return 'exec';
  if (language === 'lua' && chain === 'os.execute') return 'exec';
  if (language === 'lua' && chain === 'io.open') return 'read';
  if (language === 'r' && (chain === 'file.remove' || chain === 'download.file' || chain === 'read.csv' || chain === 'Sys.getenv')) return SINKS[chain]!;
  const kind = Object.prototype.hasOwnProperty.call(SINKS, last) ? SINKS[last]! : null;
  if (!kind) return null;
  const q = QUALIFIED[last];
  if (q) {
    if (last === 'open' || last === 'getline') return kind;
    const base = owner.split('.').pop() ?? '';
    if (!q.includes(base) && !q.includes(owner)) return null;
  }
  return kind;
}

/** Static string arguments of a call starting at `i` (`(`, or a bare string in perl/ruby). */
function callArgs(toks: Tok[], i: number, language: string): (string | null)[] | null {
  const t = toks[i];
  if (!t) return null;
  if (t.t === 'str' && (language === 'perl' || language === 'ruby' || language === 'php' || language === 'awk' || language === 'lua' || language === 'applescript')) return [t.v];
  if (t.t === 'id' && t.v !== null && (language === 'perl' || language === 'ruby') && /^[A-Z_]+$/.test(t.v)) {
    // open FH, "<file" / open(FH, ...)
    const n = toks[i + 1];
    if (n?.t === 'p' && n.v === ',') return [null, ...(callArgs(toks, i + 2, language) ?? [])];
  }
  if (t.t !== 'p' || (t.v !== '(' && t.v !== '[')) return null;
  const out: (string | null)[] = [];
  let depth = 0;
  let cur: string | null | undefined;
  let list: string[] | null = null;
  for (let j = i; j < toks.length && j < i + 400; j++) {
    const x = toks[j]!;
    if (x.t === 'p' && (x.v === '(' || x.v === '[' || x.v === '{')) {
      depth++;
      if (depth === 2 && x.v === '[' && cur === undefined) list = [];
      continue;
    }
    if (x.t === 'p' && (x.v === ')' || x.v === ']' || x.v === '}')) {
      depth--;
      if (depth === 1 && list) {
        cur = list.map((s) => (/^[\w./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`)).join(' ');
        list = null;
        continue;
      }
      if (depth === 0) break;
      continue;
    }
    if (depth === 1 && x.t === 'p' && x.v === ',') {
      out.push(cur ?? null);
      cur = undefined;
      continue;
    }
    if (depth === 2 && list && x.t === 'str') {
      if (x.v === null) list = null, (cur = null);
      else list.push(x.v);
      continue;
    }
    if (depth === 1) cur = cur === undefined && x.t === 'str' ? x.v : null;
  }
  out.push(cur ?? null);
  return out;
}

function tokenize(language: string, code: string): Tok[] {
  const toks: Tok[] = [];
  const n = code.length;
  let i = 0;
  while (i < n && toks.length < 20_000) {
    const c = code[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && HASH_COMMENT.has(language) && !(language === 'php' && code[i + 1] === '[')) {
      const j = code.indexOf('\n', i);
      i = j < 0 ? n : j;
      continue;
    }
    if (c === '/' && SLASH_COMMENT.has(language) && (code[i + 1] === '/' || code[i + 1] === '*')) {
      const j = code[i + 1] === '/' ? code.indexOf('\n', i) : code.indexOf('*/', i + 2);
      i = j < 0 ? n : j + (code[i + 1] === '*' ? 2 : 0);
      continue;
    }
    if (c === '-' && code[i + 1] === '-' && (language === 'lua' || language === 'applescript')) {
      const j = code.indexOf('\n', i);
      i = j < 0 ? n : j;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const r = readString(code, i, language, '');
      toks.push(r.tok);
      i = r.end;
      continue;
    }
    if (/[A-Za-z_$%@]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(code[j]!)) j++;
      let word = code.slice(i, j);
      if (language === 'python' && /^(r|b|f|u|rb|br|fr|rf)$/i.test(word) && (code[j] === '"' || code[j] === "'")) {
        const r = readString(code, j, language, word.toLowerCase());
        toks.push(r.tok);
        i = r.end;
        continue;
      }
      // Dotted / namespaced chains: os.path.join, File::read, $obj->method.
      while (j < n) {
        const sep = code.startsWith('::', j) ? 2 : code.startsWith('->', j) ? 2 : code[j] === '.' && /[A-Za-z_]/.test(code[j + 1] ?? '') ? 1 : 0;
        if (!sep) break;
        let k = j + sep;
        while (k < n && /[\w$]/.test(code[k]!)) k++;
        word += '.' + code.slice(j + sep, k);
        j = k;
      }
      if ((language === 'perl' || language === 'ruby') && /^(qx|%x)$/.test(word) && /[({[\/|!]/.test(code[j] ?? '')) {
        const close = { '(': ')', '{': '}', '[': ']' }[code[j]!] ?? code[j]!;
        const k = code.indexOf(close, j + 1);
        toks.push({ t: 'str', v: code.slice(j + 1, k < 0 ? n : k), cmd: true });
        i = k < 0 ? n : k + 1;
        continue;
      }
      toks.push({ t: 'id', v: word });
      i = j;
      continue;
    }
    toks.push({ t: 'p', v: c });
    i++;
  }
  return toks;
}

function readString(code: string, i: number, language: string, prefix: string): { tok: Tok; end: number } {
  const q = code[i]!;
  const triple = language === 'python' && code.startsWith(q.repeat(3), i);
  const open = triple ? 3 : 1;
  const raw = prefix.includes('r');
  let j = i + open;
  let out = '';
  let dynamic = false;
  const interp = q === '`' ? language === 'javascript' : q === '"' && (language === 'perl' || language === 'ruby' || language === 'php');
  while (j < code.length) {
    if (triple ? code.startsWith(q.repeat(3), j) : code[j] === q) break;
    const c = code[j]!;
    if (c === '\\' && j + 1 < code.length) {
      const e = code[j + 1]!;
      if (raw) out += c + e;
      else out += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? (e === 'x' ? String.fromCharCode(parseInt(code.slice(j + 2, j + 4), 16) || 0) : e);
      j += e === 'x' && !raw ? 4 : 2;
      continue;
    }
    if (interp && (c === '$' || (c === '#' && code[j + 1] === '{') || (c === '@' && language === 'perl'))) dynamic = true;
    if (prefix.includes('f') && c === '{') dynamic = true;
    out += c;
    j++;
  }
  const end = Math.min(code.length, j + open);
  const cmd = q === '`' && (language === 'perl' || language === 'ruby' || language === 'php');
  return { tok: { t: 'str', v: dynamic ? null : out, ...(cmd ? { cmd: true } : {}) }, end };
}

/** Folds "a" + "b" (and Perl/PHP "a" . "b", Lua "a" .. "b", Python "a" "b") into one literal. */
function fold(toks: Tok[], language: string): Tok[] {
  const out: Tok[] = [];
  const ops = language === 'perl' || language === 'php' ? ['.'] : language === 'lua' ? ['..'] : ['+'];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const prev = out[out.length - 1];
    if (t.t === 'str' && !t.cmd && prev?.t === 'str' && !prev.cmd && language === 'python') {
      prev.v = prev.v === null || t.v === null ? null : prev.v + t.v;
      continue;
    }
    const op = t.t === 'p' ? t.v : null;
    if (op && prev?.t === 'str' && !prev.cmd && ops.some((o) => o[0] === op)) {
      const width = ops.includes('..') && toks[i + 1]?.v === '.' ? 2 : 1;
      const next = toks[i + width];
      if (next?.t === 'str' && !next.cmd) {
        prev.v = prev.v === null || next.v === null ? null : prev.v + next.v;
        i += width;
        continue;
      }
      if (next && (next.t === 'id' || next.t === 'p')) prev.v = null; // concatenated with something computed
    }
    out.push({ ...t });
  }
  return out;
}

export function looksLikePath(s: string): boolean {
  if (!s || s.length > 4096 || /[\n\0]/.test(s) || /^\w+:\/\//.test(s)) return false;
  if (s === '/' || s === '~') return true;
  if (/^(~|\.{1,2})?\//.test(s)) return !/\s{2,}/.test(s);
  if (/^\.[A-Za-z0-9_-]/.test(s)) return !/\s/.test(s);
  if (/^[\w.@-]+(\/[\w.@*-]+)+\/?$/.test(s)) return true;
  return /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|credentials|[\w-]+\.(pem|key|p12|pfx))$/.test(s);
}

function scanAwkRedirects(code: string, add: (k: Finding['kind'], v: string | null) => void): void {
  for (const m of code.matchAll(/(>>?|\|)\s*("(?:[^"\\]|\\.)*"|(?!getline\b)[A-Za-z_]\w*)/g)) {
    const v = m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : null;
    add(m[1] === '|' ? 'exec' : 'write', v);
  }
  for (const m of code.matchAll(/("(?:[^"\\]|\\.)*")\s*\|\s*getline/g)) add('exec', m[1]!.slice(1, -1));
  for (const m of code.matchAll(/getline\s*(?:\w+\s*)?<\s*("(?:[^"\\]|\\.)*"|\w+)/g)) add('read', m[1]!.startsWith('"') ? m[1]!.slice(1, -1) : null);
}

/** sed: the `e` command and `s///e` run commands; `w`/`r` write and read files. */
function scanSed(code: string): ScanResult {
  const res: ScanResult = { findings: [], shell: [] };
  for (const m of code.matchAll(/s(.)((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1([gpiImMe0-9]*)(?:w\s*(\S+))?/gs)) {
    if (m[4]!.includes('e')) res.findings.push({ kind: 'exec', value: null });
    if (m[5]) res.findings.push({ kind: 'write', value: m[5] });
  }
  const stripped = code.replace(/s(.)((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1[gpiImMe0-9]*(?:w\s*\S+)?/gs, '');
  for (const m of stripped.matchAll(/(?:^|[;\n{}])\s*(?:[\d$]+|\/(?:\\.|[^/])*\/)?(?:,(?:[\d$]+|\/(?:\\.|[^/])*\/))?\s*!?\s*([ewWrR])(?:\s+([^;\n}]+))?/g)) {
    const arg = m[2]?.trim() ?? null;
    if (m[1] === 'e') {
      res.findings.push({ kind: 'exec', value: arg });
      if (arg) res.shell.push(arg);
    } else res.findings.push({ kind: m[1] === 'r' || m[1] === 'R' ? 'read' : 'write', value: arg });
  }
  return res;
}
