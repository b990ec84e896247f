// Approval gates with real processes: the hook waits in one process while a human answers from
// another, exactly as in a headless run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPending } from '../../src/gate/approvals.js';

const HOOK = join(process.cwd(), 'dist', 'hook.cjs');
const CLI = join(process.cwd(), 'bin', 'gatehouse.mjs');

let root: string;
let env: NodeJS.ProcessEnv;
let project: string;

function policy(waitSeconds: number, extra = ''): void {
  writeFileSync(
    join(root, 'config', 'policy.yaml'),
    `version: 1\ngate:\n  waitSeconds: ${waitSeconds}\n${extra}custom:\n  - id: test/needs-approval\n    verdict: ask\n    summary: A call that needs a human\n    why: Testing the gate.\n    fix: Approve it.\n    match:\n      command: "echo ask-me*"\n`,
  );
}

const event = (command: string, id = 'toolu_1') =>
  JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 'sess-1', cwd: project, tool_name: 'Bash', tool_input: { command }, tool_use_id: id });

function hookSync(command: string): { decision?: string; reason?: string; raw: string } {
  const r = spawnSync(process.execPath, [HOOK], { input: event(command), env, encoding: 'utf8' });
  const out = r.stdout ? (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }) : {};
  return { decision: out.hookSpecificOutput?.permissionDecision, reason: out.hookSpecificOutput?.permissionDecisionReason, raw: r.stdout };
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', cwd: project });
}

async function waitForPending(state: string, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const p = listPending(state);
    if (p.length) return p[0]!.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no pending request appeared');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gatehouse-gate-'));
  project = join(root, 'project');
  mkdirSync(project, { recursive: true });
  mkdirSync(join(root, 'config'), { recursive: true });
  env = { PATH: process.env.PATH, HOME: join(root, 'home'), GATEHOUSE_STATE_DIR: join(root, 'state'), GATEHOUSE_CONFIG_DIR: join(root, 'config'), CLAUDE_PROJECT_DIR: project, CLAUDE_CODE_SESSION_ATTENDED: '0', CLAUDE_CODE_ENTRYPOINT: 'sdk-cli' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('approval gate (headless)', () => {
  it('holds the call while a human approves it from another process', async () => {
    policy(20);
    const child = spawn(process.execPath, [HOOK], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(event('echo ask-me please'));
    const id = await waitForPending(join(root, 'state'));
    expect(cli('approvals', '--json').stdout).toContain(id);
    expect(cli('approve', id, '--reason', 'reviewed').status).toBe(0);
    await new Promise((r) => child.on('close', r));
    const answer = JSON.parse(out).hookSpecificOutput;
    expect(answer.permissionDecision).toBe('allow');
    expect(answer.permissionDecisionReason).toContain(`request ${id}`);
    // The human's answer is an audit record of its own, with the approver.
    const log = readFileSync(join(root, 'state', 'audit', 'current.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; extra?: { request?: string; by?: string; decision?: string } });
    const rec = log.find((e) => e.event === 'gatehouse/approval');
    expect(rec?.extra).toMatchObject({ request: id, decision: 'approve', by: expect.stringContaining('@') });
  });

  it('refuses when nobody answers in time, naming the request', () => {
    policy(1);
    const t0 = Date.now();
    const r = hookSync('echo ask-me now');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(r.decision).toBe('deny');
    expect(r.reason).toMatch(/Approval request [0-9a-f]{8} is waiting/);
  });

  it('lets the same call through once after approval, then asks again', () => {
    policy(0);
    const first = hookSync('echo ask-me retry');
    expect(first.decision).toBe('deny');
    const id = /request ([0-9a-f]{8})/.exec(first.reason ?? '')![1]!;
    expect(cli('approve', id).status).toBe(0);
    expect(hookSync('echo ask-me retry').decision).toBe('allow');
    expect(hookSync('echo ask-me retry').decision).toBe('deny');
    expect(hookSync('echo ask-me something-else').decision).toBe('deny');
  });

  it('honours a session-scoped approval until it expires', async () => {
    policy(0);
    const id = /request ([0-9a-f]{8})/.exec(hookSync('echo ask-me session').reason ?? '')![1]!;
    expect(cli('approve', id, '--scope', 'session', '--for', '2s').status).toBe(0);
    expect(hookSync('echo ask-me session').decision).toBe('allow');
    expect(hookSync('echo ask-me session').decision).toBe('allow');
    await new Promise((r) => setTimeout(r, 2200));
    expect(hookSync('echo ask-me session').decision).toBe('deny');
  });

  it('passes a human refusal on to the agent', async () => {
    policy(20);
    const child = spawn(process.execPath, [HOOK], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(event('echo ask-me deny'));
    const id = await waitForPending(join(root, 'state'));
    expect(cli('deny', id, '--reason', 'not today').status).toBe(0);
    await new Promise((r) => child.on('close', r));
    const answer = JSON.parse(out).hookSpecificOutput;
    expect(answer.permissionDecision).toBe('deny');
    expect(answer.permissionDecisionReason).toContain('not today');
  });

  it('keeps `ask` for Claude Code\'s own dialog when someone is at the prompt', () => {
    policy(5);
    env.CLAUDE_CODE_SESSION_ATTENDED = '1';
    env.CLAUDE_CODE_ENTRYPOINT = 'cli';
    expect(hookSync('echo ask-me interactive').decision).toBe('ask');
    expect(listPending(join(root, 'state'))).toEqual([]);
  });
});

describe('kill switch', () => {
  it('refuses every call and ends the session until resumed', () => {
    policy(0);
    expect(cli('stop', '--here', '--reason', 'incident 42').status).toBe(0);
    const r = spawnSync(process.execPath, [HOOK], { input: event('ls'), env, encoding: 'utf8' });
    const out = JSON.parse(r.stdout);
    expect(out.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(out.continue).toBe(false);
    expect(out.stopReason).toContain('incident 42');
    const start = spawnSync(process.execPath, [HOOK], { input: JSON.stringify({ hook_event_name: 'SessionStart', session_id: 'sess-2', cwd: project, source: 'startup' }), env, encoding: 'utf8' });
    expect(JSON.parse(start.stdout).continue).toBe(false);
    expect(cli('resume', '--here').status).toBe(0);
    const events = readFileSync(join(root, 'state', 'audit', 'current.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; extra?: { action?: string } });
    expect(events.filter((e) => e.event === 'gatehouse/kill-switch').map((e) => e.extra?.action)).toEqual(['stop', 'resume']);
    expect(spawnSync(process.execPath, [HOOK], { input: event('ls'), env, encoding: 'utf8' }).stdout).toBe('');
  });

  it('stops one session without touching another', () => {
    policy(0);
    expect(cli('stop', '--session', 'sess-1').status).toBe(0);
    expect(JSON.parse(spawnSync(process.execPath, [HOOK], { input: event('ls'), env, encoding: 'utf8' }).stdout).continue).toBe(false);
    const other = JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 'sess-9', cwd: project, tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(spawnSync(process.execPath, [HOOK], { input: other, env, encoding: 'utf8' }).stdout).toBe('');
  });
});
