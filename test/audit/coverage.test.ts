import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSink } from '../../src/audit/sink.js';
import { runHook } from '../../src/hook/run.js';
import * as compiler from '../../src/policy/compiler-entry.js';
import { cli, tempState } from './helpers.js';

/** A transcript in Claude Code's format: one JSON object per line; assistant messages carry tool_use blocks. */
function transcript(file: string, session: string, calls: { id: string; name: string; input: Record<string, unknown> }[]) {
  const lines = [
    { type: 'user', sessionId: session, message: { role: 'user', content: 'do things' }, timestamp: '2026-11-25T10:00:00.000Z' },
    ...calls.flatMap((c, i) => [
      { type: 'assistant', sessionId: session, timestamp: `2026-11-25T10:00:0${i + 1}.000Z`, message: { role: 'assistant', content: [{ type: 'text', text: 'ok' }, { type: 'tool_use', id: c.id, name: c.name, input: c.input }] } },
      { type: 'user', sessionId: session, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: c.id, content: 'done' }] } },
    ]),
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"truncated":\n');
}

describe('audit coverage', () => {
  const t = tempState();
  const home = join(t.state, 'home');
  const project = join(t.state, 'project');
  const session = 'c0ffee00-1111-2222-3333-444455556666';
  const tfile = join(home, '.claude', 'projects', '-tmp-project', `${session}.jsonl`);
  const env = { ...t.env, HOME: home };
  const secret = 'ghp_' + 'Z9'.repeat(18);
  const calls = [
    { id: 'toolu_a', name: 'Bash', input: { command: 'npm test' } },
    { id: 'toolu_b', name: 'Read', input: { file_path: join(project, 'README.md') } },
    { id: 'toolu_c', name: 'Bash', input: { command: `curl -H "Authorization: token ${secret}" https://api.github.com` } },
  ];

  it('lists the tool calls that have no audit record, redacted, and exits 1', async () => {
    mkdirSync(join(home, '.claude', 'projects', '-tmp-project'), { recursive: true });
    mkdirSync(project, { recursive: true });
    transcript(tfile, session, calls);
    // The hook saw only the first two calls (the third ran with hooks switched off).
    for (const c of calls.slice(0, 2)) {
      const ev = { session_id: session, cwd: project, transcript_path: tfile, hook_event_name: 'PreToolUse', tool_name: c.name, tool_input: c.input, tool_use_id: c.id };
      await runHook(Buffer.from(JSON.stringify(ev)), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env) });
    }
    const r = await cli(['audit', 'coverage', tfile], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/3 tool call\(s\) in .*; 2 with an audit record, 1 without/);
    expect(r.stdout).toMatch(/toolu_c\s+Bash/);
    expect(r.stdout).not.toContain(secret);
    const j = JSON.parse((await cli(['audit', 'coverage', tfile, '--json'], { env })).stdout);
    expect(j).toMatchObject({ toolCalls: 3, recorded: 2, sessions: [session], unreadableLines: 1 });
    expect(j.missing.map((m: { id: string }) => m.id)).toEqual(['toolu_c']);
  });

  it('finds the transcript from --session (the path the hook recorded) and passes when all are covered', async () => {
    const ev = { session_id: session, cwd: project, transcript_path: tfile, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: calls[2]!.input, tool_use_id: 'toolu_c' };
    await runHook(Buffer.from(JSON.stringify(ev)), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env) });
    const r = await cli(['audit', 'coverage', '--session', session], { env });
    expect(r.stdout).toMatch(/3 with an audit record, 0 without/);
    expect(r.code).toBe(0);
  });

  it('fails with exit 3 on a missing transcript', async () => {
    const r = await cli(['audit', 'coverage', join(t.state, 'nope.jsonl')], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/audit\/no-transcript/);
  });
});
