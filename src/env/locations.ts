// Where gatehouse keeps things. State (audit log, checkpoints, keys) lives outside every project,
// under XDG_STATE_HOME, so the agent's writable area never contains it.
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Env = Readonly<Record<string, string | undefined>>;

export function homeDir(env: Env): string {
  return env.HOME && env.HOME.startsWith('/') ? env.HOME : homedir();
}

/** `$GATEHOUSE_STATE_DIR`, else `$XDG_STATE_HOME/gatehouse`, else `~/.local/state/gatehouse`. */
export function stateDir(env: Env): string {
  if (env.GATEHOUSE_STATE_DIR) return resolve(env.GATEHOUSE_STATE_DIR);
  const xdg = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homeDir(env), '.local', 'state');
  return join(xdg, 'gatehouse');
}

/** User policy: `$GATEHOUSE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/gatehouse`, else `~/.config/gatehouse`. */
export function userConfigDir(env: Env): string {
  if (env.GATEHOUSE_CONFIG_DIR) return resolve(env.GATEHOUSE_CONFIG_DIR);
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homeDir(env), '.config');
  return join(xdg, 'gatehouse');
}

/** Managed (organisation) policy; `$GATEHOUSE_MANAGED_DIR` exists for tests. */
export function managedConfigDir(env: Env): string {
  return env.GATEHOUSE_MANAGED_DIR ? resolve(env.GATEHOUSE_MANAGED_DIR) : '/etc/gatehouse';
}

/** The project a hook event belongs to. */
export function projectDir(env: Env, cwd: string): string {
  return env.CLAUDE_PROJECT_DIR && env.CLAUDE_PROJECT_DIR.startsWith('/') ? env.CLAUDE_PROJECT_DIR : cwd;
}

/** Where this copy of gatehouse is installed (the package root). */
let cachedInstall: string | undefined;
/** The package root, derived from where this code runs (dist/…, the hook bundle in dist/, or src/
 * under tests) without touching the disk: this runs on every hook call. */
export function installDir(): string {
  if (cachedInstall) return cachedInstall;
  if (process.env.GATEHOUSE_INSTALL_DIR) return (cachedInstall = resolve(process.env.GATEHOUSE_INSTALL_DIR));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const name = basename(dir);
    if (name === 'dist' || name === 'src') return (cachedInstall = dirname(dir));
    dir = dirname(dir);
  }
  return (cachedInstall = resolve(dirname(fileURLToPath(import.meta.url)), '..'));
}
