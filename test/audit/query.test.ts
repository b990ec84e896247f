// Real hook records → real SQLite index → the query commands.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditSink } from '../../src/audit/sink.js';
import { runHook } from '../../src/hook/run.js';
import * as compiler from '../../src/policy/compiler-entry.js';
import { cli, tempState } from './helpers.js';

const t = tempState();
const project = join(t.state, 'project');
const env = { ...t.env, CLAUDE_PROJECT_DIR: project };

async function hook(o: Record<string, unknown>, session = 'sess-aaaaaaaa') {
  const ev = { session_id: session, cwd: project, transcript_path: '/dev/null', permission_mode: 'default', ...o };
  return runHook(Buffer.from(JSON.stringify(ev)), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env) });
}

beforeAll(async () => {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, '.env'), 'X=1\n');
  await hook({ hook_event_name: 'SessionStart', source: 'startup' });
  await hook({ hook_event_name: 'UserPromptSubmit', prompt: 'please look at the config', prompt_id: 'p1' });
  await hook({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(project, '.env') }, tool_use_id: 'toolu_1', prompt_id: 'p1' });
  await hook({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_2', prompt_id: 'p1' });
  await hook({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: 'ok' }, tool_use_id: 'toolu_2' });
  await hook({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/etc/hosts' }, tool_use_id: 'toolu_3' }, 'sess-bbbbbbbb');
  await hook({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'cat .env' }, tool_use_id: 'toolu_4' }, 'sess-bbbbbbbb');
  await hook({ hook_event_name: 'SessionEnd', reason: 'other' });
});

describe('audit query', () => {
  it('filters by verdict and shows the rule', async () => {
    const r = await cli(['audit', 'query', '--verdict', 'deny'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PreToolUse\s+Read\s+deny\s+secrets\/env-file/);
    expect(r.stdout).toMatch(/Bash\s+deny\s+\S+\s+cat \.env/);
    expect(r.stdout).not.toMatch(/npm test/);
  });

  it('filters by session, tool, rule and text; --json gives the stored records', async () => {
    const r = await cli(['audit', 'query', '--session', 'sess-bbbbbbbb', '--tool', 'Bash', '--json'], { env });
    const rows = JSON.parse(r.stdout) as { tool_use_id: string; verdict: string; seq: number; hash: string }[];
    expect(rows.map((x) => x.tool_use_id)).toEqual(['toolu_4']);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const byRule = JSON.parse((await cli(['audit', 'query', '--rule', 'secrets/env-file', '--json', '--oldest'], { env })).stdout) as { tool_use_id: string }[];
    expect(byRule.map((x) => x.tool_use_id)).toEqual(['toolu_1', 'toolu_4']);
    const byText = JSON.parse((await cli(['audit', 'query', '--match', 'HOSTS', '--json'], { env })).stdout) as { tool_use_id: string }[];
    expect(byText.map((x) => x.tool_use_id)).toEqual(['toolu_3']);
  });

  it('filters by time range', async () => {
    expect(JSON.parse((await cli(['audit', 'query', '--until', '2000-01-01', '--json'], { env })).stdout)).toEqual([]);
    expect(JSON.parse((await cli(['audit', 'query', '--since', '1h', '--json'], { env })).stdout)).toHaveLength(8);
  });

  it('refuses a bad verdict or time with a usage error', async () => {
    expect((await cli(['audit', 'query', '--verdict', 'maybe'], { env })).code).toBe(2);
    const bad = await cli(['audit', 'query', '--since', 'yesterday-ish'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cli\/bad-time/);
  });

  it('stores the prompt as length and hash only, unless opted in', async () => {
    const [p] = JSON.parse((await cli(['audit', 'query', '--event', 'UserPromptSubmit', '--json'], { env })).stdout) as { prompt: Record<string, unknown> }[];
    expect(p!.prompt).toEqual({ length: 25, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('audit sessions and report', () => {
  it('lists sessions with their denials', async () => {
    const r = JSON.parse((await cli(['audit', 'sessions', '--json'], { env })).stdout) as { session_id: string; denied: number; tool_calls: number }[];
    const by = Object.fromEntries(r.map((x) => [x.session_id, x]));
    expect(by['sess-aaaaaaaa']).toMatchObject({ denied: 1, tool_calls: 2 });
    expect(by['sess-bbbbbbbb']).toMatchObject({ denied: 1, tool_calls: 2 });
  });

  it('reports counts, top denials and files outside the project', async () => {
    const j = JSON.parse((await cli(['audit', 'report', '--since', '30d', '--json'], { env })).stdout);
    expect(j.byTool).toEqual({ Read: 2, Bash: 2 });
    expect(j.byVerdict.deny).toBe(2);
    expect(j.byRule['secrets/env-file']).toBe(2);
    expect(j.sessions).toBe(2);
    expect(j.outsideProject.map((x: { path: string }) => x.path)).toContain('/etc/hosts');
    expect(j.outsideProject.map((x: { path: string }) => x.path)).not.toContain(join(project, '.env'));
    const text = (await cli(['audit', 'report'], { env })).stdout;
    expect(text).toMatch(/Top denials:\n\s+1×\s+secrets\/env-file/);
    expect(text).toMatch(/Files touched outside the project:\n.*\/etc\/hosts/);
  });

  it('catches the index up with records written after it was built', async () => {
    await hook({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'echo late' }, tool_use_id: 'toolu_late' }, 'sess-cccccccc');
    const r = JSON.parse((await cli(['audit', 'query', '--match', 'echo late', '--json'], { env })).stdout) as { tool_use_id: string }[];
    expect(r.map((x) => x.tool_use_id)).toEqual(['toolu_late']);
  });

  it('says there is no log yet instead of failing', async () => {
    const empty = tempState();
    const r = await cli(['audit', 'sessions'], { env: empty.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no audit log/);
  });
});

describe('audit tail', () => {
  it('prints the newest records', async () => {
    const r = await cli(['audit', 'tail', '-n', '2'], { env });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/PreToolUse Bash\s+none\s+echo late/);
  });
});
