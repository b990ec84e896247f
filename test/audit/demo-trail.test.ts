// The demo scenario through real hook processes: every call lands in the audit log with the verdict
// the agent saw, the log verifies, and a tampered copy does not — what the demo shows.
import { readFileSync } from 'node:fs';
import { tamperCopy } from '../../src/demo/audit-scene.js';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPublicKey } from '../../src/audit/keys.js';
import { LAYOUT } from '../../src/audit/options.js';
import { formatTrail, sessionTrail } from '../../src/audit/trail.js';
import { verifyLog } from '../../src/audit/verify.js';
import { createWorld, runDemoThroughHook, type StepResult } from '../../src/demo/hook-driver.js';
import { DEMO_STEPS } from '../../src/demo/scenario.js';
import { ROOT, cli, ensureBuilt } from './helpers.js';

let world: ReturnType<typeof createWorld>;
let results: StepResult[];
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  world = createWorld(ROOT);
  results = await runDemoThroughHook(DEMO_STEPS, world);
  dir = join(world.state, 'audit');
}, 120_000);

describe('the demo session in the audit log', () => {
  it('records every tool call with the verdict the agent got, denials included', () => {
    const entries = readFileSync(join(dir, LAYOUT.current), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; tool_use_id?: string; verdict: string; rules: string[]; session_id: string });
    const pre = entries.filter((e) => e.event === 'PreToolUse');
    const toolSteps = results.filter((r) => r.event === 'PreToolUse');
    expect(pre).toHaveLength(toolSteps.length);
    toolSteps.forEach((r, i) => {
      // A held call is recorded with the verdict it ended with (approved: allow).
      expect(pre[i]!.verdict).toBe(r.verdict);
      expect(pre[i]!.rules).toEqual(expect.arrayContaining(r.rules));
    });
    expect(pre.filter((e) => e.verdict === 'deny').length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.event === 'UserPromptSubmit')).toHaveLength(results.filter((r) => r.event === 'UserPromptSubmit').length);
  });

  it('prints the session trail and verifies', () => {
    const session = sessionTrail(dir, (JSON.parse(readFileSync(join(dir, LAYOUT.current), 'utf8').split('\n')[0]!) as { session_id: string }).session_id);
    const text = formatTrail(dir, session[0]!.kind === 'decision' ? session[0]!.session_id : '');
    expect(text).toMatch(/PreToolUse \w+\s+deny \[/);
    const r = verifyLog(dir, { publicKey: loadPublicKey(join(world.state, 'keys')) });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('catches a tampered copy: a denial rewritten as allowed', async () => {
    const copy = join(world.root, 'audit-copy');
    const line = tamperCopy(dir, copy);
    expect(line).toBeGreaterThan(0);
    const r = await cli(['audit', 'verify', '--dir', copy, '--key', join(world.state, 'keys', 'audit-ed25519.pub.pem')], { env: {} });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`first bad record: seq ${line} (current.jsonl line ${line})`);
  });
});
