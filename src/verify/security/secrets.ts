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
      { file: 'x.py', code: `API_KEY = "${['q8Zr4Tn2', 'Vx7Lm9Kp3Wb6'].join('')}"\n` },
    ],
    safe: [
      { file: 'x.js', code: 'const client = new S3({ accessKeyId: process.env.AWS_ACCESS_KEY_ID });' },
      { file: 'x.py', code: 'API_KEY = os.environ["API_KEY"]\npassword = "changeme"\n' },
      { file: 'x.ts', code: 'const persistCredentials: WorkflowRule = rule;\nconst TOKEN_RE = /SECRET|TOKEN|PASSWORD/i;\n' },
    ],
  },
};

/** A generic `NAME = value` hit whose value is code (an env lookup, a member chain, a call, a
 * type annotation, a regex), not a literal. Generic hits must also mix letters and digits, as
 * generated keys do; without that rule, names and words in ordinary code are the bulk of hits. */
const CODE_LIKE = /^(process\.env|os\.environ|os\.getenv|env\.|import\.meta|\$\{|\$\(|config\.|settings\.|self\.|this\.)|[()[\]{}]|^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

// Cheap first tests for the two detectors whose own patterns start with a character class (slow
// to run over a whole file); the others start with a literal and are their own first test.
const ANCHORS: Record<string, RegExp> = {
  'generic-secret': /SECRET|TOKEN|PASSW|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH/i,
  'url-password': /:\/\/[^\s:/@'"]+:[^\s@/'"]{3,}@/,
};

// Global copies of the shared detectors, compiled once.
const DETECTORS = SECRET_PATTERNS.map((p) => ({
  ...p,
  re: new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : p.re.flags + 'g'),
  anchor: ANCHORS[p.type] ?? new RegExp(p.re.source, p.re.flags.replace('g', '')),
}));

/** Finds secrets line by line (so each has a line and column); skips binary text. */
export function scanSecrets(file: string, text: string, check: CheckName = 'security'): Finding[] {
  if (text.includes('\0')) return [];
  // Most files hold no secret at all: one pass per detector over the whole text decides which
  // detectors need the line-by-line pass.
  const present = DETECTORS.filter((d) => d.anchor.test(text));
  if (present.length === 0) return [];
  const out: Finding[] = [];
  const lines = text.split('\n');
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.length > 20_000) return; // minified or data; not a hand-written secret
    for (const p of present) {
      if (!p.anchor.test(line)) continue;
      p.re.lastIndex = 0;
      for (const m of line.matchAll(p.re)) {
        const secret = (p.group ? m[p.group] : m[0]) ?? m[0];
        if (!secret || (p.accept && !p.accept(secret))) continue;
        if (p.type === 'generic-secret' && (CODE_LIKE.test(secret) || !/\d/.test(secret) || !/[A-Za-z]/.test(secret))) continue;
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
          // Kind and hash prefix only (the same hash the audit log's redaction markers use).
          message: `${SECRET_RULE.summary} (${p.type}, sha256 prefix ${hash}). ${SECRET_RULE.fix}`,
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
