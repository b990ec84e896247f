// The resident hook process: started after repeated calls, answering exactly like the launcher
// deciding in-process, stepping aside for another build, and never leaving a call undecided.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const HOOK = join(process.cwd(), 'dist', 'hook.cjs');
let root: string;
let env: NodeJS.ProcessEnv;
let project: string;

const event = (command: string) => JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 's', cwd: project, tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' });
const hook = (input: string, extra: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [HOOK], { input, env: { ...env, ...extra }, encoding: 'utf8' });
const sock = () => join(root, 'state', 'run', 'hookd.sock');

async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

function ask(request: object): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection(sock());
    let buf = '';
    c.on('connect', () => c.write(JSON.stringify(request) + '\n'));
    c.on('data', (d) => (buf += d.toString()));
    c.on('close', () => resolve(buf.split('\n').filter(Boolean)));
    c.on('error', reject);
  });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gh-resident-'));
  project = join(root, 'home', 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, '.env'), 'X=1\n');
  env = { PATH: process.env.PATH, HOME: join(root, 'home'), GATEHOUSE_STATE_DIR: join(root, 'state'), CLAUDE_PROJECT_DIR: project, GATEHOUSE_DAEMON_IDLE: '20' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resident hook process', () => {
  it('starts after two calls within a minute and answers like the launcher does', async () => {
    const inProcess = hook(event('cat .env'), { GATEHOUSE_DAEMON: '0' });
    expect(existsSync(sock())).toBe(false);
    hook(event('ls'));
    hook(event('ls'));
    expect(await until(() => existsSync(sock()))).toBe(true);
    const viaResident = hook(event('cat .env'));
    expect(viaResident.status).toBe(0);
    expect(JSON.parse(viaResident.stdout)).toEqual(JSON.parse(inProcess.stdout));
    // Every call is in the audit log whichever process decided it.
    const log = readFileSync(join(root, 'state', 'audit', 'current.jsonl'), 'utf8').trim().split('\n');
    expect(log.filter((l) => l.includes('"PreToolUse"'))).toHaveLength(4);
  });

  it('refuses to serve another build, and steps aside', async () => {
    hook(event('ls'));
    hook(event('ls'));
    expect(await until(() => existsSync(sock()))).toBe(true);
    const lines = await ask({ v: 1, core: 'other-build', env: {}, cwd: project, event: Buffer.from(event('ls')).toString('base64') });
    expect(lines).toEqual([JSON.stringify({ stale: true })]);
    expect(await until(() => !existsSync(sock()))).toBe(true);
    // The launcher then decides in-process: nothing is left undecided.
    expect(JSON.parse(hook(event('cat .env')).stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('takes a request, acknowledges it, then answers it', async () => {
    hook(event('ls'));
    hook(event('ls'));
    expect(await until(() => existsSync(sock()))).toBe(true);
    const st = statSync(join(process.cwd(), 'dist', 'hook-core.cjs'));
    const lines = await ask({ v: 1, core: `${st.size}-${Math.floor(st.mtimeMs)}`, env: { ...env }, cwd: project, event: Buffer.from(event('rm -rf ~')).toString('base64') });
    expect(lines[0]).toBe('ok');
    const answer = JSON.parse(lines[1]!).answer;
    expect(JSON.parse(answer.stdout).hookSpecificOutput.permissionDecisionReason).toContain('[filesystem/recursive-delete-critical]');
  });

  it('is gone once its state directory is removed', async () => {
    hook(event('ls'));
    hook(event('ls'));
    expect(await until(() => existsSync(sock()))).toBe(true);
    const pid = Number(readFileSync(join(root, 'state', 'run', 'hookd.pid'), 'utf8'));
    rmSync(join(root, 'state'), { recursive: true, force: true });
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(await until(() => !alive(), 8000)).toBe(true);
  });

  it('never starts with GATEHOUSE_DAEMON=0', async () => {
    for (let i = 0; i < 3; i++) hook(event('ls'), { GATEHOUSE_DAEMON: '0' });
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(sock())).toBe(false);
  });
});
