// Fail-closed behaviour with the real Claude Code CLI: a hook that crashes or hangs, a bypass
// permission mode, a gatehouse config that does not load, and a clean uninstall.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeProblem, E2E_ENABLED, etcOverlayAvailable, gatehouse, HOOK_BUNDLE, makeProject, runClaude, type Project, type ProjectOptions } from './harness.js';

const projects: Project[] = [];
const project = (o: ProjectOptions = {}) => {
  const p = makeProject({ ...o, files: { 'README.md': '# demo\n', ...(o.files ?? {}) } });
  projects.push(p);
  return p;
};

/** Points the installed PreToolUse hook at a broken copy of the bundle (optionally with a short
 * timeout); the other events keep the real hook, so the prompt itself still gets through. */
function breakHook(p: Project, body: string, timeoutSeconds?: number): void {
  const broken = join(p.root, 'broken', 'dist', 'hook.cjs');
  mkdirSync(join(p.root, 'broken', 'dist'), { recursive: true });
  writeFileSync(broken, body);
  const settings = JSON.parse(readFileSync(p.settingsFile, 'utf8')) as { hooks: Record<string, { hooks: { command: string; timeout: number }[] }[]> };
  const handler = settings.hooks.PreToolUse![0]!.hooks[0]!;
  expect(handler.command).toContain(HOOK_BUNDLE);
  handler.command = handler.command.replace(HOOK_BUNDLE, broken);
  if (timeoutSeconds !== undefined) handler.timeout = timeoutSeconds;
  writeFileSync(p.settingsFile, JSON.stringify(settings, null, 2));
}

const touch = (name: string) => [{ tool: 'Bash', input: { command: `touch ${name}` } }, { text: 'Done.' }];
const ACCEPT_EDITS = ['--permission-mode', 'acceptEdits'];

(E2E_ENABLED ? describe.concurrent : describe.skip)('real Claude Code CLI: gatehouse fails closed', () => {
  beforeAll(() => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
  });
  afterAll(() => {
    if (process.env.GATEHOUSE_E2E_KEEP !== '1') for (const p of projects) p.cleanup();
  });

  it('blocks the call when the hook crashes (onFailure: block)', async () => {
    const p = project();
    breakHook(p, 'throw new Error("simulated crash inside the hook");\n');
    const run = await runClaude(p, { script: touch('crash-ran.txt'), args: ACCEPT_EDITS });
    expect(existsSync(join(p.dir, 'crash-ran.txt'))).toBe(false);
    expect(run.toolResults[0]?.is_error).toBe(true);
    expect(run.toolResults[0]!.content).toMatch(/PreToolUse:Bash hook error/);
    expect(run.toolResults[0]!.content).toMatch(/onFailure is "block"/);
    expect(run.result?.permission_denials?.map((d) => d.tool_name)).toEqual(['Bash']);
  });

  it('blocks the call when the hook hangs past its timeout', async () => {
    const p = project();
    breakHook(p, 'setTimeout(() => {}, 120000);\n', 1);
    const run = await runClaude(p, { script: touch('hang-ran.txt'), args: ACCEPT_EDITS });
    expect(existsSync(join(p.dir, 'hang-ran.txt'))).toBe(false);
    expect(run.toolResults[0]?.is_error).toBe(true);
    expect(run.toolResults[0]!.content).toMatch(/timed out/);
    expect(run.toolResults[0]!.content).toMatch(/onFailure is "block"/);
  });

  it('still guards under --dangerously-skip-permissions (IS_SANDBOX=1 as root)', async () => {
    const p = project();
    writeFileSync(join(p.home, 'keep.txt'), 'still here\n');
    const run = await runClaude(p, {
      script: [{ tool: 'Bash', input: { command: 'rm -rf ~' } }, { tool: 'Bash', input: { command: 'touch bypass-ran.txt' } }],
      args: ['--dangerously-skip-permissions'],
      env: { IS_SANDBOX: '1' },
    });
    const init = run.events.find((e) => e.type === 'system' && e.subtype === 'init');
    expect(init?.permissionMode).toBe('bypassPermissions');
    expect(existsSync(join(p.home, 'keep.txt'))).toBe(true);
    expect(run.toolResults[0]!.content).toContain('[filesystem/recursive-delete-critical]');
    // The mode itself works: the harmless second call ran without any prompt.
    expect(existsSync(join(p.dir, 'bypass-ran.txt'))).toBe(true);
  });

  it('refuses the prompt, before any API call, when .gatehouse/policy.yaml is malformed', async () => {
    const p = project();
    writeFileSync(join(p.dir, '.gatehouse', 'policy.yaml'), 'version: 1\nrules: [unclosed\n');
    const run = await runClaude(p, { script: touch('policy-ran.txt'), args: ACCEPT_EDITS });
    expect(run.apiCalls).toBe(0);
    expect(existsSync(join(p.dir, 'policy-ran.txt'))).toBe(false);
    expect(run.result?.result).toContain('UserPromptSubmit operation blocked by hook');
    expect(run.result?.result).toContain('could not check');
    expect(run.result?.result).toContain('policy.yaml');
  });

  it('refuses a tool call with a clear reason when .gatehouse/policy.yaml is malformed', async () => {
    const p = project();
    // Without the prompt hook, the same broken policy must stop the tool call itself.
    const settings = JSON.parse(readFileSync(p.settingsFile, 'utf8')) as { hooks: Record<string, unknown> };
    delete settings.hooks.UserPromptSubmit;
    writeFileSync(p.settingsFile, JSON.stringify(settings, null, 2));
    writeFileSync(join(p.dir, '.gatehouse', 'policy.yaml'), 'version: 1\nrules: [unclosed\n');
    const run = await runClaude(p, { script: touch('policy-ran.txt'), args: ACCEPT_EDITS });
    expect(existsSync(join(p.dir, 'policy-ran.txt'))).toBe(false);
    expect(run.toolResults[0]?.is_error).toBe(true);
    expect(run.toolResults[0]!.content).toContain('PreToolUse:Bash hook error: gatehouse could not check this call');
    expect(run.toolResults[0]!.content).toContain('.gatehouse/policy.yaml:3:1');
  });

  it('uninstall takes the hooks out again: the same secret then reaches the model', async () => {
    const key = 'AKIAZXCVBNMASDFGHJKL';
    const original = '{\n  "env": { "KEEP_ME": "1" }\n}\n';
    const p = project({ init: false, files: { 'notes.txt': `key ${key}\n`, '.claude/settings.json': original } });
    expect(gatehouse(['init'], p.dir, p.env).status).toBe(0);
    const guarded = await runClaude(p, { script: [{ tool: 'Bash', input: { command: 'cat notes.txt' } }] });
    expect(guarded.toolResults[0]!.content).not.toContain(key);
    const un = gatehouse(['uninstall', '--json'], p.dir, p.env);
    expect(un.status).toBe(0);
    expect(readFileSync(p.settingsFile, 'utf8')).toBe(original);
    expect(existsSync(join(p.dir, '.claudeignore'))).toBe(false);
    const bare = await runClaude(p, { script: [{ tool: 'Bash', input: { command: 'cat notes.txt' } }] });
    expect(bare.toolResults[0]!.content).toContain(key);
  });
});

(E2E_ENABLED ? describe : describe.skip)('real Claude Code CLI: gatehouse in managed settings', () => {
  it.skipIf(!etcOverlayAvailable())('keeps guarding when the user switches project hooks off and asks for bypass mode', async () => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
    // Project settings that try to switch everything off; gatehouse only in managed settings.
    const p = project({ init: false, files: { '.claude/settings.json': '{ "disableAllHooks": true }\n' } });
    const out = join(p.root, 'managed-settings.json');
    const r = gatehouse(['init', '--scope', 'managed', '--allow-managed-hooks-only', '--disable-bypass', '--output', out], p.dir, p.env);
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(join(p.home, 'keep.txt'), 'still here\n');
    const run = await runClaude(p, {
      managedSettings: readFileSync(out, 'utf8'),
      script: [{ tool: 'Bash', input: { command: 'rm -rf ~' } }],
      args: ['--dangerously-skip-permissions', '--setting-sources', 'user'],
      env: { IS_SANDBOX: '1' },
    });
    expect(existsSync(join(p.home, 'keep.txt'))).toBe(true);
    expect(run.toolResults[0]!.content).toContain('[filesystem/recursive-delete-critical]');
    // disableBypassPermissionsMode: the requested bypass mode silently falls back.
    const init = run.events.find((e) => e.type === 'system' && e.subtype === 'init');
    expect(init?.permissionMode).not.toBe('bypassPermissions');
  });
});
