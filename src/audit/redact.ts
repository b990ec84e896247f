// Secret redaction, applied before anything is written or shown: tool results the model would
// see, audit records, reports, terminal output. A secret becomes `[REDACTED:<type>:<hash6>]`, where
// hash6 is the first 6 hex digits of its SHA-256, so two events with the same secret correlate
// without revealing it. The result lists what was hidden (type and where), never the value.
import { sha256 } from './sha256.js';

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

const hasDigit = (s: string) => /[0-9]/.test(s);
/** Random-looking: enough entropy, and not just a word, a path or a number. */
const randomish = (min: number) => (s: string) =>
  notPlaceholder(s) && entropy(s) >= min && !/^[a-z]+(?:[._-][a-z]+)*$/.test(s) && !/^\/[\w./-]*$/.test(s) && !/^\d+$/.test(s);

/** Ordered: specific token shapes first, the generic assignments last. Shapes follow the issuers'
 * documented prefixes (gitleaks and secretlint keep similar lists). */
export const SECRET_PATTERNS: SecretPattern[] = [
  { type: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { type: 'aws-access-key-id', re: /\b((?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[0-9A-Z]{16})\b/g, group: 1 },
  {
    type: 'aws-secret-access-key',
    re: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
  },
  { type: 'aws-session-token', re: /\baws_?session_?token\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{100,})/gi, group: 1 },
  { type: 'azure-storage-key', re: /\bAccountKey=([A-Za-z0-9+/]{86}==)/g, group: 1 },
  { type: 'google-api-key', re: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, group: 1 },
  { type: 'google-oauth-secret', re: /\b(GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: 'github-token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, group: 1 },
  { type: 'github-token', re: /\b(github_pat_[A-Za-z0-9_]{50,255})\b/g, group: 1 },
  { type: 'gitlab-token', re: /\b(gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|agent)-[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'gitlab-token', re: /\b(GR1348941[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'npm-token', re: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1 },
  { type: 'pypi-token', re: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40,})/g, group: 1 },
  { type: 'anthropic-key', re: /\b(sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'anthropic-key', re: /\b(sk-ant-[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'openai-key', re: /\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})/g, group: 1 },
  { type: 'openai-key', re: /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,})/g, group: 1 },
  { type: 'stripe-key', re: /\b((?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{20,})\b/g, group: 1 },
  { type: 'stripe-webhook-secret', re: /\b(whsec_[0-9a-zA-Z]{32,})\b/g, group: 1 },
  { type: 'slack-token', re: /\b(xox[baprse]-[A-Za-z0-9-]{10,})\b/g, group: 1, accept: hasDigit },
  { type: 'slack-token', re: /\b(xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,})\b/g, group: 1 },
  { type: 'slack-webhook', re: /(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,})/g, group: 1 },
  { type: 'discord-webhook', re: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,})/g, group: 1 },
  { type: 'sendgrid-key', re: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: 'twilio-key', re: /\b(SK[0-9a-f]{32})\b/g, group: 1 },
  { type: 'huggingface-token', re: /\b(hf_[A-Za-z0-9]{34,})\b/g, group: 1 },
  { type: 'digitalocean-token', re: /\b(do[por]_v1_[a-f0-9]{64})\b/g, group: 1 },
  { type: 'shopify-token', re: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g, group: 1 },
  { type: 'databricks-token', re: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g, group: 1 },
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
  { type: 'bearer-token', re: /\b(?:Bearer|token)\s+([A-Za-z0-9._~+/-]{20,}=*)/g, group: 1, accept: randomish(3.5) },
  { type: 'basic-auth', re: /\bBasic\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/g, group: 1, accept: (s) => notPlaceholder(s) && entropy(s) >= 3 },
  {
    type: 'generic-secret',
    re: /\b[A-Za-z0-9_.-]*(?:SECRET|TOKEN|PASSW(?:OR)?D|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?KEY|CREDENTIALS?|AUTH)[A-Za-z0-9_.-]*["']?\s*[:=]\s*["']?([^\s"'`,;]{8,})/gi,
    group: 1,
    accept: randomish(3.0),
  },
  {
    // `DB_PASS=…`, `SIGNING_KEY: …`: a weaker keyword, so the value must look random.
    type: 'generic-secret',
    re: /\b[A-Za-z0-9_.-]*[_.-](?:KEY|PASS|PWD|SALT|SEED)["']?\s*[:=]\s*["']?([^\s"'`,;]{12,})/gi,
    group: 1,
    accept: (s) => randomish(3.5)(s) && /[0-9]/.test(s) && /[A-Za-z]/.test(s),
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
  return sha256(secret).slice(0, 6);
}

/** Receives each secret value found, for callers that must also scrub text derived from the same
 * input (e.g. a shell parser's view of a command). Keep such values in memory only. */
export type SecretSink = (type: string, secret: string) => void;

/** A cheap first look: every pattern above needs one of these fragments (lower-cased), so a string
 * without any cannot hold a secret. Plain substring checks, because one large case-insensitive
 * regex costs ~0.5 ms to compile in each hook process, and each of the ~40 patterns another
 * ~0.1 ms once it runs twice. test/audit/redact.test.ts checks that the hints let through
 * everything the patterns find. */
const HINTS = [
  'private key', 'akia', 'asia', 'abia', 'acca', 'aroa', 'aida', 'secret', 'token', 'passw', 'key', 'credential', 'auth',
  'aiza', 'gocspx-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'glcbt-', 'glimt-', 'glagent-', 'gr1348941', 'npm_', 'pypi-', 'sk-',
  '_live_', '_test_', 'whsec_', 'xox', 'xapp-', 'hooks.slack.com', 'discord', 'sg.', 'hf_', '_v1_', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'dapi', 'eyj',
  'bearer', 'basic', 'pass', 'pwd', 'salt', 'seed',
];
const TWILIO_HINT = /SK[0-9a-f]{32}/;

export function mayHoldSecret(text: string): boolean {
  if (text.length < 8) return false;
  const lower = text.toLowerCase();
  for (const h of HINTS) if (lower.includes(h)) return true;
  return (lower.includes('://') && text.includes('@')) || TWILIO_HINT.test(text);
}

export function redactText(text: string, patterns: readonly SecretPattern[] = SECRET_PATTERNS, sink?: SecretSink): {
  text: string;
  findings: RedactionFinding[];
} {
  const findings: RedactionFinding[] = [];
  if (patterns === SECRET_PATTERNS && !mayHoldSecret(text)) return { text, findings };
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
      sink?.(p.type, secret);
      const marker = `[REDACTED:${p.type}:${hash}]`;
      return p.group ? whole.replace(secret, marker) : marker;
    });
  }
  return { text: out, findings };
}

/** Deep-copies `value`, redacting every string inside; `findings[].path` says where. */
export function redactValue<T>(value: T, path = '', sink?: SecretSink): { value: T; findings: RedactionFinding[] } {
  const findings: RedactionFinding[] = [];
  const walk = (v: unknown, p: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = redactText(v, SECRET_PATTERNS, sink);
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

/** Replaces every occurrence of known secret values (and, for multi-line secrets such as private
 * keys, of each of their lines) with the same marker redactText would use. For text derived from
 * already-redacted input, where the pattern that found the secret no longer sees its context. */
export function scrubKnown(text: string, known: readonly { type: string; secret: string }[]): { text: string; findings: RedactionFinding[] } {
  const findings: RedactionFinding[] = [];
  let out = text;
  for (const { type, secret } of known) {
    const marker = `[REDACTED:${type}:${secretHash(secret)}]`;
    const pieces = [secret, JSON.stringify(secret).slice(1, -1), ...secret.split(/\r?\n|\\n/).filter((l) => l.length >= 16 && !l.startsWith('-----'))];
    for (const piece of [...new Set(pieces)].sort((a, b) => b.length - a.length)) {
      if (piece.length >= 8 && out.includes(piece)) {
        out = out.split(piece).join(marker);
        if (!findings.some((f) => f.type === type && f.hash === marker.slice(-7, -1))) findings.push({ type, hash: secretHash(secret) });
      }
    }
  }
  return { text: out, findings };
}
