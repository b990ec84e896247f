// Checks on how a server is configured, before anything about its code: launchers that fetch
// whatever is newest, secrets written into the config, shell pipelines, privileged containers,
// plain-HTTP remotes, and servers that run without having been reviewed.
import { redactText } from '../audit/redact.js';
import type { ConfiguredServer } from './discover.js';
import { canonicalJson } from './canonical.js';
import { makeFinding, sha256 } from './findings.js';
import { parseNpmSpec } from './fetch/npm-pack.js';
import type { Finding } from './types.js';
import type { FindingInput } from './findings.js';

const NPX_FLAGS_WITH_VALUE = new Set(['-p', '--package', '--registry', '--cache', '--userconfig', '-c', '--call']);
const DOCKER_VALUE_FLAGS = new Set(['-v', '--volume', '-e', '--env', '--env-file', '--name', '-p', '--publish', '--network', '--net', '-w', '--workdir', '--mount', '-u', '--user', '--entrypoint', '--cap-add', '--cap-drop', '--pid', '--ipc', '--uts', '--security-opt', '-m', '--memory', '--cpus', '--label', '-l', '--add-host', '--device', '--hostname', '-h', '--platform', '--pull', '--restart', '--tmpfs', '--ulimit', '--runtime', '--log-driver', '--dns', '--group-add', '--shm-size', '--gpus']);
const SECRETISH_KEY = /(?:SECRET|TOKEN|PASSW(?:OR)?D|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)/i;
const REFERENCE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}?$/;

/** The package a launcher starts, as written: `npx -y pkg@1` → `pkg@1`. */
export function launcherPackage(command: string | undefined, args: readonly string[]): { tool: 'npx' | 'uvx' | 'docker' | 'other'; spec?: string } {
  const base = (command ?? '').split(/[\\/]/).pop()!.replace(/\.(?:exe|cmd)$/i, '');
  let rest = [...args];
  let tool: 'npx' | 'uvx' | 'docker' | 'other' = 'other';
  if (base === 'npx' || base === 'bunx') tool = 'npx';
  else if ((base === 'npm' && (rest[0] === 'exec' || rest[0] === 'x')) || ((base === 'pnpm' || base === 'yarn') && rest[0] === 'dlx')) {
    tool = 'npx';
    rest = rest.slice(1);
  } else if (base === 'uvx' || (base === 'uv' && rest[0] === 'tool' && rest[1] === 'run') || (base === 'pipx' && rest[0] === 'run')) {
    tool = 'uvx';
    rest = base === 'uvx' ? rest : rest.slice(base === 'uv' ? 2 : 1);
  } else if ((base === 'docker' || base === 'podman') && rest[0] === 'run') {
    for (let j = 1; j < rest.length; j++) {
      const a = rest[j]!;
      if (!a.startsWith('-')) return { tool: 'docker', spec: a };
      if (!a.includes('=') && DOCKER_VALUE_FLAGS.has(a)) j++;
    }
    return { tool: 'docker' };
  }
  if (tool === 'other') return { tool };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') return { tool, ...(rest[i + 1] ? { spec: rest[i + 1] } : {}) };
    if (a === '-p' || a === '--package' || a === '--from') return { tool, ...(rest[i + 1] ? { spec: rest[i + 1] } : {}) };
    if (a.startsWith('--package=') || a.startsWith('--from=')) return { tool, spec: a.split('=').slice(1).join('=') };
    if (NPX_FLAGS_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return { tool, spec: a };
  }
  return { tool };
}

function isPinned(tool: 'npx' | 'uvx' | 'docker' | 'other', spec: string): boolean {
  if (tool === 'npx') {
    if (/^(?:\.{0,2}\/|file:|[A-Za-z]:\\)/.test(spec)) return true; // local path
    return parseNpmSpec(spec)?.exact === true;
  }
  if (tool === 'uvx') return /==\d|@\d/.test(spec);
  if (tool === 'docker') return /@sha256:[0-9a-f]{64}$/.test(spec) || (/:[^/:]+$/.test(spec) && !/:latest$/.test(spec));
  return true;
}

const LOOPBACK = /^https?:\/\/(?:localhost|127(?:\.\d+){3}|\[::1\])(?::\d+)?(?:\/|$)/i;

export function checkServerConfig(s: ConfiguredServer, pinned: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const contentHash = sha256(canonicalJson(s.raw));
  const at = { file: s.file, line: s.line, server: s.name };
  const add = (h: Omit<FindingInput, 'file' | 'line' | 'server'>) => out.push(makeFinding({ ...at, ...h }, contentHash));
  const l = s.launch;
  const cmdline = [l.command ?? '', ...l.args].join(' ');

  const launcher = launcherPackage(l.command, l.args);
  if (launcher.tool !== 'other') {
    if (!launcher.spec) add({ id: 'mcp/config/unpinned-launcher', message: `${launcher.tool} launch with no package named`, text: cmdline });
    else if (!isPinned(launcher.tool, launcher.spec)) {
      add({ id: 'mcp/config/unpinned-launcher', message: `${launcher.spec} is not pinned to an exact version${launcher.tool === 'docker' ? ' or digest' : ''}`, text: cmdline });
    }
  }

  const base = (l.command ?? '').split(/[\\/]/).pop() ?? '';
  const shellC = /^(?:ba|z|da|k|fi)?sh$|^cmd(?:\.exe)?$|^powershell(?:\.exe)?$|^pwsh$/.test(base) && l.args.some((a) => a === '-c' || a === '/c' || a === '-Command');
  if (shellC || /(?:\|\s*(?:sh|bash|zsh|node|python3?)\b|\$\(|`|&&|;\s*\w)/.test(l.args.join(' '))) {
    const fetches = /\b(?:curl|wget|iwr|Invoke-WebRequest)\b/.test(cmdline);
    add({ id: 'mcp/config/shell-pipeline', ...(fetches ? { severity: 'critical' as const } : {}), message: fetches ? 'launch command downloads and runs code through a shell' : 'launch command runs through a shell', text: cmdline });
  }

  if (launcher.tool === 'docker') {
    const risky = l.args.filter((a, i) =>
      /^--privileged(?:=true)?$|^--cap-add(?:=|$)(?:ALL|SYS_ADMIN)?|^--(?:pid|network|net|ipc|uts)(?:=|$)host$|\/var\/run\/docker\.sock|^--security-opt(?:=|$).*(?:unconfined|no-new-privileges=false)/.test(a) ||
      ((l.args[i - 1] === '-v' || l.args[i - 1] === '--volume' || l.args[i - 1] === '--mount') && /^(?:\/|~|\$HOME)(?::|$)|source=\/(?:,|$)|^\/:|docker\.sock/.test(a)) ||
      (/^(?:--network|--pid|--cap-add)$/.test(l.args[i - 1] ?? '') && /^(?:host|ALL|SYS_ADMIN)$/.test(a)),
    );
    if (risky.length) add({ id: 'mcp/config/privileged-container', message: `container runs with ${risky.join(' ')}`, text: cmdline });
  }

  if (l.url && /^http:\/\//i.test(l.url) && !LOOPBACK.test(l.url)) add({ id: 'mcp/config/plain-http', message: `remote server at ${l.url} uses plain HTTP`, text: l.url });
  else if (l.url && /^http:\/\//i.test(l.url)) add({ id: 'mcp/config/plain-http', severity: 'low', message: `loopback server over plain HTTP (${l.url})`, text: l.url });

  // Secrets: values that look like secrets, anywhere in env, headers, args or URL.
  const places: [string, string][] = [
    ...Object.entries(l.env).map(([k, v]) => [`env.${k}`, `${k}=${v}`] as [string, string]),
    ...Object.entries(l.headers).map(([k, v]) => [`headers.${k}`, `${k}: ${v}`] as [string, string]),
    ...l.args.map((a, i) => [`args[${i}]`, a] as [string, string]),
    ...(l.url ? [['url', l.url] as [string, string]] : []),
  ];
  for (const [where, text] of places) {
    const value = text.replace(/^[^=:]+[=:]\s*/, '');
    const byPattern = redactText(text).findings.length > 0;
    const byName = /^(?:env|headers)\./.test(where) && SECRETISH_KEY.test(where) && value.length >= 8 && !REFERENCE.test(value) && !/^Bearer \$\{/.test(value);
    if (byPattern || byName) {
      const shown = byPattern ? redactText(text).text : text.replace(value, `[REDACTED:inline:${sha256(value).slice(0, 6)}]`);
      add({ id: 'mcp/config/inline-secret', message: `secret written inline in ${where}`, text: shown });
    }
  }

  if (l.args.some((a) => /^--(?:dangerous|unsafe|allow-all|no-sandbox|disable-security|yolo)/i.test(a))) {
    add({ id: 'mcp/config/dangerous-flag', message: `started with ${l.args.filter((a) => /^--(?:dangerous|unsafe|allow-all|no-sandbox|disable-security|yolo)/i.test(a)).join(' ')}`, text: cmdline });
  }
  if (s.autoEnabled) add({ id: 'mcp/config/auto-enabled', message: `project server ${s.name} starts because enableAllProjectMcpServers is on`, text: s.name });
  if (s.enabled !== false && !pinned.has(s.name)) add({ id: 'mcp/config/not-pinned', message: `${s.name} runs without a pin (no entry in .gatehouse/mcp-lock.json)`, text: s.name });
  return out;
}
