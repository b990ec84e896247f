// Tool metadata read from Python source without running it: FastMCP decorators
// (`@mcp.tool()`, `@mcp.prompt()`, `@mcp.resource(uri)`) with docstrings and typed parameters
// (`Annotated[str, Field(description=…)]`), low-level `Tool(name=…, description=…, inputSchema=…)`
// objects, server instructions, and run-time changes (`fn.__doc__ = …`, `add_tool`, `remove_tool`).
import type { DynamicSource, ExtractedTool, ServerSurface, SourceFile } from '../types.js';
import { Bindings, cleandoc, fold, guessSources } from './static-value.js';
import { lineOf, named, type SgNode, type SgRoot } from './sg.js';

const PY_TYPES: Record<string, string> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean', list: 'array', dict: 'object', List: 'array', Dict: 'object' };

function kwargs(call: SgNode): Map<string, SgNode> {
  const m = new Map<string, SgNode>();
  for (const a of named(call.field('arguments')?.children() ?? [])) {
    if (a.kind() === 'keyword_argument') {
      const k = a.field('name')?.text();
      const v = a.field('value');
      if (k && v) m.set(k, v);
    }
  }
  return m;
}

function positional(call: SgNode): SgNode[] {
  return named(call.field('arguments')?.children() ?? []).filter((a) => a.kind() !== 'keyword_argument');
}

function docstring(fn: SgNode): { text: string; node: SgNode } | undefined {
  const first = named(fn.field('body')?.children() ?? [])[0];
  const s = first?.kind() === 'expression_statement' ? named(first.children())[0] : undefined;
  if (s?.kind() !== 'string') return undefined;
  const content = s.children().filter((c) => c.kind() === 'string_content' || c.kind() === 'escape_sequence').map((c) => c.text()).join('');
  return { text: cleandoc(content), node: s };
}

function paramSchema(p: SgNode, b: Bindings): { name: string; schema: Record<string, unknown>; required: boolean } | undefined {
  const k = p.kind();
  let name: string | undefined;
  let type: SgNode | null = null;
  let hasDefault = false;
  let dflt: SgNode | null = null;
  if (k === 'identifier') name = p.text();
  else if (k === 'typed_parameter') {
    name = named(p.children()).find((c) => c.kind() === 'identifier')?.text();
    type = p.field('type');
  } else if (k === 'typed_default_parameter' || k === 'default_parameter') {
    name = p.field('name')?.text();
    type = p.field('type');
    hasDefault = true;
    dflt = p.field('value');
  } else return undefined;
  if (!name || name === 'self' || name === 'cls') return undefined;
  const typeText = type?.text() ?? '';
  if (/\bContext\b/.test(typeText) || name === 'ctx') return undefined;
  const schema: Record<string, unknown> = {};
  const base = /^Annotated\[\s*([A-Za-z_][\w.]*)/.exec(typeText)?.[1] ?? /^(?:Optional\[)?([A-Za-z_][\w.]*)/.exec(typeText)?.[1];
  if (base && PY_TYPES[base]) schema.type = PY_TYPES[base];
  // Field(description=…) inside Annotated[…] or as the default value.
  const fields = [...(type?.findAll({ rule: { pattern: 'Field($$$)' } }) ?? []), ...(dflt && /^Field\(/.test(dflt.text()) ? [dflt] : [])];
  for (const f of fields) {
    const d = kwargs(f).get('description');
    if (d) {
      const v = fold(d, b, true).value;
      if (typeof v === 'string') schema.description = v;
    }
    if (f === dflt && kwargs(f).has('default')) hasDefault = true;
    else if (f === dflt) hasDefault = false;
  }
  if (dflt && !/^Field\(/.test(dflt.text())) {
    const v = fold(dflt, b, true).value;
    if (v !== undefined) schema.default = v;
  }
  return { name, schema, required: !hasDefault };
}

export function extractPy(file: SourceFile, root: SgRoot, surface: ServerSurface): void {
  const r = root.root();
  const b = new Bindings(root, true);
  const loc = (n: SgNode) => ({ file: file.path, line: lineOf(n) });

  for (const dd of r.findAll({ rule: { kind: 'decorated_definition' } })) {
    const fn = dd.field('definition');
    if (fn?.kind() !== 'function_definition') continue;
    for (const dec of named(dd.children()).filter((c) => c.kind() === 'decorator')) {
      const expr = named(dec.children())[0];
      if (!expr) continue;
      const call = expr.kind() === 'call' ? expr : undefined;
      const callee = (call ? call.field('function') : expr)?.text() ?? '';
      const m = /(?:^|\.)(tool|prompt|resource)$/.exec(callee);
      if (!m || !callee.includes('.')) continue;
      const kw = call ? kwargs(call) : new Map<string, SgNode>();
      const fname = fn.field('name')!.text();
      const doc = docstring(fn);
      let dyn: DynamicSource[] = [];
      const text = (key: string): string | undefined => {
        const v = kw.get(key);
        if (!v) return undefined;
        const f = fold(v, b, true);
        dyn = [...new Set([...dyn, ...f.dynamic])];
        return typeof f.value === 'string' ? f.value : '…';
      };
      const name = text('name') ?? (m[1] === 'tool' && call && positional(call)[0] ? String(fold(positional(call)[0], b, true).value ?? fname) : fname);
      const description = text('description') ?? doc?.text;
      if (m[1] === 'tool') {
        const properties: Record<string, unknown> = {};
        const required: string[] = [];
        for (const p of named(fn.field('parameters')?.children() ?? [])) {
          const s = paramSchema(p, b);
          if (!s) continue;
          properties[s.name] = s.schema;
          if (s.required) required.push(s.name);
        }
        const tool: ExtractedTool = {
          name,
          ...(text('title') ? { title: text('title') } : {}),
          ...(description !== undefined ? { description } : {}),
          inputSchema: { type: 'object', properties, ...(required.length ? { required } : {}) },
          loc: loc(dd),
          handler: { file: file.path, start: fn.range().start.index, end: fn.range().end.index },
        };
        const ann = kw.get('annotations');
        if (ann) tool.annotations = fold(ann, b, true).value;
        if (dyn.length) tool.dynamic = dyn;
        surface.tools.push(tool);
      } else if (m[1] === 'prompt') {
        surface.prompts.push({ name, ...(description ? { description } : {}), loc: loc(dd) });
      } else {
        const uri = call && positional(call)[0] ? fold(positional(call)[0], b, true).value : undefined;
        surface.resources.push({ uri: typeof uri === 'string' ? uri : `(computed) ${fname}`, name, ...(description ? { description } : {}), loc: loc(dd) });
      }
    }
  }

  // Server instructions: FastMCP("name", instructions=…) / Server("name", instructions=…).
  for (const call of r.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(?:^|\\.)(?:FastMCP|Server|MCPServer)$' } } })) {
    const ins = kwargs(call).get('instructions');
    if (!ins) continue;
    const f = fold(ins, b, true);
    surface.instructions = { text: typeof f.value === 'string' ? f.value : '(computed)', loc: loc(ins) };
    if (f.dynamic.length) surface.dynamic.push({ kind: f.dynamic[0]!, loc: loc(ins), evidence: ins.text().slice(0, 160) });
  }

  // Low-level: Tool(name=…, description=…, inputSchema=…).
  for (const call of r.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(?:^|\\.)Tool$' } } })) {
    const kw = kwargs(call);
    if (!kw.has('name') || !kw.has('inputSchema')) continue;
    const name = fold(kw.get('name'), b, true);
    if (typeof name.value !== 'string') continue;
    const tool: ExtractedTool = { name: name.value, loc: loc(call) };
    let dyn: DynamicSource[] = [...name.dynamic];
    for (const key of ['title', 'description'] as const) {
      const v = kw.get(key);
      if (!v) continue;
      const f = fold(v, b, true);
      if (typeof f.value === 'string') tool[key] = f.value;
      dyn = [...new Set([...dyn, ...f.dynamic])];
    }
    for (const key of ['inputSchema', 'outputSchema', 'annotations'] as const) {
      const v = kw.get(key);
      if (!v) continue;
      const f = fold(v, b, true);
      tool[key] = f.value;
      dyn = [...new Set([...dyn, ...f.dynamic])];
    }
    if (dyn.length) tool.dynamic = dyn;
    surface.tools.push(tool);
  }

  // Run-time changes: fn.__doc__ = …, add_tool/remove_tool, list_changed notifications.
  for (const a of r.findAll({ rule: { pattern: '$F.__doc__ = $V' } })) {
    const v = a.getMatch('V')!;
    const f = fold(v, b, true);
    const enclosing = a.ancestors().find((x) => x.kind() === 'if_statement' || x.kind() === 'function_definition');
    const why = enclosing?.kind() === 'if_statement' ? guessSources(enclosing.field('condition')?.text() ?? '') : f.dynamic;
    surface.dynamic.push({
      kind: why[0] ?? 'unknown',
      loc: loc(a),
      evidence: a.text().slice(0, 300),
      tool: a.getMatch('F')!.text(),
      ...(typeof f.value === 'string' ? { text: cleandoc(f.value) } : {}),
    });
  }
  for (const n of r.findAll({
    rule: {
      any: [
        { pattern: '$S.add_tool($$$)' },
        { pattern: '$S.remove_tool($$$)' },
        { pattern: '$S.send_tool_list_changed($$$)' },
        { kind: 'string', regex: 'notifications/tools/list_changed' },
      ],
    },
  })) {
    const t = n.text();
    surface.dynamic.push({ kind: /list_changed/.test(t) ? 'list-changed' : 'late-registration', loc: loc(n), evidence: t.slice(0, 160) });
  }
}
