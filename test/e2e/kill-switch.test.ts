// The kill switch with the real client: a human stops the project from another terminal while the
// agent works; the agent's next tool call is refused and the session ends.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeProblem, E2E_ENABLED, gatehouse, makeProject, runClaude, type Project } from './harness.js';

const projects: Project[] = [];

(E2E_ENABLED ? describe : describe.skip)('kill switch with the real Claude Code CLI', () => {
  beforeAll(() => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
  });
  afterAll(() => {
    if (process.env.GATEHOUSE_E2E_KEEP !== '1') for (const p of projects) p.cleanup();
  });

  it('refuses the next tool call and ends the session', async () => {
    const p = makeProject({ files: { 'README.md': '# demo\n' } });
    projects.push(p);
    const running = runClaude(p, {
      script: [
        { tool: 'Bash', input: { command: 'touch first.txt && sleep 4' } },
        { tool: 'Bash', input: { command: 'touch second.txt' } },
        { text: 'Done.' },
      ],
      args: ['--permission-mode', 'acceptEdits'],
      timeoutMs: 40_000,
    });
    // Wait for the first call to be running, then press the switch from "another terminal".
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(p.dir, 'first.txt')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(p.dir, 'first.txt'))).toBe(true);
    const stop = gatehouse(['stop', '--here', '--reason', 'e2e incident'], p.dir, p.env);
    expect(stop.status).toBe(0);
    const run = await running;
    expect(existsSync(join(p.dir, 'second.txt'))).toBe(false);
    const denied = run.result?.permission_denials?.map((d) => d.tool_input.command);
    expect(denied).toEqual(['touch second.txt']);
    // The session ended with the refusal: the model was not asked for another turn.
    expect(run.apiCalls).toBe(2);
    expect(JSON.stringify(run.result)).toMatch(/hook_stopped|e2e incident/);
    expect(gatehouse(['resume', '--here'], p.dir, p.env).status).toBe(0);
  }, 90_000);
});
