// Checks on what the model reads: every tool's name, title, description and nested schema
// descriptions, prompts, resources and server instructions; plus the places where that metadata
// changes at run time.
import { inspectText } from '../text/unicode.js';
import { textSignals, type TextContext } from '../text/instructions.js';
import type { ServerSurface, Severity } from '../types.js';
import type { RawHit } from './code-scan.js';

const BUILTIN_NAMES = new Set(['bash', 'read', 'write', 'edit', 'multiedit', 'webfetch', 'websearch', 'grep', 'glob', 'notebookedit', 'agent', 'task', 'todowrite', 'ls']);

interface Text {
  where: string;
  text: string;
  file: string;
  line: number;
  tool?: string;
}

/** Every string a model reads inside a JSON schema: descriptions, titles, enum values. */
export function schemaTexts(schema: unknown, path = ''): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const walk = (v: unknown, p: string, depth: number) => {
    if (depth > 20 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${p}[${i}]`, depth + 1));
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if ((k === 'description' || k === 'title') && typeof x === 'string') out.push({ where: `${p}.${k}`, text: x });
      else if (k === 'enum' && Array.isArray(x)) x.forEach((e, i) => typeof e === 'string' && e.length > 20 && out.push({ where: `${p}.enum[${i}]`, text: e }));
      else walk(x, `${p}.${k}`, depth + 1);
    }
  };
  walk(schema, path, 0);
  return out;
}

function excerpt(s: string, index: number, span = 160): string {
  const start = Math.max(0, index - 40);
  return (start > 0 ? '…' : '') + s.slice(start, start + span) + (start + span < s.length ? '…' : '');
}

export function checkText(t: Text, ctx: TextContext, out: RawHit[]): void {
  const base = { file: t.file, line: t.line, column: 1, ...(t.tool ? { tool: t.tool } : {}) };
  const ins = inspectText(t.text);
  if (ins.invisible.length) {
    const kinds = [...new Set(ins.invisible.map((c) => c.kind))];
    const hidden = [...ins.tagMessages, ...ins.selectorMessages].filter((m) => m.trim());
    let severity: Severity = 'medium';
    if (hidden.length) severity = 'critical';
    else if (kinds.includes('bidi') || ins.invisible.length >= 3) severity = 'high';
    const first = ins.invisible[0]!.index;
    const where = t.where ? ` in ${t.where}` : '';
    out.push({
      ...base,
      id: 'mcp/meta/invisible-text',
      severity,
      message: hidden.length
        ? `hidden text${where}: "${hidden.join(' ').slice(0, 200)}"`
        : `${ins.invisible.length} invisible character(s)${where} (${kinds.join(', ')})`,
      text: excerpt(ins.shown, Math.max(0, ins.shown.indexOf('⟦')), 240),
    });
    void first;
  }
  if (ins.ansi.length) out.push({ ...base, id: 'mcp/meta/ansi-escape', message: `${ins.ansi.length} terminal escape sequence(s) in ${t.where || 'text'}`, text: excerpt(ins.shown, ins.shown.indexOf('⟦ESC')) });
  if (ins.padding) {
    out.push({
      ...base,
      id: 'mcp/meta/whitespace-padding',
      severity: ins.padding.textAfter ? 'high' : 'medium',
      message: `${ins.padding.length} characters of whitespace${ins.padding.textAfter ? ' hide the text that follows' : ''} in ${t.where || 'text'}`,
      text: excerpt(t.text.replace(/\s+/g, ' '), ins.padding.index),
    });
  }
  for (const s of textSignals(ins.normalized, ctx)) {
    out.push({ ...base, id: s.id, severity: s.severity, message: `${s.message}${t.where ? ` (${t.where})` : ''}`, text: excerpt(ins.normalized, s.index) });
  }
}

export function checkSurface(surface: ServerSurface, ctx: TextContext): RawHit[] {
  const out: RawHit[] = [];
  for (const tool of surface.tools) {
    const at = { file: tool.loc.file, line: tool.loc.line, tool: tool.name };
    if (tool.description) checkText({ ...at, where: 'description', text: tool.description }, ctx, out);
    if (tool.title) checkText({ ...at, where: 'title', text: tool.title }, ctx, out);
    for (const s of schemaTexts(tool.inputSchema, 'inputSchema')) checkText({ ...at, where: s.where, text: s.text }, ctx, out);
    for (const s of schemaTexts(tool.outputSchema, 'outputSchema')) checkText({ ...at, where: s.where, text: s.text }, ctx, out);
    checkText({ ...at, where: 'name', text: tool.name }, ctx, out);
    if (BUILTIN_NAMES.has(tool.name.toLowerCase())) {
      out.push({ ...at, column: 1, id: 'mcp/meta/builtin-name', message: `tool is named ${tool.name}, like Claude Code's built-in`, text: tool.name });
    }
    if (tool.dynamic?.some((d) => d !== 'unknown')) {
      out.push({ ...at, column: 1, id: 'mcp/meta/dynamic-description', message: `metadata of ${tool.name} is computed at run time from: ${tool.dynamic.join(', ')}`, text: tool.description ?? tool.name });
    } else if (tool.dynamic) {
      out.push({ ...at, column: 1, id: 'mcp/meta/dynamic-description', severity: 'low', message: `metadata of ${tool.name} is not a constant; static extraction cannot see its value`, text: tool.description ?? tool.name });
    }
  }
  for (const p of surface.prompts) if (p.description) checkText({ file: p.loc.file, line: p.loc.line, tool: `prompt:${p.name}`, where: 'prompt description', text: p.description }, ctx, out);
  for (const r of surface.resources) if (r.description) checkText({ file: r.loc.file, line: r.loc.line, tool: `resource:${r.uri}`, where: 'resource description', text: r.description }, ctx, out);
  if (surface.instructions) checkText({ file: surface.instructions.loc.file, line: surface.instructions.loc.line, where: 'server instructions', text: surface.instructions.text }, ctx, out);
  const listChangeFiles = new Set<string>();
  for (const d of surface.dynamic) {
    // One list-change finding per file is enough to point the reviewer at the mechanism.
    if ((d.kind === 'list-changed' || d.kind === 'late-registration') && listChangeFiles.has(d.loc.file)) continue;
    if (d.kind === 'list-changed' || d.kind === 'late-registration') listChangeFiles.add(d.loc.file);
    const base = { file: d.loc.file, line: d.loc.line, column: 1, text: d.evidence, ...(d.tool ? { tool: d.tool } : {}) };
    if (d.kind === 'list-changed' || d.kind === 'late-registration') {
      out.push({ ...base, id: 'mcp/meta/tool-list-changes', message: d.kind === 'list-changed' ? 'announces tool-list changes at run time' : 'adds or removes tools at run time' });
    } else {
      out.push({ ...base, id: 'mcp/meta/dynamic-description', message: d.kind === 'update' ? 'replaces a tool\'s metadata at run time' : `changes a description at run time, depending on: ${d.kind}` });
    }
    if (d.text) checkText({ file: d.loc.file, line: d.loc.line, ...(d.tool ? { tool: d.tool } : {}), where: 'replacement description', text: d.text }, ctx, out);
  }
  return out;
}
