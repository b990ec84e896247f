// A fake filesystem and context for shell-analysis tests, plus a compact rendering of results.
import type { FsProbe, ShellAnalysis, ShellContext, SimpleCommand } from '../../src/shell/types.js';

export const TREE: Record<string, string[]> = {
  '/': ['bin', 'etc', 'home', 'proj', 'tmp', 'usr'],
  '/bin': ['cat', 'rm', 'sh'],
  '/etc': ['passwd', 'shadow', 'hosts'],
  '/home': ['u'],
  '/home/u': ['.ssh', '.aws', '.bashrc', 'proj', 'notes.md'],
  '/home/u/.ssh': ['id_rsa', 'id_rsa.pub', 'known_hosts'],
  '/home/u/.aws': ['credentials', 'config'],
  '/home/u/proj': ['.env'],
  '/proj': ['.env', '.env.example', '.envrc', '.git', 'README.md', 'dist', 'src', 'package.json'],
  '/proj/.git': ['config', 'hooks'],
  '/proj/.git/hooks': ['pre-commit.sample'],
  '/proj/dist': ['index.js'],
  '/proj/src': ['a.ts', 'b.ts', 'c.js'],
  '/tmp': ['x', 'y.log', 'z.log'],
  '/usr': ['bin'],
  '/usr/bin': ['env', 'python3'],
};

export const fakeFs: FsProbe = {
  readdir: (d) => TREE[d.replace(/(.)\/+$/, '$1')] ?? null,
  isDir: (p) => Object.prototype.hasOwnProperty.call(TREE, p.replace(/(.)\/+$/, '$1')),
};

export const ctx: ShellContext = Object.freeze({
  cwd: '/proj',
  home: '/home/u',
  env: Object.freeze({ USER: 'u', PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }),
  fs: fakeFs,
});

/** argv as strings: the value, or `<pattern>` when only known at run time. */
export function render(c: SimpleCommand): string[] {
  return c.argv.map((w) => (w.value !== null ? w.value : `<${w.pattern ?? '?'}>`));
}

export function renderAll(a: ShellAnalysis): string[][] {
  return a.commands.map(render);
}
