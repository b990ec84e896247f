// Drives the demo scenario through the real hook process, the way Claude Code calls it: one
// `node dist/hook.cjs` per event, JSON on stdin, as a headless (`claude -p`) session. Ordinary
// steps that gatehouse lets through are really performed in the throw-away project (so PostToolUse
// sees real output); attack steps never are, whatever the verdict. Human steps run the gatehouse
// CLI as a person would from another terminal.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { DEMO_FILES, DEMO_HOME_FILES, type DemoStep } from './scenario.js';

export interface DemoWorld {
  root: string;
  home: string;
  project: string;
  state: string;
  env: NodeJS.ProcessEnv;
  session: string;
  hook: string;
  cli: string;
  /** Wall time of the Claude Code session, when the real CLI played it. */
  sessionMs?: number;
}

export interface StepResult {
  step: DemoStep;
  event: 'PreToolUse' | 'UserPromptSubmit' | 'human';
  verdict: 'deny' | 'ask' | 'none' | 'allow' | 'error' | 'done';
  rules: string[];
  reason?: string;
  /** Secrets gatehouse redacted from the tool result before the model saw it. */
  redacted: string[];
  /** What the model saw of the result, or what the human's command printed (shortened). */
  output?: string;
  /** Alerts shown to the user for this step. */
  alerts: string[];
  /** The tool result was flagged to the model as untrusted data. */
  flagged?: boolean;
  ran: boolean;
  toolUseId?: string;
  ms: number;
}

function writeTree(base: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(base, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

export function createWorld(installDir: string): DemoWorld {
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
    // The approved release must never reach a real registry: nothing listens here.
    npm_config_registry: 'http://127.0.0.1:9/',
    // What Claude Code sets for `claude -p`: nobody is at the prompt to answer an `ask`.
    CLAUDE_CODE_ENTRYPOINT: 'sdk-cli',
    CLAUDE_CODE_SESSION_ATTENDED: '0',
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
  // The policy file shipped with the demo project is trusted, as the user would after reading it.
  spawnSync(process.execPath, [join(installDir, 'bin', 'gatehouse.mjs'), 'policy', 'trust'], { cwd: project, env, encoding: 'utf8' });
  return { root, home, project, state, env, session: randomUUID(), hook: join(installDir, 'dist', 'hook.cjs'), cli: join(installDir, 'bin', 'gatehouse.mjs') };
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

function parseReply(stdout: string, stderr: string, status: number | null, ms: number): HookReply {
  const json = stdout.trim().startsWith('{') ? (JSON.parse(stdout) as Record<string, unknown>) : null;
  return { json, stderr, status: status ?? 2, ms };
}

function callHook(event: Record<string, unknown>, world: DemoWorld): HookReply {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [world.hook], { input: JSON.stringify(event), env: world.env, cwd: world.project, encoding: 'utf8' });
  return parseReply(r.stdout, r.stderr, r.status, Number(process.hrtime.bigint() - t0) / 1e6);
}

/** A hook call that may be held for a human: while it waits, `whileWaiting` plays the human. */
async function callHookHeld(event: Record<string, unknown>, world: DemoWorld, whileWaiting: () => Promise<string | undefined>): Promise<HookReply & { human?: string }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [world.hook], { env: world.env, cwd: world.project, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  child.stdin.end(JSON.stringify(event));
  const human = await whileWaiting();
  const status = await closed;
  return { ...parseReply(stdout, stderr, status, Number(process.hrtime.bigint() - t0) / 1e6), ...(human ? { human } : {}) };
}

export function runCli(world: DemoWorld, ...args: string[]): { status: number; out: string } {
  const r = spawnSync(process.execPath, [world.cli, ...args], { env: world.env, cwd: world.project, encoding: 'utf8' });
  return { status: r.status ?? 70, out: (r.stdout + r.stderr).trim() };
}

/** Performs an ordinary step for real; returns Claude Code's tool_response shape. */
function perform(step: DemoStep, input: Record<string, unknown>, world: DemoWorld): unknown {
  switch (step.tool) {
    case 'Read': {
      const content = readFileSync(input.file_path as string, 'utf8');
      return { type: 'text', file: { filePath: input.file_path, content, numLines: content.split('\n').length, startLine: 1, totalLines: content.split('\n').length } };
    }
    case 'Edit': {
      const p = input.file_path as string;
      writeFileSync(p, readFileSync(p, 'utf8').replace(input.old_string as string, input.new_string as string));
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

function shorten(v: unknown, max = 90): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

function rulesIn(reason: string): string[] {
  return [...new Set([...reason.matchAll(/\[([a-z0-9-]+\/[a-z0-9-]+)\]/g)].map((m) => m[1]!))];
}

function alertsIn(reply: HookReply): string[] {
  const msg = reply.json?.systemMessage;
  return typeof msg === 'string' ? msg.split('\n').filter((l) => l.startsWith('gatehouse alert')) : [];
}

async function waitForPending(world: DemoWorld, ms: number): Promise<string | undefined> {
  const dir = join(world.state, 'approvals', 'pending');
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ids = existsSync(dir) ? readdirSync(dir).filter((n) => /^[0-9a-f]{8}\.json$/.test(n)) : [];
    if (ids.length) return ids[0]!.slice(0, 8);
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

export async function runDemoThroughHook(steps: readonly DemoStep[], world: DemoWorld): Promise<StepResult[]> {
  const base = { session_id: world.session, transcript_path: join(world.home, '.claude', 'projects', 'demo', `${world.session}.jsonl`), cwd: world.project, permission_mode: 'default' };
  const results: StepResult[] = [];
  let lastSlip: string | undefined;
  callHook({ ...base, hook_event_name: 'SessionStart', source: 'startup' }, world);
  for (const step of steps) {
    if (step.human) {
      const t0 = Date.now();
      let out: { status: number; out: string };
      if (step.human === 'undo-last-slip') out = lastSlip ? runCli(world, 'undo', lastSlip, '--yes') : { status: 1, out: 'nothing to undo' };
      else out = runCli(world, 'stop', '--session', world.session, '--reason', 'the user pressed stop');
      results.push({ step, event: 'human', verdict: out.status === 0 ? 'done' : 'error', rules: [], redacted: [], alerts: [], output: shorten(out.out, 120), ran: true, ms: Date.now() - t0 });
      continue;
    }
    if (step.prompt !== undefined) {
      const r = callHook({ ...base, hook_event_name: 'UserPromptSubmit', prompt: step.prompt }, world);
      const blocked = r.json?.decision === 'block';
      results.push({ step, event: 'UserPromptSubmit', verdict: r.status === 2 ? 'error' : blocked ? 'deny' : 'none', rules: rulesIn(String(r.json?.reason ?? '')), ...(blocked ? { reason: String(r.json?.reason) } : {}), redacted: [], alerts: alertsIn(r), ran: !blocked, ms: r.ms });
      continue;
    }
    const tool = step.tool!;
    const input = absolutize(step.input ?? {}, world);
    const toolUseId = `toolu_demo_${String(results.length).padStart(2, '0')}`;
    const event = { ...base, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: toolUseId };
    // A gated step is held for a human: the demo's "other terminal" approves it.
    const pre =
      step.kind === 'gated'
        ? await callHookHeld(event, world, async () => {
            const id = await waitForPending(world, 5000);
            if (!id) return undefined;
            const listed = runCli(world, 'approvals');
            const ok = runCli(world, 'approve', id, '--reason', 'release approved by the maintainer');
            return `${shorten(listed.out, 100)} → ${shorten(ok.out, 100)}`;
          })
        : callHook(event, world);
    const spec = (pre.json?.hookSpecificOutput ?? {}) as Record<string, unknown>;
    const decision = (spec.permissionDecision as StepResult['verdict'] | undefined) ?? (pre.status === 2 ? 'error' : 'none');
    const reason = spec.permissionDecisionReason as string | undefined;
    const result: StepResult = { step, event: 'PreToolUse', verdict: decision, rules: rulesIn(reason ?? ''), ...(reason ? { reason } : {}), redacted: [], alerts: alertsIn(pre), ran: false, toolUseId, ms: pre.ms };
    if ('human' in pre && pre.human) result.output = `approver: ${pre.human}`;
    if ((decision === 'none' || decision === 'allow') && step.kind === 'ordinary') {
      const response = perform(step, input, world);
      result.ran = true;
      if (step.slip) lastSlip = toolUseId;
      const post = callHook({ ...base, hook_event_name: 'PostToolUse', tool_name: tool, tool_input: input, tool_use_id: toolUseId, tool_response: response }, world);
      const postSpec = (post.json?.hookSpecificOutput ?? {}) as Record<string, unknown>;
      const seen = postSpec.updatedToolOutput ?? response;
      result.output = shorten((seen as { stdout?: string }).stdout ?? (seen as { file?: { content?: string } }).file?.content ?? (seen as { result?: string }).result ?? seen);
      result.redacted = [...JSON.stringify(seen).matchAll(/\[REDACTED:([a-z0-9-]+):[0-9a-f]{6}\]/g)].map((m) => m[1]!);
      result.flagged = typeof postSpec.additionalContext === 'string' && postSpec.additionalContext.includes('untrusted data');
      result.alerts.push(...alertsIn(post));
    }
    results.push(result);
  }
  callHook({ ...base, hook_event_name: 'SessionEnd', reason: 'other' }, world);
  return results;
}
