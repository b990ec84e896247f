// MCP servers Claude Code would start for this project, whether their launcher pins what runs, and
// whether gatehouse has scanned and pinned them (.gatehouse/mcp-lock.json).
import { join } from 'node:path';
import type { McpServerFact } from './types.js';

type Json = Record<string, unknown>;

const EXACT_VERSION = /@\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

/** Whether a stdio launch runs an exact, fixed artifact. Pure. */
export function classifyLaunch(command: string, args: string[]): { kind: McpServerFact['kind']; pinned: boolean } {
  const base = command.split('/').pop() ?? command;
  const pkgArg = (list: string[]) => list.find((a) => !a.startsWith('-'));
  if (['npx', 'bunx', 'pnpx'].includes(base) || ((base === 'pnpm' || base === 'yarn' || base === 'npm') && ['dlx', 'exec'].includes(args[0] ?? ''))) {
    const rest = base === 'npx' || base === 'bunx' || base === 'pnpx' ? args : args.slice(1);
    const pkgFlag = rest.indexOf('--package');
    const pkg = pkgFlag >= 0 ? rest[pkgFlag + 1] : pkgArg(rest);
    return { kind: 'package', pinned: !!pkg && EXACT_VERSION.test(pkg) };
  }
  if (base === 'uvx' || (base === 'uv' && args[0] === 'tool')) {
    const from = args.indexOf('--from');
    const pkg = from >= 0 ? args[from + 1] : pkgArg(base === 'uv' ? args.slice(2) : args);
    return { kind: 'package', pinned: !!pkg && /==\d/.test(pkg) };
  }
  if (base === 'docker' || base === 'podman') {
    const image = args.slice(args.indexOf('run') + 1).find((a, i, l) => !a.startsWith('-') && !(l[i - 1] ?? '').match(/^-(e|v|p|w|u|-env|-volume|-name|-network|-user|-workdir|-mount)$/));
    return { kind: 'container', pinned: !!image && image.includes('@sha256:') };
  }
  if (['node', 'python', 'python3', 'deno', 'bun'].includes(base) || command.startsWith('/') || command.startsWith('.')) {
    return { kind: 'local', pinned: true };
  }
  return { kind: 'other', pinned: false };
}

function serversIn(obj: unknown, scope: McpServerFact['scope'], source: string, lockNames: Set<string>): McpServerFact[] {
  if (!obj || typeof obj !== 'object') return [];
  const out: McpServerFact[] = [];
  for (const [name, raw] of Object.entries(obj as Json)) {
    const s = (raw ?? {}) as Json;
    const url = typeof s.url === 'string' ? s.url : undefined;
    const command = typeof s.command === 'string' ? s.command : '';
    const args = Array.isArray(s.args) ? s.args.filter((a): a is string => typeof a === 'string') : [];
    const c = url ? { kind: 'remote' as const, pinned: false } : classifyLaunch(command, args);
    out.push({ name, scope, source, launch: url ?? [command, ...args].join(' '), kind: c.kind, pinned: c.pinned, inLock: lockNames.has(name) });
  }
  return out;
}

/** Server names in the lock file, read leniently: `{servers: {name: …}}`, `{servers: [{name}]}` or `{name: …}`. */
export function lockedServerNames(lock: unknown): Set<string> {
  const names = new Set<string>();
  if (!lock || typeof lock !== 'object') return names;
  const servers = (lock as Json).servers ?? lock;
  if (Array.isArray(servers)) {
    for (const s of servers) if (s && typeof (s as Json).name === 'string') names.add((s as Json).name as string);
  } else if (servers && typeof servers === 'object') {
    for (const k of Object.keys(servers as Json)) if (!['version', 'v', 'generated', 'schema', '$schema'].includes(k)) names.add(k);
  }
  return names;
}

export function discoverMcp(read: (p: string) => string | undefined, project: string, claudeJsonPath: string): { servers: McpServerFact[]; evidence: string[]; claudeJson?: Json } {
  const evidence: string[] = [];
  const parse = (p: string): Json | undefined => {
    const t = read(p);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t) as Json;
    } catch {
      evidence.push(`${p} is not valid JSON`);
      return undefined;
    }
  };
  const lockPath = join(project, '.gatehouse', 'mcp-lock.json');
  const lock = parse(lockPath);
  const lockNames = lockedServerNames(lock);
  evidence.push(lock ? `${lockPath}: ${lockNames.size} pinned server(s)` : `no ${lockPath} (nothing pinned by gatehouse)`);
  const servers: McpServerFact[] = [];
  const mcpJsonPath = join(project, '.mcp.json');
  const mcpJson = parse(mcpJsonPath);
  if (mcpJson) servers.push(...serversIn(mcpJson.mcpServers, 'project', mcpJsonPath, lockNames));
  const claudeJson = parse(claudeJsonPath);
  if (claudeJson) {
    servers.push(...serversIn(claudeJson.mcpServers, 'user', claudeJsonPath, lockNames));
    const projects = claudeJson.projects as Json | undefined;
    const entry = projects?.[project] as Json | undefined;
    if (entry) servers.push(...serversIn(entry.mcpServers, 'local', `${claudeJsonPath} (projects["${project}"])`, lockNames));
  }
  for (const s of servers) {
    const notes = [s.kind === 'remote' ? 'remote server' : s.pinned ? 'launcher pinned' : 'launcher NOT pinned to an exact version/digest', s.inLock ? 'in mcp-lock.json' : 'not scanned/pinned by gatehouse'];
    evidence.push(`MCP '${s.name}' (${s.scope}, ${s.source}): \`${s.launch}\` — ${notes.join(', ')}`);
  }
  if (!servers.length) evidence.push('no MCP servers configured (.mcp.json, ~/.claude.json)');
  const out: { servers: McpServerFact[]; evidence: string[]; claudeJson?: Json } = { servers, evidence };
  if (claudeJson) out.claudeJson = claudeJson;
  return out;
}

/** A server is untrusted when gatehouse has not pinned it or its launcher can change under it. */
export function untrustedServers(servers: readonly McpServerFact[]): McpServerFact[] {
  return servers.filter((s) => !s.inLock || (!s.pinned && s.kind !== 'remote'));
}
