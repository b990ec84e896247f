// What runs at install time: lifecycle scripts of the package, the files they start, and which
// dependencies (from a shipped lockfile or bundled node_modules) run scripts of their own. Read
// from manifests only; nothing is installed or run.
import { posix } from 'node:path';
import type { SourceFile } from '../types.js';
import type { RawHit } from './code-scan.js';

export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'] as const;

export interface LifecycleScript {
  /** Package that declares it (`.` for the scanned package). */
  pkg: string;
  name: string;
  command: string;
  /** Files inside the package that the command runs. */
  files: string[];
}

export interface InstallReport {
  scripts: LifecycleScript[];
  /** Dependencies that run install scripts, as far as the package shows it. */
  dependencyScripts: { name: string; version?: string; via: 'lockfile' | 'bundled' }[];
  /** Where the dependency list came from, or why it is unknown. */
  dependencySource: 'lockfile' | 'bundled' | 'installed' | 'none' | 'unknown';
  /** Files run at install time (the scanned package's). */
  installFiles: Set<string>;
  hits: RawHit[];
}

const NATIVE_BUILD = /^\s*(?:node-gyp(?:-build)?\s+rebuild|prebuild-install(?:\s|$)|node-pre-gyp\s+install|cmake-js\s+compile|node-gyp-build(?:\s|$))/;
const FETCHES = /\b(?:curl|wget|Invoke-WebRequest|iwr|Invoke-RestMethod|bitsadmin|certutil\s+-urlcache|nc|ncat|netcat)\b/;
const RUNS_INLINE = /\b(?:node|nodejs)\s+(?:-e|--eval|-p|--print)\b|\bpython[0-9.]*\s+-c\b|\|\s*(?:sh|bash|zsh|node|python[0-9.]*)\b|\bbase64\s+(?:-d|--decode)\b|\beval\b/;
const RUNS_FILE = /\b(?:node|nodejs|python[0-9.]*|sh|bash|tsx|ts-node|bun|deno run)\s+(?:-{1,2}[\w-]+(?:=\S+)?\s+)*([^\s;&|'"]+\.(?:c?js|mjs|ts|py|sh))\b/g;

function json(file: SourceFile | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined;
  try {
    const v = JSON.parse(file.text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function lineOfKey(text: string, key: string): number {
  const i = text.indexOf(`"${key}"`);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

/** Relative imports of a JS/Python file, one level deep (files run at install time often split). */
function relativeImports(file: SourceFile, byPath: Map<string, SourceFile>): string[] {
  const out: string[] = [];
  const dir = posix.dirname(file.path);
  for (const m of file.text.matchAll(/(?:require\(|import\s*\(|from\s+|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = posix.normalize(posix.join(dir, m[1]!));
    for (const cand of [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}.ts`, `${base}/index.js`]) {
      if (byPath.has(cand)) {
        out.push(cand);
        break;
      }
    }
  }
  return out;
}

export function analyzeInstall(files: readonly SourceFile[]): InstallReport {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const report: InstallReport = { scripts: [], dependencyScripts: [], dependencySource: 'none', installFiles: new Set(), hits: [] };
  const pkgFile = byPath.get('package.json');
  const pkg = json(pkgFile);
  if (pkg && pkgFile) {
    const scripts = (pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {}) as Record<string, unknown>;
    const entries: [string, string][] = [];
    for (const name of INSTALL_SCRIPTS) if (typeof scripts[name] === 'string') entries.push([name, scripts[name] as string]);
    // npm runs `node-gyp rebuild` when binding.gyp exists and no install script is declared.
    if (byPath.has('binding.gyp') && !scripts.install && !scripts.preinstall) entries.push(['install', 'node-gyp rebuild (implicit: binding.gyp)']);
    for (const [name, command] of entries) {
      const run: string[] = [];
      for (const m of command.matchAll(RUNS_FILE)) {
        const p = posix.normalize(m[1]!.replace(/^\.\//, ''));
        if (byPath.has(p)) run.push(p);
      }
      for (const p of [...run]) for (const dep of relativeImports(byPath.get(p)!, byPath)) if (!run.includes(dep)) run.push(dep);
      for (const p of run) report.installFiles.add(p);
      report.scripts.push({ pkg: '.', name, command, files: run });
      const line = lineOfKey(pkgFile.text, name);
      const base = { file: 'package.json', line, column: 1, text: `"${name}": ${JSON.stringify(command)}` };
      if (FETCHES.test(command) && RUNS_INLINE.test(command)) {
        report.hits.push({ ...base, id: 'mcp/install/script-behaviour', message: `${name} script downloads and runs code` });
      } else if (FETCHES.test(command) || RUNS_INLINE.test(command)) {
        report.hits.push({ ...base, id: 'mcp/install/script-command', message: `${name} script ${FETCHES.test(command) ? 'downloads from the network' : 'runs inline or piped code'}` });
      } else if (NATIVE_BUILD.test(command)) {
        report.hits.push({ ...base, id: 'mcp/install/lifecycle-script', severity: 'low', message: `${name} script builds a native addon (${command})` });
      } else {
        report.hits.push({ ...base, id: 'mcp/install/lifecycle-script', message: `${name} script runs at install: ${command}` });
      }
    }
  }
  // Python sdists run setup.py at install time.
  if (byPath.has('setup.py')) report.installFiles.add('setup.py');

  // Dependencies: a shipped lockfile knows which packages have install scripts.
  const lock = json(byPath.get('npm-shrinkwrap.json')) ?? json(byPath.get('package-lock.json'));
  if (lock && lock.packages && typeof lock.packages === 'object') {
    report.dependencySource = 'lockfile';
    for (const [path, entry] of Object.entries(lock.packages as Record<string, Record<string, unknown>>)) {
      if (!path || !entry || entry.hasInstallScript !== true) continue;
      report.dependencyScripts.push({ name: path.replace(/^.*node_modules\//, ''), ...(typeof entry.version === 'string' ? { version: entry.version } : {}), via: 'lockfile' });
    }
  }
  for (const f of files) {
    const m = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(f.path);
    if (!m) continue;
    if (report.dependencySource === 'none') report.dependencySource = 'bundled';
    const dep = json(f);
    const s = (dep?.scripts ?? {}) as Record<string, unknown>;
    if (INSTALL_SCRIPTS.some((n) => typeof s[n] === 'string') && !report.dependencyScripts.some((d) => d.name === m[1])) {
      report.dependencyScripts.push({ name: m[1]!, ...(typeof dep?.version === 'string' ? { version: dep.version } : {}), via: 'bundled' });
    }
  }
  const hasDeps = pkg && pkg.dependencies && typeof pkg.dependencies === 'object' && Object.keys(pkg.dependencies).length > 0;
  if (report.dependencySource === 'none' && hasDeps) report.dependencySource = 'unknown';
  if (report.dependencyScripts.length) {
    const names = report.dependencyScripts.map((d) => (d.version ? `${d.name}@${d.version}` : d.name));
    report.hits.push({
      id: 'mcp/install/dependency-script',
      message: `${names.length} dependenc${names.length === 1 ? 'y runs an' : 'ies run'} install script${names.length === 1 ? '' : 's'}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      file: report.dependencySource === 'lockfile' ? (byPath.has('npm-shrinkwrap.json') ? 'npm-shrinkwrap.json' : 'package-lock.json') : 'package.json',
      line: 1,
      column: 1,
      text: names.join(', '),
    });
  }
  return report;
}
