// Reads a zod shape written in source (`{ path: z.string().describe("…") }`) as the JSON Schema
// the SDK would send, so parameter descriptions are checked and pinned like any other text.
import type { DynamicSource } from '../types.js';
import { fold, type Bindings } from './static-value.js';
import { named, type SgNode } from './sg.js';

interface Chain {
  base?: string;
  baseArgs: SgNode[];
  mods: { name: string; args: SgNode[] }[];
}

function unwind(n: SgNode): Chain | undefined {
  const mods: Chain['mods'] = [];
  let cur: SgNode | null = n;
  while (cur && cur.kind() === 'call_expression') {
    const fn: SgNode | null = cur.field('function');
    const args = named(cur.field('arguments')?.children() ?? []);
    if (!fn || fn.kind() !== 'member_expression') return undefined;
    const prop = fn.field('property')?.text() ?? '';
    const obj: SgNode | null = fn.field('object');
    if (obj && /^(?:z|zod)$/.test(obj.text())) return { base: prop, baseArgs: args, mods: mods.reverse() };
    mods.push({ name: prop, args });
    cur = obj;
  }
  return undefined;
}

export interface SchemaResult {
  schema: Record<string, unknown>;
  required: boolean;
  dynamic: DynamicSource[];
}

/** A zod expression → JSON Schema; undefined when it is not a zod chain. */
export function zodToSchema(n: SgNode, b: Bindings): SchemaResult | undefined {
  if (n.kind() === 'identifier') {
    const bound = b.lookup(n.text());
    if (bound?.node) return zodToSchema(bound.node, b);
    return undefined;
  }
  const chain = unwind(n);
  if (!chain) return undefined;
  let dynamic: DynamicSource[] = [];
  const schema: Record<string, unknown> = {};
  switch (chain.base) {
    case 'string':
    case 'number':
    case 'boolean':
      schema.type = chain.base;
      break;
    case 'bigint':
      schema.type = 'integer';
      break;
    case 'array': {
      schema.type = 'array';
      const item = chain.baseArgs[0] ? zodToSchema(chain.baseArgs[0], b) : undefined;
      if (item) schema.items = item.schema;
      break;
    }
    case 'object': {
      const shape = chain.baseArgs[0] ? shapeToSchema(chain.baseArgs[0], b) : undefined;
      if (shape) {
        Object.assign(schema, shape.schema);
        dynamic = shape.dynamic;
      } else schema.type = 'object';
      break;
    }
    case 'enum': {
      const f = chain.baseArgs[0] ? fold(chain.baseArgs[0], b, false) : undefined;
      schema.type = 'string';
      if (f && Array.isArray(f.value)) schema.enum = f.value;
      break;
    }
    case 'literal': {
      const f = chain.baseArgs[0] ? fold(chain.baseArgs[0], b, false) : undefined;
      if (f) schema.const = f.value;
      break;
    }
    default:
      schema['x-zod'] = chain.base;
  }
  let required = true;
  for (const m of chain.mods) {
    if (m.name === 'describe' && m.args[0]) {
      const f = fold(m.args[0], b, false);
      schema.description = typeof f.value === 'string' ? f.value : '…';
      dynamic = [...new Set([...dynamic, ...f.dynamic])];
    } else if (m.name === 'optional' || m.name === 'nullish') required = false;
    else if (m.name === 'default') {
      required = false;
      if (m.args[0]) schema.default = fold(m.args[0], b, false).value;
    } else if (m.name === 'int') schema.type = 'integer';
    else if (m.name === 'min' || m.name === 'max') {
      const f = m.args[0] ? fold(m.args[0], b, false) : undefined;
      if (f && typeof f.value === 'number') schema[schema.type === 'string' ? `${m.name}Length` : m.name === 'min' ? 'minimum' : 'maximum'] = f.value;
    }
  }
  return { schema, required, dynamic };
}

/** `{ a: z.string(), b: z.number().optional() }` → `{type:'object', properties, required}`. */
export function shapeToSchema(n: SgNode, b: Bindings): SchemaResult | undefined {
  if (n.kind() === 'identifier') {
    const bound = b.lookup(n.text());
    return bound?.node ? shapeToSchema(bound.node, b) : undefined;
  }
  if (n.kind() === 'call_expression') {
    const z = zodToSchema(n, b);
    return z;
  }
  if (n.kind() !== 'object') return undefined;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  let dynamic: DynamicSource[] = [];
  let sawZod = false;
  for (const p of named(n.children())) {
    if (p.kind() !== 'pair') continue;
    const key = p.field('key');
    const name = key ? String(fold(key, b, false).value ?? key.text()).replace(/^['"]|['"]$/g, '') : '';
    const value = p.field('value');
    const z = value ? zodToSchema(value, b) : undefined;
    if (!z) continue;
    sawZod = true;
    properties[name] = z.schema;
    if (z.required) required.push(name);
    dynamic = [...new Set([...dynamic, ...z.dynamic])];
  }
  if (!sawZod) return undefined;
  return { schema: { type: 'object', properties, ...(required.length ? { required } : {}) }, required: true, dynamic };
}
