import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from '../../src/audit/redact.js';
import { lookAlikes, secretCorpus } from './fixtures/secret-corpus.js';

describe('redactText on the corpus', () => {
  const corpus = secretCorpus();
  it.each(corpus.map((c) => [c.type, c]))('hides a %s', (_t, c) => {
    const r = redactText(c.text);
    expect(r.text).not.toContain(c.secret);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.text).toMatch(/\[REDACTED:[a-z-]+:[0-9a-f]{6}\]/);
  });

  it('names the expected type for every fake secret', () => {
    const wrong = corpus.filter((c) => !redactText(c.text).findings.some((f) => f.type === c.type)).map((c) => `${c.type}: ${c.text.slice(0, 40)}`);
    expect(wrong).toEqual([]);
  });

  it.each(lookAlikes().map((t) => [t]))('leaves a look-alike alone: %s', (text) => {
    expect(redactText(text)).toEqual({ text, findings: [] });
  });

  it('gives the same secret the same marker, so events correlate', () => {
    const c = corpus[5]!;
    const a = redactText(`first ${c.text}`).text.match(/\[REDACTED:[^\]]+\]/)![0];
    const b = redactText(`${c.text} again`).text.match(/\[REDACTED:[^\]]+\]/)![0];
    expect(a).toBe(b);
  });

  it('is idempotent: markers are never redacted again', () => {
    for (const c of corpus) {
      const once = redactText(c.text).text;
      expect(redactText(once)).toEqual({ text: once, findings: [] });
    }
  });

  it('redacts inside structures and says where, never what', () => {
    const c = corpus.find((x) => x.type === 'stripe-key')!;
    const r = redactValue({ tool_input: { command: c.text, args: ['x', c.text] } });
    expect(JSON.stringify(r.value)).not.toContain(c.secret);
    expect(r.findings.map((f) => f.path)).toEqual(['tool_input.command', 'tool_input.args[1]']);
    expect(JSON.stringify(r.findings)).not.toContain(c.secret);
  });
});

describe('scrubKnown', () => {
  it('hides each line of a multi-line secret that a parser split into separate strings', async () => {
    const { scrubKnown } = await import('../../src/audit/redact.js');
    const key = secretCorpus().find((c) => c.type === 'private-key')!.secret;
    const line = key.split('\n')[2]!;
    const r = scrubKnown(`run ${line}`, [{ type: 'private-key', secret: key }]);
    expect(r.text).toMatch(/^run \[REDACTED:private-key:[0-9a-f]{6}\]$/);
    expect(r.findings).toEqual([{ type: 'private-key', hash: expect.stringMatching(/^[0-9a-f]{6}$/) }]);
  });
});

describe('mayHoldSecret (the pre-filter)', () => {
  it('lets through every string any pattern would redact', async () => {
    const { mayHoldSecret, SECRET_PATTERNS } = await import('../../src/audit/redact.js');
    const corpus = secretCorpus();
    const samples = [...corpus.map((c) => c.text), ...corpus.map((c) => c.secret), ...lookAlikes()];
    // Each pattern's own matches, alone and in context: the hint must match all of them.
    const missed: string[] = [];
    for (const text of samples) {
      for (const p of SECRET_PATTERNS) {
        p.re.lastIndex = 0;
        for (const m of text.matchAll(new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : p.re.flags + 'g'))) {
          if (!mayHoldSecret(m[0])) missed.push(`${p.type}: ${m[0].slice(0, 30)}`);
        }
      }
    }
    expect(missed).toEqual([]);
  });

  it('skips ordinary text without running the patterns', async () => {
    const { mayHoldSecret } = await import('../../src/audit/redact.js');
    for (const t of ['npm test && git status', 'read /home/dev/project/src/index.ts', 'run ls -la', 'Edit src/app.ts']) expect(mayHoldSecret(t)).toBe(false);
  });
});
