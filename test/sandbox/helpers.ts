// Real temp projects and homes for sandbox tests; nothing touches the real HOME or state.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linuxBwrapBackend } from '../../src/sandbox/backends/linux-bwrap.js';
import { spawnSandboxed } from '../../src/sandbox/run.js';
import type { SandboxRequest } from '../../src/sandbox/resolve.js';
import type { SandboxBackend } from '../../src/sandbox/types.js';

export const SSH_SECRET = 'ssh-canary-5f1c0a9e2b7d4e61';
export const ENV_SECRET = 'env-canary-93b0d2c4e8f1a765';

export interface World {
  root: string;
  home: string;
  project: string;
  state: string;
  env: Record<string, string>;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'me', GIT_AUTHOR_EMAIL: 'me@example.test', GIT_COMMITTER_NAME: 'me', GIT_COMMITTER_EMAIL: 'me@example.test' } });
}

const worlds: string[] = [];
// Every world a test file made is removed when the file is done.
afterAll(() => {
  for (const w of worlds.splice(0)) rmSync(w, { recursive: true, force: true });
});

export function makeWorld(opts: { git?: boolean; base?: string } = {}): World {
  const root = realpathSync(mkdtempSync(join(opts.base ?? tmpdir(), 'gh-sbx-test-')));
  worlds.push(root);
  const home = join(root, 'home');
  const project = join(root, 'project');
  const state = join(root, 'state');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.ssh', 'id_test'), SSH_SECRET);
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'credentials'), `aws_secret_access_key = ${SSH_SECRET}`);
  mkdirSync(join(project, 'secrets'), { recursive: true });
  writeFileSync(join(project, '.claudeignore'), '.env\nsecrets/\n');
  writeFileSync(join(project, '.env'), `API_TOKEN=${ENV_SECRET}\n`);
  writeFileSync(join(project, 'secrets', 'key.txt'), ENV_SECRET);
  writeFileSync(join(project, 'README.md'), '# test project\n');
  writeFileSync(join(project, 'build.js'), "require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/out.js','built');\n");
  writeFileSync(join(project, 'sum.test.js'), "const t=require('node:test');const a=require('node:assert');t.test('sum',()=>a.equal(1+1,2));\n");
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', scripts: { build: 'node build.js', test: 'node --test' } }));
  if (opts.git !== false) {
    git(project, 'init', '-q', '-b', 'main');
    git(project, 'add', 'README.md', 'package.json', 'build.js');
    git(project, 'commit', '-q', '-m', 'init');
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GATEHOUSE_STATE_DIR: state,
    XDG_STATE_HOME: join(root, 'xdg-state'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    GATEHOUSE_CLAUDE_MANAGED_DIR: join(root, 'managed'),
    GIT_AUTHOR_NAME: 'me',
    GIT_AUTHOR_EMAIL: 'me@example.test',
    GIT_COMMITTER_NAME: 'me',
    GIT_COMMITTER_EMAIL: 'me@example.test',
    LANG: 'C.UTF-8',
  };
  return { root, home, project, state, env };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  violations: { kind: string; target?: string; detail: string }[];
}

export async function sandboxed(w: World, command: string[], extra: Partial<SandboxRequest> = {}, backend: SandboxBackend = linuxBwrapBackend({ env: w.env })): Promise<Ran> {
  const s = await spawnSandboxed({ profile: 'workspace', command, projectDir: w.project, env: w.env, ...extra }, backend, { stdio: 'pipe', timeoutMs: 20_000 });
  let stdout = '';
  let stderr = '';
  s.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  s.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  s.child.stdin!.end();
  const r = await s.finished;
  return { code: r.exitCode, stdout, stderr, violations: r.violations };
}

export const sh = (script: string) => ['/bin/sh', '-c', script];

/** Runs the built CLI (`npm run build` first) as a real process. */
export function cli(args: string[], o: { env: Record<string, string>; cwd: string }): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'gatehouse.mjs'), ...args], { env: o.env, cwd: o.cwd, encoding: 'utf8' });
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}
