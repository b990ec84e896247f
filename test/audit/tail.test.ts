// `audit tail -f` as a real process: it prints records appended after it started, across a
// segment rotation.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecord } from '../../src/audit/append.js';
import { ROOT, ensureBuilt, record, tempState } from './helpers.js';

describe('audit tail -f', () => {
  it('follows new records as they are written, across a day rotation', { timeout: 30_000 }, async () => {
    ensureBuilt();
    const t = tempState();
    appendRecord(record({ input: { command: 'echo before' }, ts: '2026-11-24T23:59:00.000Z' }), { env: t.env, options: t.o, now: new Date('2026-11-24T23:59:00Z') });
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'gatehouse.mjs'), 'audit', 'tail', '-f', '-n', '1'], { env: { ...process.env, ...t.env, NO_COLOR: '1' } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp) => {
      const deadline = Date.now() + 15_000;
      while (!re.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return re.test(out);
    };
    try {
      expect(await waitFor(/echo before/)).toBe(true);
      appendRecord(record({ input: { command: 'echo after-1' }, ts: '2026-11-24T23:59:30.000Z' }), { env: t.env, options: t.o, now: new Date('2026-11-24T23:59:30Z') });
      expect(await waitFor(/echo after-1/)).toBe(true);
      // The next append seals the segment (new UTC day) and starts a new one.
      appendRecord(record({ input: { command: 'echo next-day' }, ts: '2026-11-25T00:00:10.000Z' }), { env: t.env, options: t.o, now: new Date('2026-11-25T00:00:10Z') });
      expect(await waitFor(/echo next-day/)).toBe(true);
      const lines = out.trimEnd().split('\n');
      expect(lines.map((l) => /echo \S+/.exec(l)?.[0])).toEqual(['echo before', 'echo after-1', 'echo next-day']);
    } finally {
      p.kill();
    }
  });
});
