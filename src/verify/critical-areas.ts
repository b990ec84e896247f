// Critical areas: changes here need a human reviewer whatever the tools say. Matched by path
// and by content (what a file imports or declares). Also used to write CODEOWNERS entries.
import type { RuleMeta } from './types.js';

export interface CriticalArea {
  id: string;
  /** Human name used in reasons. */
  label: string;
  /** Project-relative path patterns (tested against the forward-slash path). */
  paths: RegExp[];
  /** CODEOWNERS patterns for the same area. */
  owners: string[];
  /** Content that makes a file part of the area wherever it lives. */
  content?: { re: RegExp; what: string; files?: RegExp }[];
}

const SEG = (names: string) => new RegExp(`(^|/)(${names})(/|$|[._-][^/]*$)`, 'i');
const JS_OR_PY = /\.([cm]?[jt]sx?|py)$/;

export const CRITICAL_AREAS: CriticalArea[] = [
  {
    id: 'auth',
    label: 'authentication and authorisation',
    paths: [SEG('auth|authn|authz|authentication|authorization|login|logout|sessions?|oauth2?|oidc|sso|saml|rbac|acl|permissions?|passwords?')],
    owners: ['**/auth/', '**/authentication/', '**/authorization/', '**/oauth/', '**/sessions/', '**/permissions/'],
    content: [
      { re: /(?:from\s+|require\()\s*['"](?:passport[^'"]*|jsonwebtoken|jose|next-auth[^'"]*|@auth\/[^'"]+|bcrypt(?:js)?|argon2|express-session|openid-client)['"]/, what: 'imports an authentication library', files: JS_OR_PY },
      { re: /^\s*(?:from|import)\s+(?:flask_login|django\.contrib\.auth|authlib|jwt|passlib|bcrypt)\b/m, what: 'imports an authentication library', files: /\.py$/ },
    ],
  },
  {
    id: 'crypto',
    label: 'cryptography',
    paths: [SEG('crypto|cryptography|encryption|encrypt|decrypt|keys|keystore|certs?|certificates|tls|ssl|kms|secrets?')],
    owners: ['**/crypto/', '**/encryption/', '**/keys/', '**/certs/'],
    content: [
      { re: /\b(?:createCipheriv|createDecipheriv|createSign|createVerify|generateKeyPair(?:Sync)?|crypto\.subtle|publicEncrypt|privateDecrypt)\b/, what: 'uses encryption or signing primitives', files: JS_OR_PY },
      { re: /^\s*(?:from|import)\s+(?:cryptography|Crypto|nacl|OpenSSL)\b/m, what: 'imports a cryptography library', files: /\.py$/ },
      { re: /-----BEGIN [A-Z ]*(?:PRIVATE KEY|CERTIFICATE)-----/, what: 'contains key or certificate material' },
    ],
  },
  {
    id: 'payments',
    label: 'payments and billing',
    paths: [SEG('payments?|billing|checkout|invoices?|subscriptions?|stripe|paypal|braintree|adyen|refunds?|wallet')],
    owners: ['**/payments/', '**/billing/', '**/checkout/'],
    content: [
      { re: /(?:from\s+|require\()\s*['"](?:stripe|@stripe\/[^'"]+|braintree|@paypal\/[^'"]+|@adyen\/[^'"]+)['"]/, what: 'imports a payment SDK', files: JS_OR_PY },
      { re: /^\s*(?:from|import)\s+(?:stripe|braintree|paypalrestsdk|adyen)\b/m, what: 'imports a payment SDK', files: /\.py$/ },
    ],
  },
  {
    id: 'migrations',
    label: 'database migrations',
    paths: [SEG('migrations?|migrate|alembic|flyway|liquibase'), /(^|\/)prisma\/schema\.prisma$/, /(^|\/)db\/schema\.(rb|sql)$/],
    owners: ['**/migrations/', '**/migrate/', '**/alembic/'],
    content: [{ re: /\b(?:ALTER|DROP)\s+(?:TABLE|COLUMN|INDEX|DATABASE|SCHEMA)\b|\bTRUNCATE\s+TABLE\b/i, what: 'changes or drops database schema', files: /\.sql$/ }],
  },
  {
    id: 'infra',
    label: 'infrastructure and deployment',
    paths: [
      SEG('infra|infrastructure|terraform|deploy|deployment|k8s|kubernetes|helm|charts|ansible|pulumi|cloudformation|cdk'),
      /(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|docker-compose[^/]*\.ya?ml|compose\.ya?ml|[^/]*\.tf|[^/]*\.tfvars|[^/]*\.hcl|serverless\.ya?ml|Procfile|fly\.toml|vercel\.json|netlify\.toml|app\.ya?ml)$/,
    ],
    owners: ['**/infra/', '**/terraform/', '**/deploy/', '**/k8s/', '**/helm/', '**/Dockerfile*', '**/*.tf', '**/docker-compose*.yml'],
  },
  {
    id: 'ci-config',
    label: 'CI configuration',
    paths: [/(^|\/)\.github\/(workflows|actions)\//, /(^|\/)(\.gitlab-ci\.ya?ml|Jenkinsfile|azure-pipelines\.ya?ml|\.travis\.ya?ml|bitbucket-pipelines\.yml)$/, /(^|\/)\.(circleci|buildkite)\//],
    owners: ['/.github/workflows/', '/.github/actions/', '/.gitlab-ci.yml', '/Jenkinsfile'],
  },
  {
    id: 'security-config',
    label: 'security and agent configuration',
    paths: [
      /(^|\/)(\.github\/)?CODEOWNERS$|(^|\/)docs\/CODEOWNERS$/,
      /(^|\/)\.gatehouse\//,
      /(^|\/)\.claude\//,
      /(^|\/)(CLAUDE\.md|CLAUDE\.local\.md|\.mcp\.json|\.claudeignore|SECURITY\.md|\.npmrc|\.yarnrc\.yml|\.pre-commit-config\.yaml)$/,
      /(^|\/)\.husky\//,
      /(^|\/)\.env(\.[^/]*)?$/,
      SEG('security|csp|cors'),
    ],
    owners: ['/.github/CODEOWNERS', '/.gatehouse/', '/.claude/', '/CLAUDE.md', '/.mcp.json', '/.claudeignore', '/SECURITY.md', '/.npmrc', '/.husky/'],
  },
];

export function criticalRule(a: CriticalArea): RuleMeta {
  return {
    id: `critical/${a.id}`,
    summary: `Change in ${a.label} needs a human reviewer`,
    why: 'Tools cannot judge whether a change here is right; a mistake is a security incident. The author (human or agent) must not be its only reviewer.',
    fix: 'Ask a code owner for this area to review the change; gatehouse ci init writes CODEOWNERS entries for these paths.',
    level: 'error',
    precision: 'high',
    tags: ['security', 'review'],
  };
}

export const CUSTOM_AREA_RULE: RuleMeta = {
  ...criticalRule({ id: 'custom', label: 'a project-defined critical path', paths: [], owners: [] }),
  id: 'critical/custom',
};

/** Turns a CODEOWNERS-style glob (`src/billing/**`, `*.tf`) into a path test. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim();
  const anchored = g.startsWith('/');
  if (anchored) g = g.slice(1);
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
      if (g[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${anchored || g.includes('/') ? '^' : '(^|/)'}${re}$`);
}

export interface CriticalHit {
  area: string;
  reason: string;
  line?: number;
}

/** Why this file is critical (one hit per area), or nothing. Pure. */
export function classifyCritical(path: string, text: string | undefined, customGlobs: readonly string[] = []): CriticalHit[] {
  const hits: CriticalHit[] = [];
  for (const a of CRITICAL_AREAS) {
    const p = a.paths.find((re) => re.test(path));
    if (p) {
      hits.push({ area: a.id, reason: `path is in ${a.label}` });
      continue;
    }
    if (text === undefined) continue;
    for (const c of a.content ?? []) {
      if (c.files && !c.files.test(path)) continue;
      const m = c.re.exec(text);
      if (m) {
        hits.push({ area: a.id, reason: `file ${c.what}`, line: text.slice(0, m.index).split('\n').length });
        break;
      }
    }
  }
  for (const g of customGlobs) {
    if (globToRegExp(g).test(path)) {
      hits.push({ area: 'custom', reason: `matches the project's critical path '${g}'` });
      break;
    }
  }
  return hits;
}
