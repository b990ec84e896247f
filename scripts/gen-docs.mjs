// Regenerates the reference docs from the built modules: `npm run docs` (after a build).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const { rulesMarkdown, policyReferenceMarkdown } = await import(new URL('../dist/policy/docs.js', import.meta.url).href);
writeFileSync(join(root, 'docs', 'rules.md'), rulesMarkdown());
writeFileSync(join(root, 'docs', 'policy-reference.md'), policyReferenceMarkdown());
console.log('wrote docs/rules.md and docs/policy-reference.md');
