// `gatehouse mcp scan`: resolve each target, scan it, add the config checks for configured
// servers and the cross-server checks (shadowing, name collisions) over everything scanned
// together, then apply suppressions.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GatehouseError } from '../errors.js';
import { discover, type ConfiguredServer, type Discovery } from './discover.js';
import { makeFinding, riskOf, sha256, sortFindings } from './findings.js';
import { checkServerConfig } from './hygiene.js';
import { loadLock, lockPath } from './lock.js';
import { scanFilesAsync, type ScanReport } from './scan.js';
import { applySuppressions, loadSuppressions, suppressionsPath, type Suppression } from './suppressions.js';
import { fetchNpm, readLocal, resolveServer, type Resolved } from './target.js';
import { textSignals } from './text/instructions.js';
import { parseNpmSpec } from './fetch/npm-pack.js';
import type { Finding, Severity } from './types.js';

export interface TargetResult {
  target: string;
  server?: { name: string; scope: string; file: string; line: number };
  /** The full config entry (may hold secrets: never print it). */
  configured?: ConfiguredServer;
  scan?: ScanReport;
  /** Why the code could not be read (remote server, container image, PyPI…). */
  unsupported?: string;
  findings: Finding[];
  risk: Severity | 'none';
  resolved?: Resolved;
  /** The jailed listing, with --run. */
  run?: import('./dynamic.js').RunListing;
}

export interface VetResult {
  targets: TargetResult[];
  risk: Severity | 'none';
  lapsedSuppressions: Suppression[];
  problems: Discovery['problems'];
}

export interface VetOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  projectDir: string;
  discovery?: Discovery;
}

async function resolveTarget(target: string, opts: VetOptions, d: Discovery): Promise<{ server?: ConfiguredServer; resolved?: Resolved; unsupported?: string }> {
  const path = resolve(opts.cwd, target);
  const server = d.servers.find((s) => s.name === target);
  if (server && !target.includes('/')) {
    const r = await resolveServer(server, opts.projectDir, opts.env);
    return 'unsupported' in r ? { server, unsupported: r.unsupported } : { server, resolved: r };
  }
  if (existsSync(path)) return { resolved: readLocal(path) };
  if (parseNpmSpec(target)) return { resolved: await fetchNpm(target, opts.env) };
  throw new GatehouseError({
    code: 'mcp/target-not-found',
    message: `'${target}' is not a configured server, a folder, a tarball or a registry package spec`,
    hint: d.servers.length ? `configured servers: ${d.servers.map((s) => s.name).join(', ')}` : 'run `gatehouse mcp list` to see configured servers',
  });
}

export async function vet(targets: string[], opts: VetOptions): Promise<VetResult> {
  const d = opts.discovery ?? discover({ env: opts.env, projectDir: opts.projectDir });
  const lock = loadLock(lockPath(opts.projectDir));
  const pinned = new Set(Object.keys(lock.servers));
  const out: TargetResult[] = [];
  for (const t of targets) {
    let got: Awaited<ReturnType<typeof resolveTarget>>;
    try {
      got = await resolveTarget(t, opts, d);
    } catch (e) {
      // One unreadable target must not hide the others; alone, it is the command's error.
      if (targets.length === 1 || !(e instanceof GatehouseError)) throw e;
      got = { ...(d.servers.find((s) => s.name === t) ? { server: d.servers.find((s) => s.name === t)! } : {}), unsupported: `${e.code}: ${e.message}` };
    }
    const { server, resolved, unsupported } = got;
    const findings: Finding[] = server ? checkServerConfig(server, pinned) : [];
    let scan: ScanReport | undefined;
    if (resolved) {
      scan = await scanFilesAsync(resolved.files, {
        target: resolved.label,
        source: resolved.source,
        ...(resolved.integrity ? { integrity: resolved.integrity } : {}),
        ...(resolved.spec ? { spec: resolved.spec } : {}),
        context: { otherServers: d.servers.filter((s) => s.name !== server?.name).map((s) => s.name) },
      });
      findings.push(...scan.findings.map((f) => (server ? { ...f, server: server.name } : f)));
    }
    out.push({
      target: t,
      ...(server ? { server: { name: server.name, scope: server.scope, file: server.file, line: server.line }, configured: server } : {}),
      ...(scan ? { scan } : {}),
      ...(unsupported ? { unsupported } : {}),
      findings,
      risk: 'none',
      ...(resolved ? { resolved } : {}),
    });
  }
  crossServer(out);
  const sup = loadSuppressions(suppressionsPath(opts.projectDir));
  const all = out.flatMap((t) => t.findings);
  const lapsed = applySuppressions(all, sup);
  for (const t of out) {
    sortFindings(t.findings);
    t.risk = riskOf(t.findings);
  }
  return { targets: out, risk: riskOf(all), lapsedSuppressions: lapsed, problems: d.problems };
}

/** Shadowing across servers: one server's text steering another's tools, and duplicate names. */
function crossServer(list: TargetResult[]): void {
  const scanned = list.filter((t) => t.scan);
  if (scanned.length < 2) return;
  for (const t of scanned) {
    const others = scanned.filter((o) => o !== t);
    const otherTools = others.flatMap((o) => o.scan!.surface.tools.map((x) => x.name));
    for (const tool of t.scan!.surface.tools) {
      for (const s of textSignals(tool.description ?? '', { otherTools })) {
        if (s.id !== 'mcp/meta/cross-server-reference') continue;
        t.findings.push(makeFinding({ id: s.id, message: s.message, file: tool.loc.file, line: tool.loc.line, tool: tool.name, text: s.match, ...(t.server ? { server: t.server.name } : {}) }, sha256(tool.description ?? '')));
      }
      const twin = others.find((o) => o.scan!.surface.tools.some((x) => x.name === tool.name));
      if (twin) {
        t.findings.push(makeFinding({ id: 'mcp/meta/name-collision', message: `tool ${tool.name} also exists in ${twin.server?.name ?? twin.target}`, file: tool.loc.file, line: tool.loc.line, tool: tool.name, text: tool.name, ...(t.server ? { server: t.server.name } : {}) }, sha256(tool.name)));
      }
    }
  }
}
