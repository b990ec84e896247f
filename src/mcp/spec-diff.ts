// A readable difference between two tool specs: which fields changed, with descriptions shown as
// removed and added lines, and schema changes as JSON paths.
import { canonicalJson } from './canonical.js';
import { inspectText } from './text/unicode.js';
import type { ToolSpec } from './types.js';

export interface FieldChange {
  path: string;
  before?: string;
  after?: string;
}

function flatten(v: unknown, path: string, out: Map<string, string>, depth = 0): void {
  if (depth > 30) return;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of Object.keys(v as Record<string, unknown>).sort()) flatten((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, depth + 1);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => flatten(x, `${path}[${i}]`, out, depth + 1));
    if (v.length === 0) out.set(path, '[]');
    return;
  }
  out.set(path, typeof v === 'string' ? v : canonicalJson(v));
}

export function diffSpecs(before: ToolSpec | undefined, after: ToolSpec | undefined): FieldChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const out: FieldChange[] = [];
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === y) continue;
    out.push({ path: k, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) });
  }
  return out;
}

/** `- old line` / `+ new line` text for one changed field (descriptions are multi-line). */
export function renderChange(c: FieldChange, width = 200): string[] {
  const cut = (s: string) => (s.length > width ? s.slice(0, width - 1) + '…' : s);
  const lines: string[] = [`  ${c.path}:`];
  const before = c.before?.split('\n') ?? [];
  const after = c.after?.split('\n') ?? [];
  const common = new Set(before.filter((l) => after.includes(l)));
  for (const l of before) if (!common.has(l)) lines.push(`    - ${cut(inspectText(l).shown)}`);
  for (const l of after) if (!common.has(l)) lines.push(`    + ${cut(inspectText(l).shown)}`);
  return lines;
}
