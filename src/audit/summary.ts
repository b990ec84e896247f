// What an entry is about, in one line, and the paths it touched: used by the index, query output,
// tail and reports. Pure.
import { isAbsolute, relative } from 'node:path';
import type { AuditEntry } from './record.js';

const FILE_KEYS = ['file_path', 'notebook_path', 'path'];

/** Command, path, URL or query of a tool call; the note name for notes. */
export function subjectOf(e: AuditEntry): string {
  if (e.kind === 'note') return e.note;
  const input = (e.input ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  if (typeof input.command === 'string') return input.command;
  for (const k of FILE_KEYS) if (s(k)) return s('pattern') ? `${s('pattern')} in ${s(k)}` : s(k)!;
  const first = s('url') ?? s('query') ?? s('pattern') ?? s('description') ?? s('prompt');
  if (first) return first;
  if (e.prompt) return e.prompt.text ?? `(prompt, ${e.prompt.length} chars)`;
  if (e.extra && typeof e.extra.source === 'string') return `source: ${e.extra.source}`;
  if (e.extra && typeof e.extra.reason === 'string') return `reason: ${e.extra.reason}`;
  const json = e.input === undefined ? '' : JSON.stringify(e.input);
  return json.length > 200 ? json.slice(0, 200) + '…' : json;
}

export interface TouchedPath {
  op: string;
  path: string;
}

const ACTION_PATH = /^(read|write|delete|list|search|meta)(?: \(recursive\))? (\/.*)$/;

/** Paths from the extracted actions (and the tool input's file path when there were none). */
export function pathsOf(e: AuditEntry): TouchedPath[] {
  if (e.kind === 'note') return [];
  const out: TouchedPath[] = [];
  for (const a of e.actions ?? []) {
    const m = ACTION_PATH.exec(a);
    if (m) out.push({ op: m[1]!, path: m[2]! });
  }
  if (out.length === 0 && e.input && typeof e.input === 'object') {
    const input = e.input as Record<string, unknown>;
    for (const k of FILE_KEYS) {
      const v = input[k];
      if (typeof v === 'string' && isAbsolute(v)) {
        const op = e.tool_name === 'Read' ? 'read' : /Write|Edit/.test(e.tool_name ?? '') ? 'write' : 'access';
        out.push({ op, path: v });
      }
    }
  }
  return out;
}

export function isInside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The project an entry belongs to: CLAUDE_PROJECT_DIR when recorded, else the repository root, else cwd. */
export function projectOf(e: AuditEntry): string | undefined {
  if (e.kind === 'note') return undefined;
  return e.project_dir ?? e.repo?.root ?? (e.cwd || undefined);
}
