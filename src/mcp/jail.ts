// A small bubblewrap jail for listing a server's tools: no network, a clean environment, an
// empty temporary HOME, only system folders and the installed package visible (read-only),
// a private /tmp, and limits on address space, CPU time and open files. The caller adds a
// wall-clock kill timer. (gatehouse's general sandbox module is meant to take this over.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JailOptions {
  /** Folder mounted read-only at /srv/pkg; the working directory inside. */
  packageDir: string;
  /** Program and arguments, as seen inside the jail. */
  argv: string[];
  memoryBytes?: number;
  cpuSeconds?: number;
  /** Extra environment (names and values are the caller's responsibility; keep it empty). */
  env?: Record<string, string>;
}

export const JAIL_PKG = '/srv/pkg';
export const JAIL_HOME = '/home/sandbox';

export function bwrapAvailable(): boolean {
  const r = spawnSync('bwrap', ['--unshare-all', '--ro-bind', '/', '/', 'true'], { timeout: 5000 });
  return r.status === 0;
}

export function jailArgv(o: JailOptions): { command: string; args: string[] } {
  const args = ['--die-with-parent', '--new-session', '--unshare-all', '--cap-drop', 'ALL'];
  for (const d of ['/usr', '/lib', '/lib64', '/lib32', '/bin', '/sbin']) args.push('--ro-bind-try', d, d);
  for (const f of ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/localtime', '/etc/nsswitch.conf']) args.push('--ro-bind-try', f, f);
  // The interpreter may live outside /usr (nvm, a toolchain folder): make its prefix visible.
  const prefix = dirname(dirname(process.execPath));
  if (!/^\/usr(?:\/|$)/.test(prefix) && existsSync(prefix) && prefix !== '/') args.push('--ro-bind', prefix, prefix);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/home', '--dir', JAIL_HOME, '--tmpfs', '/root', '--tmpfs', '/run');
  args.push('--ro-bind', o.packageDir, JAIL_PKG, '--chdir', JAIL_PKG);
  args.push('--clearenv', '--setenv', 'HOME', JAIL_HOME, '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'TMPDIR', '/tmp', '--setenv', 'NODE_ENV', 'production');
  for (const [k, v] of Object.entries(o.env ?? {})) args.push('--setenv', k, v);
  const mem = o.memoryBytes ?? 4 * 1024 * 1024 * 1024;
  const cpu = o.cpuSeconds ?? 20;
  args.push('--', 'prlimit', `--as=${mem}`, `--cpu=${cpu}`, '--nofile=256', '--core=0', '--', ...o.argv);
  return { command: 'bwrap', args };
}
