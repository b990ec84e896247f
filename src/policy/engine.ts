// The edge around decide(): load the policy, resolve facts (paths, the ignore file, what a
// recursive search would reach, the current branch) for one tool call or prompt, then call the
// pure decision.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { bashActions } from '../actions/from-bash.js';
import { mcpShellCommand, toolActions, type ExtractContext, type ToolCall } from '../actions/from-tool.js';
import { expandHome, isWithin, memoRealpath } from '../actions/paths.js';
import type { Action, PathAction } from '../actions/types.js';
import { GatehouseError } from '../errors.js';
import { compileCustomRule } from './custom-rules.js';
import { emptyPolicyData, type PolicyData } from './data.js';
import { compileRules, decide, type CompiledPolicy, type RuleSetting } from './decide.js';
import { loadIgnoreMatcher, type IgnoreMatcher } from './ignore-file.js';
import { builtinRules } from './packs/index.js';
import { isSensitivePath } from './packs/secrets.js';
import { needsProjectPackages, readProjectPackages } from './project-packages.js';
import type { DecideEnv, Decision } from './types.js';

export interface EngineContext extends ExtractContext {
  projectDir: string;
  stateDir: string;
  installDir: string;
  env: Readonly<Record<string, string>>;
  now: number;
}

export interface LoadedPolicy {
  data: PolicyData;
  compiled: CompiledPolicy;
  ignore: IgnoreMatcher;
  isExempt(path: string): boolean;
}

/** Refuses to decide with an invalid policy: the caller fails closed with this error. */
export function assertValid(data: PolicyData): void {
  const first = data.errors[0];
  if (!first) return;
  const more = data.errors.length > 1 ? ` (and ${data.errors.length - 1} more; run \`gatehouse check --policy\`)` : '';
  const place = first.file ? `${first.file}${first.line ? `:${first.line}` : ''}${first.column ? `:${first.column}` : ''} ` : '';
  throw new GatehouseError({
    code: 'policy/invalid',
    message: `the gatehouse policy is invalid: ${place}${first.key ? `${first.key}: ` : ''}${first.message}${more}`,
    ...(first.file ? { file: first.file } : {}),
    ...(first.line ? { line: first.line } : {}),
  });
}

export function preparePolicy(data: PolicyData, ctx: Pick<EngineContext, 'projectDir' | 'home'>): LoadedPolicy {
  assertValid(data);
  const { rules, sources } = builtinRules();
  for (const c of data.custom) {
    rules.push(compileCustomRule(c));
    sources.set(c.id, c.source);
  }
  const compiled = compileRules(rules, sources, new Map<string, RuleSetting>(Object.entries(data.settings)), data.revision);
  const matcher = loadIgnoreMatcher(ctx.projectDir, ctx.home, data.protect);
  const exemptAbs = data.unprotect.map((p) => p.pattern).filter((p) => p.startsWith('/') || p.startsWith('~/'));
  const exemptRel = data.unprotect.map((p) => p.pattern).filter((p) => !exemptAbs.includes(p));
  const relIg = exemptRel.length ? ignore().add(exemptRel) : null;
  const absIg = exemptAbs.length ? ignore().add(exemptAbs.map((p) => expandHome(p, ctx.home).slice(1))) : null;
  return {
    data,
    compiled,
    ignore: matcher,
    isExempt(path) {
      if (absIg && path.length > 1 && absIg.ignores(path.slice(1))) return true;
      if (relIg && isWithin(ctx.projectDir, path) && path !== ctx.projectDir) return relIg.ignores(path.slice(ctx.projectDir.length + 1));
      return false;
    },
  };
}

/** Built-in packs only (no policy files); the ignore file is still read per project. */
export function builtinPolicy(ctx: Pick<EngineContext, 'projectDir' | 'home'>): LoadedPolicy {
  return preparePolicy(emptyPolicyData(), ctx);
}

/** The branch checked out in the project, read from .git/HEAD without running git. */
export function currentBranch(projectDir: string): string | undefined {
  try {
    let gitDir = join(projectDir, '.git');
    let head: string;
    try {
      head = readFileSync(join(gitDir, 'HEAD'), 'utf8');
    } catch {
      const pointer = readFileSync(gitDir, 'utf8'); // worktrees and submodules: `gitdir: …`
      gitDir = pointer.replace(/^gitdir:\s*/, '').trim();
      head = readFileSync(join(gitDir, 'HEAD'), 'utf8');
    }
    const m = /^ref: refs\/heads\/(.+)$/m.exec(head);
    return m ? m[1]!.trim() : undefined;
  } catch {
    return undefined;
  }
}

export function decideEnv(ctx: EngineContext, loaded: LoadedPolicy, actions: readonly Action[] = []): DecideEnv {
  const branch = currentBranch(ctx.projectDir);
  // Read only when a package is about to be run: a few small files, never on other calls.
  const packages = needsProjectPackages(actions) ? readProjectPackages(ctx.projectDir) : undefined;
  return {
    home: ctx.home,
    projectDir: ctx.projectDir,
    cwd: ctx.cwd,
    allowedDirs: loaded.data.allowedDirs.map((d) => expandHome(d, ctx.home)),
    stateDir: ctx.stateDir,
    installDir: ctx.installDir,
    isExempt: loaded.isExempt,
    protectedBranches: loaded.data.protectedBranches,
    production: loaded.data.production,
    ...(branch ? { currentBranch: branch } : {}),
    ...(packages ? { projectPackages: packages } : {}),
    now: ctx.now,
  };
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.next', '.cache']);
const WALK_LIMIT = 2000;

/** Protected files a recursive search of `root` would read (bounded walk; hidden ones skipped
 * when the search tool skips hidden files). */
function protectedInside(root: string, hidden: boolean, loaded: LoadedPolicy, ctx: EngineContext): string[] {
  const found: string[] = [];
  // Tools that skip hidden files (ripgrep's default) also skip what the root .gitignore lists.
  let gitignored: ((p: string) => boolean) | undefined;
  if (!hidden) {
    try {
      const ig = ignore().add(readFileSync(join(ctx.projectDir, '.gitignore'), 'utf8'));
      // Directories are passed with a trailing slash; the project directory itself is never ignored.
      gitignored = (p) => {
        const rel = isWithin(ctx.projectDir, p) ? p.slice(ctx.projectDir.length + 1) : '';
        return rel !== '' && rel !== '/' && ig.ignores(rel);
      };
    } catch {
      // no .gitignore
    }
  }
  const queue: [string, number][] = [[root, 0]];
  let seen = 0;
  while (queue.length && seen < WALK_LIMIT && found.length < 5) {
    const [dir, depth] = queue.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > WALK_LIMIT) break;
      if (!hidden && e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (gitignored?.(e.isDirectory() ? p + '/' : p)) continue;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && depth < 6) queue.push([p, depth + 1]);
        if (loaded.ignore.match(p, true) && !loaded.isExempt(p)) found.push(p);
        continue;
      }
      if ((loaded.ignore.match(p) || isSensitivePath(p, ctx.home)) && !loaded.isExempt(p)) found.push(p);
    }
  }
  return found;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isPathAction(a: Action): a is PathAction {
  return a.kind === 'read' || a.kind === 'write' || a.kind === 'delete' || a.kind === 'list' || a.kind === 'search' || a.kind === 'meta';
}

/** Facts that need the filesystem, attached to the actions before the pure decision. */
export function annotate(actions: Action[], loaded: LoadedPolicy, ctx: EngineContext): void {
  for (const a of actions) {
    if (!isPathAction(a)) continue;
    const dir = (a.kind === 'search' || a.kind === 'list' || a.recursive === true) && isDirectory(a.path);
    const by = loaded.ignore.match(a.path, dir) ?? (a.literal ? loaded.ignore.match(a.literal, dir) : null);
    if (by && !loaded.isExempt(a.path)) a.protectedBy = by;
    if (a.kind === 'search' && a.recursive) {
      const inside = protectedInside(a.path, !a.skipsHidden, loaded, ctx);
      if (inside.length) a.containsProtected = inside;
    }
  }
}

export function extractToolActions(call: ToolCall, engineCtx: EngineContext): Action[] {
  const ctx = engineCtx.realpath ? engineCtx : { ...engineCtx, realpath: memoRealpath() };
  const actions = toolActions(call, ctx);
  // Bash, and MCP tools that run a shell command, go through the same shell analysis.
  const command = call.tool === 'Bash' ? call.input.command : mcpShellCommand(call);
  if (typeof command === 'string') {
    const env: Record<string, string> = { ...ctx.env, HOME: ctx.home, PWD: ctx.cwd };
    actions.push(...bashActions(command, { ...ctx, env }));
  }
  return actions;
}

export function decideToolCall(call: ToolCall, ctx: EngineContext, loaded: LoadedPolicy = builtinPolicy(ctx)): Decision {
  const actions = extractToolActions(call, ctx);
  annotate(actions, loaded, ctx);
  return decide(actions, loaded.compiled, decideEnv(ctx, loaded, actions));
}

/** `@path` and `@"path with spaces"` mentions in a prompt: Claude Code reads those files into the
 * request before any tool hook runs, so they are judged as reads. */
export function promptMentions(prompt: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s([{,;])@(?:"([^"\n]+)"|([^\s"'`,;()[\]{}]+))/g;
  for (const m of prompt.matchAll(re)) {
    const raw = m[1] ?? (m[2] ?? '').replace(/[.:!?]+$/, '');
    if (raw) out.push(raw);
  }
  return out;
}

export function decidePrompt(prompt: string, ctx: EngineContext, loaded: LoadedPolicy = builtinPolicy(ctx)): Decision {
  const actions: Action[] = [];
  for (const raw of promptMentions(prompt)) {
    for (const a of toolActions({ tool: 'Read', input: { file_path: raw } }, ctx)) {
      if (a.kind === 'read') actions.push({ ...a, via: { tool: 'UserPromptSubmit', text: `@${raw}` } });
    }
  }
  // Custom rules with a `prompt` condition judge the prompt text itself.
  actions.push({ kind: 'tool', name: 'UserPromptSubmit', via: { tool: 'UserPromptSubmit', text: prompt } });
  annotate(actions, loaded, ctx);
  return decide(actions, loaded.compiled, decideEnv(ctx, loaded));
}
