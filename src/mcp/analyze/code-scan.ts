// Runs the code rules over one parsed file. The engine walks; rules only describe what to find
// and how to judge a match (see rules/code-*.ts).
import type { CodeMatcher, MatchContext } from '../rules/code-types.js';
import { JS_MATCHERS } from '../rules/code-js.js';
import { PY_MATCHERS } from '../rules/code-py.js';
import type { Lang, Severity, SourceFile } from '../types.js';
import { Bindings } from './static-value.js';
import type { SgNode, SgRoot } from './sg.js';

export interface RawHit {
  id: string;
  severity?: Severity;
  message?: string;
  file: string;
  line: number;
  column: number;
  text: string;
  tool?: string;
  host?: string;
}

export interface HandlerRange {
  start: number;
  end: number;
  tool: string;
}

export function matchersFor(lang: Lang): CodeMatcher[] {
  return lang === 'python' ? PY_MATCHERS : JS_MATCHERS;
}

function makeContext(file: SourceFile, root: SgRoot, python: boolean, handlers: readonly HandlerRange[]): MatchContext {
  const bindings = new Bindings(root, python);
  const origin = (n: SgNode, depth = 0): string => {
    let out = n.text();
    if (depth >= 2 || out.length > 4000) return out;
    const ids = n.kind() === 'identifier' ? [n] : n.findAll({ rule: { kind: 'identifier' } }).slice(0, 8);
    for (const id of ids) {
      const b = bindings.lookup(id.text());
      if (b?.node && b.node.range().start.index !== n.range().start.index) out += '\n' + origin(b.node, depth + 1);
    }
    return out;
  };
  return {
    path: file.path,
    text: file.text,
    python,
    bindings,
    toolAt: (n) => {
      const i = n.range().start.index;
      let best: HandlerRange | undefined;
      for (const h of handlers) if (i >= h.start && i < h.end && (!best || h.end - h.start < best.end - best.start)) best = h;
      return best?.tool;
    },
    origin,
  };
}

const OBFUSCATOR = /\b_0x[0-9a-f]{4,6}\b/g;
const PACKER = /eval\(function\(p,a,c,k,e,[dr]\)/;

/** Text-level signs of obfuscation that no AST rule expresses well. */
export function textHits(file: SourceFile): RawHit[] {
  const out: RawHit[] = [];
  const names = new Set(file.text.match(OBFUSCATOR) ?? []);
  const packed = PACKER.exec(file.text);
  if (names.size >= 8 || packed) {
    const idx = packed ? packed.index : file.text.search(OBFUSCATOR);
    const line = file.text.slice(0, idx).split('\n').length;
    out.push({
      id: 'mcp/code/obfuscated-code',
      message: packed ? 'packed with an eval(function(p,a,c,k,e,…)) packer' : `${names.size} obfuscator-style identifiers (_0x…)`,
      file: file.path,
      line,
      column: 1,
      text: file.text.slice(idx, idx + 160),
    });
  }
  return out;
}

export function scanCode(file: SourceFile, root: SgRoot, lang: Lang, handlers: readonly HandlerRange[], matchers = matchersFor(lang)): RawHit[] {
  const python = lang === 'python';
  let ctx: MatchContext | undefined;
  const out: RawHit[] = textHits(file);
  const seen = new Set<string>();
  for (const m of matchers) {
    if (typeof m.prefilter === 'function' ? !m.prefilter(file.text) : !m.prefilter.test(file.text)) continue;
    ctx ??= makeContext(file, root, python, handlers);
    const find = typeof m.find === 'function' ? m.find(file.text) : m.find;
    if (!find) continue;
    for (const n of root.root().findAll(find)) {
      const r = m.refine ? m.refine(n, ctx) : {};
      if (r === null) continue;
      const range = n.range();
      const id = r.id ?? m.id;
      const key = `${id}:${range.start.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const tool = ctx.toolAt(n);
      out.push({
        id,
        ...(r.severity ? { severity: r.severity } : {}),
        ...(r.message ? { message: r.message } : {}),
        file: file.path,
        line: range.start.line + 1,
        column: range.start.column + 1,
        text: n.text().slice(0, 400),
        ...(tool ? { tool } : {}),
        ...(r.host ? { host: r.host } : {}),
      });
    }
  }
  return out;
}
