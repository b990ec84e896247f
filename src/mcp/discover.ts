// Finds every MCP server Claude Code (and Claude Desktop) would start for a project: user and
// per-project entries of ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json), the project's
// .mcp.json, plugins' .mcp.json / plugin.json, the managed managed-mcp.json, and Claude Desktop's
// config. A file that exists but cannot be parsed is reported, never skipped in silence.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { homeDir } from '../env/locations.js';

type Env = Readonly<Record<string, string | undefined>>;

export type Scope = 'user' | 'local' | 'project' | 'plugin' | 'managed' | 'desktop';

export interface Launch {
  transport: 'stdio' | 'http' | 'sse' | 'unknown';
  command?: string;
  args: string[];
  env: Record<string, string>;
  url?: string;
  headers: Record<string, string>;
  cwd?: string;
}

export interface ConfiguredServer {
  name: string;
  scope: Scope;
  file: string;
  line: number;
  launch: Launch;
  /** Project servers need approval in Claude Code: true, false, or 'pending' (not decided yet). */
  enabled: boolean | 'pending';
  /** Set when the project enables every .mcp.json server wholesale. */
  autoEnabled?: boolean;
  plugin?: string;
  /** The `<server>` part of `mcp__<server>__<tool>` tool names. */
  toolPrefix: string;
  /** The raw entry as written (for hashing; may hold secrets, never print it unredacted). */
  raw: unknown;
}

export interface ConfigProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface Discovery {
  servers: ConfiguredServer[];
  problems: ConfigProblem[];
  /** Files looked at, whether or not they existed. */
  searched: { file: string; found: boolean }[];
}

export interface DiscoverOptions {
  env: Env;
  projectDir: string;
  platform?: NodeJS.Platform;
}

/** Claude Code's tool-name form of a server name. */
export function toolPrefixOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function claudeConfigDir(env: Env): string {
  return env.CLAUDE_CONFIG_DIR ? resolve(env.CLAUDE_CONFIG_DIR) : join(homeDir(env), '.claude');
}

export function globalConfigFile(env: Env): string {
  return env.CLAUDE_CONFIG_DIR ? join(resolve(env.CLAUDE_CONFIG_DIR), '.claude.json') : join(homeDir(env), '.claude.json');
}

export function managedMcpFile(env: Env, platform: NodeJS.Platform): string {
  if (env.GATEHOUSE_CLAUDE_MANAGED_DIR) return join(resolve(env.GATEHOUSE_CLAUDE_MANAGED_DIR), 'managed-mcp.json');
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode/managed-mcp.json';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode\\managed-mcp.json';
  return '/etc/claude-code/managed-mcp.json';
}

export function desktopConfigFile(env: Env, platform: NodeJS.Platform): string {
  const home = homeDir(env);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(xdg, 'Claude', 'claude_desktop_config.json');
}

interface Loaded {
  tree: JsonNode;
  text: string;
  value: unknown;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function load(file: string, d: Discovery): Loaded | undefined {
  if (!existsSync(file)) {
    d.searched.push({ file, found: false });
    return undefined;
  }
  d.searched.push({ file, found: true });
  let text: string;
  try {
    const st = statSync(file);
    if (st.size > 64 * 1024 * 1024) {
      d.problems.push({ file, message: 'file is larger than 64 MB; not read' });
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    d.problems.push({ file, message: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !tree) {
    const e = errors[0];
    const line = e ? lineAt(text, e.offset) : 1;
    d.problems.push({ file, line, message: `invalid JSON: ${e ? printParseErrorCode(e.error) : 'empty file'}` });
    return undefined;
  }
  return { tree, text, value: JSON.parse(JSON.stringify(nodeValue(tree))) };
}

function nodeValue(n: JsonNode): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) if (p.children?.[0] && p.children[1]) o[String(p.children[0].value)] = nodeValue(p.children[1]);
      return o;
    }
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function strMap(v: unknown): Record<string, string> {
  const o = obj(v) ?? {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  return out;
}

export function launchOf(entry: unknown, substitute: (s: string) => string = (s) => s): Launch {
  const e = obj(entry) ?? {};
  const type = typeof e.type === 'string' ? e.type : undefined;
  const url = typeof e.url === 'string' ? substitute(e.url) : undefined;
  const transport: Launch['transport'] = type === 'http' || type === 'streamable-http' ? 'http' : type === 'sse' ? 'sse' : type === 'stdio' || typeof e.command === 'string' ? 'stdio' : url ? 'http' : 'unknown';
  return {
    transport,
    ...(typeof e.command === 'string' ? { command: substitute(e.command) } : {}),
    args: Array.isArray(e.args) ? e.args.map((a) => substitute(String(a))) : [],
    env: strMap(e.env),
    ...(url ? { url } : {}),
    headers: strMap(e.headers),
    ...(typeof e.cwd === 'string' ? { cwd: substitute(e.cwd) } : {}),
  };
}

function addServers(
  d: Discovery,
  loaded: Loaded,
  file: string,
  path: (string | number)[],
  scope: Scope,
  extra: (name: string) => Partial<ConfiguredServer> = () => ({}),
  substitute?: (s: string) => string,
): void {
  let container: unknown = loaded.value;
  for (const k of path) container = obj(container)?.[k as string];
  const servers = obj(container);
  if (!servers) return;
  for (const [name, entry] of Object.entries(servers)) {
    const node = findNodeAtLocation(loaded.tree, [...path, name]);
    const more = extra(name);
    d.servers.push({
      name,
      scope,
      file,
      line: node ? lineAt(loaded.text, node.parent?.offset ?? node.offset) : 1,
      launch: launchOf(entry, substitute),
      enabled: true,
      toolPrefix: toolPrefixOf(name),
      raw: entry,
      ...more,
    });
  }
}

function findPluginRoots(dir: string, depth: number, out: string[]): void {
  if (depth > 6 || out.length > 500) return;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (names.includes('.claude-plugin') && existsSync(join(dir, '.claude-plugin', 'plugin.json'))) {
    out.push(dir);
    return;
  }
  for (const n of names) {
    if (n === 'node_modules' || n === '.git' || n.startsWith('.')) continue;
    const p = join(dir, n);
    try {
      if (statSync(p).isDirectory()) findPluginRoots(p, depth + 1, out);
    } catch {
      // unreadable: skip
    }
  }
}

/** Approval state of project (.mcp.json) servers, merged from settings files and ~/.claude.json. */
function projectApprovals(opts: DiscoverOptions, global: Loaded | undefined, d: Discovery) {
  const all: Record<string, unknown>[] = [];
  const settings = [join(claudeConfigDir(opts.env), 'settings.json'), join(opts.projectDir, '.claude', 'settings.json'), join(opts.projectDir, '.claude', 'settings.local.json')];
  for (const f of settings) {
    const l = load(f, d);
    if (l && obj(l.value)) all.push(obj(l.value)!);
  }
  const proj = obj(obj(obj(global?.value)?.projects)?.[opts.projectDir]);
  if (proj) all.push(proj);
  const enabled = new Set<string>();
  const disabled = new Set<string>();
  let enableAll = false;
  for (const s of all) {
    if (s.enableAllProjectMcpServers === true) enableAll = true;
    if (Array.isArray(s.enabledMcpjsonServers)) for (const n of s.enabledMcpjsonServers) enabled.add(String(n));
    if (Array.isArray(s.disabledMcpjsonServers)) for (const n of s.disabledMcpjsonServers) disabled.add(String(n));
  }
  return { enabled, disabled, enableAll };
}

export function discover(opts: DiscoverOptions): Discovery {
  const platform = opts.platform ?? process.platform;
  const d: Discovery = { servers: [], problems: [], searched: [] };
  const gfile = globalConfigFile(opts.env);
  const global = load(gfile, d);
  if (global) {
    addServers(d, global, gfile, ['mcpServers'], 'user');
    const projects = obj(obj(global.value)?.projects) ?? {};
    if (obj(projects[opts.projectDir])) addServers(d, global, gfile, ['projects', opts.projectDir, 'mcpServers'], 'local');
  }

  const pfile = join(opts.projectDir, '.mcp.json');
  const project = load(pfile, d);
  if (project) {
    const approvals = projectApprovals(opts, global, d);
    addServers(d, project, pfile, ['mcpServers'], 'project', (name) => ({
      enabled: approvals.disabled.has(name) ? false : approvals.enableAll || approvals.enabled.has(name) ? true : 'pending',
      ...(approvals.enableAll && !approvals.enabled.has(name) && !approvals.disabled.has(name) ? { autoEnabled: true } : {}),
    }));
  }

  const roots: string[] = [];
  findPluginRoots(join(claudeConfigDir(opts.env), 'plugins'), 0, roots);
  for (const root of roots.sort()) {
    const manifest = load(join(root, '.claude-plugin', 'plugin.json'), d);
    const plugin = String(obj(manifest?.value)?.name ?? root.split('/').pop());
    const sub = (s: string) => s.replace(/\$\{CLAUDE_PLUGIN_ROOT\}/g, root);
    const extra = (name: string) => ({ plugin, toolPrefix: toolPrefixOf(`plugin_${plugin}_${name}`) });
    const mcpFile = join(root, '.mcp.json');
    const inline = obj(manifest?.value)?.mcpServers;
    if (typeof inline === 'string') {
      const f = resolve(root, sub(inline));
      const l = load(f, d);
      if (l) addServers(d, l, f, obj(obj(l.value)?.mcpServers) ? ['mcpServers'] : [], 'plugin', extra, sub);
    } else if (obj(inline) && manifest) {
      addServers(d, manifest, join(root, '.claude-plugin', 'plugin.json'), ['mcpServers'], 'plugin', extra, sub);
    }
    const l = existsSync(mcpFile) ? load(mcpFile, d) : undefined;
    if (l) addServers(d, l, mcpFile, obj(obj(l.value)?.mcpServers) ? ['mcpServers'] : [], 'plugin', extra, sub);
  }

  const mfile = managedMcpFile(opts.env, platform);
  const managed = load(mfile, d);
  if (managed) addServers(d, managed, mfile, ['mcpServers'], 'managed');

  const dfile = desktopConfigFile(opts.env, platform);
  const desktop = load(dfile, d);
  if (desktop) addServers(d, desktop, dfile, ['mcpServers'], 'desktop');
  return d;
}
