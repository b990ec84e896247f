// Gathers every fact the advisor and the doctor use. This is the only place that looks at the
// machine; `deps` can replace each look for tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir, managedConfigDir, userConfigDir } from '../../env/locations.js';
import { execProbe } from '../probe.js';
import { isGatehouseCommand } from '../doctor/hooks.js';
import { claudeJsonPath, claudeSandboxFact, permissionsFact, projectHookCommands, readSettingsFiles } from './claude-settings.js';
import { detectCi, detectIsolatedEnv, detectPlatform, detectProduction, type Env, type HostView } from './environment.js';
import { probeIsolation } from './isolation.js';
import { discoverMcp } from './mcp.js';
import { agentConfigFact, type GitRunner } from './repo.js';
import type { Fact, Facts, IsolationFacts } from './types.js';
import { DEFAULT_IGNORE_PATTERNS } from '../paths.js';
import { IGNORE_FILE } from '../ignore-walk.js';
import { loadSandboxPolicy } from '../policy.js';

/** Patterns for the sandbox's denyRead: built-in secret names, the ignore file, policy `protect:`. */
export function ignorePatternsFact(read: (p: string) => string | undefined, project: string, protect: readonly string[] = []): Fact<string[]> {
  const file = join(project, IGNORE_FILE);
  const text = read(file);
  const lines = text === undefined ? [] : text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const evidence = [`built-in secret file names: ${DEFAULT_IGNORE_PATTERNS.length} pattern(s)`, text === undefined ? `no ${file}` : `${file}: ${lines.length} pattern(s)`];
  if (protect.length) evidence.push(`policy protect: ${protect.length} pattern(s)`);
  return { value: [...new Set([...DEFAULT_IGNORE_PATTERNS, ...lines, ...protect])], evidence };
}

export interface GatherDeps {
  platform?: NodeJS.Platform;
  readText?: (p: string) => string | undefined;
  exists?: (p: string) => boolean;
  git?: GitRunner;
  probeIsolation?: (env: Env, platform: NodeJS.Platform) => Promise<IsolationFacts>;
  loadPolicy?: typeof loadSandboxPolicy;
}

const MAX_READ = 4 * 1024 * 1024;

function readTextSafe(p: string): string | undefined {
  try {
    const b = readFileSync(p);
    return b.length > MAX_READ ? b.subarray(0, MAX_READ).toString('utf8') : b.toString('utf8');
  } catch {
    return undefined;
  }
}

export async function gatherFacts(project: string, env: Env, answers: Record<string, string> = {}, deps: GatherDeps = {}): Promise<Facts> {
  const platform = deps.platform ?? process.platform;
  const h: HostView = { env, platform, readText: deps.readText ?? readTextSafe, exists: deps.exists ?? existsSync };
  const home = homeDir(env);
  const git: GitRunner = deps.git ?? ((args) => execProbe('git', ['-C', project, ...args], { timeoutMs: 10_000, env }));
  const settings = readSettingsFiles(h, project, home);
  const cjPath = claudeJsonPath(h, home);
  const mcp = discoverMcp(h.readText, project, cjPath);
  let policy: { production: boolean; sources: string[]; protect: string[]; error?: string } = { production: false, sources: [], protect: [] };
  try {
    const p = await (deps.loadPolicy ?? loadSandboxPolicy)(project, env);
    policy = { production: p.production, sources: p.sources, protect: p.protect.map((x) => x.pattern) };
  } catch (e) {
    policy.error = (e as Error).message;
  }
  const shellRc = ['.bashrc', '.zshrc', '.bash_aliases', '.config/fish/config.fish', '.profile']
    .map((r) => ({ path: join(home, r), text: h.readText(join(home, r)) ?? '' }))
    .filter((x) => x.text);
  const [isolation, agentConfig] = await Promise.all([
    (deps.probeIsolation ?? probeIsolation)(env, platform),
    agentConfigFact(project, git, projectHookCommands(settings).filter((c) => !isGatehouseCommand(c))),
  ]);
  const perm = mcp.claudeJson ? { claudeJson: mcp.claudeJson, claudeJsonPath: cjPath, shellRc } : { claudeJsonPath: cjPath, shellRc };
  return {
    project,
    home,
    platform: detectPlatform(h),
    production: detectProduction(h, { project, userConfig: userConfigDir(env), managedConfig: managedConfigDir(env) }, policy),
    ci: detectCi(env),
    isolatedEnv: detectIsolatedEnv(h),
    mcp: { value: mcp.servers, evidence: mcp.evidence },
    agentConfig,
    isolation,
    claudeSandbox: claudeSandboxFact(settings),
    permissions: permissionsFact(settings, perm),
    ignorePatterns: ignorePatternsFact(h.readText, project, policy.protect),
    answers,
  };
}
