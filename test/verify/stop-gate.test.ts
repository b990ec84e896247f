// The Stop-hook gate: directly, and through the real hook bundle as Claude Code runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopGate } from '../../src/verify/stop-gate.js';
import { stopGateEnabled } from '../../src/verify/stop-gate-optin.js';
import { makeProject, REPO_ROOT, type Project } from './helpers/project.js';

const KEY = ['gh', 'p_', 'R8xw2Lq9Zt4Vb7Nc1Md6Fk3Hj5Sp0Wy8Ug2E'].join('');
let p: Project | undefined;
afterEach(() => {
  p?.remove();
  p = undefined;
});

function projectWithLeak(optIn: boolean): Project {
  const proj = makeProject();
  proj.write({ 'src/a.js': '/** A. */\nexport const a = 1;\n', ...(optIn ? { '.gatehouse/verify.json': JSON.stringify({ stopGate: { enabled: true, checks: ['security', 'docs', 'critical'] } }) } : {}) });
  proj.commit('base');
  // The agent's uncommitted work: a new file with a token and an undocumented export.
  proj.write({ 'src/b.js': `export const token = '${KEY}';\n` });
  return proj;
}

describe('stopGate', () => {
  it('blocks the stop with the new findings as instructions, never echoing the secret', async () => {
    p = projectWithLeak(true);
    const r = await stopGate({ cwd: p.dir }, { env: { PATH: process.env.PATH } });
    expect(r.block).toBe(true);
    expect(r.reason).toContain('src/b.js:1 [secret/hardcoded-credential]');
    expect(r.reason).toContain('[docs/undocumented-export]');
    expect(r.reason).not.toContain(KEY);
    // critical is never part of the gate: the agent cannot fix "needs a human".
    expect(r.report!.checks.map((c) => c.check)).toEqual(['security', 'docs']);
  });

  it('does not block a second time once Claude is continuing because of a stop hook', async () => {
    p = projectWithLeak(true);
    const r = await stopGate({ cwd: p.dir, stop_hook_active: true }, { env: { PATH: process.env.PATH } });
    expect(r.block).toBe(false);
    expect(r.reason).toMatch(/not blocking again/);
  });

  it('lets the agent stop when the change is clean', async () => {
    p = makeProject();
    p.write({ 'src/a.js': '/** A. */\nexport const a = 1;\n' });
    p.commit('base');
    p.write({ 'src/c.js': '/** C. */\nexport const c = 2;\n' });
    expect(await stopGate({ cwd: p.dir }, { env: {} })).toMatchObject({ block: false });
  });

  it('reports an invalid settings file instead of trapping the agent', async () => {
    p = makeProject();
    p.write({ '.gatehouse/verify.json': '{"stopGate": {"enabled": "yes"}}' });
    const r = await stopGate({ cwd: p.dir }, { env: {} });
    expect(r.block).toBe(false);
    expect(r.reason).toContain('verify/invalid-config');
  });

  it.each([
    [{ GATEHOUSE_VERIFY_ON_STOP: '1' }, false, true],
    [{ GATEHOUSE_VERIFY_ON_STOP: '0' }, true, false],
    [{}, true, true],
    [{}, false, false],
  ])('is opted in by env %j / settings file %s → %s', (env, file, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-optin-'));
    if (file) {
      mkdirSync(join(dir, '.gatehouse'));
      writeFileSync(join(dir, '.gatehouse', 'verify.json'), '{"stopGate":{"enabled":true}}');
    }
    expect(stopGateEnabled(env, dir)).toBe(expected);
  });
});

const HOOK = join(REPO_ROOT, 'dist', 'hook.cjs');
describe.skipIf(!existsSync(join(REPO_ROOT, 'dist', 'verify', 'stop-gate.js')))('the Stop hook (real bundle)', () => {
  const run = (proj: Project, event: Record<string, unknown>) => {
    const state = mkdtempSync(join(tmpdir(), 'gatehouse-state-'));
    return spawnSync(process.execPath, [HOOK], {
      input: JSON.stringify({ session_id: 's1', transcript_path: '/dev/null', cwd: proj.dir, hook_event_name: 'Stop', ...event }),
      env: { PATH: process.env.PATH!, HOME: state, GATEHOUSE_STATE_DIR: state, CLAUDE_PROJECT_DIR: proj.dir },
      encoding: 'utf8',
    });
  };

  it('answers decision:block with the findings when opted in', () => {
    p = projectWithLeak(true);
    const r = run(p, { stop_hook_active: false });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.decision).toBe('block');
    expect(out.reason).toContain('secret/hardcoded-credential');
    expect(r.stdout).not.toContain(KEY);
  });

  it('stays silent when not opted in', () => {
    p = projectWithLeak(false);
    const r = run(p, { stop_hook_active: false });
    expect([r.status, r.stdout]).toEqual([0, '']);
  });
});
