// Every fake secret of the corpus goes through the hook in every channel that reaches the audit log
// (commands, file contents, prompts and tool results with content logging on, errors, MCP inputs),
// then the index is built and exported; no file under the state directory may contain any secret.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSink } from '../../src/audit/sink.js';
import { runHook } from '../../src/hook/run.js';
import * as compiler from '../../src/policy/compiler-entry.js';
import { secretCorpus } from './fixtures/secret-corpus.js';
import { cli, tempState } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('no secret reaches disk', () => {
  it('keeps every corpus secret out of the log, the torn-write store, the index and exports', { timeout: 60_000 }, async () => {
    const t = tempState();
    const env = { ...t.env, GATEHOUSE_AUDIT_PROMPTS: '1', GATEHOUSE_AUDIT_TOOL_OUTPUT: '1' };
    const send = (o: Record<string, unknown>) =>
      runHook(Buffer.from(JSON.stringify({ session_id: 'sess-secrets', cwd: '/tmp', ...o })), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env) });
    const corpus = secretCorpus();
    let n = 0;
    for (const c of corpus) {
      const id = `toolu_${n++}`;
      await send({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: c.text }, tool_use_id: id });
      await send({ hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: '/tmp/x.env', content: `# config\n${c.text}\n` }, tool_use_id: id });
      await send({ hook_event_name: 'UserPromptSubmit', prompt: `use this: ${c.text}` });
      await send({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'env' }, tool_response: { stdout: `X=1\n${c.text}\n`, stderr: '' }, tool_use_id: id });
      await send({ hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: { command: 'deploy' }, error: `failed with ${c.text}`, tool_use_id: id });
      await send({ hook_event_name: 'PreToolUse', tool_name: 'mcp__db__query', tool_input: { sql: 'select 1', config: { dsn: c.text } }, tool_use_id: id });
    }
    // Build the index and produce every export format on disk.
    expect((await cli(['audit', 'query', '--limit', '5'], { env })).code).toBe(0);
    for (const f of ['jsonl', 'cef', 'otlp-json']) expect((await cli(['audit', 'export', '--format', f, '--out', join(t.state, `export.${f}`)], { env })).code).toBe(0);
    const files = filesUnder(t.state);
    expect(files.some((f) => f.endsWith('index.sqlite'))).toBe(true);
    const leaks: string[] = [];
    for (const f of files) {
      const bytes = readFileSync(f).toString('latin1');
      for (const c of corpus) {
        // Private keys are long: check their body lines rather than the whole block.
        const needles = c.type === 'private-key' ? c.secret.split('\n').filter((l) => !l.startsWith('-----')) : [c.secret];
        if (needles.some((s) => bytes.includes(s))) leaks.push(`${c.type} in ${f}`);
      }
    }
    expect(leaks).toEqual([]);
    // And the records still say what was hidden.
    const [one] = JSON.parse((await cli(['audit', 'query', '--event', 'UserPromptSubmit', '--limit', '1', '--json'], { env })).stdout) as { prompt: { text: string }; redacted: { type: string }[] }[];
    expect(one!.prompt.text).toMatch(/^use this: .*\[REDACTED:/);
    expect(one!.redacted.length).toBeGreaterThan(0);
  });
});
