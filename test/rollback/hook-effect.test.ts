import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/audit/record.js';
import { runHook } from '../../src/hook/run.js';
import * as compiler from '../../src/policy/compiler-entry.js';
import { readJournal } from '../../src/rollback/journal.js';
import { callChangeStats } from '../../src/rollback/queries.js';
import { sandbox, storeOf, write, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
  write(sb.project, { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
});
afterEach(() => sb.cleanup());

async function hook(o: Record<string, unknown>, env: Record<string, string> = {}): Promise<{ answer: Awaited<ReturnType<typeof runHook>>; rec: DecisionRecord }> {
  const records: DecisionRecord[] = [];
  const bytes = Buffer.from(JSON.stringify({ session_id: 'sess-h', cwd: sb.project, prompt_id: 'prompt-1', ...o }));
  const answer = await runHook(bytes, { env: { ...sb.env, CLAUDE_PROJECT_DIR: sb.project, ...env }, now: Date.now, loadCompiler: () => compiler, record: (r) => void records.push(r) });
  return { answer, rec: records[0]! };
}

const pre = (tool: string, id: string, input: Record<string, unknown>, env?: Record<string, string>) =>
  hook({ hook_event_name: 'PreToolUse', tool_name: tool, tool_use_id: id, tool_input: input }, env);
const post = (tool: string, id: string, input: Record<string, unknown>, event = 'PostToolUse') =>
  hook({ hook_event_name: event, tool_name: tool, tool_use_id: id, tool_input: input, tool_response: { stdout: '' }, ...(event === 'PostToolUseFailure' ? { error: 'exit 1' } : {}) });

/** Makes every checkpoint fail: the stores' folder is a file. */
const breakStore = () => writeFileSync(join(sb.state, 'checkpoints'), 'not a folder');

const journal = () => readJournal(storeOf(sb).journalPath);

describe('checkpoints from the hook', () => {
  it('records before and after ids and the call’s change counts in the audit record', async () => {
    const b = await pre('Bash', 'toolu_1', { command: 'rm a.txt b.txt; echo x > c.txt; echo n > new.txt' });
    expect(b.answer.stdout).toBe('');
    expect(b.rec.checkpoint?.before).toMatch(/^[0-9a-f]{40}$/);
    rmSync(join(sb.project, 'a.txt'));
    rmSync(join(sb.project, 'b.txt'));
    write(sb.project, { 'c.txt': 'x\n', 'new.txt': 'n\n' });
    const a = await post('Bash', 'toolu_1', { command: '…' });
    expect(a.rec.checkpoint).toEqual({ before: b.rec.checkpoint!.before, after: expect.stringMatching(/^[0-9a-f]{40}$/), changes: { added: 1, modified: 1, deleted: 2, total: 2 } });
    expect(callChangeStats({ stateDir: sb.state, projectDir: sb.project }, 'toolu_1')).toMatchObject({ tool: 'Bash', session: 'sess-h', changes: { added: 1, modified: 1, deleted: 2 } });
    expect(journal().find((e) => e.kind === 'before')).toMatchObject({ session: 'sess-h', prompt: 'prompt-1', tool: 'Bash', tool_use_id: 'toolu_1' });
  });

  it('checkpoints after a failed call too', async () => {
    await pre('Write', 'toolu_w', { file_path: join(sb.project, 'a.txt'), content: 'A' });
    writeFileSync(join(sb.project, 'a.txt'), 'A');
    const a = await post('Write', 'toolu_w', {}, 'PostToolUseFailure');
    expect(a.rec.checkpoint?.changes).toEqual({ added: 0, modified: 1, deleted: 0, total: 3 });
  });

  it('takes no checkpoint for a denied call or a read-only tool', async () => {
    const d = await pre('Bash', 'toolu_d', { command: 'rm -rf /' });
    expect(JSON.parse(d.answer.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    expect(d.rec.checkpoint).toBeUndefined();
    const r = await pre('Read', 'toolu_r', { file_path: join(sb.project, 'a.txt') });
    expect(r.rec.checkpoint).toBeUndefined();
    const rp = await post('Read', 'toolu_r', { file_path: join(sb.project, 'a.txt') });
    expect(rp.rec.checkpoint).toBeUndefined();
    expect(existsSync(storeOf(sb).dir)).toBe(false);
  });

  it('checkpoints an MCP tool that writes into the project, not one that reads', async () => {
    const w = await pre('mcp__files__write_file', 'toolu_m1', { path: join(sb.project, 'z.txt'), content: 'z' });
    expect(w.rec.checkpoint?.before).toBeDefined();
    const r = await pre('mcp__files__read_file', 'toolu_m2', { path: join(sb.project, 'a.txt') });
    expect(r.rec.checkpoint).toBeUndefined();
    // Their PostToolUse follow the PreToolUse: an after for the writer only.
    expect((await post('mcp__files__write_file', 'toolu_m1', {})).rec.checkpoint?.after).toBeDefined();
    expect((await post('mcp__files__read_file', 'toolu_m2', {})).rec.checkpoint).toBeUndefined();
  });

  it('attributes changes made between calls to outside', async () => {
    await pre('Edit', 'toolu_1', { file_path: join(sb.project, 'a.txt') });
    await post('Edit', 'toolu_1', {});
    write(sb.project, { 'b.txt': 'user edit\n' });
    const b = await pre('Edit', 'toolu_2', { file_path: join(sb.project, 'c.txt') });
    expect(b.rec.checkpoint?.outside).toBe(b.rec.checkpoint?.before);
    expect(journal().find((e) => e.kind === 'outside')?.changes).toEqual({ added: 0, modified: 1, deleted: 0 });
  });

  it('by default warns in the record and lets the call run when the checkpoint fails', async () => {
    breakStore();
    const r = await pre('Bash', 'toolu_f', { command: 'make' });
    expect(r.answer.stdout).toBe('');
    expect(r.rec.checkpoint?.warning).toMatch(/^no checkpoint before this call/);
  });

  it.each([
    ['deny', 'deny'],
    ['ask', 'ask'],
  ])('refuses with %s when rollback.json says onFailure: %s', async (mode, decision) => {
    write(join(sb.root, 'config'), { 'rollback.json': JSON.stringify({ onFailure: mode }) });
    breakStore();
    const r = await pre('Bash', 'toolu_f', { command: 'make' });
    const out = JSON.parse(r.answer.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe(decision);
    expect(out.permissionDecisionReason).toMatch(/could not take a rollback checkpoint/);
    expect(r.rec.verdict).toBe(decision);
  });

  it('keeps checkpointing with defaults when rollback.json is broken, and says so', async () => {
    write(join(sb.root, 'config'), { 'rollback.json': '{"onFailure": "maybe"' });
    const r = await pre('Bash', 'toolu_1', { command: 'make' });
    expect(r.rec.checkpoint?.before).toBeDefined();
    expect(r.rec.checkpoint?.warning).toMatch(/rollback settings ignored: .*rollback\/bad-config/);
  });

  it('is off with GATEHOUSE_ROLLBACK=off', async () => {
    const r = await pre('Bash', 'toolu_1', { command: 'make' }, { GATEHOUSE_ROLLBACK: 'off' });
    expect(r.rec.checkpoint).toBeUndefined();
    expect(existsSync(storeOf(sb).dir)).toBe(false);
  });

  it('will not checkpoint the home directory', async () => {
    const r = await hook({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: 't', tool_input: { command: 'make' }, cwd: sb.home }, { CLAUDE_PROJECT_DIR: sb.home });
    expect(r.rec.checkpoint?.warning).toMatch(/project-too-broad/);
  });
});
