// Secrets: credential files and environment, on every channel (file tools, Bash arguments and
// redirects, globs, interpreter code, MCP path arguments, prompt @-mentions).
import { basename, sep } from 'node:path';
import type { Action, PathAction } from '../../actions/types.js';
import { isWithin } from '../../actions/paths.js';
import { globMatch } from '../globs.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'secrets';

/** Both the resolved and the literal path of a path action. */
export function pathsOf(a: PathAction): string[] {
  return a.literal ? [a.path, a.literal] : [a.path];
}

export function isPathAction(a: Action): a is PathAction {
  return a.kind === 'read' || a.kind === 'write' || a.kind === 'delete' || a.kind === 'list' || a.kind === 'search' || a.kind === 'meta';
}

/** Reads content: read, and search (which prints matching lines). */
function readsContent(a: Action): a is PathAction {
  return a.kind === 'read' || a.kind === 'search';
}

const TEMPLATE = /\.(example|sample|template|dist|defaults?|tmpl|schema)$|^example\.|\.example\./i;

/** `.env`, `.env.local`, `.env.production`, `.envrc`, `prod.env` — not `.env.example`. */
export function isEnvFile(path: string): boolean {
  const name = basename(path);
  if (TEMPLATE.test(name)) return false;
  return name === '.env' || name.startsWith('.env.') || name === '.envrc' || (name.endsWith('.env') && name.length > 4 && !name.includes('/'));
}

const PRIVATE_KEY_NAME = /^(id_(rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)|identity)$|\.(key|p12|pfx|jks|keystore|ppk|asc\.key|gpg\.key)$|(^|[-_.])(priv|private)[-_.]?key|privkey|[-_]key\.pem$|^key\.pem$/i;

export function isPrivateKeyFile(path: string): boolean {
  const name = basename(path);
  if (name.endsWith('.pub') || TEMPLATE.test(name)) return false;
  return PRIVATE_KEY_NAME.test(name);
}

const CREDENTIAL_FILE = /^(credentials(\.json|\.ya?ml|\.xml|\.csv)?|service[-_]?account.*\.json|serviceAccountKey\.json|client_secret.*\.json|secrets?\.(ya?ml|json|toml|env)|\.htpasswd|\.pgpass|\.my\.cnf|\.netrc|_netrc|\.git-credentials|\.npmrc|\.pypirc|\.vault-token|\.boto|\.s3cfg|\.dockercfg|terraform\.tfstate(\.backup)?|.*\.tfstate|credentials\.tfrc\.json|id_token)$/i;

export function isCredentialFile(path: string): boolean {
  const name = basename(path);
  if (TEMPLATE.test(name)) return false;
  return CREDENTIAL_FILE.test(name);
}

/** Credential stores in the home directory and the system, as home-relative or absolute prefixes. */
const HOME_STORES = [
  '.ssh',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.gnupg',
  '.docker/config.json',
  '.config/gh/hosts.yml',
  '.config/hub',
  '.terraform.d/credentials.tfrc.json',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.password-store',
  '.local/share/keyrings',
  'Library/Keychains',
  '.config/op',
  '.config/doctl',
  '.config/heroku',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.vault-token',
  '.claude/.credentials.json',
  '.config/anthropic',
  '.config/openai',
  '.oci',
  '.config/rclone/rclone.conf',
  '.mozilla/firefox',
  '.config/google-chrome',
  '.config/chromium',
  'Library/Application Support/Google/Chrome',
];
/** Inside ~/.ssh, these are not secrets. */
const SSH_PUBLIC = /^(known_hosts(\.old)?|config|authorized_keys|.*\.pub|environment)$/;
const SYSTEM_SECRETS = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh/ssh_host_', '/etc/ssl/private', '/root/.ssh', '/var/run/secrets', '/run/secrets'];

export function credentialStoreOf(path: string, home: string): string | undefined {
  for (const s of HOME_STORES) {
    const p = home + sep + s;
    if (isWithin(p, path)) {
      if (s === '.ssh' && SSH_PUBLIC.test(basename(path)) && path !== p) return undefined;
      return '~/' + s;
    }
  }
  for (const s of SYSTEM_SECRETS) if (path === s || path.startsWith(s)) return s;
  return undefined;
}

export function isProcEnviron(path: string): boolean {
  return /^\/proc\/(self|\d+|thread-self)\/(task\/\d+\/)?environ$/.test(path);
}

/** Every built-in secret location (used to see what a recursive search would reach, too). */
export function isSensitivePath(path: string, home: string): boolean {
  return isEnvFile(path) || isPrivateKeyFile(path) || isCredentialFile(path) || credentialStoreOf(path, home) !== undefined || isProcEnviron(path);
}

const exempt = (a: PathAction, env: DecideEnv) => env.isExempt(a.path) || (a.literal !== undefined && env.isExempt(a.literal));
const anyPath = (a: PathAction, f: (p: string) => boolean) => pathsOf(a).some(f);

export const envFile = defineRule({
  id: 'secrets/env-file',
  verdict: 'deny',
  summary: 'Reads an environment file that holds credentials',
  why: 'Environment files hold API keys and passwords; once read, they sit in the model context and the transcript.',
  fix: 'Use the template (.env.example) or ask the user for the one value you need.',
  on: ['read', 'search'],
  match: (a, env) => readsContent(a) && !a.pattern && anyPath(a, isEnvFile) && !exempt(a, env),
  examples: {
    match: [{ Read: '.env' }, { Read: 'config/.env.production' }, { Bash: 'cat .envrc' }, { Bash: 'X=.env; head -n 3 $X' }, { Bash: "c''at .env" }, { Bash: 'cat .en*' }, { Bash: 'python3 -c "print(open(\'.env\').read())"' }, { prompt: 'what is in @.env?' }, { Bash: 'git show HEAD:.env' }, { Bash: 'source .env && echo ok' }],
    pass: [{ Read: '.env.example' }, { Read: 'src/environment.ts' }, { Bash: 'cp .env.example .env.test.example' }, { Bash: 'test -f .env && echo present' }, { Bash: 'ls -la' }, { Bash: 'echo "see .env for settings"' }],
  },
});

export const ignoredFile = defineRule({
  id: 'secrets/ignored-file',
  verdict: 'deny',
  summary: 'Touches a file the ignore file (.claudeignore) or the policy protects',
  why: 'The project marked this path as off-limits to the agent; reading it would put its content in the model context, and writing it could corrupt it.',
  fix: 'Ask the user for what you need from it, or have them remove the entry from .claudeignore.',
  on: ['read', 'search', 'write', 'delete'],
  match: (a) => isPathAction(a) && a.protectedBy !== undefined,
  examples: {
    match: [{ Read: 'secrets/prod.yaml' }, { Bash: 'cat secrets/prod.yaml' }, { Edit: 'secrets/prod.yaml' }, { Bash: 'rm secrets/prod.yaml' }, { tool: 'Grep', input: { pattern: 'x', path: 'secrets' } }, { tool: 'mcp__fs__read_file', input: { path: 'secrets/prod.yaml' } }],
    pass: [{ Read: 'src/index.ts' }, { Bash: 'ls secrets' }, { Read: '.env.example' }],
  },
});

export const privateKey = defineRule({
  id: 'secrets/private-key',
  verdict: 'deny',
  summary: 'Reads a private key file',
  why: 'A private key in the model context or a log can be replayed by anyone who sees it.',
  fix: 'Use the public key (.pub), or let the program that needs the key read it itself (ssh -i, git).',
  on: ['read', 'search'],
  match: (a, env) => readsContent(a) && !a.pattern && anyPath(a, isPrivateKeyFile) && !exempt(a, env),
  examples: {
    match: [{ Read: '~/.ssh/id_ed25519' }, { Bash: 'cat certs/server.key' }, { Bash: 'base64 deploy/id_rsa' }, { Read: 'tls/privkey.pem' }],
    pass: [{ Read: '~/.ssh/id_ed25519.pub' }, { Bash: 'cat src/keyboard.ts' }, { Bash: 'ssh -i ~/.ssh/id_ed25519 host true' }, { Read: 'docs/key-rotation.md' }],
  },
});

export const credentialStore = defineRule({
  id: 'secrets/credential-store',
  verdict: 'deny',
  summary: 'Reads a credential store in the home directory or the system',
  why: 'Cloud, registry, SSH and keyring credentials grant access far beyond this project.',
  fix: 'Let the tool that owns the credential use it (aws, gcloud, npm); never read it directly.',
  on: ['read', 'search', 'list'],
  match: (a, env) =>
    isPathAction(a) &&
    (a.kind === 'read' || a.kind === 'search' || (a.kind === 'list' && a.recursive === true)) &&
    !a.pattern &&
    anyPath(a, (p) => credentialStoreOf(p, env.home) !== undefined) &&
    !exempt(a, env),
  examples: {
    match: [{ Read: '~/.aws/credentials' }, { Bash: 'cat ~/.docker/config.json' }, { Bash: 'tail -n 5 $HOME/.npmrc' }, { Bash: 'grep -r token ~/.config/gcloud' }, { Read: '/etc/shadow' }, { Bash: 'cat ~/.kube/config' }, { Bash: 'cp ~/.git-credentials /tmp/x' }],
    pass: [{ Read: '~/.ssh/known_hosts' }, { Read: '~/.ssh/config' }, { Bash: 'aws s3 ls' }, { Bash: 'ls ~/.aws' }, { Read: '~/.bashrc' }],
  },
});

export const credentialFile = defineRule({
  id: 'secrets/credential-file',
  verdict: 'deny',
  summary: 'Reads a file named like a credential or secret store',
  why: 'Service-account keys, secrets files and Terraform state hold live credentials.',
  fix: 'Reference the file by path in configuration; ask the user if you need a specific value.',
  on: ['read', 'search'],
  match: (a, env) => readsContent(a) && !a.pattern && anyPath(a, isCredentialFile) && !exempt(a, env),
  examples: {
    match: [{ Read: 'config/credentials.json' }, { Bash: 'cat infra/terraform.tfstate' }, { Read: 'gcp/service-account-prod.json' }, { Bash: 'jq . secrets.json' }],
    pass: [{ Read: 'src/auth/credentials-provider.ts' }, { Read: 'config/credentials.example.json' }, { Bash: 'cat docs/secrets.md' }],
  },
});

export const processEnviron = defineRule({
  id: 'secrets/environment-dump',
  verdict: 'ask',
  summary: 'Prints the whole process environment',
  why: 'The environment of an agent session usually holds API keys (the agent\'s own included).',
  fix: 'Print only the variable you need: `printenv NODE_ENV` or `echo "$PATH"`.',
  on: ['read'],
  match: (a) => a.kind === 'read' && isProcEnviron(a.path),
  examples: {
    match: [{ Bash: 'env' }, { Bash: 'printenv' }, { Bash: 'cat /proc/self/environ' }, { Bash: 'export -p' }, { Bash: 'python3 -c "import os; print(os.environ)"' }],
    pass: [{ Bash: 'printenv NODE_ENV' }, { Bash: 'env NODE_ENV=test npm test' }, { Bash: 'echo $PATH' }],
  },
});

/** Names a search filter could match: `.env*`, `*.pem`, `id_*`. */
const PROBE_NAMES = ['.env', '.env.local', '.env.production', 'id_rsa', 'id_ed25519', 'server.key', 'credentials.json', 'secrets.yaml', 'terraform.tfstate'];

export const searchFilterTargetsSecrets = defineRule({
  id: 'secrets/search-targets-secrets',
  verdict: 'deny',
  summary: 'Searches or globs specifically for secret files',
  why: 'A search filtered to credential files is a read of them by another name.',
  fix: 'Search source files instead (e.g. --glob "*.ts"), and ask the user for secrets.',
  on: ['search'],
  match: (a) => a.kind === 'search' && a.filter !== undefined && PROBE_NAMES.some((n) => globMatch(a.filter!.replace(/^\*\*\//, ''), n) && !globMatch(a.filter!, 'index.ts')),
  examples: {
    match: [{ tool: 'Grep', input: { pattern: 'KEY', glob: '.env*' } }, { Bash: 'grep -r --include=".env*" KEY .' }, { Bash: "rg -g '*.key' BEGIN ." }],
    pass: [{ tool: 'Grep', input: { pattern: 'TODO', glob: '*.ts' } }, { Bash: "rg -g '*.md' secret docs" }],
  },
});

export const searchIncludesProtected = defineRule({
  id: 'secrets/search-includes-protected',
  verdict: 'ask',
  summary: 'A recursive search would also read protected files',
  why: 'grep -r prints matching lines from every file below the path, protected ones included.',
  fix: 'Exclude them (grep --exclude=.env, rg without --hidden/--no-ignore) or search a narrower path such as src/.',
  on: ['search'],
  match: (a) => a.kind === 'search' && (a.containsProtected?.length ?? 0) > 0,
  examples: {
    match: [{ Bash: 'grep -rn password .' }, { Bash: 'rg --hidden -uu api_key' }, { tool: 'Grep', input: { pattern: 'secret', path: '.' } }],
    pass: [{ Bash: 'grep -rn TODO src' }, { Bash: 'rg api_key src' }, { Bash: 'git grep -n TODO' }],
  },
});

export const rules = [envFile, ignoredFile, privateKey, credentialStore, credentialFile, processEnviron, searchFilterTargetsSecrets, searchIncludesProtected];
