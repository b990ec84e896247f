// Plays the demo scenario through the real Claude Code CLI: `gatehouse init` installs the hooks in
// the throw-away project, a scripted stand-in for the Messages API on 127.0.0.1 plays the agent's
// turns, and `claude -p` runs them with its own permissions bypassed, so every refusal is
// gatehouse's. The person's steps happen between agent turns (the fake API waits for them), and a
// held call is approved from "another terminal" while the hook waits. Verdicts are read back from
// the audit log by tool_use_id; what the model saw, from the fake API.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeAnthropic, type Turn } from './fake-api.js';
import { runCli, type DemoWorld, type StepResult } from './hook-driver.js';
import type { DemoStep } from './scenario.js';

export const PINNED_CLAUDE = '2.1.332';

/** The Claude Code CLI installed with gatehouse (a development dependency), if it runs. */
export function findClaude(installDir: string): string | undefined {
  const bin = join(installDir, 'node_modules', '.bin', 'claude');
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
  return r.status === 0 && r.stdout.startsWith(PINNED_CLAUDE) ? bin : undefined;
}

interface AuditLine {
  event: string;
  duration_ms?: number;
  tool_use_id?: string;
  verdict: string;
  rules: string[];
  reason?: string;
  alerts?: { message: string; severity: string }[];
  session_id: string;
}

function auditLines(world: DemoWorld): AuditLine[] {
  try {
    return readFileSync(join(world.state, 'audit', 'current.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditLine);
  } catch {
    return [];
  }
}

function shorten(text: string, max = 90): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

function claudeEnv(world: DemoWorld, apiUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...world.env,
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: 'sk-ant-demo-offline',
    TERM: 'dumb',
    // No traffic but the scripted API on 127.0.0.1.
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Root may bypass permissions only in a sandbox; this throw-away project stands for one.
    IS_SANDBOX: '1',
  };
  delete env.CLAUDE_CODE_ENTRYPOINT;
  delete env.CLAUDE_CODE_SESSION_ATTENDED;
  return env;
}

function runClaude(bin: string, world: DemoWorld, env: NodeJS.ProcessEnv, prompt: string, onTick: () => void): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, ['-p', prompt, '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions'], { cwd: world.project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', () => undefined);
    const tick = setInterval(onTick, 100);
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearInterval(tick);
      clearTimeout(kill);
      resolve({ status, stdout });
    });
  });
}

export async function runDemoThroughClaude(steps: readonly DemoStep[], world: DemoWorld, claude: string): Promise<StepResult[]> {
  const init = runCli(world, 'init', '--hooks-only');
  if (init.status !== 0) throw new Error(`gatehouse init failed: ${init.out}`);
  const prompt = steps.find((s) => s.prompt !== undefined && s.kind === 'ordinary')?.prompt ?? 'Do the task.';
  // Agent turns: every tool step, in order; the person's steps run before the next agent turn.
  const toolSteps = steps.filter((s) => s.tool);
  const script: Turn[] = [...toolSteps.map((s) => ({ tool: s.tool!, input: absolutize(s.input ?? {}, world) })), { text: 'Done.' }];
  const humanBefore = new Map<number, DemoStep[]>();
  let pendingHuman: DemoStep[] = [];
  let turn = 0;
  for (const s of steps) {
    if (s.human) pendingHuman.push(s);
    else if (s.tool) {
      if (pendingHuman.length) humanBefore.set(turn, pendingHuman);
      pendingHuman = [];
      turn++;
    }
  }
  const humanOut = new Map<DemoStep, { status: number; out: string; ms: number }>();
  let fake: Awaited<ReturnType<typeof startFakeAnthropic>> | undefined;
  const slipTurn = toolSteps.findIndex((s) => s.slip);
  fake = await startFakeAnthropic({
    script,
    beforeTurn: (t, session) => {
      // The session id is Claude Code's own: the audit trail and the kill switch use it.
      if (session) world.session = session;
      for (const h of humanBefore.get(t) ?? []) {
        const t0 = Date.now();
        const slipId = fake?.issued.get(slipTurn);
        const out =
          h.human === 'undo-last-slip'
            ? slipId
              ? runCli(world, 'undo', slipId, '--yes')
              : { status: 1, out: 'nothing to undo' }
            : runCli(world, 'stop', '--session', session ?? world.session, '--reason', 'the user pressed stop');
        humanOut.set(h, { ...out, ms: Date.now() - t0 });
      }
    },
  });
  const approvals: string[] = [];
  const gated = new Set(steps.filter((s) => s.kind === 'gated').map((s) => String(s.input?.command ?? '')));
  const approve = () => {
    const dir = join(world.state, 'approvals', 'pending');
    if (!existsSync(dir)) return;
    for (const n of readdirSync(dir).filter((f) => /^[0-9a-f]{8}\.json$/.test(f))) {
      const id = n.slice(0, 8);
      if (approvals.some((a) => a.startsWith(id))) continue;
      // The person approves only what the scenario means to be approved.
      let command = '';
      try {
        command = String((JSON.parse(readFileSync(join(dir, n), 'utf8')) as { input?: { command?: string } }).input?.command ?? '');
      } catch {
        continue;
      }
      if (!gated.has(command)) continue;
      const r = runCli(world, 'approve', id, '--reason', 'release approved by the maintainer');
      approvals.push(`${id} → ${shorten(r.out, 100)}`);
    }
  };
  try {
    const env = claudeEnv(world, fake.url);
    const t0 = Date.now();
    await runClaude(claude, world, env, prompt, approve);
    const sessionMs = Date.now() - t0;
    // The other prompts (an @-mention of a protected file) are blocked before any API call.
    const blockedPrompts = new Map<DemoStep, number>();
    for (const s of steps.filter((x) => x.prompt !== undefined && x.kind !== 'ordinary')) {
      const p0 = Date.now();
      await runClaude(claude, world, env, s.prompt!, () => undefined);
      blockedPrompts.set(s, Date.now() - p0);
    }
    const audit = auditLines(world);
    world.sessionMs = sessionMs;
    return steps.map((step): StepResult => {
      if (step.human) {
        const h = humanOut.get(step);
        return { step, event: 'human', verdict: h && h.status === 0 ? 'done' : 'error', rules: [], redacted: [], alerts: [], ...(h ? { output: shorten(h.out, 120) } : { output: 'not reached' }), ran: !!h, ms: h?.ms ?? 0 };
      }
      if (step.prompt !== undefined) {
        const recs = audit.filter((a) => a.event === 'UserPromptSubmit');
        const rec = step.kind === 'ordinary' ? recs[0] : recs.find((r) => r.verdict === 'deny');
        return { step, event: 'UserPromptSubmit', verdict: (rec?.verdict ?? 'none') as StepResult['verdict'], rules: rec?.rules ?? [], ...(rec?.reason ? { reason: rec.reason } : {}), redacted: [], alerts: [], ran: rec?.verdict !== 'deny', ms: blockedPrompts.get(step) ?? 0 };
      }
      const t = toolSteps.indexOf(step);
      const id = fake!.issued.get(t);
      const pre = audit.find((a) => a.event === 'PreToolUse' && a.tool_use_id === id);
      const post = audit.find((a) => a.event === 'PostToolUse' && a.tool_use_id === id);
      const seen = fake!.toolResults.find((r) => r.tool_use_id === id);
      const verdict = (pre?.verdict ?? (id ? 'none' : 'error')) as StepResult['verdict'];
      const ran = !!post;
      const alerts = [...(pre?.alerts ?? []), ...(post?.alerts ?? [])].filter((a) => a.severity !== 'info' && a.severity !== 'low').map((a) => `gatehouse alert: [${a.severity}] ${a.message}`);
      return {
        step,
        event: 'PreToolUse',
        verdict: verdict === 'error' && !id ? 'error' : verdict,
        rules: pre?.rules ?? [],
        ...(pre?.reason ? { reason: pre.reason } : {}),
        redacted: seen ? [...seen.content.matchAll(/\[REDACTED:([a-z0-9-]+):[0-9a-f]{6}\]/g)].map((m) => m[1]!) : [],
        alerts,
        flagged: (post?.alerts ?? []).some((a) => /treat|instruction|marker/i.test(a.message)),
        ...(seen && ran ? { output: shorten(seen.content) } : {}),
        ...(step.kind === 'gated' && approvals.length ? { output: `approver: ${approvals.join('; ')}` } : {}),
        ran,
        ...(id ? { toolUseId: id } : {}),
        // What the hook itself took for this call (its own measurement, in the audit record).
        ms: pre?.duration_ms ?? 0,
      };
    });
  } finally {
    await fake.close();
  }
}

function absolutize(input: Record<string, unknown>, world: DemoWorld): Record<string, unknown> {
  const out = { ...input };
  for (const k of ['file_path', 'notebook_path']) {
    const v = out[k];
    if (typeof v === 'string') out[k] = v.startsWith('~/') ? join(world.home, v.slice(2)) : v.startsWith('/') ? v : join(world.project, v);
  }
  return out;
}
