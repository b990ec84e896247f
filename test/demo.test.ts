import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('gatehouse demo', () => {
  it('stops every attack, leaves ordinary work alone, and redacts the secret in ordinary output', () => {
    const r = spawnSync(process.execPath, ['bin/gatehouse.mjs', 'demo', '--json'], { encoding: 'utf8', timeout: 60_000 });
    const out = JSON.parse(r.stdout) as { ok: boolean; summary: { attacks: number; stopped: number; ordinary: number; passed: number; redacted: number }; steps: { title: string; kind: string; verdict: string }[] };
    const missed = out.steps.filter((s) => s.kind === 'attack' && s.verdict !== 'deny' && s.verdict !== 'ask').map((s) => s.title);
    const blocked = out.steps.filter((s) => s.kind === 'ordinary' && s.verdict !== 'none').map((s) => s.title);
    expect(missed).toEqual([]);
    expect(blocked).toEqual([]);
    expect(out.summary.redacted).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  });
});
