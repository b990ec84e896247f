import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSink } from '../../src/audit/sink.js';
import { runHook } from '../../src/hook/run.js';
import * as compiler from '../../src/policy/compiler-entry.js';
import { tempState } from './helpers.js';

const read = (cwd: string) => Buffer.from(JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(cwd, 'README.md') }, tool_use_id: 't' }));

describe('auditSink when the log cannot be written', () => {
  // The audit directory is a regular file, so nothing can be created in it (even as root).
  const broken = () => {
    const t = tempState();
    writeFileSync(t.o.dir, 'x');
    return t.env;
  };

  it('refuses a PreToolUse by default, naming the cause', async () => {
    const env = broken();
    const a = await runHook(read('/tmp'), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env, () => undefined) });
    const out = JSON.parse(a.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe('deny');
    expect(out.permissionDecisionReason).toMatch(/audit log could not be written.*ENOTDIR/);
  });

  it('lets it through with a warning when GATEHOUSE_AUDIT_FAIL_OPEN is set', async () => {
    const env = { ...broken(), GATEHOUSE_AUDIT_FAIL_OPEN: '1' };
    const warnings: string[] = [];
    const a = await runHook(read('/tmp'), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env, (t) => void warnings.push(t)) });
    expect(a).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(warnings.join('')).toMatch(/warning: the audit log could not be written .*GATEHOUSE_AUDIT_FAIL_OPEN/);
  });

  it('refuses when an audit setting is invalid (fail closed on configuration errors)', async () => {
    const t = tempState();
    const env = { ...t.env, GATEHOUSE_AUDIT_FSYNC: 'sometimes' };
    const a = await runHook(read('/tmp'), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env) });
    expect(JSON.parse(a.stdout).hookSpecificOutput.permissionDecisionReason).toMatch(/GATEHOUSE_AUDIT_FSYNC=sometimes/);
  });

  it('does not block a non-blocking event (PostToolUse) when the write fails', async () => {
    const env = broken();
    const ev = Buffer.from(JSON.stringify({ session_id: 's', cwd: '/tmp', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_response: { stdout: 'a' }, tool_use_id: 't' }));
    const a = await runHook(ev, { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env) });
    expect(a.exitCode).toBe(0);
  });
});
