// Canonical JSON (sorted keys, no whitespace, no undefined) and the SHA-256 of a tool's full
// spec: name, title, description, input and output schema with every nested description, and
// annotations. Two specs hash alike exactly when a model would read them alike.
import { crypto } from '../env/builtins.js';
import type { ToolSpec } from './types.js';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return v === undefined ? 'null' : JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',') + ']';
  const keys = Object.keys(v as Record<string, unknown>)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson((v as Record<string, unknown>)[k])).join(',') + '}';
}

export function specHash(v: unknown): string {
  return 'sha256:' + crypto().createHash('sha256').update(canonicalJson(v)).digest('hex');
}

/** Only the fields a client sees; extraction details (locations, handler ranges) are left out. */
export function toolSpec(t: ToolSpec): ToolSpec {
  return {
    name: t.name,
    ...(t.title !== undefined ? { title: t.title } : {}),
    ...(t.description !== undefined ? { description: t.description } : {}),
    ...(t.inputSchema !== undefined ? { inputSchema: t.inputSchema } : {}),
    ...(t.outputSchema !== undefined ? { outputSchema: t.outputSchema } : {}),
    ...(t.annotations !== undefined ? { annotations: t.annotations } : {}),
  };
}
