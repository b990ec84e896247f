// What "the configured boundary" is, and what it claims. For Claude Code: its Bash tool runs inside
import { SRT_VERSION } from '../backends/linux-srt.js';
// sandbox-runtime when sandbox.enabled is set and the sandbox can start; when it cannot, Bash runs
// unsandboxed unless failIfUnavailable is set (then Bash refuses to run). For `gatehouse sandbox
// run`: the chosen profile. Claims come from the configuration; results come from the canaries.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Facts } from '../facts/types.js';
import type { ProfileName } from '../types.js';
import type { CanaryId } from './canaries.js';

export type Boundary =
  | { kind: 'profile'; profile: ProfileName; backend: string; description: string }
  | { kind: 'claude-sandbox'; description: string; srtConfig: Record<string, unknown> }
  | { kind: 'claude-refuses'; description: string }
  | { kind: 'claude-unsandboxed'; description: string };

export interface Claim {
  claimed: boolean;
  why: string;
}

/** A sandbox/permission path entry made absolute (`~/`, `//`, `./`, relative to the project). */
export function expandSettingsPath(entry: string, project: string, home: string = homedir()): string {
  if (entry.startsWith('~/')) return join(home, entry.slice(2));
  if (entry === '~') return home;
  if (entry.startsWith('//')) return entry.slice(1);
  if (entry.startsWith('/')) return join(project, entry.slice(1));
  return resolve(project, entry);
}

function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Does a denyRead / Read() entry cover `path`? */
export function entryCovers(entry: string, path: string, project: string, home: string): boolean {
  const abs = expandSettingsPath(entry.replace(/\/\*\*$/, ''), project, home).replace(/\/+$/, '');
  if (!/[*?]/.test(abs)) return path === abs || path.startsWith(abs + '/');
  return globToRegex(abs).test(path);
}

export function claudeBoundary(f: Facts, env: { nativeAvailable: boolean; nativeEvidence: string[] }): Boundary {
  const s = f.claudeSandbox.value;
  const src = s.sources['sandbox.enabled'] ? ` (${s.sources['sandbox.enabled']})` : '';
  if (s.enabled !== true) {
    return { kind: 'claude-unsandboxed', description: `Claude Code's Bash tool with sandbox.enabled ${s.enabled === false ? 'false' : 'unset'}${src}: commands run directly on the host with your rights` };
  }
  if (!env.nativeAvailable) {
    if (s.failIfUnavailable === true) {
      return { kind: 'claude-refuses', description: `sandbox.enabled${src}, but the sandbox cannot start here (${env.nativeEvidence.join('; ')}); failIfUnavailable is set, so Claude Code refuses to run Bash` };
    }
    return {
      kind: 'claude-unsandboxed',
      description: `sandbox.enabled${src}, but the sandbox cannot start here (${env.nativeEvidence.join('; ')}) and failIfUnavailable is not set: Claude Code runs Bash UNSANDBOXED with only a warning`,
    };
  }
  const denyRead = [...new Set([...s.denyRead, ...f.permissions.value.readDeny].map((e) => expandSettingsPath(e, f.project, f.home)))];
  const allowWrite = [f.project, ...s.allowWrite.map((e) => expandSettingsPath(e, f.project, f.home))];
  return {
    kind: 'claude-sandbox',
    description: `Claude Code's Bash tool with sandbox.enabled${src}, emulated with @anthropic-ai/sandbox-runtime ${SRT_VERSION} (the runtime Claude Code embeds; its own copy may differ) configured from the merged settings: denyRead ${denyRead.length} entries (sandbox.filesystem.denyRead + Read() deny rules), allowWrite = project + ${s.allowWrite.length}, allowedDomains ${JSON.stringify(s.allowedDomains)}`,
    srtConfig: {
      network: { allowedDomains: s.allowedDomains, deniedDomains: [] },
      filesystem: { denyRead, allowWrite, denyWrite: [] },
    },
  };
}

export interface ClaimInputs {
  outsideFile: string;
  secretFile?: string;
  ignoredFile?: string;
  netHost: string;
}

/** What the configuration says each canary should meet. */
export function claims(b: Boundary, f: Facts, p: ClaimInputs, allowNet: string[] = []): Record<CanaryId, Claim> {
  if (b.kind === 'profile') {
    const netOpen = allowNet.some((h) => h.startsWith(p.netHost));
    return {
      'write-outside-project': { claimed: true, why: `profile ${b.profile} writes only the project and a private /tmp` },
      'read-canary-secret': { claimed: true, why: '~/.ssh is hidden by every profile' },
      'reach-non-allowed-host': { claimed: !netOpen, why: netOpen ? `${p.netHost} is allowed` : 'no network, or only allowed hosts through the proxy' },
      'create-user-namespace': { claimed: true, why: 'bubblewrap --disable-userns' },
      'write-git-hooks': { claimed: true, why: '.git/hooks is kept read-only' },
      'read-ignored-file': { claimed: true, why: 'files the ignore file lists are masked' },
    };
  }
  const s = f.claudeSandbox.value;
  if (s.enabled !== true) {
    const none = { claimed: false, why: 'sandbox.enabled is not set: nothing is claimed' };
    return { 'write-outside-project': none, 'read-canary-secret': none, 'reach-non-allowed-host': none, 'create-user-namespace': none, 'write-git-hooks': none, 'read-ignored-file': none };
  }
  const denies = [...s.denyRead, ...f.permissions.value.readDeny];
  const covered = (path: string | undefined) => !!path && denies.some((e) => entryCovers(e, path, f.project, f.home));
  const writeOpen = s.allowWrite.some((e) => entryCovers(e, p.outsideFile, f.project, f.home));
  const netOpen = s.allowedDomains.some((d) => d === p.netHost || d === 'localhost' || d === '*');
  return {
    'write-outside-project': { claimed: !writeOpen, why: writeOpen ? 'sandbox.filesystem.allowWrite covers it' : 'sandbox.enabled: writes only in the project and allowWrite' },
    'read-canary-secret': { claimed: covered(p.secretFile), why: covered(p.secretFile) ? 'sandbox.filesystem.denyRead / Read() deny covers ~/.ssh' : 'nothing in denyRead covers ~/.ssh (the sandbox reads everything by default)' },
    'reach-non-allowed-host': { claimed: !netOpen, why: netOpen ? `${p.netHost} is in allowedDomains` : 'sandbox.enabled: network only to sandbox.network.allowedDomains' },
    'create-user-namespace': { claimed: true, why: 'sandbox-runtime blocks nested user namespaces by default' },
    'write-git-hooks': { claimed: true, why: "sandbox-runtime's mandatory deny list covers .git/hooks" },
    'read-ignored-file': { claimed: covered(p.ignoredFile), why: covered(p.ignoredFile) ? 'denyRead / Read() deny covers the ignored file' : 'no denyRead or Read() deny entry covers the ignore file\'s patterns' },
  };
}
