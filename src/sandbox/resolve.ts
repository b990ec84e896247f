// Turns what the user asked for (profile, project, extra paths, network hosts) into the fully
// resolved options every backend receives: absolute existing paths, masks, environment. This is
// the edge where the filesystem is read; backends only translate.
import { accessSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GatehouseError } from '../errors.js';
import { homeDir, stateDir } from '../env/locations.js';
import { findHidden, type PolicyPaths } from './ignore-walk.js';
import { redactText } from '../audit/redact.js';
import {
  ENV_DROP,
  PIN_WHEN_MISSING,
  SECRET_ENV_NAME,
  PROTECTED_PROJECT_PATHS,
  SENSITIVE_HOME_PATHS,
  SENSITIVE_SYSTEM_PATHS,
  STRICT_ENV_KEEP,
  SYSTEM_DIRS,
} from './paths.js';
import type { Mask, ProfileName, ResolvedSandboxOptions } from './types.js';

export const PROFILES: Record<ProfileName, { summary: string; projectWritable: boolean; systemOnlyRoot: boolean; scrubEnv: boolean }> = {
  readonly: { summary: 'nothing writable but a private /tmp; secrets and ignored files hidden; no network', projectWritable: false, systemOnlyRoot: false, scrubEnv: false },
  workspace: { summary: 'the project and a private /tmp writable (hooks and agent settings stay read-only); secrets and ignored files hidden; no network unless allowed', projectWritable: true, systemOnlyRoot: false, scrubEnv: false },
  strict: { summary: 'workspace, plus: only system directories visible, an empty HOME, a minimal environment', projectWritable: true, systemOnlyRoot: true, scrubEnv: true },
};

export function isProfileName(s: string): s is ProfileName {
  return s === 'readonly' || s === 'workspace' || s === 'strict';
}

export interface SandboxRequest {
  profile: ProfileName;
  command: string[];
  projectDir: string;
  cwd?: string;
  env: Readonly<Record<string, string | undefined>>;
  allowNet?: string[];
  /** Extra writable paths (must exist). */
  allowWrite?: string[];
  /** Sensitive paths to leave readable after all. */
  allowRead?: string[];
  /** Variable names to pass even though they are normally dropped. */
  passEnv?: string[];
  /** Directory for the private tmp (default: the OS temp dir). */
  tmpBase?: string;
  /** Skip masking ignored files (for jails whose "project" is not the user's). */
  skipIgnoreFile?: boolean;
  /** The policy's protect/unprotect patterns (see sandbox/policy.ts); none when absent. */
  policy?: PolicyPaths;
  /** Node binary to keep visible under `strict` (default: this process's). */
  nodePath?: string;
  /** Keep the project read-only whatever the profile says (jails for code under inspection). */
  readOnlyProject?: boolean;
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function kindOf(p: string): 'file' | 'dir' | undefined {
  try {
    return statSync(p).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : parent + '/');
}

/** Git directories a commit needs when `.git` is a file (worktrees, submodules). */
export function gitWritableDirs(projectDir: string): { writable: string[]; readOnly: string[] } {
  const dotgit = join(projectDir, '.git');
  let st;
  try {
    st = lstatSync(dotgit);
  } catch {
    return { writable: [], readOnly: [] };
  }
  if (!st.isFile()) return { writable: [], readOnly: [] };
  const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotgit, 'utf8'));
  if (!m) return { writable: [], readOnly: [] };
  const gitdir = real(resolve(projectDir, m[1]!));
  if (!gitdir) return { writable: [], readOnly: [] };
  let common = gitdir;
  try {
    common = real(resolve(gitdir, readFileSync(join(gitdir, 'commondir'), 'utf8').trim())) ?? gitdir;
  } catch {
    // no commondir: a submodule's own git dir
  }
  const writable = [gitdir, ...['objects', 'refs', 'logs'].map((d) => join(common, d))].filter((p) => existsSync(p));
  const readOnly = [join(common, 'hooks'), join(common, 'config'), join(gitdir, 'config'), join(gitdir, 'hooks')].filter(
    (p) => existsSync(p) && writable.some((w) => within(w, p)),
  );
  return { writable: [...new Set(writable)], readOnly: [...new Set(readOnly)] };
}

/** The command's environment; `dropped` lists the names held back (never their values). */
export function sandboxEnv(req: SandboxRequest, home: string, dropped: string[] = []): Record<string, string> {
  const pass = new Set(req.passEnv ?? []);
  const out: Record<string, string> = {};
  const strict = PROFILES[req.profile].scrubEnv;
  for (const [k, v] of Object.entries(req.env)) {
    if (v === undefined) continue;
    if (pass.has(k)) {
      out[k] = v;
      continue;
    }
    if (strict && !STRICT_ENV_KEEP.includes(k)) continue;
    if (ENV_DROP.some((re) => re.test(k)) || SECRET_ENV_NAME.test(k) || (v.length >= 8 && redactText(v).findings.length > 0)) {
      dropped.push(k);
      continue;
    }
    out[k] = v;
  }
  out.HOME = home;
  out.TMPDIR = '/tmp';
  out.GATEHOUSE_SANDBOX = req.profile;
  if (!out.PATH) out.PATH = '/usr/local/bin:/usr/bin:/bin';
  return out;
}

/**
 * Where per-run directories go: `$GATEHOUSE_SANDBOX_TMP`, else /dev/shm (memory: creating and
 * removing a run's directories costs microseconds there, milliseconds on a busy disk), else the
 * OS temp directory.
 */
export function runTmpBase(env: Readonly<Record<string, string | undefined>>): string {
  if (env.GATEHOUSE_SANDBOX_TMP) return env.GATEHOUSE_SANDBOX_TMP;
  try {
    accessSync('/dev/shm', constants.W_OK);
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // not available
  }
  return tmpdir();
}

/** Resolves a request; creates the private tmp (the caller removes `dirname(privateTmp)`). */
export function resolveSandbox(req: SandboxRequest): ResolvedSandboxOptions {
  const profile = { ...PROFILES[req.profile] };
  if (req.readOnlyProject) profile.projectWritable = false;
  const projectDir = real(req.projectDir);
  if (!projectDir || kindOf(projectDir) !== 'dir') {
    throw new GatehouseError({ code: 'sandbox/no-project', message: `project directory not found: ${req.projectDir}` });
  }
  const cwd = real(req.cwd ?? projectDir) ?? projectDir;
  const home = homeDir(req.env);
  const homeReal = real(home) ?? home;
  const allowRead = (req.allowRead ?? []).map((p) => real(resolve(p)) ?? resolve(p));

  const base = mkdtempSync(join(req.tmpBase ?? runTmpBase(req.env), 'gatehouse-sandbox-'));
  const privateTmp = join(base, 'tmp');
  const emptyDir = join(base, 'empty-dir');
  const emptyFile = join(base, 'empty-file');
  mkdirSync(privateTmp, { mode: 0o700 });
  mkdirSync(emptyDir, { mode: 0o500 });
  writeFileSync(emptyFile, '', { mode: 0o400 });
  mkdirSync(join(base, 'net'), { mode: 0o700 });

  const masks: Mask[] = [];
  const addMask = (p: string, reason: string) => {
    const r = real(p);
    if (!r || allowRead.some((a) => within(a, r) || within(r, a))) return;
    const kind = kindOf(r);
    if (kind && !masks.some((m) => m.path === r)) masks.push({ path: r, kind, reason });
  };
  // Under strict the home directory is an empty tmpfs already; only what lives outside it matters.
  if (!profile.systemOnlyRoot || within(homeReal, projectDir)) {
    for (const rel of SENSITIVE_HOME_PATHS) addMask(join(homeReal, rel), 'sensitive home path');
  }
  for (const p of SENSITIVE_SYSTEM_PATHS) addMask(p, 'sensitive system path');
  addMask(stateDir(req.env), 'gatehouse state (audit log, keys)');
  if (!req.skipIgnoreFile) {
    for (const e of findHidden(projectDir, homeReal, { policy: req.policy }).entries) addMask(e.path, `protected: ${e.source}`);
    // Absolute `protect:` entries without wildcards name paths outside the project: hide those too.
    for (const p of req.policy?.protect ?? []) {
      const body = p.pattern.replace(/\/+$/, '');
      if (/[*?[\]!]/.test(body)) continue;
      if (body.startsWith('~/')) addMask(join(homeReal, body.slice(2)), `protected: ${p.source}`);
      else if (body.startsWith('/') && !body.startsWith(projectDir)) addMask(body, `protected: ${p.source}`);
    }
  }

  const extraWritable: string[] = [];
  const readOnly: string[] = [];
  const pinEmptyDirs: string[] = [];
  if (profile.projectWritable) {
    for (const rel of PROTECTED_PROJECT_PATHS) {
      const p = join(projectDir, rel);
      if (existsSync(p) && !masks.some((m) => m.path === p)) readOnly.push(p);
    }
    for (const rel of PIN_WHEN_MISSING) {
      const p = join(projectDir, rel);
      if (!existsSync(p)) pinEmptyDirs.push(p);
    }
    const git = gitWritableDirs(projectDir);
    extraWritable.push(...git.writable.filter((p) => !within(projectDir, p)));
    readOnly.push(...git.readOnly);
    for (const w of req.allowWrite ?? []) {
      const r = real(isAbsolute(w) ? w : resolve(cwd, w));
      if (!r) throw new GatehouseError({ code: 'sandbox/no-such-path', message: `--allow-write path does not exist: ${w}` });
      extraWritable.push(r);
    }
  }

  const droppedEnv: string[] = [];
  const systemDirs = SYSTEM_DIRS.filter((d) => existsSync(d));
  const node = real(req.nodePath ?? process.execPath);
  if (node && !systemDirs.some((d) => within(d, node))) systemDirs.push(dirname(dirname(node)));

  return {
    profile: req.profile,
    command: req.command,
    projectDir,
    projectWritable: profile.projectWritable,
    cwd: within(projectDir, cwd) ? cwd : projectDir,
    home: homeReal,
    privateTmp,
    extraWritable: [...new Set(extraWritable)],
    readOnly: [...new Set(readOnly)],
    pinEmptyDirs,
    masks,
    systemOnlyRoot: profile.systemOnlyRoot,
    systemDirs,
    network: { mode: 'none' },
    env: sandboxEnv(req, homeReal, droppedEnv),
    droppedEnv,
    emptyFile,
    emptyDir,
  };
}

/** The per-run directory holding the private tmp, the mask sources and the proxy socket. */
export function runBaseDir(opts: ResolvedSandboxOptions): string {
  return dirname(opts.privateTmp);
}
