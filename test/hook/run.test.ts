import { describe, expect, it } from 'vitest';
import { runHook } from '../../src/hook/run.js';
import type { DecisionRecord } from '../../src/audit/record.js';
import * as compiler from '../../src/policy/compiler-entry.js';

const loadCompiler = () => compiler;
const runtime = (records: DecisionRecord[] = []) => ({ env: { HOME: '/home/u', GATEHOUSE_STATE_DIR: '/nonexistent-state' }, now: () => 1_700_000_000_000, loadCompiler, record: (r: DecisionRecord) => void records.push(r) });
const ev = (o: Record<string, unknown>) => Buffer.from(JSON.stringify({ session_id: 's', cwd: '/p', ...o }));

describe('runHook', () => {
  it('denies a Read of .env with the rule id in the reason', async () => {
    const a = await runHook(ev({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/p/.env' } }), runtime());
    const out = JSON.parse(a.stdout);
    expect(out.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(out.hookSpecificOutput.permissionDecisionReason).toContain('[secrets/env-file]');
    expect(a.exitCode).toBe(0);
  });

  it('prints nothing when nothing objects', async () => {
    const a = await runHook(ev({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/p/README.md' } }), runtime());
    expect(a).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it.each([
    ['not JSON', Buffer.from('nope')],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b])],
    ['empty', Buffer.from('')],
  ])('refuses with exit 2 when the event is %s', async (_name, bytes) => {
    const a = await runHook(bytes, runtime());
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/^gatehouse could not check this call/);
  });

  it('fails closed with a deny naming the field when a PreToolUse has the wrong shape', async () => {
    const records: DecisionRecord[] = [];
    const a = await runHook(ev({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: 'rm -rf /' }), runtime(records));
    expect(JSON.parse(a.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    expect(records[0]).toMatchObject({ verdict: 'error', decision: 'reject', error: { code: 'hook/bad-input' } });
  });

  it('accepts and records an unknown event', async () => {
    const records: DecisionRecord[] = [];
    const a = await runHook(ev({ hook_event_name: 'SomethingNew' }), runtime(records));
    expect(a).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(records[0]?.event).toBe('SomethingNew');
  });

  it('redacts a secret from a tool result', async () => {
    const a = await runHook(
      ev({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'env' }, tool_response: { stdout: 'AWS=AKIAABCDEFGHIJKLMNOP', stderr: '' } }),
      runtime(),
    );
    const out = JSON.parse(a.stdout).hookSpecificOutput;
    expect(out.updatedToolOutput.stdout).toMatch(/^AWS=\[REDACTED:aws-access-key-id:[0-9a-f]{6}\]$/);
  });

  it('fails closed when the audit write fails on a blocking event', async () => {
    const a = await runHook(ev({ hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/p/README.md' } }), {
      env: {},
      now: Date.now,
      loadCompiler,
      record: () => {
        throw new Error('disk full');
      },
    });
    expect(JSON.parse(a.stdout).hookSpecificOutput.permissionDecisionReason).toContain('audit log could not be written');
  });
});

describe('audit write failure with a policy that allows continuing', () => {
  it('continues only when a trusted policy says audit.onWriteFailure: continue', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { setTrust } = await import('../../src/policy/trust.js');
    const root = mkdtempSync(join(tmpdir(), 'gh-auditfail-'));
    const project = join(root, 'p');
    mkdirSync(join(project, '.gatehouse'), { recursive: true });
    const text = 'version: 1\naudit:\n  onWriteFailure: continue\n';
    writeFileSync(join(project, '.gatehouse', 'policy.yaml'), text);
    const env = { HOME: join(root, 'h'), GATEHOUSE_STATE_DIR: join(root, 's'), CLAUDE_PROJECT_DIR: project };
    const failing = { env, now: Date.now, loadCompiler, record: () => { throw new Error('disk full'); } };
    const event = Buffer.from(JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 's', cwd: project, tool_name: 'Read', tool_input: { file_path: join(project, 'a.md') } }));
    // Untrusted: the repository's own file cannot loosen this.
    expect((await runHook(event, failing)).stdout).toContain('audit log could not be written');
    setTrust(join(root, 's'), join(project, '.gatehouse', 'policy.yaml'), text);
    const a = await runHook(event, failing);
    expect(a.stdout).toBe('');
    expect(a.stderr).toContain('continuing as the policy allows');
    rmSync(root, { recursive: true, force: true });
  });
});
