// `.claudeignore` (gitignore syntax) mirrored into Claude Code's own permission rules, so Claude
// Code refuses a Read/Edit of a protected file before our hook even runs.
//
// Claude Code's path rules, as observed with the real CLI 2.1.332 (see docs/hook-protocol.md):
//   `name`, `./name`, `**/name`  → `name` at any depth below the project (gitignore: no inner slash)
//   `/a/b`, `a/b`, `./a/b`       → anchored at the project root (gitignore: an inner slash anchors)
//   `//abs/path`                 → an absolute path;  `~/x` → below the home directory
//   `dir/`, `dir`, `dir/**`      → everything inside a directory named `dir`
// Deny rules cannot express exceptions (deny always wins), so a pattern that a later `!pattern`
// carves out of is not mirrored; gatehouse's hook still enforces it with the exception.

export interface IgnorePattern {
  /** The pattern as written (without `!`). */
  raw: string;
  negated: boolean;
  /** Anchored at the ignore file's directory (leading or inner slash). */
  anchored: boolean;
  /** Matches directories only (trailing slash). */
  dirOnly: boolean;
  /** The pattern without leading/trailing slashes. */
  body: string;
  line: number;
}

/** Parses gitignore syntax: comments, blank lines, `\#`/`\!` escapes, trailing spaces, `!`, `/`. */
export function parseIgnore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  text.split(/\r?\n/).forEach((line0, i) => {
    let line = line0.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) return;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    line = line.replace(/\\(\s)/g, '$1');
    const dirOnly = line.endsWith('/');
    let body = dirOnly ? line.slice(0, -1) : line;
    const leading = body.startsWith('/');
    if (leading) body = body.slice(1);
    if (body === '' || body === '**') return;
    const anchored = leading || (body.includes('/') && !body.startsWith('**/'));
    out.push({ raw: line, negated, anchored, dirOnly, body, line: i + 1 });
  });
  return out;
}

const WILDCARD = /[*?[]/;

/** gitignore glob → RegExp over a `/`-separated relative path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i];
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Could `p` match the literal path `lit` (relative, `/`-separated)? */
function patternMatchesLiteral(p: IgnorePattern, lit: string): boolean {
  const re = globToRegExp(p.body);
  const parts = lit.split('/');
  if (p.anchored) {
    for (let i = 1; i <= parts.length; i++) if (re.test(parts.slice(0, i).join('/'))) return true;
    return false;
  }
  // Unanchored: any suffix of the path (any depth), including a parent directory.
  for (let s = 0; s < parts.length; s++) for (let e = s + 1; e <= parts.length; e++) if (re.test(parts.slice(s, e).join('/'))) return true;
  return false;
}

/** Claude Code's path specifier for one pattern (`**\/x`, `/a/b`, `**\/dir/**`). */
export function claudePathFor(p: IgnorePattern): string {
  let spec = p.anchored ? `/${p.body}` : p.body.startsWith('**/') ? p.body : `**/${p.body}`;
  if (p.dirOnly && !spec.endsWith('/**')) spec += '/**';
  return spec;
}

export interface MirrorResult {
  /** Path specifiers, in file order, without duplicates. */
  paths: string[];
  skipped: { pattern: string; line: number; reason: string }[];
}

/**
 * Which ignore patterns Claude Code's deny rules can mirror. `anchoredAllowed` is false for
 * user/managed scopes, where a project-relative anchor would point somewhere else.
 */
export function mirrorIgnore(text: string, opts: { anchoredAllowed: boolean }): MirrorResult {
  const pats = parseIgnore(text);
  const skipped: MirrorResult['skipped'] = [];
  const carved = new Set<IgnorePattern>();
  pats.forEach((neg, i) => {
    if (!neg.negated) return;
    for (const p of pats.slice(0, i)) {
      if (p.negated) continue;
      if (WILDCARD.test(neg.body) || patternMatchesLiteral(p, neg.body)) carved.add(p);
    }
  });
  const paths: string[] = [];
  for (const p of pats) {
    if (p.negated) continue;
    const where = { pattern: p.raw, line: p.line };
    if (carved.has(p)) {
      skipped.push({ ...where, reason: 'a later `!` exception applies; Claude Code deny rules cannot express exceptions (gatehouse’s hook enforces it)' });
    } else if (/[()\s,]/.test(p.body)) {
      skipped.push({ ...where, reason: 'contains a character Claude Code’s rule syntax cannot hold' });
    } else if (p.anchored && !opts.anchoredAllowed) {
      skipped.push({ ...where, reason: 'anchored to the project; not mirrored into user or managed settings' });
    } else {
      const spec = claudePathFor(p);
      if (!paths.includes(spec)) paths.push(spec);
    }
  }
  return { paths, skipped };
}

/** The ignore file `gatehouse init` writes when a project has none. */
export const DEFAULT_CLAUDEIGNORE = `# .claudeignore — files the agent must not read or change (gitignore syntax).
# gatehouse enforces this on every channel (Read, Edit, Write, Grep, Glob, Bash, MCP tools), and
# \`gatehouse init\` mirrors what it can into Claude Code's own permissions.deny rules.

# Environment files (the templates stay readable)
.env
.env.*
!.env.example
!.env.sample
!.env.template
.envrc

# Keys and certificates
*.pem
*.key
*.p12
*.pfx
*.jks
*.keystore
id_rsa*
id_dsa*
id_ecdsa*
id_ed25519*

# Credentials and secrets
credentials*
service-account*.json
serviceAccountKey.json
secrets/
.secrets/
*.tfstate
*.tfstate.*
.npmrc
.pypirc
.netrc
.git-credentials

# Tool configuration that holds credentials
.aws/
.ssh/
.gnupg/
.kube/
**/.docker/config.json
`;

/** Secrets in the home directory, denied in every scope. */
export const HOME_SECRET_PATHS = [
  '~/.ssh/**',
  '~/.aws/**',
  '~/.gnupg/**',
  '~/.kube/**',
  '~/.config/gcloud/**',
  '~/.docker/config.json',
  '~/.netrc',
  '~/.npmrc',
  '~/.pypirc',
  '~/.git-credentials',
];

/** gatehouse's own configuration and Claude Code's settings: the agent must not edit its guard. */
export const GUARD_EDIT_PATHS = ['**/.claude/settings.json', '**/.claude/settings.local.json', '**/.gatehouse/**', '**/.claudeignore', '~/.claude/settings.json'];
