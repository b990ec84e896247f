// A small constant folder for the expressions that hold tool names, descriptions and schemas.
// It evaluates literals, concatenations, templates, `[...].join()`, and identifiers bound once in
// the same file; anything else is reported as dynamic, with a guess of what it depends on (a
// file, the clock, a counter, the environment, the client), because a description that can change
// at run time is how a rug pull is prepared.
import type { DynamicSource } from '../types.js';
import { named, type SgNode, type SgRoot } from './sg.js';

export interface Folded {
  value: unknown;
  dynamic: DynamicSource[];
}

const SOURCE_HINTS: [DynamicSource, RegExp][] = [
  ['file', /\b(?:readFileSync|readFile|existsSync|statSync|open\(|read_text|read_bytes|Path\(|exists\(|os\.path\.(?:exists|isfile|getmtime)|json\.load)\b/],
  ['time', /\b(?:Date(?:\.now)?|new Date|getHours|getDay|time\.time|datetime|performance\.now|hrtime)\b/],
  ['env', /\b(?:process\.env|os\.environ|os\.getenv|getenv)\b/],
  ['client', /\b(?:clientInfo|getClientVersion|getClientCapabilities|client_info|client_params|clientName|user[_-]?agent)\b/i],
  ['network', /\b(?:fetch|axios|requests\.|httpx|urlopen|http\.get|https\.get)\b/],
  ['random', /\b(?:Math\.random|random\.|randomUUID|crypto\.random)\b/],
  ['counter', /(?:\+\+|--|\+=|\bcount(?:er)?\b|\bcalls?\b|\binvocations?\b)/i],
];

export function guessSources(text: string): DynamicSource[] {
  const out = SOURCE_HINTS.filter(([, re]) => re.test(text)).map(([s]) => s);
  return out.length ? out : ['unknown'];
}

function merge(a: DynamicSource[], b: DynamicSource[]): DynamicSource[] {
  return [...new Set([...a, ...b])];
}

/** Per-file index of single bindings: `const X = …` (JS) and module-level `X = …` (Python). */
export class Bindings {
  private readonly values = new Map<string, SgNode | null>();
  private readonly mutated = new Set<string>();
  private built = false;
  constructor(
    private readonly root: SgRoot,
    private readonly python: boolean,
  ) {}
  /** Built on first lookup: most files never need it. */
  private build(): void {
    this.built = true;
    const root = this.root;
    const python = this.python;
    const r = root.root();
    if (python) {
      for (const a of r.findAll({ rule: { kind: 'assignment' } })) {
        const left = a.field('left');
        const right = a.field('right');
        if (left?.kind() !== 'identifier' || !right) continue;
        const name = left.text();
        this.values.set(name, this.values.has(name) ? null : right);
      }
      for (const a of r.findAll({ rule: { kind: 'augmented_assignment' } })) {
        const left = a.field('left');
        if (left?.kind() === 'identifier') this.mutated.add(left.text());
      }
      return;
    }
    for (const d of r.findAll({ rule: { kind: 'variable_declarator' } })) {
      const name = d.field('name');
      const value = d.field('value');
      if (name?.kind() !== 'identifier') continue;
      const id = name.text();
      this.values.set(id, this.values.has(id) ? null : (value ?? null));
      const decl = d.parent();
      if (decl && decl.kind() !== 'lexical_declaration') this.mutated.add(id); // var
      else if (decl && decl.child(0)?.text() === 'let') this.mutated.add(id);
    }
    for (const u of r.findAll({ rule: { any: [{ kind: 'update_expression' }, { kind: 'augmented_assignment_expression' }, { kind: 'assignment_expression' }] } })) {
      const target = u.kind() === 'update_expression' ? named(u.children())[0] : u.field('left');
      if (target?.kind() === 'identifier') this.mutated.add(target.text());
    }
  }
  lookup(name: string): { node: SgNode | null; mutated: boolean } | undefined {
    if (!this.built) this.build();
    if (!this.values.has(name)) return undefined;
    return { node: this.values.get(name) ?? null, mutated: this.mutated.has(name) };
  }
}

function stringLiteral(n: SgNode, python: boolean): string | undefined {
  const k = n.kind();
  if (python) {
    if (k !== 'string') return undefined;
    if (n.children().some((c) => c.kind() === 'interpolation')) return undefined;
    const start = n.children().find((c) => c.kind() === 'string_start')?.text() ?? '"';
    const content = n.children().filter((c) => c.kind() === 'string_content' || c.kind() === 'escape_sequence');
    const raw = content.map((c) => c.text()).join('');
    if (/[rR]/.test(start.replace(/['"]/g, ''))) return raw;
    return unescapePy(raw);
  }
  if (k === 'string') {
    const t = n.text();
    try {
      return t.startsWith("'") ? (JSON.parse('"' + t.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"') as string) : (JSON.parse(t) as string);
    } catch {
      return unescapeJs(t.slice(1, -1));
    }
  }
  return undefined;
}

function unescapeJs(s: string): string {
  return s.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e[0] === 'u' || e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

function unescapePy(s: string): string {
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|N\{[^}]*\}|\n|.)/g, (_m, e: string) => {
    if (e[0] === 'U' || e[0] === 'u' || e[0] === 'x') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e === '\n') return '';
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

const DYN = (text: string): Folded => ({ value: undefined, dynamic: guessSources(text) });

export function fold(n: SgNode | null | undefined, b: Bindings, python: boolean, depth = 0): Folded {
  if (!n) return { value: undefined, dynamic: ['unknown'] };
  if (depth > 12) return DYN(n.text());
  const k = n.kind();
  const lit = stringLiteral(n, python);
  if (lit !== undefined) return { value: lit, dynamic: [] };
  switch (k) {
    case 'number':
    case 'integer':
    case 'float':
      return { value: Number(n.text()), dynamic: [] };
    case 'true':
    case 'True':
      return { value: true, dynamic: [] };
    case 'false':
    case 'False':
      return { value: false, dynamic: [] };
    case 'null':
    case 'none':
    case 'None':
      return { value: null, dynamic: [] };
    case 'parenthesized_expression':
      return fold(named(n.children())[0], b, python, depth + 1);
    case 'concatenated_string': {
      let s = '';
      let dyn: DynamicSource[] = [];
      for (const c of named(n.children())) {
        const f = fold(c, b, python, depth + 1);
        s += typeof f.value === 'string' ? f.value : '…';
        dyn = merge(dyn, f.dynamic);
      }
      return { value: s, dynamic: dyn };
    }
    case 'template_string': {
      let s = '';
      let dyn: DynamicSource[] = [];
      for (const c of n.children()) {
        if (c.kind() === 'string_fragment') s += c.text();
        else if (c.kind() === 'escape_sequence') s += unescapeJs(c.text());
        else if (c.kind() === 'template_substitution') {
          const f = fold(named(c.children())[0], b, python, depth + 1);
          s += f.value === undefined ? '…' : String(f.value);
          dyn = merge(dyn, f.dynamic);
        }
      }
      return { value: s, dynamic: dyn };
    }
    case 'string': {
      // Python f-string with interpolations.
      let s = '';
      let dyn: DynamicSource[] = [];
      for (const c of n.children()) {
        if (c.kind() === 'string_content') s += c.text();
        else if (c.kind() === 'interpolation') {
          const f = fold(named(c.children())[0], b, python, depth + 1);
          s += f.value === undefined ? '…' : String(f.value);
          dyn = merge(dyn, f.dynamic);
        }
      }
      return { value: s, dynamic: dyn };
    }
    case 'binary_expression':
    case 'binary_operator': {
      const op = n.field('operator')?.text() ?? n.children().find((c) => !c.isNamed())?.text();
      if (op !== '+') return DYN(n.text());
      const l = fold(n.field('left'), b, python, depth + 1);
      const r = fold(n.field('right'), b, python, depth + 1);
      if (typeof l.value === 'number' && typeof r.value === 'number') return { value: l.value + r.value, dynamic: merge(l.dynamic, r.dynamic) };
      const str = (v: unknown) => (v === undefined ? '…' : String(v));
      return { value: str(l.value) + str(r.value), dynamic: merge(l.dynamic, r.dynamic) };
    }
    case 'identifier': {
      const bound = b.lookup(n.text());
      if (!bound || !bound.node) return DYN(n.text());
      const f = fold(bound.node, b, python, depth + 1);
      return bound.mutated ? { value: f.value, dynamic: merge(f.dynamic, ['counter']) } : f;
    }
    case 'array':
    case 'list':
    case 'tuple': {
      const out: unknown[] = [];
      let dyn: DynamicSource[] = [];
      for (const c of named(n.children())) {
        if (c.kind() === 'spread_element' || c.kind() === 'list_splat') return DYN(n.text());
        const f = fold(c, b, python, depth + 1);
        out.push(f.value);
        dyn = merge(dyn, f.dynamic);
      }
      return { value: out, dynamic: dyn };
    }
    case 'object':
    case 'dictionary': {
      const out: Record<string, unknown> = {};
      let dyn: DynamicSource[] = [];
      for (const c of named(n.children())) {
        if (c.kind() === 'shorthand_property_identifier') {
          const f = fold(c, b, python, depth + 1);
          out[c.text()] = f.value;
          dyn = merge(dyn, f.dynamic);
          continue;
        }
        if (c.kind() !== 'pair') {
          if (c.kind() === 'spread_element' || c.kind() === 'dictionary_splat') dyn = merge(dyn, guessSources(c.text()));
          continue;
        }
        const keyNode = c.field('key');
        let key: string | undefined;
        if (keyNode?.kind() === 'property_identifier' || keyNode?.kind() === 'identifier') key = python ? undefined : keyNode.text();
        else {
          const kf = fold(keyNode, b, python, depth + 1);
          if (typeof kf.value === 'string' || typeof kf.value === 'number') key = String(kf.value);
        }
        if (key === undefined) {
          dyn = merge(dyn, ['unknown']);
          continue;
        }
        const f = fold(c.field('value'), b, python, depth + 1);
        out[key] = f.value;
        dyn = merge(dyn, f.dynamic);
      }
      return { value: out, dynamic: dyn };
    }
    case 'ternary_expression':
    case 'conditional_expression': {
      // `cond ? a : b` (JS) / `a if cond else b` (Python): what the choice depends on matters.
      const parts = named(n.children());
      const cond = python ? parts[1] : n.field('condition') ?? parts[0];
      let condText = cond?.text() ?? '';
      for (const id of cond?.findAll({ rule: { kind: 'identifier' } }) ?? []) {
        const bound = b.lookup(id.text());
        if (bound?.node) condText += '\n' + bound.node.text();
      }
      const a = fold(python ? parts[0] : n.field('consequence') ?? parts[1], b, python, depth + 1);
      const c = fold(python ? parts[2] : n.field('alternative') ?? parts[2], b, python, depth + 1);
      const v = typeof a.value === 'string' && typeof c.value === 'string' ? `${a.value} ⟨or⟩ ${c.value}` : undefined;
      return { value: v, dynamic: merge(merge(guessSources(condText), a.dynamic), c.dynamic) };
    }
    case 'call_expression':
    case 'call': {
      // `[...].join(sep)` and string methods on constants.
      const fn = n.field('function');
      const args = named(n.field('arguments')?.children() ?? []);
      if (fn && (fn.kind() === 'member_expression' || fn.kind() === 'attribute')) {
        const obj = fn.field('object');
        const prop = (fn.field('property') ?? fn.field('attribute'))?.text();
        const base = fold(obj, b, python, depth + 1);
        if (prop === 'join' && python && typeof base.value === 'string' && args[0]) {
          const items = fold(args[0], b, python, depth + 1);
          if (Array.isArray(items.value)) return { value: items.value.map(String).join(base.value), dynamic: merge(base.dynamic, items.dynamic) };
        }
        if (prop === 'join' && Array.isArray(base.value)) {
          const sep = args[0] ? fold(args[0], b, python, depth + 1) : { value: ',', dynamic: [] };
          return { value: base.value.map(String).join(String(sep.value ?? '')), dynamic: merge(base.dynamic, sep.dynamic) };
        }
        if (typeof base.value === 'string' && prop && /^(?:trim|strip|trimStart|trimEnd|lstrip|rstrip|toString)$/.test(prop)) {
          return { value: base.value.trim(), dynamic: base.dynamic };
        }
        if (typeof base.value === 'string' && prop === 'dedent') return { value: base.value, dynamic: base.dynamic };
      }
      if (python && fn?.text() === 'dedent' && args[0]) return fold(args[0], b, python, depth + 1);
      return DYN(n.text());
    }
    default:
      return DYN(n.text());
  }
}

/** Python docstring cleanup as `inspect.cleandoc` does it. */
export function cleandoc(doc: string): string {
  const lines = doc.replace(/\t/g, '        ').split('\n');
  let indent = Infinity;
  for (const l of lines.slice(1)) if (l.trim()) indent = Math.min(indent, l.length - l.trimStart().length);
  const out = [lines[0]!.trim(), ...lines.slice(1).map((l) => (indent === Infinity ? l : l.slice(indent)).trimEnd())];
  while (out.length && !out[0]) out.shift();
  while (out.length && !out[out.length - 1]) out.pop();
  return out.join('\n');
}
