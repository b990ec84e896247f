// Built-in file, web and agent tools → actions. Each tool's input fields are read defensively:
// a field of the wrong type is ignored here and reported by validation, never trusted.
import { canonicalToolName, parseMcpToolName } from '../hook/event.js';
import type { Action, PathAction, Via } from './types.js';
import { DIALECTS, splitSql } from './commands/sql.js';
import { resolvePath, type Realpath } from './paths.js';

export interface ToolCall {
  tool: string;
  input: Record<string, unknown>;
  mcpSource?: string;
}

export interface ExtractContext {
  cwd: string;
  home: string;
  realpath?: Realpath;
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function pathAction(
  kind: PathAction['kind'],
  raw: string,
  via: Via,
  ctx: ExtractContext,
  extra: Partial<PathAction> = {},
): PathAction {
  const r = resolvePath(raw, ctx.cwd, ctx.home, ctx.realpath);
  const a: PathAction = { kind, path: r.path, raw, via, ...extra };
  if (r.literal) a.literal = r.literal;
  return a;
}

const GLOB_CHARS = /[*?[\]{}]/;

/** The directory part of a glob before its first wildcard: `src/**\/*.ts` → `src`. */
export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const base: string[] = [];
  for (const p of parts) {
    if (GLOB_CHARS.test(p)) break;
    base.push(p);
  }
  return base.join('/') || (pattern.startsWith('/') ? '/' : '.');
}

const MCP_WRITE = /(^|_)(write|create|edit|update|put|save|set|append|move|rename|copy|upload|patch|insert|modify|mkdir|add)(_|$)/i;
const MCP_DELETE = /(^|_)(delete|remove|rm|unlink|drop|destroy|purge|truncate)(_|$)/i;
const MCP_READ = /(^|_)(read|get|list|search|find|query|fetch|show|view|cat|stat|info|describe|download|open|grep|glob|tree)(_|$)/i;
const PATHLIKE_KEY = /(^|_)(path|paths|file|files|filename|filepath|dir|directory|directories|folder|source|destination|dest|target|root|cwd|uri)$/i;
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

/** MCP tools that run a shell command (`run_command`, `execute_command`, `start_process`…). */
const MCP_SHELL_TOOL = /(^|[_-])(exec|execute|run|shell|command|terminal|process|bash|sh|cmd)([_-]|$)/i;
const MCP_SHELL_KEYS = ['command', 'cmd', 'script', 'shell_command'];

/** The shell command line an MCP tool would run, to be analysed like a Bash call. */
export function mcpShellCommand(call: ToolCall): string | undefined {
  const mcp = parseMcpToolName(canonicalToolName(call.tool));
  // A database server's `command` is a database command (judged by mcpDbAction), not a shell line.
  if (!mcp || !MCP_SHELL_TOOL.test(mcp.tool) || MCP_DB_SERVERS.some(([re]) => re.test(mcp.server))) return undefined;
  for (const k of MCP_SHELL_KEYS) {
    const v = call.input[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return v.map((x) => `'${String(x).replace(/'/g, `'\\''`)}'`).join(' ');
  }
  return undefined;
}

/** Database MCP servers, by name, and the engine whose SQL dialect they speak. */
const MCP_DB_SERVERS: [RegExp, string][] = [
  [/postgres|^pg$|^pg[-_]|supabase|neon|cockroach|timescale/i, 'postgres'],
  [/mysql|mariadb|planetscale|tidb/i, 'mysql'],
  [/sqlite|libsql|turso|(^|[-_])d1([-_]|$)/i, 'sqlite'],
  [/redis|upstash|valkey/i, 'redis'],
  [/mssql|sqlserver|azure[-_]?sql/i, 'mssql'],
  [/clickhouse/i, 'clickhouse'],
  [/duckdb|motherduck/i, 'duckdb'],
  [/(^|[-_])(db|database|sql)([-_]|$)|bigquery|snowflake|redshift/i, 'postgres'],
];
const MCP_SQL_KEYS = ['sql', 'query', 'statement', 'statements', 'command', 'commands'];

/** Statements a database MCP tool sends, judged like a database client's. */
function mcpDbAction(server: string, input: Record<string, unknown>, via: Via): Action | null {
  const engine = MCP_DB_SERVERS.find(([re]) => re.test(server))?.[1];
  if (!engine) return null;
  const texts: string[] = [];
  for (const k of MCP_SQL_KEYS) {
    const v = input[k];
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) texts.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  if (!texts.length) return null;
  const statements = texts.flatMap((t) => (engine === 'redis' ? t.split('\n').map((l) => l.trim()).filter(Boolean) : splitSql(t, DIALECTS[engine] ?? {})));
  return { kind: 'db', engine, op: 'query', statements, via: { ...via, text: texts.join('; ').slice(0, 500) } };
}

/** Deleting a directory through MCP removes what is inside it. */
const MCP_TREE = /(^|_)(dir|directory|directories|folder|tree|recursive)(_|$)/i;

function mcpActions(call: ToolCall, via: Via, ctx: ExtractContext, toolPart: string): Action[] {
  const out: Action[] = [];
  const recursiveDelete = MCP_TREE.test(toolPart) || call.input.recursive === true;
  const kinds: PathAction['kind'][] = MCP_DELETE.test(toolPart)
    ? ['delete']
    : MCP_WRITE.test(toolPart)
      ? ['write']
      : MCP_READ.test(toolPart)
        ? ['read']
        : ['read', 'write'];
  const visit = (key: string, v: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof v === 'string') {
      if (URL_RE.test(v)) {
        if (v.startsWith('file://')) {
          let p = v.slice(7);
          try {
            p = decodeURIComponent(p);
          } catch {
            // A malformed escape: judge the path as written.
          }
          for (const k of kinds) out.push(pathAction(k, p, { ...via, text: key }, ctx));
        } else {
          out.push({ kind: 'network', host: hostOf(v), url: v, direction: kinds.includes('read') ? 'fetch' : 'upload', via: { ...via, text: key } });
        }
      } else if (PATHLIKE_KEY.test(key) && v.length < 4096 && !v.includes('\n')) {
        for (const k of kinds) out.push(pathAction(k, v, { ...via, text: key }, ctx, k === 'delete' && recursiveDelete ? { recursive: true } : {}));
      }
    } else if (Array.isArray(v)) {
      v.forEach((x) => visit(key, x, depth + 1));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(k, x, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(call.input)) visit(k, v, 0);
  return out;
}

/** Everything but Bash (which goes through shell analysis in from-bash.ts). */
export function toolActions(call: ToolCall, ctx: ExtractContext): Action[] {
  const name = canonicalToolName(call.tool);
  const via: Via = { tool: name };
  const i = call.input;
  const mcp = parseMcpToolName(name);
  const out: Action[] = [
    mcp
      ? { kind: 'tool', name, mcp: { ...mcp, ...(call.mcpSource ? { source: call.mcpSource } : {}) }, via }
      : { kind: 'tool', name, via },
  ];
  switch (name) {
    case 'Read': {
      const p = s(i.file_path);
      if (p) out.push(pathAction('read', p, { ...via, text: 'file_path' }, ctx));
      break;
    }
    case 'Write': {
      const p = s(i.file_path);
      if (p) out.push(pathAction('write', p, { ...via, text: 'file_path' }, ctx, { mode: 'overwrite' }));
      break;
    }
    case 'Edit':
    case 'MultiEdit': {
      const p = s(i.file_path);
      if (p) out.push(pathAction('write', p, { ...via, text: 'file_path' }, ctx, { mode: 'edit' }));
      break;
    }
    case 'NotebookEdit': {
      const p = s(i.notebook_path);
      if (p) out.push(pathAction('write', p, { ...via, text: 'notebook_path' }, ctx, { mode: 'edit' }));
      break;
    }
    case 'LS': {
      const p = s(i.path) ?? ctx.cwd;
      out.push(pathAction('list', p, { ...via, text: 'path' }, ctx));
      break;
    }
    case 'Glob': {
      const pattern = s(i.pattern) ?? '*';
      const root = s(i.path) ?? ctx.cwd;
      const base = pattern.startsWith('/') || pattern.startsWith('~') ? globBase(pattern) : `${root}/${globBase(pattern)}`;
      out.push(
        pathAction('list', base, { ...via, text: 'pattern' }, ctx, {
          pattern: true,
          filter: pattern,
          recursive: pattern.includes('**'),
        }),
      );
      break;
    }
    case 'Grep': {
      const root = s(i.path) ?? ctx.cwd;
      const glob = s(i.glob);
      const pattern = s(i.pattern);
      // files_with_matches (the default) and count print names and numbers, never lines.
      const namesOnly = (s(i.output_mode) ?? 'files_with_matches') !== 'content';
      out.push(
        pathAction('search', root, { ...via, text: 'path' }, ctx, {
          recursive: true,
          ...(glob ? { filter: glob, pattern: true } : {}),
          ...(pattern ? { searchPattern: pattern } : {}),
          ...(namesOnly ? { namesOnly: true } : {}),
        }),
      );
      break;
    }
    case 'WebFetch': {
      const url = s(i.url);
      if (url) out.push({ kind: 'network', host: hostOf(url), url, direction: 'fetch', via: { ...via, text: 'url' } });
      break;
    }
    default:
      if (mcp) {
        const db = mcpDbAction(mcp.server, i, via);
        if (db) out.push(db);
        out.push(...mcpActions(call, via, ctx, mcp.tool));
      }
  }
  return out;
}
