// `--run`: install the package with scripts off into a throwaway folder, start it inside the jail,
// and list its tools, prompts and resources with the official MCP SDK client. The listing is
// evidence, not proof (a server can behave differently in a fresh sandbox), so it is compared with
// the static extraction and any difference is a finding.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { GatehouseError } from '../errors.js';
import { checkSurface } from './analyze/metadata-checks.js';
import type { ConfiguredServer } from './discover.js';
import { makeFinding, riskOf, sha256, sortFindings } from './findings.js';
import { launcherPackage } from './hygiene.js';
import { bwrapAvailable, jailArgv, JAIL_PKG } from './jail.js';
import type { CurrentState, ListedSurface } from './pins.js';
import { resolveServer, type Resolved } from './target.js';
import type { ExtractedTool, ServerSurface } from './types.js';
import type { VetResult } from './vet.js';

export interface RunListing {
  ok: boolean;
  error?: string;
  tools: { name: string; title?: string; description?: string; inputSchema?: unknown; outputSchema?: unknown; annotations?: unknown }[];
  prompts: { name: string; description?: string }[];
  resources: { uri: string; name?: string; description?: string }[];
  instructions?: string;
  /** Install scripts of the installed dependency tree (read from the lockfile npm wrote). */
  dependencyScripts: string[];
  stderrTail?: string;
  ms: number;
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 180_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npm', args, { cwd, env: { ...env, npm_config_ignore_scripts: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }, timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new GatehouseError({ code: 'mcp/install-failed', message: `npm ${args[0]} failed: ${(stderr || err.message).trim().split('\n').slice(-3).join(' ')}` }));
      else resolve(stdout);
    });
  });
}

/** Installs with scripts off; returns the install folder and the package's folder inside it. */
export async function installNoScripts(r: Resolved, env: NodeJS.ProcessEnv): Promise<{ root: string; pkgDir: string; name: string; cleanup(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-run-'));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    let tarball: string;
    if (r.tarball) {
      tarball = join(root, 'package.tgz');
      writeFileSync(tarball, r.tarball);
    } else if (r.dir) {
      const out = await npm(['pack', r.dir, '--ignore-scripts', '--json', '--pack-destination', root], root, env);
      tarball = join(root, (JSON.parse(out) as { filename: string }[])[0]!.filename.replace(/^@/, '').replace(/\//g, '-'));
    } else throw new GatehouseError({ code: 'mcp/run-unsupported', message: 'nothing to install' });
    const inst = join(root, 'inst');
    writeFileSync(join(root, 'package.json'), '{}');
    await npm(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--prefix', inst, tarball], root, env);
    const deps = JSON.parse(readFileSync(join(inst, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const name = Object.keys(deps.dependencies ?? {})[0];
    if (!name) throw new GatehouseError({ code: 'mcp/install-failed', message: 'npm installed nothing' });
    return { root: inst, pkgDir: join(inst, 'node_modules', name), name, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

function entryOf(pkgDir: string, name: string): string {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string>; main?: string };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin ? (pkg.bin[name.replace(/^@[^/]+\//, '')] ?? Object.values(pkg.bin)[0]) : undefined;
  const entry = bin ?? pkg.main ?? 'index.js';
  return posix.normalize(entry.replace(/^\.\//, ''));
}

function installedScripts(instRoot: string): string[] {
  try {
    const lock = JSON.parse(readFileSync(join(instRoot, 'package-lock.json'), 'utf8')) as { packages?: Record<string, { hasInstallScript?: boolean; version?: string }> };
    return Object.entries(lock.packages ?? {})
      .filter(([p, e]) => p && e.hasInstallScript)
      .map(([p, e]) => `${p.replace(/^.*node_modules\//, '')}${e.version ? `@${e.version}` : ''}`);
  } catch {
    return [];
  }
}

export async function listInJail(r: Resolved, env: NodeJS.ProcessEnv, opts: { args?: string[]; timeoutMs?: number } = {}): Promise<RunListing> {
  const started = Date.now();
  const empty: RunListing = { ok: false, tools: [], prompts: [], resources: [], dependencyScripts: [], ms: 0 };
  if (!r.files.some((f) => f.path === 'package.json')) return { ...empty, error: 'only Node packages can be run (no package.json); the static result stands' };
  if (!bwrapAvailable()) return { ...empty, error: 'bubblewrap (bwrap) is not available here, so nothing was run' };
  const inst = await installNoScripts(r, env);
  try {
    const rel = posix.join('node_modules', inst.name, entryOf(inst.pkgDir, inst.name));
    if (!existsSync(join(inst.root, rel))) return { ...empty, error: `entry ${rel} not found after install` };
    const { command, args } = jailArgv({ packageDir: inst.root, argv: ['node', posix.join(JAIL_PKG, rel), ...(opts.args ?? [])] });
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const transport = new StdioClientTransport({ command, args, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-2000);
    });
    const client = new Client({ name: 'gatehouse-vet', version: '1' });
    const timeoutMs = opts.timeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const killer = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const listing = await Promise.race([
        (async () => {
          await client.connect(transport);
          const caps = client.getServerCapabilities() ?? {};
          const tools: RunListing['tools'] = [];
          let cursor: string | undefined;
          for (let page = 0; page < 50; page++) {
            const res = await client.listTools(cursor ? { cursor } : {});
            tools.push(...(res.tools as RunListing['tools']));
            cursor = res.nextCursor;
            if (!cursor) break;
          }
          const prompts = caps.prompts ? ((await client.listPrompts()).prompts as RunListing['prompts']) : [];
          const resources = caps.resources ? ((await client.listResources()).resources as RunListing['resources']) : [];
          const instructions = client.getInstructions();
          return { tools, prompts, resources, ...(instructions ? { instructions } : {}) };
        })(),
        killer,
      ]);
      return { ok: true, ...listing, dependencyScripts: installedScripts(inst.root), ms: Date.now() - started, ...(stderr ? { stderrTail: stderr.slice(-500) } : {}) };
    } catch (e) {
      return { ...empty, error: (e as Error).message, dependencyScripts: installedScripts(inst.root), ms: Date.now() - started, ...(stderr ? { stderrTail: stderr.slice(-500) } : {}) };
    } finally {
      clearTimeout(timer);
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
    }
  } finally {
    inst.cleanup();
  }
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Differences between the static extraction and what the running server listed. */
export function compareListing(surface: ServerSurface, run: RunListing): { tool: string; what: string; file?: string; line?: number }[] {
  const out: { tool: string; what: string; file?: string; line?: number }[] = [];
  const stat = new Map(surface.tools.map((t) => [t.name, t]));
  const live = new Map(run.tools.map((t) => [t.name, t]));
  for (const [name, t] of live) {
    const s = stat.get(name);
    if (!s) out.push({ tool: name, what: 'listed by the running server but not found in its source' });
    else if (!s.dynamic && s.description !== undefined && norm(s.description) !== norm(t.description)) out.push({ tool: name, what: 'description differs from the source', file: s.loc.file, line: s.loc.line });
    else if (s.dynamic && norm(s.description).replace(/…/g, '') && !norm(t.description).includes(norm(s.description).split('…')[0]!)) out.push({ tool: name, what: 'computed description differs from its constant parts', file: s.loc.file, line: s.loc.line });
  }
  for (const [name, s] of stat) if (!live.has(name)) out.push({ tool: name, what: 'in the source but not listed by the running server', file: s.loc.file, line: s.loc.line });
  return out;
}

export async function addRunFindings(r: VetResult, opts: { env: NodeJS.ProcessEnv }): Promise<void> {
  for (const t of r.targets) {
    if (!t.resolved || !t.scan) continue;
    const extra = t.configured ? extraArgs(t.configured) : [];
    let run: RunListing;
    try {
      run = await listInJail(t.resolved, opts.env, { args: extra });
    } catch (e) {
      run = { ok: false, error: (e as Error).message, tools: [], prompts: [], resources: [], dependencyScripts: [], ms: 0 };
    }
    t.run = run;
    const h = sha256(JSON.stringify(run.tools));
    if (!run.ok) {
      t.findings.push(makeFinding({ id: 'mcp/run/failed', message: `jailed listing did not complete: ${run.error ?? 'unknown error'}`, ...(run.stderrTail ? { text: run.stderrTail } : {}) }, h));
    } else {
      for (const d of compareListing(t.scan.surface, run)) {
        t.findings.push(makeFinding({ id: 'mcp/meta/dynamic-mismatch', message: `tool ${d.tool}: ${d.what}`, tool: d.tool, ...(d.file ? { file: d.file, line: d.line } : { file: 'tools/list' }) }, h));
      }
      // Judge what the running server actually says, where it says something the source does not.
      const staticDesc = new Map(t.scan.surface.tools.map((x) => [x.name, norm(x.description)]));
      const liveOnly: ExtractedTool[] = run.tools.filter((x) => staticDesc.get(x.name) !== norm(x.description)).map((x) => ({ ...x, loc: { file: 'tools/list', line: 0 } }));
      const raw = checkSurface({ tools: liveOnly, prompts: [], resources: [], dynamic: [] }, {});
      for (const x of raw) t.findings.push(makeFinding(x, h));
    }
    if (run.dependencyScripts.length) {
      t.scan.install.dependencyScripts = run.dependencyScripts.map((n) => ({ name: n, via: 'lockfile' as const }));
      t.scan.install.dependencySource = 'installed';
      t.findings.push(makeFinding({ id: 'mcp/install/dependency-script', message: `installed dependency tree has install scripts (not run): ${run.dependencyScripts.slice(0, 8).join(', ')}`, file: 'package-lock.json', text: run.dependencyScripts.join(', ') }, h));
    }
    sortFindings(t.findings);
    t.risk = riskOf(t.findings);
  }
  r.risk = riskOf(r.targets.flatMap((t) => t.findings));
}

/** Arguments the config passes after the package (an npx launch's server arguments). */
function extraArgs(s: ConfiguredServer): string[] {
  const l = launcherPackage(s.launch.command, s.launch.args);
  if (l.tool !== 'npx' || !l.spec) return [];
  const i = s.launch.args.indexOf(l.spec);
  return i >= 0 ? s.launch.args.slice(i + 1) : [];
}

export function listForPin(env: NodeJS.ProcessEnv, projectDir: string) {
  return async (s: ConfiguredServer, _state: CurrentState): Promise<ListedSurface | undefined> => {
    const r = await resolveServer(s, projectDir, env);
    if ('unsupported' in r) return undefined;
    const run = await listInJail(r, env, { args: extraArgs(s) });
    if (!run.ok) throw new GatehouseError({ code: 'mcp/run-failed', message: `could not list ${s.name} in the jail: ${run.error}` });
    return { tools: run.tools.map((t) => ({ ...t, loc: { file: 'tools/list', line: 0 } })), prompts: run.prompts, resources: run.resources, ...(run.instructions ? { instructions: run.instructions } : {}) };
  };
}
