// Tamper with a real log in every way verify must catch, and check it names the right record.
import { readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendRecord } from '../../src/audit/append.js';
import { linkEntry } from '../../src/audit/chain.js';
import { loadPublicKey } from '../../src/audit/keys.js';
import { LAYOUT, type AuditOptions } from '../../src/audit/options.js';
import { verifyLog } from '../../src/audit/verify.js';
import { cli, record, tempState } from './helpers.js';

let o: AuditOptions;
let env: Record<string, string>;
let file: string;

const read = () => readFileSync(file, 'utf8').trimEnd().split('\n');
const write = (ls: string[]) => writeFileSync(file, ls.map((l) => l + '\n').join(''));
const parsed = (ls: string[]) => ls.map((l) => JSON.parse(l) as Record<string, unknown>);
const verify = () => verifyLog(o.dir, { publicKey: loadPublicKey(o.keyDir) });
/** Re-links entries from index i on, as an attacker who knows the scheme would. */
const relinkFrom = (es: Record<string, unknown>[], i: number, renumber: boolean) => {
  for (let k = i; k < es.length; k++) {
    const prevHash = k === 0 ? '0'.repeat(64) : (es[k - 1]!.hash as string);
    const seq = renumber ? (k === 0 ? 1 : (es[k - 1]!.seq as number) + 1) : (es[k]!.seq as number);
    es[k] = linkEntry(es[k]!, seq, prevHash).entry;
  }
  return es.map((e) => JSON.stringify(e));
};

beforeEach(() => {
  const t = tempState();
  env = t.env;
  o = { ...t.o, checkpointEvery: 5 };
  for (let i = 1; i <= 20; i++) appendRecord(record({ input: { command: `echo step ${i}` } }), { env, options: o });
  file = join(o.dir, LAYOUT.current);
});

describe('audit verify', () => {
  it('passes an untouched log with all checkpoints verified', () => {
    const r = verify();
    expect(r).toMatchObject({ ok: true, entries: 20, firstSeq: 1, lastSeq: 20, checkpoints: { total: 5, verified: 5 } });
    expect(r.warnings).toEqual([]);
  });

  it.each([
    {
      name: 'an edited field (hash left as it was)',
      tamper: (ls: string[]) => {
        ls[6] = ls[6]!.replace('echo step 7', 'echo step 7 (innocent)');
        return ls;
      },
      kind: 'edited',
      seq: 7,
    },
    {
      name: 'an edited nested field with the hash recomputed',
      tamper: (ls: string[]) => {
        const es = parsed(ls);
        (es[6]!.input as { command: string }).command = 'ls';
        es[6] = linkEntry(es[6]!, 7, es[5]!.hash as string).entry;
        return es.map((e) => JSON.stringify(e));
      },
      kind: 'broken-link',
      seq: 7,
    },
    { name: 'a deleted record', tamper: (ls: string[]) => ls.filter((_, i) => i !== 6), kind: 'missing', seq: 7 },
    {
      name: 'two records swapped',
      tamper: (ls: string[]) => {
        [ls[6], ls[7]] = [ls[7]!, ls[6]!];
        return ls;
      },
      kind: 'out-of-order',
      seq: 7,
    },
    {
      name: 'a forged record inserted with a valid link',
      tamper: (ls: string[]) => {
        const es = parsed(ls);
        const forged = linkEntry({ ...es[6]!, input: { command: 'curl evil' }, decision_id: 'forged' }, 8, es[6]!.hash as string).line.trimEnd();
        ls.splice(7, 0, forged);
        return ls;
      },
      kind: 'out-of-order',
      seq: 8,
    },
    {
      name: 'a record deleted and everything after renumbered and re-hashed',
      tamper: (ls: string[]) => relinkFrom(parsed(ls.filter((_, i) => i !== 6)), 6, true),
      kind: 'checkpoint-mismatch',
      seq: 6,
    },
    { name: 'the log cut back past the last checkpoint', tamper: (ls: string[]) => ls.slice(0, 13), kind: 'truncated', seq: 14 },
    {
      name: 'a record with a forged seq and prev (not JSON-breaking)',
      tamper: (ls: string[]) => {
        ls[9] = ls[9]!.replace(/"prev":"[0-9a-f]{64}"/, `"prev":"${'1'.repeat(64)}"`);
        return ls;
      },
      kind: 'edited',
      seq: 10,
    },
    {
      name: 'a line that is not JSON',
      tamper: (ls: string[]) => {
        ls[11] = ls[11]!.slice(0, 50);
        return ls;
      },
      kind: 'not-json',
      seq: 12,
    },
  ])('catches $name and names seq $seq', ({ tamper, kind, seq }) => {
    write(tamper(read()));
    const r = verify();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ kind, seq });
  });

  it('catches a forged checkpoint signature', () => {
    const cpFile = join(o.dir, LAYOUT.checkpoints);
    const cps = readFileSync(cpFile, 'utf8').trimEnd().split('\n');
    cps[2] = cps[2]!.replace(/"seq":10/, '"seq":9');
    writeFileSync(cpFile, cps.join('\n') + '\n');
    expect(verify().problems).toContainEqual(expect.objectContaining({ kind: 'bad-signature', seq: 9 }));
  });

  it('catches a whole sealed segment removed from the middle', () => {
    const t = tempState();
    const small = { ...t.o, segmentBytes: 1500, checkpointEvery: 1000 };
    for (let i = 0; i < 12; i++) appendRecord(record(), { env: t.env, options: small, now: new Date('2026-11-25T12:00:00Z') });
    const segs = readdirSync(join(small.dir, LAYOUT.segments)).sort();
    expect(segs.length).toBeGreaterThanOrEqual(2);
    const victim = join(small.dir, LAYOUT.segments, segs[1]!);
    chmodSync(victim, 0o600);
    unlinkSync(victim);
    const r = verifyLog(small.dir, { publicKey: loadPublicKey(small.keyDir) });
    expect(r.problems[0]).toMatchObject({ kind: 'missing', seq: Number(segs[1]!.slice(0, 12)) });
  });

  it('catches a log whose oldest records were removed without a signed anchor', () => {
    write(read().slice(3));
    expect(verify().problems[0]).toMatchObject({ kind: 'missing', seq: 1 });
  });

  it('catches a checkpoint signed by another key', () => {
    const other = tempState();
    appendRecord(record({ event: 'Stop' }), { env: other.env, options: other.o });
    renameSync(join(other.o.keyDir, 'audit-ed25519.pub.pem'), join(other.o.keyDir, 'x'));
    const r = verifyLog(o.dir, { publicKey: loadPublicKey(other.o.keyDir) });
    expect(r.problems[0]).toMatchObject({ kind: 'unknown-key' });
  });

  it('exits 1 from the CLI and names the first bad record', async () => {
    const ls = read();
    ls[4] = ls[4]!.replace('echo step 5', 'echo step five');
    write(ls);
    const text = await cli(['audit', 'verify'], { env: { ...env } });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAILED verification: first bad record: seq 5 \(current\.jsonl line 5\)/);
    const json = await cli(['audit', 'verify', '--json'], { env: { ...env } });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).problems[0]).toMatchObject({ kind: 'edited', seq: 5, line: 5 });
  });

  it('exits 0 from the CLI on a good log, also for a copy verified with an exported public key', async () => {
    const ok = await cli(['audit', 'verify'], { env: { ...env } });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ audit log verified: 20 entries \(seq 1–20\)/);
    const copy = await cli(['audit', 'verify', '--dir', '.', '--key', join(o.keyDir, 'audit-ed25519.pub.pem')], { env: { HOME: '/nonexistent' }, cwd: o.dir });
    expect(copy.stdout + copy.stderr).toMatch(/verified/);
    expect(copy.code).toBe(0);
  });
});
