// Drives the demo scenario through the real hook process, the way Claude Code calls it: one
// `node dist/hook.cjs` per event, JSON on stdin. Ordinary steps that gatehouse lets through are
// really performed in the throw-away project (so PostToolUse sees real output); attack steps
// never are, whatever the verdict.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { DEMO_FILES, DEMO_HOME_FILES, type DemoStep } from './scenario.js';

export interface DemoWorld {
  root: string;
  home: string;
  project: string;
  state: string;
  env: NodeJS.ProcessEnv;
}

export interface StepResult {
  step: DemoStep;
  event: 'PreToolUse' | 'UserPromptSubmit';
  verdict: 'deny' | 'ask' | 'none' | 'allow' | 'error';
  rules: string[];
  reason?: string;
  /** Secrets gatehouse redacted from the tool result before the model saw it. */
  redacted: string[];
  /** What the model saw of the result (shortened). */
  output?: string;
  ran: boolean;
  ms: number;
}

function writeTree(base: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(base, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

export function createWorld(): DemoWorld {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const home = join(root, 'home');
  const project = join(home, 'shop-api');
  const state = join(root, 'state');
  writeTree(home, DEMO_HOME_FILES);
  writeTree(project, DEMO_FILES);
  mkdirSync(state, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USER: 'demo',
    LANG: 'C.UTF-8',
    GATEHOUSE_STATE_DIR: state,
    CLAUDE_PROJECT_DIR: project,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'demo',
    GIT_AUTHOR_EMAIL: 'demo@example.invalid',
    GIT_COMMITTER_NAME: 'demo',
    GIT_COMMITTER_EMAIL: 'demo@example.invalid',
  };
  const git = (...args: string[]) => spawnSync('git', args, { cwd: project, env, encoding: 'utf8' });
  if (git('init', '-q', '-b', 'main').status === 0) {
    git('add', '-A');
    git('commit', '-qm', 'initial');
  }
  return { root, home, project, state, env };
}

function absolutize(input: Record<string, unknown>, world: DemoWorld): Record<string, unknown> {
  const out = { ...input };
  for (const k of ['file_path', 'notebook_path']) {
    const v = out[k];
    if (typeof v === 'string') out[k] = v.startsWith('~/') ? join(world.home, v.slice(2)) : isAbsolute(v) ? v : join(world.project, v);
  }
  return out;
}

interface HookReply {
  json: Record<string, unknown> | null;
  stderr: string;
  status: number;
  ms: number;
}

function callHook(hook: string, event: Record<string, unknown>, world: DemoWorld): HookReply {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [hook], { input: JSON.stringify(event), env: world.env, cwd: world.project, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let json: Record<string, unknown> | null = null;
  if (r.stdout.trim().startsWith('{')) json = JSON.parse(r.stdout) as Record<string, unknown>;
  return { json, stderr: r.stderr, status: r.status ?? 2, ms };
}

/** Performs an ordinary step for real; returns Claude Code's tool_response shape. */
function perform(tool: string, input: Record<string, unknown>, world: DemoWorld): unknown {
  switch (tool) {
    case 'Read': {
      const content = readFileSync(input.file_path as string, 'utf8');
      return { type: 'text', file: { filePath: input.file_path, content, numLines: content.split('\n').length, startLine: 1, totalLines: content.split('\n').length } };
    }
    case 'Edit': {
      const p = input.file_path as string;
      const before = readFileSync(p, 'utf8');
      writeFileSync(p, before.replace(input.old_string as string, input.new_string as string));
      return { filePath: p, oldString: input.old_string, newString: input.new_string };
    }
    case 'Write':
      writeFileSync(input.file_path as string, input.content as string);
      return { type: 'create', filePath: input.file_path };
    case 'Bash': {
      const r = spawnSync('bash', ['-c', input.command as string], { cwd: world.project, env: world.env, encoding: 'utf8', timeout: 30_000 });
      return { stdout: r.stdout, stderr: r.stderr, interrupted: false, isImage: false };
    }
    default:
      return {};
  }
}

function shorten(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 90 ? one.slice(0, 89) + '…' : one;
}

export function runDemoThroughHook(steps: readonly DemoStep[], world: DemoWorld, hook: string): StepResult[] {
  const session = randomUUID();
  const base = { session_id: session, transcript_path: join(world.home, '.claude', 'projects', 'demo', `${session}.jsonl`), cwd: world.project, permission_mode: 'default' };
  const results: StepResult[] = [];
  for (const step of steps) {
    if (step.prompt !== undefined) {
      const r = callHook(hook, { ...base, hook_event_name: 'UserPromptSubmit', prompt: step.prompt }, world);
      const blocked = r.json?.decision === 'block';
      results.push({ step, event: 'UserPromptSubmit', verdict: r.status === 2 ? 'error' : blocked ? 'deny' : 'none', rules: rulesIn(String(r.json?.reason ?? '')), ...(blocked ? { reason: String(r.json?.reason) } : {}), redacted: [], ran: !blocked, ms: r.ms });
      continue;
    }
    const tool = step.tool!;
    const input = absolutize(step.input ?? {}, world);
    const toolUseId = `toolu_demo_${results.length}`;
    const pre = callHook(hook, { ...base, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: toolUseId }, world);
    const spec = (pre.json?.hookSpecificOutput ?? {}) as Record<string, unknown>;
    const decision = (spec.permissionDecision as StepResult['verdict'] | undefined) ?? (pre.status === 2 ? 'error' : 'none');
    const reason = spec.permissionDecisionReason as string | undefined;
    const result: StepResult = { step, event: 'PreToolUse', verdict: decision, rules: rulesIn(reason ?? ''), ...(reason ? { reason } : {}), redacted: [], ran: false, ms: pre.ms };
    if ((decision === 'none' || decision === 'allow') && step.kind === 'ordinary') {
      const response = perform(tool, input, world);
      result.ran = true;
      const post = callHook(hook, { ...base, hook_event_name: 'PostToolUse', tool_name: tool, tool_input: input, tool_use_id: toolUseId, tool_response: response }, world);
      const postSpec = (post.json?.hookSpecificOutput ?? {}) as Record<string, unknown>;
      const seen = postSpec.updatedToolOutput ?? response;
      result.output = shorten((seen as { stdout?: string }).stdout ?? (seen as { file?: { content?: string } }).file?.content ?? seen);
      result.redacted = [...JSON.stringify(seen).matchAll(/\[REDACTED:([a-z0-9-]+):[0-9a-f]{6}\]/g)].map((m) => m[1]!);
    }
    results.push(result);
  }
  return results;
}

function rulesIn(reason: string): string[] {
  return [...new Set([...reason.matchAll(/\[([a-z0-9-]+\/[a-z0-9-]+)\]/g)].map((m) => m[1]!))];
}
