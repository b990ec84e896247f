import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe.each(['hook', 'claude'])('gatehouse demo --client %s', (client) => {
  it('stops every attack, leaves ordinary work alone, and shows every layer working', () => {
    if (client === 'claude' && process.env.GATEHOUSE_E2E === '0') return;
    const r = spawnSync(process.execPath, ['bin/gatehouse.mjs', 'demo', '--json', '--client', client], { encoding: 'utf8', timeout: 120_000 });
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      client: string;
      summary: { attacks: number; stopped: number; ordinary: number; passed: number; gated: number; approved: number; redacted: number; alerts: number };
      restoredBySlipUndo: boolean;
      audit: { verified: boolean; tamperedCaught: boolean };
      steps: { title: string; kind: string; verdict: string; rules: string[]; flagged: boolean }[];
    };
    const missed = out.steps.filter((s) => s.kind === 'attack' && s.verdict !== 'deny' && s.verdict !== 'ask').map((s) => s.title);
    const blocked = out.steps.filter((s) => s.kind === 'ordinary' && s.verdict !== 'none').map((s) => s.title);
    expect(missed).toEqual([]);
    expect(blocked).toEqual([]);
    expect(out.summary.redacted).toBeGreaterThan(0);
    expect(out.summary.approved).toBe(out.summary.gated);
    expect(out.restoredBySlipUndo).toBe(true);
    expect(out.audit).toEqual({ verified: true, tamperedLine: expect.any(Number), tamperedCaught: true });
    // The poisoned page is flagged, and the upload it asked for is stopped by the trifecta detector.
    expect(out.steps.find((s) => s.title.startsWith('Read the issue'))?.flagged).toBe(true);
    expect(out.steps.find((s) => s.title.startsWith('Follow the page'))?.rules).toContain('detect/lethal-trifecta');
    expect(out.steps.at(-1)?.verdict).toBe('deny');
    expect(out.client).toBe(client);
    expect(r.status).toBe(0);
  }, 120_000);
});
