// The walk over the syntax tree: scopes for subshells and pipeline stages, pipes between
// stages, compound commands, and expansion of each simple command. What a finished argv means
// (builtins, nested shells, interpreters) is decided in commands.ts.
import type { CommandNode, ListNode, RedirNode, SimpleNode, WordNode } from './ast.js';
import { runArgv } from './commands.js';
import { expandSingle, expandText, expandWord, type Budget, type ExpandHost } from './expand.js';
import { parseShell } from './parser.js';
import { isDecoder } from './static-text.js';
import { assign, cloneScope, type Scope, type VarVal } from './scope.js';
import type { Redirect, ShellAnalysis, ShellContext, SimpleCommand, Span, StdinSource, Unknown, Word } from './types.js';

export interface Frame {
  /** Text that spans refer to. */
  source: string;
  /** False for fragments analysed separately (eval strings, bash -c): their spans are not the caller's. */
  spans: boolean;
  /** Span in the caller's source that fragment commands are attributed to. */
  spanOverride?: Span;
  depth: number;
  wrappers: string[];
  /** Redirections of enclosing compound commands (`{ …; } > f`). */
  redirects: Redirect[];
  background: boolean;
}

/** What flows into a pipeline stage. `text`: static output of the previous stage, if known. */
export interface PipeIn {
  from: number;
  text: string | null;
  /** The producer only reads files (`cat script.sh | sh` runs a file, it is not decoded data). */
  fileReader: boolean;
  producer: string;
}

/** Result of walking a command: first/last emitted command (for pipes) and static output. */
export interface Res {
  first?: number;
  last?: number;
  out: string | null;
}

const NONE: Res = { out: null };

export class Walker {
  readonly budget: Budget;
  readonly maxDepth: number;
  private pipeIn: PipeIn | null = null;
  readonly procOutputs = new Map<string, string | null>();
  /** Source text of substitutions whose output passed through a decoder (`$(… | base64 -d)`). */
  readonly decodedSubs = new Set<string>();
  readonly aliasStack = new Set<string>();

  constructor(
    readonly ctx: ShellContext,
    readonly out: ShellAnalysis,
  ) {
    this.maxDepth = ctx.maxDepth ?? 8;
    this.budget = { words: 10_000, glob: { readdirs: 256, maxMatches: ctx.maxGlobMatches ?? 256 }, braceMax: 1024, commands: ctx.maxCommands ?? 1000 };
  }

  /** Past the command or word budget: stop walking (an Unknown 'budget' is already reported). */
  exhausted(): boolean {
    if (this.out.commands.length >= this.budget.commands) this.unknown('budget', `more than ${this.budget.commands} commands`);
    else if (this.budget.words >= 0) return false;
    return true;
  }

  unknown(kind: Unknown['kind'], detail: string, span?: Span): void {
    if (this.out.unknowns.length >= 100) return;
    if (this.out.unknowns.some((u) => u.kind === kind && u.detail === detail)) return;
    this.out.unknowns.push(span ? { kind, detail, span } : { kind, detail });
  }

  /** Parses and walks a command string (the line itself, or an eval / bash -c fragment). */
  runSource(text: string, scope: Scope, f: Frame, pipe: PipeIn | null = null): Res {
    if (f.depth > this.maxDepth) {
      this.unknown('budget', `nested deeper than ${this.maxDepth} levels`, f.spanOverride);
      return NONE;
    }
    const { list, issues } = parseShell(text, { maxNesting: 400, maxWords: Math.max(1000, this.budget.words + this.budget.commands) });
    for (const i of issues) this.unknown(i.kind, i.detail, f.spans ? i.span : f.spanOverride);
    this.pipeIn = pipe;
    return this.walkList(list, scope, f);
  }

  walkList(list: ListNode, scope: Scope, f: Frame): Res {
    let out: string | null = '';
    let first: number | undefined;
    let last: number | undefined;
    for (const item of list.items) {
      if (this.exhausted()) return { first, last, out: null };
      const frame = item.background && !f.background ? { ...f, background: true } : f;
      const node = item.node;
      let r = this.walkPipeline(node.first, scope, frame);
      if (node.rest.length) {
        for (const { pipeline } of node.rest) {
          const r2 = this.walkPipeline(pipeline, scope, frame);
          r = { first: r.first ?? r2.first, last: r2.last ?? r.last, out: null };
        }
      }
      first ??= r.first;
      last = r.last ?? last;
      out = out !== null && r.out !== null ? out + r.out : null;
    }
    return { first, last, out: list.items.length ? out : null };
  }

  private walkPipeline(p: { cmds: CommandNode[] }, scope: Scope, f: Frame): Res {
    if (p.cmds.length === 1) return this.walkCommand(p.cmds[0]!, scope, f);
    let prev: Res | null = null;
    let first: number | undefined;
    for (const stage of p.cmds) {
      if (this.exhausted()) break;
      if (prev && prev.last !== undefined) {
        const producer = this.out.commands[prev.last]!;
        this.pipeIn = { from: prev.last, text: prev.out, fileReader: isFileReader(producer), producer: producer.argv[0]?.value ?? '?' };
      } else if (prev) this.pipeIn = null;
      const r = this.walkCommand(stage, cloneScope(scope), f);
      this.pipeIn = null;
      if (prev?.last !== undefined && r.first !== undefined) this.out.commands[prev.last]!.pipesTo = r.first;
      first ??= r.first;
      prev = r;
    }
    return { first, last: prev?.last, out: prev?.out ?? null };
  }

  /** Was this word built from decoded data (a substitution through base64 -d and kin)? */
  decoded(w: Word): boolean {
    for (const s of this.decodedSubs) if (w.raw.includes(s)) return true;
    return false;
  }

  /** Hands the pending pipe input to the first command of a stage (and only to it). */
  takePipe(): PipeIn | null {
    const p = this.pipeIn;
    this.pipeIn = null;
    return p;
  }

  walkCommand(node: CommandNode, scope: Scope, f: Frame): Res {
    if (node.t === 'simple') return this.walkSimple(node, scope, f);
    if (node.t === 'func') {
      this.out.functions.push(node.name);
      const fnScope = cloneScope(scope);
      fnScope.positional = null;
      this.takePipe();
      this.walkCommand(node.body, fnScope, { ...f, wrappers: [...f.wrappers, `function ${node.name}`] });
      return NONE;
    }
    if (node.t === 'coproc') return this.walkCommand(node.body, cloneScope(scope), { ...f, background: true });
    const host = this.host(scope, f);
    const redirs = 'redirs' in node && node.redirs.length ? this.redirects(node.redirs, host) : [];
    const inner: Frame = redirs.length ? { ...f, redirects: [...f.redirects, ...redirs] } : f;
    switch (node.t) {
      case 'subshell':
        return this.walkList(node.body, cloneScope(scope), inner);
      case 'group':
        return this.walkList(node.body, scope, inner);
      case 'compound': {
        let r: Res = NONE;
        let first: number | undefined;
        for (const l of node.lists) {
          r = this.walkList(l, scope, inner);
          first ??= r.first;
        }
        return { first, last: r.last, out: null };
      }
      case 'for': {
        const values: Word[] = node.words ? node.words.flatMap((w) => expandWord(w, host)) : [];
        const known = node.words !== null && values.every((w) => w.value !== null);
        let res: Res = NONE;
        if (known && values.length > 0 && values.length <= 8) {
          for (const v of values) {
            assign(scope, node.name, { v: v.value! });
            res = this.walkList(node.body, scope, inner);
          }
        } else {
          const globs = [...new Set(values.map((v) => v.fromGlob ?? v.pattern ?? v.value ?? '*'))];
          assign(scope, node.name, { v: null, pat: globs.length === 1 ? globs[0]! : '*' });
          res = this.walkList(node.body, scope, inner);
        }
        return { ...res, out: null };
      }
      case 'arithfor':
        expandText(node.parts, host);
        return { ...this.walkList(node.body, scope, inner), out: null };
      case 'case': {
        expandSingle(node.word, host);
        let first: number | undefined;
        let last: number | undefined;
        for (const arm of node.arms) {
          for (const p of arm.patterns) expandText(p.parts, host);
          const r = this.walkList(arm.body, scope, inner);
          first ??= r.first;
          last = r.last ?? last;
        }
        return { first, last, out: null };
      }
      case 'test': {
        const argv: Word[] = [{ value: '[[', raw: '[[' }, ...node.words.flatMap((w) => expandTestWord(w, host)), { value: ']]', raw: ']]' }];
        const idx = this.emit(argv, { f: inner, scope, assignments: [], redirects: [], text: this.text(node.span, f), span: node.span });
        return idx < 0 ? NONE : { first: idx, last: idx, out: null };
      }
      case 'arithcmd':
        expandText(node.parts, host);
        return NONE;
    }
  }

  private walkSimple(node: SimpleNode, scope: Scope, f: Frame): Res {
    const pipe = this.takePipe();
    const host = this.host(scope, f);
    const assigns = node.assigns.map((a) => ({ name: a.name, value: a.value ? expandSingle(a.value, host) : ({ value: null, raw: '(…)', pattern: '*', dynamic: true } as Word) }));
    const argv = node.words.flatMap((w) => expandWord(w, host));
    const redirects = [...this.redirects(node.redirs, host), ...f.redirects];
    if (!argv.length) {
      for (const a of assigns) assign(scope, a.name, wordVal(a.value));
      if (!node.redirs.length) return { out: '' };
      const idx = this.emit([], { f, scope, assignments: assigns, redirects, text: this.text(node.span, f), span: node.span, pipe });
      return idx < 0 ? NONE : { first: idx, last: idx, out: null };
    }
    return runArgv(this, argv, { node, scope, f, assignments: assigns, redirects, pipe, cwd: scope.cwd, wrappers: f.wrappers });
  }

  host(scope: Scope, f: Frame): ExpandHost {
    return {
      ctx: this.ctx,
      scope,
      source: f.source,
      spans: f.spans,
      budget: this.budget,
      unknown: (kind, detail, span) => this.unknown(kind, detail, f.spans ? span : f.spanOverride),
      substitute: (body, kind, span) => this.substitute(body, kind, span, scope, f),
    };
  }

  private substitute(body: ListNode, kind: 'cmd' | 'proc', span: Span, scope: Scope, f: Frame): string | null {
    if (f.depth + 1 > this.maxDepth) {
      this.unknown('budget', `nested deeper than ${this.maxDepth} levels`, f.spans ? span : f.spanOverride);
      return null;
    }
    const saved = this.pipeIn;
    this.pipeIn = null;
    const label = kind === 'cmd' ? '$(…)' : f.source[span.start] === '>' ? '>(…)' : '<(…)';
    const before = this.out.commands.length;
    const r = this.walkList(body, cloneScope(scope), { ...f, depth: f.depth + 1, wrappers: [...f.wrappers, label], redirects: [], background: false });
    this.pipeIn = saved;
    if (this.out.commands.slice(before).some((c) => isDecoder(c.argv))) this.decodedSubs.add(f.source.slice(span.start, span.end));
    if (kind === 'proc') this.procOutputs.set(f.source.slice(span.start, span.end), r.out);
    return r.out;
  }

  redirects(nodes: RedirNode[], host: ExpandHost): Redirect[] {
    return nodes.map((r) => {
      const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
      if (r.heredoc) {
        const h = r.heredoc;
        const body = h.body === null ? null : h.quoted || !h.parts ? h.body : expandText(h.parts, host).value;
        return { op: r.op, fd, target: { value: h.delimiter, raw: h.delimiter, ...(h.quoted ? { quoted: true } : {}) }, body };
      }
      if (r.op === '<<<') {
        const w = expandSingle(r.target, host);
        return { op: r.op, fd, target: w, body: w.value === null ? null : w.value + '\n' };
      }
      const words = expandWord(r.target, host);
      // `>& file` (not a descriptor) is bash for `&> file`.
      if (r.op === '>&' && words.length === 1 && words[0]!.value !== null && !/^(\d+-?|-)$/.test(words[0]!.value)) return { op: '&>', fd, target: words[0]! };
      const target = words.length === 1 ? words[0]! : { value: null, raw: host.source.slice(r.target.span.start, r.target.span.end), pattern: words.map((w) => w.value ?? '*').join(' ') || '*', dynamic: true };
      return { op: r.op, fd, target };
    });
  }

  text(span: Span, f: Frame): string {
    return f.source.slice(span.start, span.end);
  }

  /** Adds a command to the analysis; -1 when the command budget is spent. */
  emit(argv: Word[], o: { f: Frame; scope: Scope; assignments: SimpleCommand['assignments']; redirects: Redirect[]; text: string; span: Span; pipe?: PipeIn | null; wrappers?: string[]; cwd?: string | null; dynamicCommand?: boolean }): number {
    if (this.out.commands.length >= this.budget.commands) {
      this.unknown('budget', `more than ${this.budget.commands} commands`);
      return -1;
    }
    const cmd: SimpleCommand = {
      argv,
      wrappers: o.wrappers ?? o.f.wrappers,
      assignments: o.assignments,
      redirects: o.redirects,
      cwd: o.cwd === undefined ? o.scope.cwd : o.cwd,
      depth: o.f.depth,
      text: o.text,
    };
    const stdin = stdinOf(o.redirects, o.pipe ?? null);
    if (stdin) cmd.stdin = stdin;
    if (o.f.background) cmd.background = true;
    if (o.dynamicCommand) cmd.dynamicCommand = true;
    const span = o.f.spans ? o.span : o.f.spanOverride;
    if (span) cmd.span = span;
    return this.out.commands.push(cmd) - 1;
  }
}

function stdinOf(redirects: Redirect[], pipe: PipeIn | null): StdinSource | undefined {
  let s: StdinSource | undefined = pipe ? { kind: 'pipe', from: pipe.from } : undefined;
  for (const r of redirects) {
    if (r.fd !== 0) continue;
    if (r.op === '<' || r.op === '<>') s = { kind: 'file', path: r.target };
    else if (r.op === '<<' || r.op === '<<-') s = { kind: 'heredoc', body: r.body ?? null };
    else if (r.op === '<<<') s = { kind: 'here-string', body: r.body ?? null };
  }
  return s;
}

/** `cat file…`-like producers: piping them into a shell runs a file, not decoded data. */
function isFileReader(c: SimpleCommand): boolean {
  const name = c.argv[0]?.value?.replace(/^.*\//, '');
  return (name === 'cat' || name === 'head' || name === 'tail') && c.argv.length > 1 && c.argv.every((w) => w.value !== null) && !c.stdin;
}

export function wordVal(w: Word): VarVal {
  return w.value === null ? { v: null, pat: w.pattern ?? '*' } : { v: w.value };
}

/** `[[ ]]` operands are not split or globbed. */
function expandTestWord(w: WordNode, host: ExpandHost): Word[] {
  return [expandSingle(w, host)];
}
