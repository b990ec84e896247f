// Tool metadata read from JavaScript/TypeScript source without running it: the high-level
// McpServer API (`tool`, `registerTool`, `prompt`, `resource`, …), low-level tool objects
// (`{ name, description, inputSchema }` answered from a ListTools handler), server instructions,
// and every place where the list or a description can change at run time.
import type { DynamicSource, ExtractedTool, ServerSurface, SourceFile } from '../types.js';
import { Bindings, fold } from './static-value.js';
import { lineOf, named, type SgNode, type SgRoot } from './sg.js';
import { shapeToSchema } from './zod-schema.js';

const FUNC_KINDS = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition']);

function merge(a: DynamicSource[] | undefined, b: DynamicSource[]): DynamicSource[] | undefined {
  const out = [...new Set([...(a ?? []), ...b])];
  return out.length ? out : undefined;
}

function schemaOf(n: SgNode, b: Bindings): { schema: unknown; dynamic: DynamicSource[] } {
  const z = shapeToSchema(n, b);
  if (z) return { schema: z.schema, dynamic: z.dynamic };
  const f = fold(n, b, false);
  return { schema: f.value, dynamic: f.dynamic };
}

function propNodes(obj: SgNode): Map<string, SgNode> {
  const m = new Map<string, SgNode>();
  for (const p of named(obj.children())) {
    if (p.kind() === 'pair') {
      const k = p.field('key');
      const v = p.field('value');
      if (k && v) m.set(k.text().replace(/^['"]|['"]$/g, ''), v);
    } else if (p.kind() === 'shorthand_property_identifier') m.set(p.text(), p);
  }
  return m;
}

/** Late registration: inside a timer, an event listener, or another tool's handler. */
/** Fills a tool's title, description and schemas from an object literal's properties; returns
 * what could not be known statically. */
function describeTool(tool: ExtractedTool, props: Map<string, SgNode>, b: Bindings): DynamicSource[] {
  const dynamic: DynamicSource[] = [];
  for (const key of ['title', 'description'] as const) {
    const v = props.get(key);
    if (!v) continue;
    const f = fold(v, b, false);
    if (typeof f.value === 'string') tool[key] = f.value;
    dynamic.push(...f.dynamic);
  }
  for (const key of ['inputSchema', 'outputSchema', 'annotations'] as const) {
    const v = props.get(key);
    if (!v) continue;
    const s = schemaOf(v, b);
    tool[key] = s.schema;
    dynamic.push(...s.dynamic);
  }
  return dynamic;
}

function isLate(call: SgNode): boolean {
  for (const a of call.ancestors()) {
    if (a.kind() !== 'call_expression') continue;
    const fn = a.field('function')?.text() ?? '';
    if (/(?:^|\.)(?:setTimeout|setInterval|on|once|addListener|then)$/.test(fn)) return true;
    if (/\.(?:tool|registerTool)$/.test(fn)) return true;
  }
  return false;
}

export function extractJs(file: SourceFile, root: SgRoot, surface: ServerSurface): void {
  const r = root.root();
  const b = new Bindings(root, false);
  const loc = (n: SgNode) => ({ file: file.path, line: lineOf(n) });

  // High-level API: server.tool(name, [description], [paramsSchema], [annotations], handler)
  const text = file.text;
  const toolCalls = /\.(?:tool|registerTool)\s*\(/.test(text) ? r.findAll({ rule: { any: [{ pattern: '$S.tool($$$ARGS)' }, { pattern: '$S.registerTool($$$ARGS)' }] } }) : [];
  for (const call of toolCalls) {
    const method = call.field('function')?.field('property')?.text() ?? 'tool';
    const args = named(call.getMultipleMatches('ARGS'));
    if (args.length < 2) continue;
    const nameF = fold(args[0], b, false);
    if (typeof nameF.value !== 'string' || (nameF.dynamic.length && nameF.value.includes('…'))) continue;
    const last = args[args.length - 1]!;
    const handlerNode = FUNC_KINDS.has(String(last.kind())) ? last : undefined;
    const tool: ExtractedTool = { name: nameF.value, loc: loc(call) };
    let dyn: DynamicSource[] | undefined = nameF.dynamic.length ? nameF.dynamic : undefined;
    if (method === 'registerTool') {
      const conf = args[1]!;
      if (conf.kind() === 'object') {
        dyn = merge(dyn, describeTool(tool, propNodes(conf), b));
      } else dyn = merge(dyn, ['unknown']);
    } else {
      const middle = args.slice(1, handlerNode ? -1 : undefined);
      let objects = 0;
      for (const m of middle) {
        if (m.kind() === 'object' || (m.kind() === 'call_expression' && /^z\./.test(m.text())) || (m.kind() === 'identifier' && b.lookup(m.text())?.node?.kind() === 'object')) {
          const s = schemaOf(m, b);
          if (objects === 0) tool.inputSchema = s.schema;
          else tool.annotations = s.schema;
          objects++;
          dyn = merge(dyn, s.dynamic);
        } else {
          const f = fold(m, b, false);
          if (typeof f.value === 'string') tool.description = f.value;
          else if (f.value && typeof f.value === 'object') {
            if (objects === 0) tool.inputSchema = f.value;
            else tool.annotations = f.value;
            objects++;
          }
          dyn = merge(dyn, f.dynamic);
        }
      }
    }
    if (dyn) tool.dynamic = dyn;
    if (handlerNode) tool.handler = { file: file.path, start: handlerNode.range().start.index, end: handlerNode.range().end.index };
    surface.tools.push(tool);
    if (isLate(call)) surface.dynamic.push({ kind: 'late-registration', loc: loc(call), evidence: call.text().slice(0, 160) });
  }

  // Prompts and resources.
  const promptCalls = /\.(?:prompt|registerPrompt|resource|registerResource)\s*\(/.test(text)
    ? r.findAll({ rule: { any: ['prompt', 'registerPrompt', 'resource', 'registerResource'].map((m) => ({ pattern: `$S.${m}($$$ARGS)` })) } })
    : [];
  for (const call of promptCalls) {
    const method = call.field('function')?.field('property')?.text() ?? 'prompt';
    const args = named(call.getMultipleMatches('ARGS'));
    if (args.length < 2) continue;
    const name = fold(args[0], b, false).value;
    if (typeof name !== 'string') continue;
    let description: string | undefined;
    for (const a of args.slice(1)) {
      if (a.kind() === 'object') {
        const d = propNodes(a).get('description');
        const f = d ? fold(d, b, false).value : undefined;
        if (typeof f === 'string') description = f;
      } else if (!FUNC_KINDS.has(String(a.kind()))) {
        const f = fold(a, b, false).value;
        if (typeof f === 'string' && method.startsWith('prompt') && description === undefined) description = f;
      }
    }
    if (/prompt/i.test(method)) surface.prompts.push({ name, ...(description ? { description } : {}), loc: loc(call) });
    else {
      const uri = fold(args[1], b, false).value;
      surface.resources.push({ uri: typeof uri === 'string' ? uri : `(computed) ${name}`, name, ...(description ? { description } : {}), loc: loc(call) });
    }
  }

  // Instructions: new McpServer(info, { instructions }) / new Server(info, { instructions }).
  const ctors = /\binstructions\b/.test(text) && /Server\s*\(/.test(text)
    ? r.findAll({ rule: { any: [{ pattern: 'new McpServer($INFO, $OPTS)' }, { pattern: 'new Server($INFO, $OPTS)' }, { pattern: 'new $NS.McpServer($INFO, $OPTS)' }, { pattern: 'new $NS.Server($INFO, $OPTS)' }] } })
    : [];
  for (const n of ctors) {
    const opts = n.getMatch('OPTS');
    if (opts?.kind() !== 'object') continue;
    const ins = propNodes(opts).get('instructions');
    if (!ins) continue;
    const f = fold(ins, b, false);
    surface.instructions = { text: typeof f.value === 'string' ? f.value : '(computed)', loc: loc(ins) };
    if (f.dynamic.length) surface.dynamic.push({ kind: f.dynamic[0]!, loc: loc(ins), evidence: ins.text().slice(0, 160) });
  }

  // Low-level servers: tool objects answered from a ListTools handler.
  const callHandlers = /CallTool/.test(text) ? r.findAll({ rule: { pattern: '$S.setRequestHandler($SCHEMA, $H)' }, constraints: { SCHEMA: { regex: 'CallTool' } } }) : [];
  const toolObjects = /\binputSchema\s*:/.test(text) ? r.findAll({ rule: { kind: 'object', has: { kind: 'pair', has: { field: 'key', regex: '^["\']?inputSchema["\']?$' } } } }) : [];
  for (const obj of toolObjects) {
    const props = propNodes(obj);
    const nameNode = props.get('name');
    if (!nameNode) continue;
    const name = fold(nameNode, b, false);
    // A computed name cannot be known statically; the jailed listing (--run) reports such tools.
    if (typeof name.value !== 'string' || name.dynamic.length) continue;
    const tool: ExtractedTool = { name: name.value, loc: loc(obj) };
    let dyn: DynamicSource[] | undefined = name.dynamic.length ? name.dynamic : undefined;
    dyn = merge(dyn, describeTool(tool, props, b));
    if (dyn) tool.dynamic = dyn;
    const h = callHandlers[0]?.getMatch('H');
    if (h) {
      const kase = h.find({ rule: { kind: 'switch_case', has: { field: 'value', regex: `^["'\`]${name.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'\`]$` } } });
      const target = kase ?? h;
      tool.handler = { file: file.path, start: target.range().start.index, end: target.range().end.index };
    }
    surface.tools.push(tool);
  }

  // Run-time changes to the tool list or a tool's metadata.
  const changes = /ListChanged|list_changed/.test(text)
    ? r.findAll({
        rule: {
          any: [
            { pattern: '$S.sendToolListChanged($$$)' },
            { pattern: '$S.sendPromptListChanged($$$)' },
            { kind: 'string', regex: '^["\'`]notifications/(?:tools|prompts|resources)/list_changed["\'`]$' },
          ],
        },
      })
    : [];
  for (const n of changes) surface.dynamic.push({ kind: 'list-changed', loc: loc(n), evidence: n.text().slice(0, 160) });
  const updates = /\.update\s*\(\s*\{/.test(text) ? r.findAll({ rule: { pattern: '$T.update($ARG)' } }) : [];
  for (const n of updates) {
    const arg = n.getMatch('ARG');
    if (arg?.kind() !== 'object') continue;
    const props = propNodes(arg);
    if (!props.has('description') && !props.has('paramsSchema') && !props.has('inputSchema') && !props.has('title')) continue;
    const d = props.get('description');
    const text = d ? fold(d, b, false).value : undefined;
    surface.dynamic.push({ kind: 'update', loc: loc(n), evidence: n.text().slice(0, 300), ...(typeof text === 'string' ? { text } : {}) });
  }
}
