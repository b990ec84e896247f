// Secret scan of the change, with the same detectors the audit log uses for redaction. A finding
// names the kind of secret and its short hash; the value itself is never kept or printed.
import { SECRET_PATTERNS, secretHash } from '../../audit/redact.js';
import { fingerprint } from '../suppress.js';
import type { CheckName, Finding, RuleMeta } from '../types.js';
import type { Examples } from './rule.js';

// Built from pieces so this source file does not itself look like it holds a credential.
const FAKE_AWS = ['AKIA', 'Q3EGRIQZ', 'XMPLE7XQ'].join('');
const FAKE_GH = ['gh', 'p_', 'R8xw2Lq9Zt4Vb7Nc1Md6Fk3Hj5Sp0Wy8Ug2E'].join('');

export const SECRET_RULE: RuleMeta & { examples: Examples } = {
  id: 'secret/hardcoded-credential',
  summary: 'Credential committed in the change',
  why: 'Anything pushed is copied to every clone, fork, CI log and cache; a committed key must be treated as leaked.',
  fix: 'Remove it, rotate the credential now, and load it from the environment or a secret store.',
  level: 'error',
  cwe: ['CWE-798'],
  precision: 'high',
  securitySeverity: 9.0,
  examples: {
    hit: [
      { file: 'x.js', code: `const client = new S3({ accessKeyId: '${FAKE_AWS}' });` },
      { file: 'config/.env', code: `GITHUB_TOKEN=${FAKE_GH}\n` },
      { file: 'x.py', code: `API_KEY = "q8Zr4Tn2Vx7Lm9Kp3Wb6"\n` },
    ],
    safe: [
      { file: 'x.js', code: 'const client = new S3({ accessKeyId: process.env.AWS_ACCESS_KEY_ID });' },
      { file: 'x.py', code: 'API_KEY = os.environ["API_KEY"]\npassword = "changeme"\n' },
    ],
  },
};

/** A generic `NAME = value` hit whose value is code (an env lookup, a member chain, a call), not a literal. */
const CODE_LIKE = /^(process\.env|os\.environ|os\.getenv|env\.|import\.meta|\$\{|\$\(|config\.|settings\.|self\.|this\.)|[()[\]{}]|^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

/** Finds secrets line by line (so each has a line and column); skips binary text. */
export function scanSecrets(file: string, text: string, check: CheckName = 'security'): Finding[] {
  if (text.includes('\0')) return [];
  const out: Finding[] = [];
  const lines = text.split('\n');
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.length > 20_000) return; // minified or data; not a hand-written secret
    for (const p of SECRET_PATTERNS) {
      if (p.type === 'private-key' && !line.includes('PRIVATE KEY')) continue;
      const re = new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : p.re.flags + 'g');
      for (const m of line.matchAll(re)) {
        const secret = (p.group ? m[p.group] : m[0]) ?? m[0];
        if (!secret || (p.accept && !p.accept(secret))) continue;
        if (p.type === 'generic-secret' && CODE_LIKE.test(secret)) continue;
        const key = `${i}:${secret}`;
        if (seen.has(key)) continue; // a specific detector already claimed it
        seen.add(key);
        const col = (m.index ?? 0) + m[0].indexOf(secret) + 1;
        const hash = secretHash(secret);
        out.push({
          check,
          tool: 'gatehouse',
          ruleId: SECRET_RULE.id,
          level: 'error',
          message: `${SECRET_RULE.summary} (${p.type}, shown as [REDACTED:${p.type}:${hash}]). ${SECRET_RULE.fix}`,
          file,
          line: i + 1,
          column: col,
          endLine: i + 1,
          endColumn: col + secret.length,
          fingerprint: fingerprint(SECRET_RULE.id, file, p.type, hash),
        });
      }
    }
  });
  return out;
}
