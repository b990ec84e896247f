// What a finished argv means: aliases, wrappers looked through, shell builtins that change
// analysis state (cd, export, set, alias…), code-running builtins (eval, source, trap), nested
// shells and inline interpreter code.
import { posix } from 'node:path';
import type { SimpleNode } from './ast.js';
import { scanCode } from './code-scan.js';
import { inlineCode } from './interpreters.js';
import { NAME_RE } from './lexer.js';
import { assign, cloneScope, lookup, type Scope } from './scope.js';
import { staticOutput } from './static-text.js';
import type { Redirect, SimpleCommand, Span, Word } from './types.js';
import type { Frame, PipeIn, Res, Walker } from './walk.js';
import { programName, unwrapCommand } from './wrappers.js';
import { wordVal } from './walk.js';

export interface RunOpts {
  node: SimpleNode;
  scope: Scope;
  f: Frame;
  assignments: SimpleCommand['assignments'];
  redirects: Redirect[];
  pipe: PipeIn | null;
  cwd: string | null;
  wrappers: string[];
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'rbash', 'lksh', 'posh', 'fish']);
const NONE: Res = { out: null };

export function runArgv(w: Walker, argv: Word[], o: RunOpts): Res {
  const a0 = argv[0]!;
  const aliasName = a0.value;
  if (aliasName !== null && a0.raw === aliasName && o.scope.aliases.has(aliasName) && !w.aliasStack.has(aliasName)) {
    const text = [o.scope.aliases.get(aliasName)!, ...argv.slice(1).map((x) => x.raw)].join(' ');
    w.aliasStack.add(aliasName);
    const r = w.runSource(text, o.scope, { ...fragment(o, text), depth: o.f.depth, wrappers: [...o.wrappers, `alias ${aliasName}`] }, o.pipe);
    w.aliasStack.delete(aliasName);
    return r;
  }
  let cur = argv;
  let opts = o;
  for (let guard = 0; guard < 32; guard++) {
    const u = unwrapCommand(cur);
    if (!u) break;
    if (!u.keepOuter && u.inner.length === 1 && u.inner[0]!.argv) {
      const inner = u.inner[0]!;
      cur = inner.argv!;
      opts = {
        ...opts,
        wrappers: [...opts.wrappers, inner.label],
        assignments: inner.assignments ? [...opts.assignments, ...inner.assignments] : opts.assignments,
        cwd: inner.chdir === undefined ? opts.cwd : resolveDir(opts.cwd, inner.chdir),
      };
      continue;
    }
    let first: number | undefined;
    let last: number | undefined;
    if (u.keepOuter) {
      const r = finalCommand(w, cur, opts);
      first = r.first;
      last = r.last;
    }
    for (const inner of u.inner) {
      const io: RunOpts = { ...opts, wrappers: [...opts.wrappers, inner.label], pipe: u.keepOuter ? null : opts.pipe, cwd: inner.chdir === undefined ? opts.cwd : resolveDir(opts.cwd, inner.chdir) };
      if (inner.assignments) io.assignments = [...opts.assignments, ...inner.assignments];
      const r = inner.script ? runScript(w, inner.script, io, inner.label) : inner.argv ? runArgv(w, inner.argv, io) : NONE;
      first ??= r.first;
      last = r.last ?? last;
    }
    if (first === undefined && !u.inner.length) return finalCommand(w, cur, opts);
    return { first, last, out: null };
  }
  return finalCommand(w, cur, opts);
}

function finalCommand(w: Walker, argv: Word[], o: RunOpts): Res {
  const a0 = argv[0]!;
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  if (a0.value === null) w.unknown('dynamic-command', `command name is computed at run time: ${a0.raw}`, span);
  else if (a0.glob) w.unknown('dynamic-command', `command name is a glob that matched nothing: ${a0.raw}`, span);
  else if (a0.dynamic) w.unknown('dynamic-command', `command name comes from a substitution: ${a0.raw} → ${a0.value}`, span);
  if (a0.dynamic && w.decoded(a0)) w.unknown('decoded-exec', `command name is decoded data: ${a0.raw}`, span);
  const idx = w.emit(argv, {
    f: o.f,
    scope: o.scope,
    assignments: o.assignments,
    redirects: o.redirects,
    text: o.f.source.slice(o.node.span.start, o.node.span.end),
    span: o.node.span,
    pipe: o.pipe,
    wrappers: o.wrappers,
    cwd: o.cwd,
    dynamicCommand: a0.value === null || !!a0.dynamic || !!a0.glob,
  });
  if (idx < 0) return NONE;
  const stdin = stdinCode(o);
  const out = staticOutput(argv, stdin.kind === 'text' ? stdin.text : stdin.kind === 'dynamic' ? null : undefined);
  const name = programName(a0);
  if (name) behaviour(w, name, argv, o, idx, stdin);
  return { first: idx, last: idx, out };
}

type StdinCode = { kind: 'text'; text: string } | { kind: 'dynamic'; detail: string } | { kind: 'file' } | { kind: 'none' };

/** What a program reading its stdin would get, as far as the line shows. */
function stdinCode(o: RunOpts): StdinCode {
  let s: StdinCode = { kind: 'none' };
  if (o.pipe) s = o.pipe.text !== null ? { kind: 'text', text: o.pipe.text } : o.pipe.fileReader ? { kind: 'file' } : { kind: 'dynamic', detail: `output of ${o.pipe.producer}` };
  for (const r of o.redirects) {
    if (r.fd !== 0) continue;
    if (r.op === '<' || r.op === '<>') s = { kind: 'file' };
    else if (r.op === '<<' || r.op === '<<-' || r.op === '<<<') s = r.body != null ? { kind: 'text', text: r.body } : { kind: 'dynamic', detail: r.op === '<<<' ? 'a here-string with run-time values' : 'a heredoc with run-time values' };
  }
  return s;
}

function behaviour(w: Walker, name: string, argv: Word[], o: RunOpts, idx: number, stdin: StdinCode): void {
  const scope = o.scope;
  const vals = argv.map((a) => a.value);
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  switch (name) {
    case 'cd':
      return cd(w, scope, argv.slice(1).filter((a) => !(a.value && /^-[LPe@]+$/.test(a.value))));
    case 'pushd': {
      const args = argv.slice(1).filter((a) => a.value !== '-n');
      if (!args.length || /^[+-]\d+$/.test(args[0]!.value ?? '')) return void (scope.cwd = null);
      scope.dirstack.push(scope.cwd);
      return cd(w, scope, args);
    }
    case 'popd':
      scope.oldpwd = scope.cwd;
      scope.cwd = argv.length > 1 ? null : scope.dirstack.length ? scope.dirstack.pop()! : null;
      return;
    case 'mkdir':
      for (const a of argv.slice(1)) {
        if (a.value === null || a.value.startsWith('-')) continue;
        const d = resolveDir(scope.cwd, a);
        if (d) scope.createdDirs.add(d);
      }
      return;
    case 'export': case 'declare': case 'typeset': case 'local': case 'readonly': {
      const arrays = argv.slice(1).some((a) => /^-[a-zA-Z]*[aA]/.test(a.value ?? ''));
      for (const a of argv.slice(1)) {
        const text = a.value ?? a.pattern ?? '';
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=([\s\S]*)$/.exec(text);
        if (!m) continue;
        if (arrays || a.value === null) assign(scope, m[1]!, { v: null, pat: a.value === null ? m[3] || '*' : '*' });
        else assign(scope, m[1]!, { v: m[2] ? (lookup(scope, m[1]!).v ?? '') + m[3]! : m[3]! });
      }
      return;
    }
    case 'unset':
      for (const v of vals.slice(1)) if (v && NAME_RE.test(v)) assign(scope, v, { v: '', unset: true });
      return;
    case 'alias':
      for (const v of vals.slice(1)) {
        const m = v && /^([^=\s]+)=([\s\S]*)$/.exec(v);
        if (m) scope.aliases.set(m[1]!, m[2]!);
      }
      return;
    case 'unalias':
      for (const v of vals.slice(1)) v === '-a' ? scope.aliases.clear() : v && scope.aliases.delete(v);
      return;
    case 'shopt':
      if (vals[1] === '-s' && vals.includes('expand_aliases')) scope.expandAliases = true;
      return;
    case 'set': {
      const dd = vals.indexOf('--');
      const args = dd > 0 ? argv.slice(dd + 1) : vals[1] && !/^[-+]/.test(vals[1]) ? argv.slice(1) : null;
      if (args) scope.positional = args.map(wordVal);
      return;
    }
    case 'shift': {
      const n = Number(vals[1] ?? 1);
      if (scope.positional) scope.positional = Number.isFinite(n) ? scope.positional.slice(n) : null;
      return;
    }
    case 'read': case 'mapfile': case 'readarray': case 'getopts': {
      let names = vals.slice(1).filter((v, i, all) => v && NAME_RE.test(v) && !/^-[adinNptu]$/.test(all[i - 1] ?? ''));
      if (name === 'getopts') names = names.slice(-1);
      if (!names.length) names = [name === 'read' ? 'REPLY' : name === 'getopts' ? 'OPTARG' : 'MAPFILE'];
      for (const n of names) assign(scope, n!, { v: null, pat: '*' });
      return;
    }
    case 'printf': {
      const v = vals.indexOf('-v');
      if (v > 0 && vals[v + 1]) assign(scope, vals[v + 1]!, { v: null, pat: '*' });
      return;
    }
    case 'eval': {
      const args = argv.slice(1);
      if (!args.length) return;
      if (args.some((a) => a.value === null)) return w.unknown(args.some((a) => w.decoded(a)) ? 'decoded-exec' : 'eval-dynamic', `eval of a string built at run time: ${args.map((a) => a.raw).join(' ')}`, span);
      const text = args.map((a) => a.value).join(' ');
      w.runSource(text, scope, { ...fragment(o, text), wrappers: [...o.wrappers, 'eval'] });
      return;
    }
    case 'trap': {
      const code = argv[1];
      if (!code || argv.length < 3 || code.value === '-' || /^-[lp]$/.test(code.value ?? '')) return;
      if (code.value === null) return w.unknown('eval-dynamic', 'trap with a command built at run time', span);
      w.runSource(code.value, cloneScope(scope), { ...fragment(o, code.value), wrappers: [...o.wrappers, 'trap'] });
      return;
    }
    case 'source': case '.': {
      const file = argv[1];
      if (file) runFileOrStdin(w, file, stdin, o, 'source', scope);
      return;
    }
  }
  if (SHELLS.has(name)) return nestedShell(w, name, argv, o, stdin);
  const code = inlineCode(argv);
  if (code) interpreter(w, code, o, idx, stdin);
}

function cd(w: Walker, scope: Scope, args: Word[]): void {
  const a = args[0];
  let target: string | null;
  if (!a) target = lookup(scope, 'HOME').v;
  else if (a.value === '-') target = scope.oldpwd;
  else target = resolveDir(scope.cwd, a);
  if (target !== null && !scope.createdDirs.has(target) && !w.ctx.fs.isDir(target)) target = null;
  scope.oldpwd = scope.cwd;
  scope.cwd = target;
}

function resolveDir(cwd: string | null, w: Word | null): string | null {
  if (!w || w.value === null) return null;
  if (w.value.startsWith('/')) return posix.normalize(w.value).replace(/(.)\/+$/, '$1');
  if (cwd === null) return null;
  return posix.resolve(cwd, w.value);
}

/** A frame for analysing a separate command string found in this command. */
function fragment(o: RunOpts, text: string): Frame {
  const spanOverride: Span | undefined = o.f.spans ? o.node.span : o.f.spanOverride;
  return { source: text, spans: false, ...(spanOverride ? { spanOverride } : {}), depth: o.f.depth + 1, wrappers: o.wrappers, redirects: [], background: o.f.background };
}

function withCwd(scope: Scope, cwd: string | null): Scope {
  const s = cloneScope(scope);
  s.cwd = cwd;
  return s;
}

function runScript(w: Walker, script: Word, o: RunOpts, label: string): Res {
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  if (script.value === null) {
    w.unknown(w.decoded(script) ? 'decoded-exec' : 'eval-dynamic', `${label} runs a command string built at run time: ${script.raw}`, span);
    return finalCommand(w, [script], o);
  }
  return w.runSource(script.value, withCwd(o.scope, o.cwd), { ...fragment(o, script.value), wrappers: o.wrappers }, o.pipe);
}

/** `bash -c '…' a b`, `sh script.sh`, `… | bash`, `bash <<EOF`, `bash <(curl …)`. */
function nestedShell(w: Walker, name: string, argv: Word[], o: RunOpts, stdin: StdinCode): void {
  let i = 1;
  let c = false;
  let s = false;
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null) break;
    if (v === '-' || v === '--') {
      i++;
      break;
    }
    if (v === '--rcfile' || v === '--init-file') {
      i++;
      continue;
    }
    if (v.startsWith('--')) continue;
    if (!/^[-+][A-Za-z]+$/.test(v)) break;
    if (v.includes('c') && v.startsWith('-')) c = true;
    if (v.includes('s') && v.startsWith('-')) s = true;
    if (/[oO]$/.test(v)) i++;
  }
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  if (c) {
    const script = argv[i];
    if (!script) return;
    if (script.value === null) return w.unknown(w.decoded(script) ? 'decoded-exec' : 'eval-dynamic', `${name} -c with a script built at run time: ${script.raw}`, span);
    const scope = withCwd(o.scope, o.cwd);
    scope.arg0 = argv[i + 1] ? wordVal(argv[i + 1]!) : { v: name };
    scope.positional = argv.slice(i + 2).map(wordVal);
    if (name === 'fish') w.unknown('unsupported', 'fish syntax is analysed as bash', span);
    w.runSource(script.value, scope, { ...fragment(o, script.value), wrappers: [...o.wrappers, `${name} -c`] });
    return;
  }
  const file = s ? undefined : argv[i];
  if (file) return runFileOrStdin(w, file, stdin, o, name, withCwd(o.scope, o.cwd));
  runStdin(w, stdin, o, name, withCwd(o.scope, o.cwd));
}

function runFileOrStdin(w: Walker, file: Word, stdin: StdinCode, o: RunOpts, label: string, scope: Scope): void {
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  if (file.value === '/dev/stdin' || file.value === '/dev/fd/0' || file.value === '-') return runStdin(w, stdin, o, label, scope);
  if (file.raw.startsWith('<(')) {
    const text = w.procOutputs.get(file.raw);
    if (typeof text === 'string') w.runSource(text, scope, { ...fragment(o, text), wrappers: [...o.wrappers, `${label} <(…)`] });
    else w.unknown('decoded-exec', `${label} runs the output of ${file.raw}`, span);
  }
}

function runStdin(w: Walker, stdin: StdinCode, o: RunOpts, label: string, scope: Scope): void {
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  if (stdin.kind === 'text') w.runSource(stdin.text, scope, { ...fragment(o, stdin.text), wrappers: [...o.wrappers, `${label} stdin`] });
  else if (stdin.kind === 'dynamic') w.unknown('decoded-exec', `${label} runs ${stdin.detail}`, span);
}

function interpreter(w: Walker, code: NonNullable<ReturnType<typeof inlineCode>>, o: RunOpts, idx: number, stdin: StdinCode): void {
  const span = o.f.spans ? o.node.span : o.f.spanOverride;
  const texts: string[] = [];
  for (const c of code.code) {
    if (c.value === null) w.unknown('eval-dynamic', `${code.language} code built at run time: ${c.raw}`, span);
    else texts.push(c.value);
  }
  if (code.fromStdin) {
    if (stdin.kind === 'text') texts.push(stdin.text);
    else if (stdin.kind === 'dynamic') w.unknown('decoded-exec', `${code.language} runs ${stdin.detail}`, span);
  }
  for (const text of texts) {
    const res = scanCode(code.language, text);
    for (const f of res.findings) w.out.interpreter.push({ language: code.language, kind: f.kind, value: f.value, command: idx });
    for (const s of res.shell.slice(0, 16)) w.runSource(s, withCwd(o.scope, o.cwd), { ...fragment(o, s), wrappers: [...o.wrappers, `${code.language} exec`] });
  }
}
