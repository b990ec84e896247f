import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyReferenceMarkdown, rulesMarkdown } from '../../src/policy/docs.js';

describe('generated reference docs', () => {
  it.each([
    ['docs/rules.md', rulesMarkdown],
    ['docs/policy-reference.md', policyReferenceMarkdown],
  ])('%s is up to date (run `npm run docs`)', (file, gen) => {
    expect(readFileSync(file, 'utf8')).toBe(gen());
  });
});
