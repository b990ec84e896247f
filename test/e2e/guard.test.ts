// The real Claude Code CLI (pinned) in `-p` mode against the scripted fake API, in projects where
// `gatehouse init` installed the hooks: what the model is shown, what happens on disk, and what
// stream-json reports as denied.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeProblem, E2E_ENABLED, makeProject, runClaude, type Project, type ProjectOptions } from './harness.js';

const FAKE_AWS_KEY = 'AKIAQWERTYUIOPASDFGH';
const projects: Project[] = [];
const project = (o: ProjectOptions = {}) => {
  const p = makeProject({ ...o, files: { '.env': 'DATABASE_PASSWORD=hunter2-e2e-value\n', 'README.md': '# demo\n', ...(o.files ?? {}) } });
  projects.push(p);
  return p;
};

(E2E_ENABLED ? describe.concurrent : describe.skip)('real Claude Code CLI with gatehouse installed', () => {
  beforeAll(() => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
  });
  afterAll(() => {
    if (process.env.GATEHOUSE_E2E_KEEP !== '1') for (const p of projects) p.cleanup();
  });

  it('blocks `rm -rf ~` before it runs (HOME is a throw-away directory)', async () => {
    const p = project();
    writeFileSync(join(p.home, 'keep.txt'), 'still here\n');
    const run = await runClaude(p, { script: [{ tool: 'Bash', input: { command: 'rm -rf ~' } }] });
    expect(existsSync(join(p.home, 'keep.txt'))).toBe(true);
    expect(run.toolResults).toHaveLength(1);
    expect(run.toolResults[0]).toMatchObject({ is_error: true });
    expect(run.toolResults[0]!.content).toContain('PreToolUse:Bash hook error: gatehouse blocked this call.');
    expect(run.toolResults[0]!.content).toContain('[filesystem/recursive-delete-critical]');
    expect(run.result?.permission_denials?.map((d) => d.tool_name)).toEqual(['Bash']);
  });

  it('blocks a Read of .env through the deny rules init mirrored from .claudeignore', async () => {
    const p = project();
    const run = await runClaude(p, { script: [{ tool: 'Read', input: { file_path: join(p.dir, '.env') } }] });
    expect(run.toolResults[0]?.is_error).toBe(true);
    expect(run.toolResults[0]!.content).toMatch(/denied by your permission settings/);
    expect(run.toolResults[0]!.content).not.toContain('hunter2');
    expect(run.result?.permission_denials?.map((d) => d.tool_name)).toEqual(['Read']);
  });

  it('blocks a Read of .env in the hook itself when only the hooks are installed', async () => {
    const p = project({ init: ['--hooks-only'] });
    const run = await runClaude(p, { script: [{ tool: 'Read', input: { file_path: join(p.dir, '.env') } }] });
    expect(run.toolResults[0]?.is_error).toBe(true);
    expect(run.toolResults[0]!.content).toContain('PreToolUse:Read hook error: gatehouse blocked this call.');
    expect(run.toolResults[0]!.content).toContain('[secrets/env-file]');
    expect(run.toolResults[0]!.content).not.toContain('hunter2');
    expect(run.result?.permission_denials?.map((d) => d.tool_name)).toEqual(['Read']);
  });

  it('lets a benign command run, with every installed hook answering', async () => {
    const p = project();
    const run = await runClaude(p, {
      script: [{ tool: 'Bash', input: { command: 'touch made.txt' } }, { text: 'Created it.' }],
      args: ['--permission-mode', 'acceptEdits', '--include-hook-events'],
    });
    expect(existsSync(join(p.dir, 'made.txt'))).toBe(true);
    expect(run.toolResults).toEqual([expect.objectContaining({ is_error: false })]);
    expect(run.result?.permission_denials).toEqual([]);
    const answered = run.events.filter((e) => e.subtype === 'hook_response').map((e) => [e.hook_event, e.exit_code, e.outcome]);
    for (const event of ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop']) {
      expect(answered, event).toContainEqual([event, 0, 'success']);
    }
  });

  it('redacts a secret from a tool result before the model sees it', async () => {
    const p = project({ files: { 'notes.txt': `deploy notes\naws_access_key_id = ${FAKE_AWS_KEY}\n` } });
    const run = await runClaude(p, { script: [{ tool: 'Bash', input: { command: 'cat notes.txt' } }, { tool: 'Read', input: { file_path: join(p.dir, 'notes.txt') } }] });
    expect(run.toolResults).toHaveLength(2);
    for (const r of run.toolResults) {
      expect(r.content).toContain('deploy notes');
      expect(r.content).toMatch(/\[REDACTED:aws-access-key-id:[0-9a-f]{6}\]/);
      expect(r.content).not.toContain(FAKE_AWS_KEY);
    }
  });

  it('blocks a prompt that @-mentions .env before any API call', async () => {
    const p = project();
    const run = await runClaude(p, { prompt: 'Summarise @.env for me', script: [{ text: 'should never be asked' }] });
    expect(run.apiCalls).toBe(0);
    expect(run.result?.result).toContain('UserPromptSubmit operation blocked by hook');
    expect(run.result?.result).toContain('[secrets/env-file]');
    expect(run.stdout).not.toContain('hunter2');
  });
});
