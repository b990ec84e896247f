// One package, read from memory: extract its tool surface, run the code rules, look at what it
// runs at install time, check its metadata, and combine the evidence into findings. Nothing in
// the package is executed.

import { checkSurface } from './analyze/metadata-checks.js';
import { matchersFor, scanCode, textHits, type HandlerRange, type RawHit } from './analyze/code-scan.js';
import { extractJs } from './analyze/extract-js.js';
import { extractPy } from './analyze/extract-py.js';
import { analyzeInstall, type InstallReport } from './analyze/install.js';
import { ownSources, readmeText } from './analyze/package-files.js';
import { langOf, parseSource, parseSourceAsync, type SgRoot } from './analyze/sg.js';
import { makeFinding, riskOf, sha256, sortFindings } from './findings.js';
import type { TextContext } from './text/instructions.js';
import type { Finding, ServerSurface, Severity, SourceFile } from './types.js';

export interface PackageInfo {
  name?: string;
  version?: string;
  /** sha512 SRI of the tarball, when fetched from a registry or given as a file. */
  integrity?: string;
  /** Hash over the scanned files (path + content), for folders. */
  treeHash: string;
  source: 'npm' | 'tarball' | 'dir';
  spec?: string;
}

export interface ScanReport {
  target: string;
  package: PackageInfo;
  /** analysed: source files checked; parsed: those that needed a syntax tree. */
  files: { total: number; analysed: number; parsed: number; bytes: number };
  surface: ServerSurface;
  install: Omit<InstallReport, 'installFiles' | 'hits'> & { installFiles: string[] };
  network: string[];
  findings: Finding[];
  risk: Severity | 'none';
  durationMs: number;
}

const INSTALL_ESCALATE = new Set([
  'mcp/code/network',
  'mcp/code/env-harvest',
  'mcp/code/credential-read',
  'mcp/code/shell-string',
  'mcp/code/shell-injection',
  'mcp/code/dynamic-eval',
  'mcp/code/remote-code-exec',
  'mcp/code/decoded-exec',
  'mcp/code/persistence',
]);
const SECRET_SOURCES = new Set(['mcp/code/env-harvest', 'mcp/code/credential-read']);
const QUIET_HOSTS = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|json-schema\.org|(?:www\.)?w3\.org|schemas\.\S+|example\.(?:com|org|net))$/;

export function treeHash(files: readonly SourceFile[]): string {
  const h = sha256(
    [...files]
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((f) => `${f.path}\0${sha256(f.text)}`)
      .join('\n'),
  );
  return `sha256-${Buffer.from(h, 'hex').toString('base64')}`;
}

export function packageJsonOf(files: readonly SourceFile[]): Record<string, unknown> | undefined {
  const f = files.find((x) => x.path === 'package.json');
  if (!f) return undefined;
  try {
    return JSON.parse(f.text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function pyprojectName(files: readonly SourceFile[]): { name?: string; version?: string } {
  const f = files.find((x) => x.path === 'pyproject.toml');
  if (!f) return {};
  const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(f.text)?.[1];
  const version = /^\s*version\s*=\s*["']([^"']+)["']/m.exec(f.text)?.[1];
  return { ...(name ? { name } : {}), ...(version ? { version } : {}) };
}

export interface ScanOptions {
  target: string;
  source: PackageInfo['source'];
  integrity?: string;
  spec?: string;
  context?: TextContext;
  now?: () => number;
}

/** Extraction only (used by pin/verify, which need the surface but not the judgement). */
const PY_GATE = /\.(?:tool|prompt|resource)\b|Tool\(|FastMCP|__doc__|add_tool|list_changed/;
const JS_GATE = /\.(?:tool|registerTool|prompt|registerPrompt|resource|registerResource|update|sendToolListChanged)\s*\(|inputSchema|instructions|list_changed/;

/** A file none of whose extraction gates and rule prefilters fire cannot produce anything from
 * its syntax tree, so it is not parsed at all (it still gets the text-level checks). */
export function needsParse(f: SourceFile): boolean {
  const lang = langOf(f.path);
  if (!lang) return false;
  if ((lang === 'python' ? PY_GATE : JS_GATE).test(f.text)) return true;
  return matchersFor(lang).some((m) => (typeof m.prefilter === 'function' ? m.prefilter(f.text) : m.prefilter.test(f.text)));
}

/** Parses every source file of the package that needs it, several at a time on the thread pool. */
export async function parseAll(files: readonly SourceFile[]): Promise<Map<string, SgRoot>> {
  const own = ownSources(files).filter(needsParse);
  const roots = await Promise.all(own.map((f) => parseSourceAsync(langOf(f.path)!, f.text).catch(() => undefined)));
  const out = new Map<string, SgRoot>();
  own.forEach((f, i) => roots[i] && out.set(f.path, roots[i]!));
  return out;
}

export function extractSurface(files: readonly SourceFile[], preParsed?: Map<string, SgRoot>): { surface: ServerSurface; parsed: Map<string, SgRoot> } {
  const surface: ServerSurface = { tools: [], prompts: [], resources: [], dynamic: [] };
  const parsed = new Map<string, SgRoot>();
  for (const f of ownSources(files)) {
    const lang = langOf(f.path)!;
    let root: SgRoot | undefined = preParsed?.get(f.path);
    if (!root) {
      if (preParsed || !needsParse(f)) continue; // not needed, or could not be parsed
      try {
        root = parseSource(lang, f.text);
      } catch {
        continue;
      }
    }
    parsed.set(f.path, root);
    if (lang === 'python') {
      if (PY_GATE.test(f.text)) extractPy(f, root, surface);
    } else if (JS_GATE.test(f.text)) {
      extractJs(f, root, surface);
    }
  }
  return { surface, parsed };
}

/** scanFiles with the parsing done in parallel first. */
export async function scanFilesAsync(files: readonly SourceFile[], opts: ScanOptions): Promise<ScanReport> {
  const started = (opts.now ?? Date.now)();
  const parsed = await parseAll(files);
  return scanFiles(files, { ...opts, parsed, startedAt: started });
}

export function scanFiles(files: readonly SourceFile[], opts: ScanOptions & { parsed?: Map<string, SgRoot>; startedAt?: number }): ScanReport {
  const now = opts.now ?? Date.now;
  const started = opts.startedAt ?? now();
  const byPath = new Map(files.map((f) => [f.path, f]));
  const fileHash = new Map<string, string>();
  const hashOf = (p: string) => {
    let h = fileHash.get(p);
    if (!h) fileHash.set(p, (h = sha256(byPath.get(p)?.text ?? '')));
    return h;
  };

  const { surface, parsed } = extractSurface(files, opts.parsed);
  const handlers = new Map<string, HandlerRange[]>();
  for (const t of surface.tools) if (t.handler) (handlers.get(t.handler.file) ?? handlers.set(t.handler.file, []).get(t.handler.file)!).push({ ...t.handler, tool: t.name });

  const code: RawHit[] = [];
  const own = ownSources(files);
  for (const f of own) {
    const root = parsed.get(f.path);
    code.push(...(root ? scanCode(f, root, langOf(f.path)!, handlers.get(f.path) ?? []) : textHits(f)));
  }

  const install = analyzeInstall(files);
  const raw: RawHit[] = [...install.hits];

  // Install-time files: anything risky in them is install-script behaviour.
  for (const path of install.installFiles) {
    const inFile = code.filter((h) => h.file === path && INSTALL_ESCALATE.has(h.id));
    if (!inFile.length) continue;
    const ids = [...new Set(inFile.map((h) => h.id.replace('mcp/code/', '')))];
    const secrets = inFile.some((h) => SECRET_SOURCES.has(h.id));
    const net = inFile.some((h) => h.id === 'mcp/code/network');
    raw.push({
      ...inFile[0]!,
      id: 'mcp/install/script-behaviour',
      severity: secrets || !net || ids.length > 1 ? 'critical' : 'high',
      message: `code run at install time (${path}) does: ${ids.join(', ')}`,
    });
  }

  // Secrets next to a network sink: exfiltration.
  const byFile = new Map<string, RawHit[]>();
  for (const h of code) (byFile.get(h.file) ?? byFile.set(h.file, []).get(h.file)!).push(h);
  for (const [path, hits] of byFile) {
    const src = hits.find((h) => SECRET_SOURCES.has(h.id));
    const sink = hits.find((h) => h.id === 'mcp/code/network');
    if (src && sink) {
      raw.push({ ...src, id: 'mcp/code/exfiltration-flow', message: `${src.id === 'mcp/code/env-harvest' ? 'collects the environment' : 'reads credentials'} (line ${src.line}) and sends over the network (line ${sink.line}${sink.host ? `, ${sink.host}` : ''}) in ${path}` });
    }
  }

  // What tools and docs disclose, to judge recipients and destinations.
  const pkg = packageJsonOf(files);
  const disclosed = [
    readmeText(files),
    JSON.stringify(pkg?.homepage ?? ''),
    JSON.stringify(pkg?.repository ?? ''),
    String(pkg?.description ?? ''),
    surface.instructions?.text ?? '',
  ].join('\n').toLowerCase();
  const toolText = new Map(surface.tools.map((t) => [t.name, JSON.stringify([t.description, t.inputSchema]).toLowerCase()]));
  const allToolText = [...toolText.values()].join('\n');

  const network = new Set<string>();
  for (const h of code) {
    if (h.id === 'mcp/code/network') {
      if (h.host) network.add(h.host);
      if (h.host && h.tool && !QUIET_HOSTS.test(h.host)) {
        const hostRoot = h.host.split('.').slice(-2).join('.');
        const said = (toolText.get(h.tool) ?? '') + disclosed;
        if (!said.includes(h.host) && !said.includes(hostRoot)) {
          raw.push({ ...h, id: 'mcp/code/undisclosed-endpoint', message: `tool ${h.tool} sends to ${h.host}, which neither its description nor the package docs mention` });
        }
      }
      raw.push(h);
      continue;
    }
    if (h.id === 'mcp/code/hidden-recipient') {
      const addr = h.host ?? '';
      if (addr && (allToolText.includes(addr) || disclosed.includes(addr))) continue;
      raw.push({ ...h, message: `${h.message ?? 'fixed recipient'}${h.tool ? ` in tool ${h.tool}` : ''}, not mentioned in any tool description` });
      continue;
    }
    raw.push(h);
  }

  raw.push(...checkSurface(surface, opts.context ?? {}));

  const findings = sortFindings(dedupe(raw).map((h) => makeFinding(h, h.file ? hashOf(h.file) : '')));
  const py = pyprojectName(files);
  const info: PackageInfo = {
    ...(typeof pkg?.name === 'string' ? { name: pkg.name } : py.name ? { name: py.name } : {}),
    ...(typeof pkg?.version === 'string' ? { version: pkg.version } : py.version ? { version: py.version } : {}),
    ...(opts.integrity ? { integrity: opts.integrity } : {}),
    treeHash: treeHash(files),
    source: opts.source,
    ...(opts.spec ? { spec: opts.spec } : {}),
  };
  return {
    target: opts.target,
    package: info,
    files: { total: files.length, analysed: own.length, parsed: parsed.size, bytes: own.reduce((n, f) => n + f.text.length, 0) },
    surface,
    install: { scripts: install.scripts, dependencyScripts: install.dependencyScripts, dependencySource: install.dependencySource, installFiles: [...install.installFiles] },
    network: [...network].sort(),
    findings,
    risk: riskOf(findings),
    durationMs: Math.max(0, now() - started),
  };
}

function dedupe(list: RawHit[]): RawHit[] {
  const seen = new Set<string>();
  return list.filter((h) => {
    const k = `${h.id}|${h.file}|${h.line}|${h.tool ?? ''}|${h.message ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

