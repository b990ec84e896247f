// Generated Seatbelt profiles, container command lines and bwrap argument lists, checked for
// structure; podman is run where it works.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../src/sandbox/backends/linux-bwrap.js';
import { containerArgs } from '../../src/sandbox/backends/container.js';
import { seatbeltProfile } from '../../src/sandbox/backends/macos-seatbelt.js';
import { linuxSrtBackend, srtConfig } from '../../src/sandbox/backends/linux-srt.js';
import { selectBackend } from '../../src/sandbox/backends/index.js';
import { resolveSandbox, runBaseDir } from '../../src/sandbox/resolve.js';
import { findExecutable, execProbe } from '../../src/sandbox/probe.js';
import type { ResolvedSandboxOptions } from '../../src/sandbox/types.js';
import { makeWorld, sandboxed, sh, type World } from './helpers.js';
import { existsSync } from 'node:fs';

/** Parses an S-expression; throws on unbalanced parentheses or strings. */
function sexprs(text: string): unknown[] {
  const src = text.replace(/;[^\n]*/g, '');
  let i = 0;
  const read = (): unknown => {
    while (/\s/.test(src[i] ?? '')) i++;
    if (src[i] === '(') {
      i++;
      const list: unknown[] = [];
      for (;;) {
        while (/\s/.test(src[i] ?? '')) i++;
        if (i >= src.length) throw new Error('unbalanced (');
        if (src[i] === ')') {
          i++;
          return list;
        }
        list.push(read());
      }
    }
    if (src[i] === '"') {
      let s = '';
      i++;
      while (src[i] !== '"') {
        if (i >= src.length) throw new Error('unterminated string');
        if (src[i] === '\\') i++;
        s += src[i++];
      }
      i++;
      return { str: s };
    }
    const m = /^[^\s()]+/.exec(src.slice(i));
    if (!m) throw new Error(`unexpected ${src[i]} at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const out: unknown[] = [];
  while (i < src.length) {
    while (/\s/.test(src[i] ?? '')) i++;
    if (i < src.length) out.push(read());
  }
  return out;
}

const strs = (form: unknown): string[] => (Array.isArray(form) ? form.flatMap(strs) : form && typeof form === 'object' ? [(form as { str: string }).str] : []);

describe('generated profiles', () => {
  let w: World;
  let o: ResolvedSandboxOptions;
  beforeAll(() => {
    w = makeWorld();
    o = resolveSandbox({ profile: 'workspace', command: ['claude'], projectDir: w.project, env: w.env });
  });
  afterAll(() => rmSync(runBaseDir(o), { recursive: true, force: true }));

  it('Seatbelt: deny by default, writes only to the project and tmp, secrets and hooks denied, no network', () => {
    const forms = sexprs(seatbeltProfile(o)) as unknown[][];
    expect(forms[0]).toEqual(['version', '1']);
    expect(forms[1]).toEqual(['deny', 'default']);
    const write = forms.find((f) => f[0] === 'allow' && f[1] === 'file-write*')!;
    expect(strs(write).filter((s) => s.startsWith('/') && s !== '/dev/null' && s !== '/dev/tty')).toEqual([w.project, o.privateTmp]);
    const denyRW = forms.find((f) => f[0] === 'deny' && f[1] === 'file-read*')!;
    expect(strs(denyRW)).toEqual(expect.arrayContaining([join(w.home, '.ssh'), join(w.home, '.aws'), join(w.project, '.env'), join(w.project, 'secrets')]));
    const denyW = forms.find((f) => f[0] === 'deny' && f[1] === 'file-write*')!;
    expect(strs(denyW)).toEqual(expect.arrayContaining([join(w.project, '.git/hooks'), join(w.project, '.git/config'), join(w.project, '.claudeignore')]));
    expect(forms).toContainEqual(['deny', 'network*']);
    // the denials come after the allowances they narrow
    expect(forms.indexOf(denyRW)).toBeGreaterThan(forms.indexOf(write));
  });

  it('Seatbelt strict: no blanket read; system dirs and the project only', () => {
    const s = resolveSandbox({ profile: 'strict', command: ['x'], projectDir: w.project, env: w.env });
    try {
      const forms = sexprs(seatbeltProfile(s)) as unknown[][];
      expect(forms).not.toContainEqual(['allow', 'file-read*']);
      const reads = forms.filter((f) => f[0] === 'allow' && f[1] === 'file-read*').flatMap(strs);
      expect(reads).toEqual(expect.arrayContaining(['/usr', w.project]));
      expect(reads).not.toContain(w.home);
    } finally {
      rmSync(runBaseDir(s), { recursive: true, force: true });
    }
  });

  it('Seatbelt strings are escaped', () => {
    const forms = sexprs(seatbeltProfile({ ...o, masks: [{ path: '/x/"quoted" \\ back', kind: 'file', reason: 't' }] })) as unknown[][];
    expect(forms.flatMap(strs)).toContain('/x/"quoted" \\ back');
  });

  it.each(['podman', 'docker'] as const)('%s: read-only root, workspace mount, no network, no capabilities, no new privileges', (engine) => {
    const a = containerArgs(o, { engine, image: 'node:20-bookworm-slim' });
    const has = (flag: string, value?: string) => a.some((x, i) => x === flag && (value === undefined || a[i + 1] === value));
    expect(a[0]).toBe('run');
    expect(has('--read-only')).toBe(true);
    expect(has('--network', 'none')).toBe(true);
    expect(has('--cap-drop', 'ALL')).toBe(true);
    expect(has('--security-opt', 'no-new-privileges')).toBe(true);
    expect(has('--volume', `${w.project}:/workspace:rw`)).toBe(true);
    expect(has('--volume', `${join(w.project, '.git/hooks')}:/workspace/.git/hooks:ro`)).toBe(true);
    expect(has('--volume', '/dev/null:/workspace/.env:ro')).toBe(true);
    expect(has('--tmpfs', '/workspace/secrets:ro,size=4k')).toBe(true);
    expect(a.slice(-2)).toEqual(['node:20-bookworm-slim', 'claude']);
    expect(a.join(' ')).not.toContain(join(w.home, '.ssh'));
  });

  it('bwrap: every namespace, no user namespaces, no capabilities, new session, dies with parent', () => {
    const a = bwrapArgs(o);
    for (const f of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session']) expect(a).toContain(f);
    expect(a.join(' ')).toContain('--cap-drop ALL');
    expect(a.join(' ')).toContain(`--bind ${w.project} ${w.project}`);
    expect(a.join(' ')).toContain(`--ro-bind ${join(w.project, '.git/hooks')} ${join(w.project, '.git/hooks')}`);
    expect(a).not.toContain('--share-net');
    // masks come after the project bind, or they would be covered by it
    expect(a.indexOf(join(w.project, '.env'))).toBeGreaterThan(a.indexOf(w.project));
  });

  it('bwrap strict: an empty home, with a tool directory under home bound back read-only after it', () => {
    const tool = join(w.home, '.nvm/versions/node/v20');
    const a = bwrapArgs({ ...o, profile: 'strict', systemOnlyRoot: true, systemDirs: ['/usr', tool] });
    expect(a).not.toContain('/');
    const tmpfsHome = a.findIndex((x, i) => x === '--tmpfs' && a[i + 1] === w.home);
    const toolBinds = a.map((x, i) => (x === '--ro-bind' && a[i + 1] === tool ? i : -1)).filter((i) => i >= 0);
    expect(tmpfsHome).toBeGreaterThan(0);
    expect(toolBinds.some((i) => i > tmpfsHome)).toBe(true);
  });

  it('sandbox-runtime gets the same policy', () => {
    const c = srtConfig(o) as { filesystem: { denyRead: string[]; allowWrite: string[]; denyWrite: string[] }; network: { allowedDomains: string[] } };
    expect(c.filesystem.allowWrite).toEqual([w.project, o.privateTmp, ...o.extraWritable]);
    expect(c.filesystem.denyRead).toEqual(expect.arrayContaining([join(w.home, '.ssh'), join(w.project, '.env')]));
    expect(c.filesystem.denyWrite).toContain(join(w.project, '.git/hooks'));
    expect(c.network.allowedDomains).toEqual([]);
  });

  it('picks the backend from the platform it is given', () => {
    expect(selectBackend('linux', undefined, {}).name).toBe('bubblewrap');
    expect(selectBackend('macos', undefined, {}).name).toBe('seatbelt');
    expect(selectBackend('macos', 'sandbox-runtime', {}).name).toBe('sandbox-runtime');
    expect(() => selectBackend('windows', undefined, {})).toThrow(expect.objectContaining({ code: 'sandbox/no-backend', hint: expect.stringMatching(/WSL2/) }));
  });
});

const podman = findExecutable('podman');
const podmanWorks = podman ? (await execProbe(podman, ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { timeoutMs: 10_000 })).code === 0 : false;
/** A root filesystem with a shell and three tools, copied from the host (no registry needed). */
function miniRootfs(dir: string): string {
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'workspace', 'home/sandbox']) mkdirSync(join(dir, d), { recursive: true });
  const tools = ['sh', 'cat', 'touch', 'echo'].map((t) => findExecutable(t)!);
  for (const t of tools) copyFileSync(realpathSync(t), join(dir, 'bin', t.split('/').pop()!));
  const libs = new Set(execFileSync('ldd', tools, { encoding: 'utf8' }).match(/\/[^\s)]+\.so[^\s)]*/g) ?? []);
  for (const l of libs) {
    mkdirSync(join(dir, dirname(l)), { recursive: true });
    copyFileSync(realpathSync(l), join(dir, l));
  }
  return dir;
}

describe.skipIf(!podmanWorks)('podman, where it works', () => {
  it('runs the generated command line: workspace writable, hidden files empty, root read-only, no network', () => {
    const w = makeWorld({ git: false, base: '/var/tmp' });
    const o = resolveSandbox({ profile: 'workspace', command: ['/bin/sh', '-c', 'echo ok > /workspace/from-podman; cat /workspace/.env; touch /etc/x || echo ro-root; cat /proc/net/dev'], projectDir: w.project, env: w.env });
    const rootfs = miniRootfs(join(w.root, 'rootfs'));
    const a = containerArgs(o, { engine: 'podman', image: 'unused', rootfs, extra: ['--runtime', 'runc', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'] });
    let out: string;
    try {
      out = execFileSync(podman!, a, { encoding: 'utf8' });
    } finally {
      rmSync(runBaseDir(o), { recursive: true, force: true });
    }
    expect(readFileSync(join(w.project, 'from-podman'), 'utf8')).toBe('ok\n');
    expect(out).toContain('ro-root');
    expect(out).not.toContain('env-canary');
    expect(out).not.toMatch(/eth\d|ens\d/);
    rmSync(w.root, { recursive: true, force: true });
  });
});

const srtAvailable = (await linuxSrtBackend().available()).ok;
describe.skipIf(!srtAvailable)('the sandbox-runtime backend through the same interface', () => {
  it('writes the project, refuses outside writes and hides ~/.ssh', async () => {
    const w = makeWorld();
    const r = await sandboxed(w, sh('echo ok > inside.txt; echo x > /etc/gatehouse-srt; cat ~/.ssh/id_test; exit 3'), {}, linuxSrtBackend({ env: w.env }));
    expect(r.code).toBe(3);
    expect(existsSync(join(w.project, 'inside.txt'))).toBe(true);
    expect(existsSync('/etc/gatehouse-srt')).toBe(false);
    expect(r.stdout).not.toContain('ssh-canary');
  });
});
