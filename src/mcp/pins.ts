// Pin, verify and approve. The pinned tool list comes from static extraction of the server's
// package (always, offline) and, with --run, from a jailed listing of the running server; the
// lock records which. Verify recomputes the current state offline: identity from the config,
// the package from the folder or npx's copy, and the tool surface only when the package changed.
import { readFileSync } from 'node:fs';
import { GatehouseError } from '../errors.js';
import { specHash, toolSpec } from './canonical.js';
import { discover, type ConfiguredServer } from './discover.js';
import { readPackageDir } from './fetch/dir-read.js';
import { parseNpmSpec } from './fetch/npm-pack.js';
import { identityHash, identityOf, type Identity } from './identity.js';
import { loadLock, lockPath, saveLock, type LockFile, type LockedPackage, type LockedServer, type LockedTool } from './lock.js';
import { findNpxCopy } from './npx-cache.js';
import { lockHashOf, observedPath, writeObserved, type Observed, type ObservedServer } from './observed.js';
import { extractSurface, parseAll, scanFiles, treeHash, type PackageInfo } from './scan.js';
import { diffSpecs, type FieldChange } from './spec-diff.js';
import { fetchNpm, serverSource } from './target.js';
import { severityRank, type ServerSurface, type Severity, type SourceFile, type ToolSpec } from './types.js';

export interface PinOptions {
  env: NodeJS.ProcessEnv;
  projectDir: string;
  /** Allow fetching registry packages (pin does; verify does not by default). */
  fetch?: boolean;
  now?: () => Date;
}

export interface CurrentState {
  server: ConfiguredServer;
  identity: Identity;
  identityHash: string;
  package?: LockedPackage;
  packageNote?: string;
  files?: SourceFile[];
}

export async function currentState(server: ConfiguredServer, opts: PinOptions, locked?: LockedPackage): Promise<CurrentState> {
  const identity = identityOf(server.launch);
  const base = { server, identity, identityHash: identityHash(identity) };
  const src = serverSource(server, opts.projectDir);
  if (src.kind === 'none') return { ...base, packageNote: src.why };
  if (src.kind === 'dir') {
    const d = readPackageDir(src.path);
    const info = pkgInfo(d.files);
    return { ...base, files: d.files, package: { ...info, treeHash: treeHash(d.files), source: 'dir' } };
  }
  const spec = parseNpmSpec(src.spec)!;
  const copy = findNpxCopy(opts.env, spec.name);
  if (copy && (!spec.exact || copy.version === spec.range)) {
    const d = readPackageDir(copy.dir);
    return { ...base, files: d.files, package: { ...pkgInfo(d.files), treeHash: treeHash(d.files), source: 'npm', spec: `${spec.name}@${copy.version ?? '?'}` } };
  }
  if (opts.fetch) {
    const r = await fetchNpm(src.spec, opts.env);
    return { ...base, files: r.files, package: { ...pkgInfo(r.files), ...(r.integrity ? { integrity: r.integrity } : {}), treeHash: treeHash(r.files), source: 'npm', ...(r.spec ? { spec: r.spec } : {}) } };
  }
  // An exact registry version is immutable: the same spec is the same package.
  if (spec.exact && locked?.spec === `${spec.name}@${spec.range}`) return { ...base, package: locked };
  return { ...base, packageNote: `${src.spec} is not in npx's cache and fetching is off (use --fetch)` };
}

function pkgInfo(files: SourceFile[]): { name?: string; version?: string } {
  const f = files.find((x) => x.path === 'package.json');
  if (!f) return {};
  try {
    const p = JSON.parse(f.text) as { name?: unknown; version?: unknown };
    return { ...(typeof p.name === 'string' ? { name: p.name } : {}), ...(typeof p.version === 'string' ? { version: p.version } : {}) };
  } catch {
    return {};
  }
}

export type ListedSurface = Pick<ServerSurface, 'tools'> & { instructions?: string; prompts: { name: string }[]; resources: { uri: string }[] };

function lockEntry(state: CurrentState, surface: ServerSurface | undefined, listed: ListedSurface | undefined, at: string): LockedServer {
  const tools: Record<string, LockedTool> = {};
  const staticTools = new Map((surface?.tools ?? []).map((t) => [t.name, toolSpec(t)]));
  const primary = listed ? listed.tools.map(toolSpec) : [...staticTools.values()];
  for (const spec of primary) {
    const st = staticTools.get(spec.name);
    tools[spec.name] = { hash: specHash(spec), spec, approvedAt: at, ...(listed && st ? { staticHash: specHash(st) } : {}) } as LockedTool;
  }
  const instructions = listed?.instructions ?? surface?.instructions?.text;
  const prompts: Record<string, { hash: string }> = {};
  for (const p of listed?.prompts ?? surface?.prompts ?? []) prompts[p.name] = { hash: specHash({ ...p, loc: undefined }) };
  const resources: Record<string, { hash: string }> = {};
  for (const r of listed?.resources ?? surface?.resources ?? []) resources[r.uri] = { hash: specHash({ ...r, loc: undefined }) };
  return {
    identity: state.identity,
    identityHash: state.identityHash,
    toolPrefix: state.server.toolPrefix,
    scope: state.server.scope,
    ...(state.package ? { package: state.package } : {}),
    surfaceSource: listed ? (surface ? 'static+run' : 'run') : surface ? 'static' : 'none',
    tools,
    ...(instructions ? { instructions: { hash: specHash(instructions), text: instructions } } : {}),
    prompts,
    resources,
    approvedAt: at,
  };
}

export interface PinResult {
  pinned: { name: string; tools: number; source: LockedServer['surfaceSource']; risk: Severity | 'none'; version?: string }[];
  refused: { name: string; risk: Severity | 'none'; findings: number }[];
}

export async function pinServers(
  names: string[],
  opts: PinOptions & { acceptRisk?: boolean; failOn?: Severity; run?: (s: ConfiguredServer, state: CurrentState) => Promise<ListedSurface | undefined> },
): Promise<PinResult> {
  const d = discover({ env: opts.env, projectDir: opts.projectDir });
  const selected = names.length ? names.map((n) => d.servers.find((s) => s.name === n) ?? notConfigured(n, d.servers)) : d.servers.filter((s) => s.enabled !== false);
  const file = lockPath(opts.projectDir);
  const lock = loadLock(file);
  const at = (opts.now?.() ?? new Date()).toISOString();
  const result: PinResult = { pinned: [], refused: [] };
  for (const s of selected) {
    const state = await currentState(s, { ...opts, fetch: opts.fetch ?? true });
    const parsed = state.files ? await parseAll(state.files) : undefined;
    const surface = state.files ? extractSurface(state.files, parsed).surface : undefined;
    let risk: Severity | 'none' = 'none';
    if (state.files) {
      const report = scanFiles(state.files, { target: s.name, source: (state.package?.source ?? 'dir') as PackageInfo['source'], ...(parsed ? { parsed } : {}) });
      risk = report.risk;
      const threshold = opts.failOn ?? 'high';
      if (!opts.acceptRisk && severityRank(risk) >= severityRank(threshold)) {
        result.refused.push({ name: s.name, risk, findings: report.findings.filter((f) => severityRank(f.severity) >= severityRank(threshold)).length });
        continue;
      }
    }
    const listed = opts.run ? await opts.run(s, state) : undefined;
    lock.servers[s.name] = lockEntry(state, surface, listed, at);
    result.pinned.push({ name: s.name, tools: Object.keys(lock.servers[s.name]!.tools).length, source: lock.servers[s.name]!.surfaceSource, risk, ...(state.package?.version ? { version: state.package.version } : {}) });
  }
  saveLock(file, lock);
  await verifyPins({ ...opts, fetch: false });
  return result;
}

function notConfigured(name: string, servers: ConfiguredServer[]): never {
  throw new GatehouseError({ code: 'mcp/unknown-server', message: `no configured MCP server named '${name}'`, hint: servers.length ? `configured: ${servers.map((s) => s.name).join(', ')}` : 'run `gatehouse mcp list`' });
}

export interface ToolDrift {
  name: string;
  state: 'ok' | 'changed' | 'new' | 'removed';
  changes?: FieldChange[];
}

export interface ServerDrift {
  name: string;
  identity: 'ok' | 'changed' | 'missing';
  identityChanges?: FieldChange[];
  package: 'ok' | 'changed' | 'unknown';
  packageNote?: string;
  instructions: 'ok' | 'changed';
  tools: ToolDrift[];
}

export interface VerifyReport {
  ok: boolean;
  servers: ServerDrift[];
  /** Configured servers that have no pin. */
  unpinned: string[];
  observedFile: string;
}

function compareTools(locked: LockedServer, current: ServerSurface): { tools: ToolDrift[]; instructions: 'ok' | 'changed' } {
  const now = new Map(current.tools.map((t) => [t.name, toolSpec(t)]));
  const tools: ToolDrift[] = [];
  for (const [name, lt] of Object.entries(locked.tools)) {
    const cur = now.get(name);
    const ref = (lt as LockedTool & { staticHash?: string }).staticHash ?? lt.hash;
    if (!cur) tools.push({ name, state: 'removed' });
    else if (specHash(cur) === ref) tools.push({ name, state: 'ok' });
    else tools.push({ name, state: 'changed', changes: diffSpecs(lt.spec, cur) });
  }
  if (locked.surfaceSource !== 'run') for (const [name, spec] of now) if (!locked.tools[name]) tools.push({ name, state: 'new', changes: diffSpecs(undefined, spec) });
  const ins = current.instructions?.text;
  const instructions = (ins ? specHash(ins) : undefined) === locked.instructions?.hash ? 'ok' : 'changed';
  return { tools, instructions };
}

export async function driftOf(name: string, locked: LockedServer, server: ConfiguredServer | undefined, opts: PinOptions): Promise<{ drift: ServerDrift; state?: CurrentState }> {
  if (!server) return { drift: { name, identity: 'missing', package: 'unknown', instructions: 'ok', tools: Object.keys(locked.tools).map((t) => ({ name: t, state: 'ok' as const })) } };
  const state = await currentState(server, opts, locked.package);
  const drift: ServerDrift = {
    name,
    identity: state.identityHash === locked.identityHash ? 'ok' : 'changed',
    package: 'ok',
    instructions: 'ok',
    tools: Object.keys(locked.tools).map((t) => ({ name: t, state: 'ok' as const })),
  };
  if (drift.identity === 'changed') drift.identityChanges = diffSpecs(locked.identity as unknown as ToolSpec, state.identity as unknown as ToolSpec);
  if (!state.package) {
    drift.package = locked.package ? 'unknown' : 'ok';
    if (state.packageNote) drift.packageNote = state.packageNote;
    return { drift, state };
  }
  const same = locked.package && state.package.treeHash === locked.package.treeHash && (!locked.package.integrity || !state.package.integrity || locked.package.integrity === state.package.integrity);
  if (!same) {
    drift.package = 'changed';
    const from = locked.package?.version;
    const to = state.package.version;
    drift.packageNote = from && to && from !== to ? `${from} → ${to}` : 'contents changed';
  }
  // Tools are compared whenever the code is at hand: an approval of the package alone
  // (--package-only) leaves tool changes pending, so the hash of the package is not enough.
  if (state.files && locked.surfaceSource !== 'none') {
    const cmp = compareTools(locked, extractSurface(state.files, await parseAll(state.files)).surface);
    drift.tools = cmp.tools;
    drift.instructions = cmp.instructions;
  }
  return { drift, state };
}

export async function verifyPins(opts: PinOptions): Promise<VerifyReport> {
  const d = discover({ env: opts.env, projectDir: opts.projectDir });
  const file = lockPath(opts.projectDir);
  const lock = loadLock(file);
  let bytes = '';
  try {
    bytes = readFileSync(file, 'utf8');
  } catch {
    // no lock: nothing pinned
  }
  const servers: ServerDrift[] = [];
  const observed: Observed = { version: 1, projectDir: opts.projectDir, checkedAt: (opts.now?.() ?? new Date()).toISOString(), lockHash: lockHashOf(bytes), servers: {} };
  for (const [name, locked] of Object.entries(lock.servers)) {
    const { drift } = await driftOf(name, locked, d.servers.find((s) => s.name === name), opts);
    servers.push(drift);
    const o: ObservedServer = {
      toolPrefix: locked.toolPrefix,
      identity: drift.identity,
      package: drift.package,
      ...(drift.packageNote ? { packageNote: drift.packageNote } : {}),
      tools: Object.fromEntries(drift.tools.filter((t) => t.state !== 'new').map((t) => [t.name, t.state as 'ok' | 'changed' | 'removed'])),
      newTools: drift.tools.filter((t) => t.state === 'new').map((t) => t.name),
      instructions: drift.instructions,
    };
    observed.servers[name] = o;
  }
  const of = observedPath(opts.env, opts.projectDir);
  if (bytes) writeObserved(of, observed);
  const ok = servers.every((s) => s.identity === 'ok' && s.package !== 'changed' && s.instructions === 'ok' && s.tools.every((t) => t.state === 'ok'));
  return { ok, servers, unpinned: d.servers.filter((s) => !lock.servers[s.name]).map((s) => s.name), observedFile: of };
}

export interface ApproveOptions extends PinOptions {
  tools?: string[];
  /** Accept the package, identity and instructions but leave tool changes pending. */
  packageOnly?: boolean;
}

export async function approve(name: string, opts: ApproveOptions): Promise<{ approved: string[]; report: VerifyReport }> {
  const d = discover({ env: opts.env, projectDir: opts.projectDir });
  const server = d.servers.find((s) => s.name === name);
  const file = lockPath(opts.projectDir);
  const lock: LockFile = loadLock(file);
  const locked = lock.servers[name];
  if (!locked) throw new GatehouseError({ code: 'mcp/not-pinned', message: `server '${name}' is not pinned`, hint: `pin it first: gatehouse mcp pin ${name}` });
  if (!server) throw new GatehouseError({ code: 'mcp/unknown-server', message: `no configured MCP server named '${name}'`, hint: 'a pinned server that is no longer configured can be dropped from .gatehouse/mcp-lock.json' });
  const state = await currentState(server, opts, locked.package);
  const surface = state.files ? extractSurface(state.files).surface : undefined;
  const at = (opts.now?.() ?? new Date()).toISOString();
  const approved: string[] = [];
  const wantTools = opts.tools ?? [];
  if (wantTools.length === 0) {
    const fresh = lockEntry(state, surface, undefined, at);
    if (opts.packageOnly) {
      fresh.tools = locked.tools;
      fresh.surfaceSource = locked.surfaceSource;
      approved.push('package', 'identity', 'instructions');
    } else {
      if (locked.surfaceSource === 'run' || locked.surfaceSource === 'static+run') {
        // Keep the listed specs for tools static extraction did not change.
        for (const [t, lt] of Object.entries(locked.tools)) if (fresh.tools[t] && (lt as LockedTool & { staticHash?: string }).staticHash === fresh.tools[t]!.hash) fresh.tools[t] = lt;
        fresh.surfaceSource = locked.surfaceSource;
      }
      approved.push('package', 'identity', 'instructions', ...Object.keys(fresh.tools));
    }
    lock.servers[name] = fresh;
  } else {
    if (!surface) throw new GatehouseError({ code: 'mcp/unverifiable', message: `cannot read the current package of '${name}' (${state.packageNote ?? 'unknown'})`, hint: 'try again with --fetch' });
    const current = new Map(surface.tools.map((t) => [t.name, toolSpec(t)]));
    for (const t of wantTools) {
      const spec = current.get(t);
      if (spec) locked.tools[t] = { hash: specHash(spec), spec, approvedAt: at };
      else if (locked.tools[t]) delete locked.tools[t];
      else throw new GatehouseError({ code: 'mcp/unknown-tool', message: `server '${name}' has no tool '${t}' (now or in its pin)` });
      approved.push(t);
    }
  }
  saveLock(file, lock);
  const report = await verifyPins(opts);
  return { approved, report };
}
