// A container command line for whole-process isolation with podman or docker: read-only root,
// the project as the only writable mount, a tmpfs /tmp, no network, every capability dropped, no
// new privileges, hidden files masked, limits on processes and memory. Generated, not run here.
import { relative } from 'node:path';
import type { ResolvedSandboxOptions } from '../types.js';

export type Engine = 'podman' | 'docker';

export interface ContainerOptions {
  engine: Engine;
  image: string;
  /** Podman only: run from a root filesystem directory instead of an image. */
  rootfs?: string;
  /** Where the project appears inside. */
  workdir?: string;
  memory?: string;
  pids?: number;
  tty?: boolean;
  /** Extra podman flags needed on some hosts (e.g. `--runtime runc`). */
  extra?: string[];
  /** Host file bound over hidden files (default /dev/null). */
  maskFile?: string;
  /** Rootless podman keeps the caller's uid inside (`--userns keep-id`); default: not running as root. */
  rootless?: boolean;
}

export function containerArgs(o: ResolvedSandboxOptions, c: ContainerOptions): string[] {
  const ws = c.workdir ?? '/workspace';
  const inside = (p: string) => (p === o.projectDir ? ws : `${ws}/${relative(o.projectDir, p)}`);
  const inProject = (p: string) => p === o.projectDir || p.startsWith(o.projectDir + '/');
  const a: string[] = ['run', '--rm', '-i'];
  if (c.tty) a.push('-t');
  a.push(
    '--read-only',
    '--network', 'none',
    '--cap-drop', 'ALL',
    '--security-opt', 'no-new-privileges',
    '--pids-limit', String(c.pids ?? 512),
    '--memory', c.memory ?? '4g',
    // podman copies what the image has at a tmpfs mount point into it unless told not to.
    '--tmpfs', `/tmp:rw,nosuid,nodev,size=1g${c.engine === 'podman' ? ',notmpcopyup' : ''}`,
    '--tmpfs', `/home/sandbox:rw,nosuid,nodev,size=256m${c.engine === 'podman' ? ',notmpcopyup' : ''}`,
    '--env', 'HOME=/home/sandbox',
    '--env', 'TMPDIR=/tmp',
  );
  if (c.engine === 'podman') {
    if (c.rootless ?? process.getuid?.() !== 0) a.push('--userns', 'keep-id');
  }
  else a.push('--user', `${process.getuid?.() ?? 1000}:${process.getgid?.() ?? 1000}`);
  a.push('--volume', `${o.projectDir}:${ws}:${o.projectWritable ? 'rw' : 'ro'}`);
  for (const p of o.readOnly.filter(inProject)) a.push('--volume', `${p}:${inside(p)}:ro`);
  for (const m of o.masks.filter((m) => inProject(m.path))) {
    if (m.kind === 'dir') a.push('--tmpfs', `${inside(m.path)}:ro,size=4k`);
    else a.push('--volume', `${c.maskFile ?? '/dev/null'}:${inside(m.path)}:ro`);
  }
  a.push('--workdir', o.cwd === o.projectDir ? ws : inside(o.cwd));
  a.push(...(c.extra ?? []));
  if (c.rootfs && c.engine === 'podman') a.push('--rootfs', c.rootfs);
  else a.push(c.image);
  a.push(...o.command);
  return a;
}
