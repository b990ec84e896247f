// The real Claude Code CLI (pinned, -p, scripted fake API) with gatehouse installed by `gatehouse
// init`: the denied call is in the audit log with its rule and tool_use_id, the log verifies, and
// every tool_use in Claude Code's own transcript has a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeProblem, E2E_ENABLED, gatehouse, makeProject, runClaude, type Project } from '../e2e/harness.js';

let p: Project | undefined;

(E2E_ENABLED ? describe : describe.skip)('audit log of a real Claude Code session', () => {
  beforeAll(() => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
  });
  afterAll(() => {
    if (process.env.GATEHOUSE_E2E_KEEP !== '1') p?.cleanup();
  });

  it('records the denied and the allowed call, verifies, and covers the transcript', { timeout: 90_000 }, async () => {
    p = makeProject({ files: { 'README.md': '# demo\n' } });
    const run = await runClaude(p, {
      script: [{ tool: 'Bash', input: { command: 'rm -rf ~' } }, { tool: 'Bash', input: { command: 'ls' } }, { text: 'Done.' }],
    });
    expect(run.result?.permission_denials?.map((d) => d.tool_name)).toEqual(['Bash']);

    const q = gatehouse(['audit', 'query', '--oldest', '--json', '--limit', '1000'], p.dir, p.env);
    expect(q.status).toBe(0);
    const recs = JSON.parse(q.stdout) as { event: string; tool_use_id?: string; verdict: string; decision: string; rules: string[]; input?: { command?: string }; session_id: string; transcript_path?: string }[];
    const pre = recs.filter((r) => r.event === 'PreToolUse');
    expect(pre.map((r) => [r.input?.command, r.verdict, r.decision])).toEqual([
      ['rm -rf ~', 'deny', 'reject'],
      ['ls', 'none', 'accept'],
    ]);
    expect(pre[0]!.rules).toContain('filesystem/recursive-delete-critical');
    expect(pre[0]!.tool_use_id).toMatch(/^toolu_/);
    expect(recs.some((r) => r.event === 'PostToolUse' && r.tool_use_id === pre[1]!.tool_use_id)).toBe(true);
    const denied = JSON.parse(gatehouse(['audit', 'query', '--verdict', 'deny', '--json'], p.dir, p.env).stdout) as { tool_use_id: string }[];
    expect(denied.map((d) => d.tool_use_id)).toEqual([pre[0]!.tool_use_id]);

    const v = gatehouse(['audit', 'verify'], p.dir, p.env);
    expect(v.stdout).toMatch(/✓ audit log verified/);
    expect(v.status).toBe(0);

    const session = pre[0]!.session_id;
    const c = gatehouse(['audit', 'coverage', '--session', session, '--json'], p.dir, p.env);
    const cov = JSON.parse(c.stdout) as { toolCalls: number; recorded: number; missing: unknown[] };
    expect(cov).toMatchObject({ toolCalls: 2, recorded: 2, missing: [] });
    expect(c.status).toBe(0);
  });

  it('lists the tool calls of a session run with hooks switched off', { timeout: 90_000 }, async () => {
    p ??= makeProject({ files: { 'README.md': '# demo\n' } });
    const run = await runClaude(p, { args: ['--settings', '{"disableAllHooks":true}'], script: [{ tool: 'Bash', input: { command: 'ls' } }, { text: 'Done.' }] });
    const init = run.events.find((e) => e.type === 'system' && e.subtype === 'init') as { session_id: string } | undefined;
    expect(init?.session_id).toBeTruthy();
    const c = gatehouse(['audit', 'coverage', '--session', init!.session_id, '--json'], p.dir, p.env);
    const cov = JSON.parse(c.stdout) as { toolCalls: number; recorded: number; missing: { name: string; summary: string }[] };
    expect(cov).toMatchObject({ toolCalls: 1, recorded: 0 });
    expect(cov.missing).toEqual([expect.objectContaining({ name: 'Bash', summary: 'ls' })]);
    expect(c.status).toBe(1);
  });
});
