// Who and where, cheaply: user and host from the OS, repository and commit from the files in `.git`
// (HEAD, refs, packed-refs, config) — a few small reads instead of a git process per hook call.
import { readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { RepoInfo } from './record.js';

type Env = Readonly<Record<string, string | undefined>>;

export function currentUser(env: Env): string | undefined {
  if (env.USER) return env.USER;
  if (env.LOGNAME) return env.LOGNAME;
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

let cachedHost: string | undefined;
export function currentHost(): string {
  return (cachedHost ??= hostname());
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The work tree root and git directory holding `dir`, if any (stops after 64 levels). */
export function findGitDir(dir: string): { root: string; gitDir: string } | undefined {
  let d = resolve(dir);
  for (let i = 0; i < 64; i++) {
    const dotGit = join(d, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return { root: d, gitDir: dotGit };
    if (st?.isFile()) {
      // Worktrees and submodules: `.git` is a file saying `gitdir: <path>`.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(read(dotGit) ?? '');
      if (m) return { root: d, gitDir: isAbsolute(m[1]!) ? m[1]! : resolve(d, m[1]!) };
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

function resolveRef(commonDir: string, gitDir: string, ref: string): string | undefined {
  for (const base of [gitDir, commonDir]) {
    const v = read(join(base, ref))?.trim();
    if (v && /^[0-9a-f]{40,64}$/.test(v)) return v;
  }
  const packed = read(join(commonDir, 'packed-refs'));
  if (packed) {
    for (const line of packed.split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
  }
  return undefined;
}

/** `https://user:token@host/x.git` → `https://host/x.git`; scp-like `git@host:x.git` is kept. */
export function stripCredentials(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@(.*)$/i.exec(url);
  return m ? m[1]! + m[2]! : url;
}

function originUrl(config: string | undefined): string | undefined {
  if (!config) return undefined;
  let inOrigin = false;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const m = /^url\s*=\s*(.+)$/.exec(line);
      if (m) return stripCredentials(m[1]!.trim());
    }
  }
  return undefined;
}

export function repoInfo(dir: string): RepoInfo | undefined {
  const found = findGitDir(dir);
  if (!found) return undefined;
  const { root, gitDir } = found;
  const common = read(join(gitDir, 'commondir'))?.trim();
  const commonDir = common ? (isAbsolute(common) ? common : resolve(gitDir, common)) : gitDir;
  const info: RepoInfo = { root };
  const head = read(join(gitDir, 'HEAD'))?.trim();
  if (head?.startsWith('ref: ')) {
    const ref = head.slice(5).trim();
    if (ref.startsWith('refs/heads/')) info.branch = ref.slice(11);
    const sha = resolveRef(commonDir, gitDir, ref);
    if (sha) info.commit = sha;
  } else if (head && /^[0-9a-f]{40,64}$/.test(head)) {
    info.commit = head;
  }
  const remote = originUrl(read(join(commonDir, 'config')));
  if (remote) info.remote = remote;
  return info;
}
