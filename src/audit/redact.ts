// Secret redaction, applied before anything is written or shown: tool results the model would
// see, audit records, reports, terminal output. A secret becomes `[REDACTED:<type>:<hash6>]`, where
// hash6 is the first 6 hex digits of its SHA-256, so two events with the same secret correlate
// without revealing it. The result lists what was hidden (type and where), never the value.
import { crypto } from '../env/builtins.js';

export interface SecretPattern {
  type: string;
  re: RegExp;
  /** Capture group holding the secret (default: the whole match). */
  group?: number;
  /** Extra check on the candidate (entropy, placeholders). */
  accept?: (secret: string) => boolean;
}

const PLACEHOLDER = /^(x+|\*+|\.+|<[^>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|your[-_a-z]*|changeme|example[-_a-z]*|placeholder|redacted|dummy[-_a-z]*|test|none|null|true|false|undefined)$/i;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function notPlaceholder(s: string): boolean {
  return !PLACEHOLDER.test(s);
}

/** Ordered: specific token shapes first, the generic assignment last. */
export const SECRET_PATTERNS: SecretPattern[] = [
  { type: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { type: 'aws-access-key-id', re: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g, group: 1 },
  {
    type: 'aws-secret-access-key',
    re: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
  },
  { type: 'github-token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, group: 1 },
  { type: 'github-token', re: /\b(github_pat_[A-Za-z0-9_]{50,255})\b/g, group: 1 },
  { type: 'gitlab-token', re: /\b(glpat-[A-Za-z0-9_-]{20,})\b/g, group: 1 },
  { type: 'npm-token', re: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1 },
  { type: 'pypi-token', re: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40,})\b/g, group: 1 },
  { type: 'anthropic-key', re: /\b(sk-ant-[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'openai-key', re: /\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'openai-key', re: /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,})/g, group: 1 },
  { type: 'stripe-key', re: /\b((?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{20,})\b/g, group: 1 },
  { type: 'slack-token', re: /\b(xox[baprse]-[A-Za-z0-9-]{10,})\b/g, group: 1 },
  { type: 'slack-webhook', re: /(https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,})/g, group: 1 },
  { type: 'google-api-key', re: /\b(AIza[0-9A-Za-z_-]{35})\b/g, group: 1 },
  {
    type: 'jwt',
    re: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
    group: 1,
  },
  {
    type: 'url-password',
    re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s@/'"]{3,})@/gi,
    group: 1,
    accept: notPlaceholder,
  },
  {
    type: 'generic-secret',
    re: /\b[A-Za-z0-9_.-]*(?:SECRET|TOKEN|PASSW(?:OR)?D|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)[A-Za-z0-9_.-]*["']?\s*[:=]\s*["']?([^\s"'`,;]{8,})/gi,
    group: 1,
    accept: (s) => notPlaceholder(s) && entropy(s) >= 3.0 && !/^[a-z]+(?:[._-][a-z]+)*$/.test(s),
  },
];

export interface RedactionFinding {
  type: string;
  /** First 6 hex digits of the secret's SHA-256. */
  hash: string;
  /** JSON-path-like place inside a value (`tool_input.command`), when redacting structures. */
  path?: string;
}

export function secretHash(secret: string): string {
  return crypto().createHash('sha256').update(secret).digest('hex').slice(0, 6);
}

export function redactText(text: string, patterns: readonly SecretPattern[] = SECRET_PATTERNS): {
  text: string;
  findings: RedactionFinding[];
} {
  const findings: RedactionFinding[] = [];
  let out = text;
  for (const p of patterns) {
    p.re.lastIndex = 0;
    if (!p.re.test(out)) continue;
    p.re.lastIndex = 0;
    out = out.replace(p.re, (...m: unknown[]) => {
      const whole = m[0] as string;
      const secret = (p.group ? (m[p.group] as string | undefined) : whole) ?? whole;
      if (!secret || secret.startsWith('[REDACTED:') || (p.accept && !p.accept(secret))) return whole;
      const hash = secretHash(secret);
      findings.push({ type: p.type, hash });
      const marker = `[REDACTED:${p.type}:${hash}]`;
      return p.group ? whole.replace(secret, marker) : marker;
    });
  }
  return { text: out, findings };
}

/** Deep-copies `value`, redacting every string inside; `findings[].path` says where. */
export function redactValue<T>(value: T, path = ''): { value: T; findings: RedactionFinding[] } {
  const findings: RedactionFinding[] = [];
  const walk = (v: unknown, p: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = redactText(v);
      for (const f of r.findings) findings.push({ ...f, path: p || '.' });
      return r.text;
    }
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${p}[${i}]`, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, p ? `${p}.${k}` : k, depth + 1);
    return out;
  };
  return { value: walk(value, path, 0) as T, findings };
}
