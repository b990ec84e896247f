// Shared harness for the real-client end-to-end tests: a throw-away project where `gatehouse init`
// (run through the real CLI entry) installed the hooks, and one `claude -p` run against the scripted
// fake API, inside a private network namespace when this machine allows one.
//
// The pinned CLI must be installed (`npm ci` links it). If it is missing the suite fails loudly;
// developers can opt out with GATEHOUSE_E2E=0. GATEHOUSE_E2E_NETNS=0 skips the network namespace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ToolResultSeen, Turn } from '../../src/demo/fake-api.js';
import type { RunResult, RunSpec } from './runner.js';

export const ROOT = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
export const CLI = join(ROOT, 'bin', 'gatehouse.mjs');
export const HOOK_BUNDLE = join(ROOT, 'dist', 'hook.cjs');
export const CLAUDE = join(ROOT, 'node_modules', '.bin', 'claude');
export const PINNED_CLAUDE_VERSION = '2.1.332';

/** Developers may opt out; CI never does (a missing CLI then fails the suite). */
export const E2E_ENABLED = process.env.GATEHOUSE_E2E !== '0';

/** Why the real client cannot run here, or undefined when it can. */
export function claudeProblem(): string | undefined {
  if (!existsSync(CLAUDE)) {
    return `the Claude Code CLI is not installed at ${CLAUDE}; run \`npm ci\` (it links @anthropic-ai/claude-code@${PINNED_CLAUDE_VERSION}), or set GATEHOUSE_E2E=0 to skip these tests on purpose`;
  }
  const r = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
  if (r.status !== 0) return `\`claude --version\` failed (${r.error?.message ?? r.stderr.trim()}); the native binary may be missing: rerun \`npm ci\` with install scripts allowed`;
  if (!r.stdout.startsWith(PINNED_CLAUDE_VERSION)) return `expected Claude Code ${PINNED_CLAUDE_VERSION}, found ${r.stdout.trim()}`;
  if (!existsSync(HOOK_BUNDLE)) return `${HOOK_BUNDLE} is missing; run \`npm run build\``;
  return undefined;
}

let netns: boolean | undefined;
/** Can we make a private network namespace (root, or user namespaces)? */
export function netnsAvailable(): boolean {
  if (netns !== undefined) return netns;
  if (process.env.GATEHOUSE_E2E_NETNS === '0') return (netns = false);
  const r = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  return (netns = r.status === 0);
}

let runnerPath: Promise<string> | undefined;
/** runner.ts bundled to plain JS (Node 20 runs no TypeScript), once per test process. */
function runner(): Promise<string> {
  runnerPath ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-e2e-runner-'));
    const out = join(dir, 'runner.mjs');
    await build({ entryPoints: [join(ROOT, 'test', 'e2e', 'runner.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning' });
    return out;
  })();
  return runnerPath;
}

/** At most this many claude processes per test process at once (two cores here). */
const MAX_PARALLEL = Number(process.env.GATEHOUSE_E2E_PARALLEL ?? 2);
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface Project {
  root: string;
  dir: string;
  home: string;
  state: string;
  /** Environment for gatehouse and claude: throw-away HOME, state and XDG dirs. */
  env: Record<string, string>;
  settingsFile: string;
  cleanup(): void;
}

export interface ProjectOptions {
  files?: Record<string, string>;
  /** Arguments for `gatehouse init` (default: none, i.e. project scope); false = do not install. */
  init?: string[] | false;
}

/** Runs the gatehouse CLI as a user would (bin/gatehouse.mjs), in `cwd` with `env`. */
export function gatehouse(args: string[], cwd: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function makeProject(o: ProjectOptions = {}): Project {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gh-e2e-')));
  const dir = join(root, 'project');
  const home = join(root, 'home');
  const state = join(root, 'state');
  for (const d of [dir, home, state, join(root, 'tmp')]) mkdirSync(d, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: join(root, 'tmp'),
    TERM: 'dumb',
    LANG: 'C.UTF-8',
    USER: 'e2e',
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    GATEHOUSE_STATE_DIR: state,
    GATEHOUSE_CLAUDE_MANAGED_DIR: join(root, 'managed'),
    // The four variables that keep Claude Code from any traffic but the API (interface doc §12).
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ANTHROPIC_API_KEY: 'sk-ant-dummy-e2e-key',
  };
  for (const [rel, text] of Object.entries(o.files ?? {})) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  if (o.init !== false) {
    const r = gatehouse(['init', ...(o.init ?? [])], dir, env);
    if (r.status !== 0) throw new Error(`gatehouse init failed (${r.status}): ${r.stderr}${r.stdout}`);
  }
  return {
    root,
    dir,
    home,
    state,
    env,
    settingsFile: join(dir, '.claude', 'settings.json'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface ClaudeRun extends RunResult {
  events: Record<string, unknown>[];
  /** The final `result` message of stream-json. */
  result: { permission_denials?: { tool_name: string; tool_input: Record<string, unknown> }[]; result?: string; is_error?: boolean; [k: string]: unknown } | undefined;
  /** POST /v1/messages requests the fake answered. */
  apiCalls: number;
  toolResults: ToolResultSeen[];
}

export interface ClaudeOptions {
  prompt?: string;
  script: Turn[];
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Claude Code managed settings (text), laid over /etc/claude-code in a private mount namespace. */
  managedSettings?: string;
}

let mountns: boolean | undefined;
/** Can we make a private mount namespace with an overlay over /etc (root)? */
export function etcOverlayAvailable(): boolean {
  if (mountns !== undefined) return mountns;
  const dir = mkdtempSync(join(tmpdir(), 'gh-e2e-ovl-'));
  mkdirSync(join(dir, 'u'));
  mkdirSync(join(dir, 'w'));
  const r = spawnSync('unshare', ['-m', 'mount', '-t', 'overlay', 'overlay', '-o', `lowerdir=/etc,upperdir=${dir}/u,workdir=${dir}/w`, '/etc'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return (mountns = r.status === 0);
}

export async function runClaude(p: Project, o: ClaudeOptions): Promise<ClaudeRun> {
  const runnerJs = await runner();
  const useNetns = netnsAvailable();
  const tag = Math.random().toString(36).slice(2, 10);
  const spec: RunSpec = {
    claude: CLAUDE,
    cwd: p.dir,
    prompt: o.prompt ?? 'Do the task.',
    args: ['--output-format', 'stream-json', '--verbose', ...(o.args ?? [])],
    env: { ...p.env, ...(o.env ?? {}) },
    script: o.script,
    netns: useNetns,
    timeoutMs: o.timeoutMs ?? 25_000,
    resultFile: join(p.root, `run-${tag}.json`),
  };
  if (o.managedSettings !== undefined) {
    const upper = join(p.root, `etc-${tag}`, 'upper');
    const work = join(p.root, `etc-${tag}`, 'work');
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    spec.etcOverlay = { upper, work, files: { '/etc/claude-code/managed-settings.json': o.managedSettings } };
  }
  const specFile = join(p.root, `spec-${tag}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const ns = [...(useNetns ? ['-n'] : []), ...(spec.etcOverlay ? ['-m'] : [])];
  const argv = ns.length ? ['unshare', ...ns, process.execPath, runnerJs, specFile] : [process.execPath, runnerJs, specFile];
  const r = await slot(
    () =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
        const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs + 10_000);
        child.on('error', (e) => (stderr += String(e)));
        child.on('close', (status) => {
          clearTimeout(timer);
          resolve({ status, stderr });
        });
      }),
  );
  if (r.status !== 0 || !existsSync(spec.resultFile)) throw new Error(`e2e runner failed (${r.status}): ${r.stderr}`);
  const res = JSON.parse(readFileSync(spec.resultFile, 'utf8')) as RunResult;
  const events = res.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const result = events.find((e) => e.type === 'result') as ClaudeRun['result'];
  return { ...res, events, result, apiCalls: res.requests.filter((q) => q.path === '/v1/messages').length };
}
