// Platform, CI, production and "already isolated": pure functions of the environment variables
// and a few files, read through the injected `readText`/`exists`.
import { join } from 'node:path';
import type { Fact, OsPlatform } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface HostView {
  env: Env;
  platform: NodeJS.Platform;
  readText(path: string): string | undefined;
  exists(path: string): boolean;
}

export function detectPlatform(h: HostView): Fact<OsPlatform> {
  if (h.platform === 'darwin') return { value: 'macos', evidence: ['process.platform = darwin'] };
  if (h.platform === 'win32') return { value: 'windows', evidence: ['process.platform = win32 (native Windows)'] };
  if (h.platform !== 'linux') return { value: 'other', evidence: [`process.platform = ${h.platform}`] };
  const release = (h.readText('/proc/sys/kernel/osrelease') ?? '').trim();
  if (/microsoft/i.test(release) || h.env.WSL_DISTRO_NAME) {
    const wsl2 = /WSL2|microsoft-standard/i.test(release);
    return { value: wsl2 ? 'wsl2' : 'wsl1', evidence: [`kernel release '${release}'${h.env.WSL_DISTRO_NAME ? `, WSL_DISTRO_NAME=${h.env.WSL_DISTRO_NAME}` : ''} → ${wsl2 ? 'WSL 2' : 'WSL 1'}`] };
  }
  return { value: 'linux', evidence: [`process.platform = linux, kernel ${release || 'unknown'}`] };
}

const CI_VARS = ['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'JENKINS_URL', 'TF_BUILD', 'TRAVIS', 'BITBUCKET_BUILD_NUMBER', 'TEAMCITY_VERSION', 'DRONE', 'CODEBUILD_BUILD_ID', 'APPVEYOR', 'SEMAPHORE', 'WOODPECKER', 'BUILD_ID'];

export function detectCi(env: Env): Fact<boolean> {
  const ev: string[] = [];
  if (env.CI && !/^(false|0|no)$/i.test(env.CI)) ev.push(`CI=${env.CI}`);
  for (const k of CI_VARS) if (env[k]) ev.push(`${k} is set`);
  return ev.length ? { value: true, evidence: ev } : { value: false, evidence: ['no CI variable set (CI, GITHUB_ACTIONS, GITLAB_CI, BUILDKITE, CIRCLECI, JENKINS_URL, …)'] };
}

const PROD_VARS = ['GATEHOUSE_ENVIRONMENT', 'ENVIRONMENT', 'APP_ENV', 'DEPLOY_ENV', 'RAILS_ENV', 'RACK_ENV', 'ASPNETCORE_ENVIRONMENT'];

/** Production is declared, never guessed: a variable, a marker file, or `production: true` in the policy. */
export function detectProduction(
  h: HostView,
  dirs: { project: string; userConfig: string; managedConfig: string },
  policy?: { production: boolean; sources: string[]; error?: string },
): Fact<boolean> {
  const ev: string[] = [];
  for (const k of PROD_VARS) {
    const v = h.env[k];
    if (v && /^(prod|production)$/i.test(v.trim())) ev.push(`${k}=${v}`);
  }
  for (const m of [join(dirs.project, '.production'), join(dirs.userConfig, 'production'), join(dirs.managedConfig, 'production')]) {
    if (h.exists(m)) ev.push(`marker file ${m}`);
  }
  if (policy?.production) ev.push(`policy: production: true (${policy.sources.join(', ')})`);
  if (ev.length) return { value: true, evidence: ev };
  const none = [`not declared: no ${PROD_VARS.slice(0, 3).join('/')}=production, no .production marker, no \`production: true\` in the gatehouse policy`];
  if (policy?.error) none.push(`the gatehouse policy could not be read: ${policy.error}`);
  return { value: false, evidence: none };
}

export function detectIsolatedEnv(h: HostView): Fact<boolean> {
  const ev: string[] = [];
  if (h.env.GATEHOUSE_ISOLATED && /^(1|true|yes)$/i.test(h.env.GATEHOUSE_ISOLATED)) ev.push(`GATEHOUSE_ISOLATED=${h.env.GATEHOUSE_ISOLATED} (declared)`);
  if (h.env.GATEHOUSE_SANDBOX) ev.push(`inside gatehouse sandbox run (profile ${h.env.GATEHOUSE_SANDBOX})`);
  if (h.exists('/.dockerenv')) ev.push('/.dockerenv exists (Docker container)');
  if (h.exists('/run/.containerenv')) ev.push('/run/.containerenv exists (Podman container)');
  if (h.env.container) ev.push(`container=${h.env.container}`);
  if (h.env.KUBERNETES_SERVICE_HOST) ev.push('KUBERNETES_SERVICE_HOST is set (Kubernetes pod)');
  if (h.env.CODESPACES === 'true') ev.push('CODESPACES=true');
  if (h.env.REMOTE_CONTAINERS === 'true' || h.env.DEVCONTAINER) ev.push('devcontainer variables set');
  const cg = h.readText('/proc/1/cgroup') ?? '';
  if (/docker|kubepods|containerd|libpod/.test(cg)) ev.push('/proc/1/cgroup names a container runtime');
  return ev.length ? { value: true, evidence: ev } : { value: false, evidence: ['no container or devcontainer marker (/.dockerenv, /run/.containerenv, container=, KUBERNETES_SERVICE_HOST, GATEHOUSE_ISOLATED=1)'] };
}
