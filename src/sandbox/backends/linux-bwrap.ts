// Linux backend: bubblewrap directly. Every namespace is unshared (network too: only loopback
// exists inside), user namespaces cannot be created again (--disable-userns), all capabilities are
// dropped, the command gets a new session (no TIOCSTI into the caller's terminal) and dies with
// its parent. The root is read-only; the project and a private /tmp are the only writable places.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { findExecutable } from '../probe.js';
import type { Availability, ResolvedSandboxOptions, SandboxBackend, WrappedCommand } from '../types.js';

const run = promisify(execFile);

/** Where the proxy socket appears inside the sandbox (/run is a private tmpfs there). */
export const PROXY_SOCKET_INSIDE = '/run/gatehouse/proxy.sock';

/** `/proc/net/tcp` line of a LISTEN socket on 127.0.0.1:port. */
function listenPattern(port: number): string {
  return ` 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A`;
}

/** The bwrap argument list (without the binary). Pure; exported for tests and `sandbox profile`. */
export function bwrapArgs(o: ResolvedSandboxOptions, socat?: string): string[] {
  const a: string[] = ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  if (o.systemOnlyRoot) {
    for (const d of o.systemDirs) a.push('--ro-bind', d, d);
  } else {
    a.push('--ro-bind', '/', '/');
  }
  a.push('--dev', '/dev', '--proc', '/proc', '--tmpfs', '/run', '--bind', o.privateTmp, '/tmp');
  if (o.systemOnlyRoot) {
    a.push('--tmpfs', o.home);
    // A tool directory that lives under home (a Node install in ~/.nvm) stays visible, read-only.
    for (const d of o.systemDirs) if (d.startsWith(o.home + '/')) a.push('--ro-bind', d, d);
  }
  a.push(o.projectWritable ? '--bind' : '--ro-bind', o.projectDir, o.projectDir);
  for (const p of o.extraWritable) a.push('--bind', p, p);
  for (const p of o.readOnly) a.push('--ro-bind', p, p);
  for (const p of o.pinEmptyDirs) a.push('--ro-bind', o.emptyDir, p);
  for (const m of o.masks) {
    if (o.systemOnlyRoot && !m.path.startsWith(o.projectDir + '/') && !o.systemDirs.some((d) => m.path.startsWith(d + '/'))) continue;
    a.push('--ro-bind', m.kind === 'dir' ? o.emptyDir : o.emptyFile, m.path);
  }
  if (o.network.mode === 'proxy') a.push('--ro-bind', o.network.socketPath, PROXY_SOCKET_INSIDE);
  a.push('--chdir', o.cwd, '--');
  if (o.network.mode === 'proxy') {
    // Relay 127.0.0.1:port inside the namespace to the host proxy's unix socket, wait until it
    // listens, then become the command.
    const script =
      `"$GATEHOUSE_SOCAT" TCP-LISTEN:${o.network.port},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:${PROXY_SOCKET_INSIDE} >/dev/null 2>&1 & ` +
      `n=0; while [ $n -lt 400 ] && ! grep -q '${listenPattern(o.network.port)}' /proc/net/tcp; do n=$((n+1)); sleep 0.005; done; ` +
      `unset GATEHOUSE_SOCAT; exec "$@"`;
    a.push('/bin/sh', '-c', script, 'gatehouse-sandbox', ...o.command);
    void socat;
  } else {
    a.push(...o.command);
  }
  return a;
}

export function proxyEnv(port: number): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) env[k] = url;
  env.NO_PROXY = '';
  env.no_proxy = '';
  return env;
}

export function linuxBwrapBackend(deps: { env?: Readonly<Record<string, string | undefined>> } = {}): SandboxBackend {
  const env = deps.env ?? process.env;
  return {
    name: 'bubblewrap',
    platform: 'linux',
    async available(opts = {}): Promise<Availability> {
      const bwrap = findExecutable('bwrap', env);
      if (!bwrap) return { ok: false, evidence: ['bwrap not found on PATH (Debian/Ubuntu: apt-get install bubblewrap)'] };
      if (opts.quick) return { ok: true, evidence: [`bwrap at ${bwrap}`] };
      try {
        const v = await run(bwrap, ['--version'], { timeout: 5000 });
        await run(bwrap, ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'], { timeout: 5000 });
        return { ok: true, version: v.stdout.trim(), evidence: [`${bwrap}: ${v.stdout.trim()}`, '`bwrap --unshare-all --unshare-user --disable-userns … true` exited 0 (user namespaces work)'] };
      } catch (e) {
        const msg = ((e as { stderr?: string }).stderr || (e as Error).message).trim().split('\n')[0];
        return { ok: false, evidence: [`${bwrap} found, but a test sandbox failed: ${msg}`] };
      }
    },
    async wrap(o: ResolvedSandboxOptions): Promise<WrappedCommand> {
      const bwrap = findExecutable('bwrap', env) ?? 'bwrap';
      const wrappedEnv = { ...o.env };
      if (o.network.mode === 'proxy') {
        const socat = findExecutable('socat', env);
        if (!socat || !existsSync(socat)) throw new Error('socat is needed for --allow-net (apt-get install socat)');
        Object.assign(wrappedEnv, proxyEnv(o.network.port), { GATEHOUSE_SOCAT: socat });
      }
      return { file: bwrap, args: bwrapArgs(o), env: wrappedEnv };
    },
  };
}
