// Shared test helpers: temp state directories, records, and the built dist/ (real processes).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditOptions, type AuditOptions } from '../../src/audit/options.js';
import type { DecisionRecord } from '../../src/audit/record.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds dist/ once if a test run starts without it (npm test builds first). */
export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'hook.cjs')) || !existsSync(join(ROOT, 'dist', 'audit', 'append.js'))) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  }
}

export function tempState(): { state: string; env: Record<string, string>; o: AuditOptions } {
  const state = mkdtempSync(join(tmpdir(), 'gh-audit-'));
  const env = { GATEHOUSE_STATE_DIR: state, HOME: join(state, 'home'), XDG_STATE_HOME: join(state, 'xdg'), GATEHOUSE_AUDIT_FSYNC: '0' };
  return { state, env, o: auditOptions(env) };
}

let n = 0;
export function record(o: Partial<DecisionRecord> = {}): DecisionRecord {
  n++;
  return {
    v: 1,
    decision_id: `d-${n}`,
    ts: new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + n).toISOString(),
    event: 'PreToolUse',
    session_id: 'sess-1',
    tool_use_id: `toolu_${n}`,
    tool_name: 'Bash',
    cwd: '/nonexistent/project',
    input: { command: `echo ${n}` },
    verdict: 'none',
    decision: 'accept',
    source: 'hook',
    rules: [],
    duration_ms: 1,
    policy_revision: 'builtin',
    gatehouse_version: '0.0.0-test',
    ...o,
  };
}

/** The built CLI's main(): commands are found as dist/cli/commands/*.js, so CLI tests run the build. */
export async function cli(argv: string[], init: Parameters<typeof import('../../src/cli/io.js').memoryIo>[0] = {}) {
  ensureBuilt();
  const { main } = (await import(join(ROOT, 'dist', 'cli', 'main.js'))) as typeof import('../../src/cli/main.js');
  const { memoryIo } = (await import(join(ROOT, 'dist', 'cli', 'io.js'))) as typeof import('../../src/cli/io.js');
  const io = memoryIo(init);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** The hook's runtime in process, with the real audit sink: what dist/hook.cjs does, minus the process. */
export async function runHookAudited(event: Record<string, unknown>, env: Record<string, string>) {
  const { runHook } = await import('../../src/hook/run.js');
  const { auditSink } = await import('../../src/audit/sink.js');
  const compiler = await import('../../src/policy/compiler-entry.js');
  return runHook(Buffer.from(JSON.stringify(event)), { env, now: Date.now, loadCompiler: () => compiler, record: auditSink(env, () => undefined) });
}
