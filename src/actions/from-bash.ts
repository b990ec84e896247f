// Bash → actions. Every simple command the shell analysis found (nested ones included) becomes an
// exec action plus what its program does with its arguments, its redirects and its stdin.
import { readdirSync, statSync } from 'node:fs';
import { analyzeShell } from '../shell/analyze.js';
import type { FsProbe, InterpreterFinding, ShellAnalysis, SimpleCommand, Word } from '../shell/types.js';
import { COMMAND_TABLES } from './commands/index.js';
import { FS_COMMANDS } from './commands/fs.js';
import { GIT_COMMANDS } from './commands/git.js';
import { NET_COMMANDS } from './commands/net.js';
import { makeView, pathOf, type CommandView } from './commands/view.js';
import type { Action, ExecAction, PathAction } from './types.js';
import type { ExtractContext } from './from-tool.js';

export const realFs: FsProbe = {
  readdir(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return null;
    }
  },
  isDir(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

const DEVICE_SINKS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/fd/1', '/dev/fd/2']);
const DECODERS = /^(base64|base32|xxd|openssl|gunzip|gzip|zcat|bzip2|bunzip2|xz|unxz|zstd|rev|tr|uudecode|python3?|node|perl|ruby|printf|echo)$/;
const NETWORK_SOURCES = /^(curl|wget|wget2|http|https|xh|nc|ncat|netcat|socat|fetch|aria2c|ftp|ssh)$/;

/** Where a command's stdin comes from, in the terms rules use. */
function stdinFrom(cmd: SimpleCommand, all: readonly SimpleCommand[]): ExecAction['stdinFrom'] | undefined {
  const s = cmd.stdin;
  if (!s) return undefined;
  if (s.kind === 'heredoc') return 'heredoc';
  if (s.kind === 'here-string') return 'here-string';
  if (s.kind === 'file') return 'file';
  const src = all[s.from];
  const prog = src?.argv[0]?.value?.split('/').pop();
  if (!prog) return 'pipe';
  if (NETWORK_SOURCES.test(prog)) return 'network';
  if (prog === 'base64' || prog === 'base32' || prog === 'xxd' || prog === 'uudecode') {
    const args = src!.argv.slice(1).map((w) => w.value ?? '');
    if (args.some((a) => /^-(d|D|-decode|r)$/.test(a) || /^-[a-zA-Z]*d/.test(a))) return 'decoded';
  }
  if (DECODERS.test(prog) && prog !== 'echo' && prog !== 'printf' && prog !== 'tr') return 'decoded';
  // A pipe from something that itself reads the network or decoded data.
  const upstream = stdinFrom(src!, all);
  return upstream === 'network' || upstream === 'decoded' ? upstream : 'pipe';
}

function redirectActions(v: CommandView): Action[] {
  const out: Action[] = [];
  for (const r of v.cmd.redirects) {
    if (r.op === '<<' || r.op === '<<-' || r.op === '<<<' || r.op === '>&' || r.op === '<&') continue;
    const target = r.target.value ?? r.target.pattern ?? '*';
    if (DEVICE_SINKS.has(target) || /^&?\d+$/.test(target) || target === '&-') continue;
    if (r.op === '<') out.push(pathOf(v, 'read', target));
    else if (r.op === '<>') out.push(pathOf(v, 'read', target), pathOf(v, 'write', target, { mode: 'overwrite' }));
    else out.push(pathOf(v, 'write', target, { mode: r.op === '>>' || r.op === '&>>' ? 'append' : 'overwrite' }));
  }
  return out;
}

const ENV_DUMP: Record<string, (args: string[]) => boolean> = {
  env: (args) => args.every((a) => a.startsWith('-') || a.includes('=')) ,
  printenv: (args) => args.filter((a) => !a.startsWith('-')).length === 0,
  set: (args) => args.length === 0,
  export: (args) => args.length === 0 || (args.length === 1 && args[0] === '-p'),
  declare: (args) => args.length > 0 && args.every((a) => /^-[a-zA-Z]*[px]/.test(a)),
  typeset: (args) => args.length > 0 && args.every((a) => /^-[a-zA-Z]*[px]/.test(a)),
  compgen: (args) => args.includes('-v') || args.includes('-e'),
};

function commandActions(v: CommandView): Action[] {
  // A line with only redirections (`> file`) runs no program; its redirections still count.
  if (!v.cmd.argv.length) return redirectActions(v);
  const exec: ExecAction = { kind: 'exec', program: v.program, argv: [v.program ?? '<computed>', ...v.args], via: v.via };
  if (v.program === null || v.cmd.dynamicCommand) exec.dynamic = true;
  else if (v.words.some((w) => w.value === null)) exec.dynamic = true;
  const sf = stdinFrom(v.cmd, v.all);
  if (sf) exec.stdinFrom = sf;
  const out: Action[] = [exec, ...redirectActions(v)];
  if (v.program === null) return out;
  const dump = ENV_DUMP[v.program];
  if (dump && dump(v.args)) out.push(pathOf(v, 'read', '/proc/self/environ', { mode: undefined }));
  const handler = COMMAND_TABLES[v.program];
  if (handler) {
    try {
      out.push(...handler(v));
    } catch {
      out.push({ kind: 'unknown', reason: 'unsupported', detail: `could not read the arguments of ${v.program}`, via: v.via });
    }
  }
  if (!MODELLED.has(v.program)) out.push(...opaqueFiles(v, out));
  return out;
}

/** Programs whose file arguments the command tables describe completely (plus builtins that take
 * none); any other program may read a file it is given. */
const MODELLED = new Set([...Object.keys(FS_COMMANDS), ...Object.keys(NET_COMMANDS), ...Object.keys(GIT_COMMANDS), ...Object.keys(ENV_DUMP), 'cd', 'pushd', 'popd', 'unset', 'alias', 'unalias', 'type', 'which', 'hash', 'exit', 'return', 'shift', 'read', 'wait', 'sleep', 'kill', 'pkill', 'mkdir', 'shopt', 'set', 'trap', 'ulimit', 'umask', 'history', 'jobs', 'fg', 'bg', 'disown', 'getopts', 'let', 'local', 'readonly']);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Existing files named as arguments (or `--opt=FILE`) of a program no table models, and not
 * already described by its handler: `gh gist create .env`, `sqlite3 ~/.config/…/credentials.db`. */
function opaqueFiles(v: CommandView, known: readonly Action[]): Action[] {
  const seen = new Set(known.filter((a): a is PathAction => 'path' in a).map((a) => a.path));
  const out: Action[] = [];
  for (const w of v.words.slice(0, 32)) {
    if (w.value === null) continue;
    const raw = w.value.startsWith('-') ? (/^--?[A-Za-z][\w-]*=(.+)$/.exec(w.value)?.[1] ?? '') : w.value;
    if (!raw || raw.length > 1024 || raw.includes('\n') || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) continue;
    const a = pathOf(v, 'read', raw, { opaque: true });
    if (a.pattern || seen.has(a.path) || !isFile(a.path)) continue;
    seen.add(a.path);
    out.push(a);
  }
  return out;
}

/** xargs fed by `echo`/`printf` of static words runs its command on exactly those words. */
function xargsInput(cmd: SimpleCommand, all: readonly SimpleCommand[]): string[] | null {
  if (!cmd.wrappers.includes('xargs') || cmd.stdin?.kind !== 'pipe') return null;
  const src = all[cmd.stdin.from];
  const prog = src?.argv[0]?.value;
  if (!src || (prog !== 'echo' && prog !== 'printf') || src.argv.some((w) => w.value === null)) return null;
  let args = src.argv.slice(1).map((w) => w.value!);
  if (prog === 'echo') {
    while (args[0] && /^-[neE]+$/.test(args[0])) args = args.slice(1);
  } else {
    const [format = '', ...rest] = args;
    if (rest.length && !/^(%s(\\n|\s|\\0)*)+$/.test(format)) return null;
    args = rest.length ? rest : [format.replace(/\\n/g, '\n')];
  }
  return args.join(' ').split(/\s+/).filter(Boolean);
}

function withXargsInput(cmd: SimpleCommand, all: readonly SimpleCommand[]): SimpleCommand {
  const input = xargsInput(cmd, all);
  if (!input) return cmd;
  const argv: Word[] = [];
  for (const w of cmd.argv) {
    if (w.value === null && (w.raw === '{input}' || w.raw === '{}')) argv.push(...input.map((value) => ({ value, raw: value })));
    else argv.push(w);
  }
  return { ...cmd, argv };
}

/** Code that builds paths from the home directory (`os.homedir()+'/.bashrc'`). */
const HOME_IN_CODE = /\b(homedir\(\)|expanduser\(|Path\.home\(\)|process\.env\.HOME\b|process\.env\[['"]HOME|environ\[['"]HOME|environ\.get\(['"]HOME|getenv\(['"]HOME|\$ENV\{['"]?HOME|ENV\[['"]HOME|Dir\.home|expand_path\(['"]~)/;

/** Where a write or delete with a computed target may land: the path literals of the same code,
 * and those joined to the home directory when the code builds paths from it. */
function computedTargets(f: InterpreterFinding, analysis: ShellAnalysis, cmd: SimpleCommand, home: string): string[] {
  const literals = analysis.interpreter.filter((x) => x.command === f.command && x.kind === 'path-literal' && x.value !== null).map((x) => x.value!);
  const code = cmd.argv.map((w) => w.value ?? '').join(' ');
  const fromHome = HOME_IN_CODE.test(code) ? literals.filter((l) => l.startsWith('/') && l.length > 1).map((l) => home + l) : [];
  return [...literals, ...fromHome];
}

function interpreterActions(f: InterpreterFinding, analysis: ShellAnalysis, ctx: ExtractContext): Action[] {
  const cmd = analysis.commands[f.command];
  if (!cmd) return [];
  const v = makeView(cmd, f.command, analysis.commands, ctx);
  const via = { ...v.via, chain: [...(v.via.chain ?? []), `${f.language} code`] };
  const value = f.value ?? '*';
  switch (f.kind) {
    case 'read':
    case 'path-literal':
      return [{ ...pathOf(v, 'read', value), via }];
    case 'write':
      if (f.value === null) {
        const guesses = computedTargets(f, analysis, cmd, ctx.home).map((p) => ({ ...pathOf(v, 'write', p, { mode: 'overwrite' }), via }));
        return [{ ...pathOf(v, 'write', value, { mode: 'overwrite' }), via }, ...guesses];
      }
      return [{ ...pathOf(v, 'write', value, { mode: 'overwrite' }), via }];
    case 'delete':
      // A computed target could be a whole tree (shutil.rmtree, fs.rmSync recursive).
      if (f.value === null) {
        const guesses = computedTargets(f, analysis, cmd, ctx.home).map((p) => ({ ...pathOf(v, 'delete', p, { recursive: true }), via }));
        return [{ ...pathOf(v, 'delete', value), recursive: true, dynamic: true, via }, ...guesses];
      }
      return [{ ...pathOf(v, 'delete', value), via }];
    case 'env':
      return [{ ...pathOf(v, 'read', '/proc/self/environ'), via }];
    case 'network': {
      const host = f.value ? (/^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(f.value)?.[1] ?? f.value) : null;
      return [{ kind: 'network', host: host?.toLowerCase() ?? null, ...(f.value && f.value.includes('://') ? { url: f.value } : {}), direction: 'connect', via }];
    }
    case 'exec':
      // A static command string in interpreter code is already among the analysed commands
      // (wrapper `<language> exec`); only a computed one is left to judge.
      return f.value === null ? [{ kind: 'unknown', reason: 'dynamic-command', detail: `${f.language} code runs a command built at run time`, via }] : [];
    case 'eval':
      // Static evaluated code was scanned in place; computed code cannot be.
      return f.value === null ? [{ kind: 'unknown', reason: 'eval-dynamic', detail: `${f.language} code evaluates code built at run time`, via }] : [];
  }
}

export interface BashContext extends ExtractContext {
  env?: Record<string, string>;
  fs?: FsProbe;
}

export function bashActions(command: string, ctx: BashContext, depth = 0): Action[] {
  if (depth > 2) return [{ kind: 'unknown', reason: 'budget', detail: 'commands nested too deeply inside interpreter code', via: { tool: 'Bash' } }];
  const analysis = analyzeShell(command, { cwd: ctx.cwd, home: ctx.home, env: ctx.env ?? { HOME: ctx.home }, fs: ctx.fs ?? realFs });
  const out: Action[] = [];
  analysis.commands.forEach((cmd, i) => out.push(...commandActions(makeView(withXargsInput(cmd, analysis.commands), i, analysis.commands, ctx))));
  for (const f of analysis.interpreter) out.push(...interpreterActions(f, analysis, ctx));
  for (const u of analysis.unknowns) out.push({ kind: 'unknown', reason: u.kind, detail: u.detail, via: { tool: 'Bash', text: u.span ? command.slice(u.span.start, u.span.end) : undefined } });
  return out;
}
