// A server's normalised identity: what it starts (command, args, URL, env and header KEYS), so
// that an approval follows the server across clients and cosmetic differences (an absolute path
// to npx, a trailing slash) but not across a real change. Env values are left out on purpose:
// they hold secrets and rotate.
import { basename } from 'node:path';
import type { Launch } from './discover.js';
import { canonicalJson } from './canonical.js';
import { sha256 } from './findings.js';

const LAUNCHERS = new Set(['node', 'nodejs', 'npx', 'npm', 'pnpm', 'yarn', 'bunx', 'bun', 'deno', 'python', 'python3', 'uv', 'uvx', 'pipx', 'docker', 'podman']);

export interface Identity {
  transport: Launch['transport'];
  command?: string;
  args: string[];
  url?: string;
  envKeys: string[];
  headerKeys: string[];
}

function normUrl(u: string): string {
  try {
    const x = new URL(u);
    x.hostname = x.hostname.toLowerCase();
    let s = x.toString();
    if (s.endsWith('/') && x.pathname !== '/') s = s.slice(0, -1);
    return s;
  } catch {
    return u.trim();
  }
}

export function identityOf(l: Launch): Identity {
  const cmd = l.command ? (LAUNCHERS.has(basename(l.command).replace(/\.(?:exe|cmd)$/i, '')) ? basename(l.command).replace(/\.(?:exe|cmd)$/i, '') : l.command) : undefined;
  return {
    transport: l.transport,
    ...(cmd ? { command: cmd } : {}),
    args: l.args,
    ...(l.url ? { url: normUrl(l.url) } : {}),
    envKeys: Object.keys(l.env).sort(),
    headerKeys: Object.keys(l.headers).map((k) => k.toLowerCase()).sort(),
  };
}

export function identityHash(id: Identity): string {
  return 'sha256:' + sha256(canonicalJson(id));
}
