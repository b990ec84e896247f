// Which paths a sandbox hides and which it keeps read-only. Data only; resolution against the
// real filesystem happens in resolve.ts.

/** Credentials and keys under the home directory: never readable inside a sandbox. */
export const SENSITIVE_HOME_PATHS: readonly string[] = [
  '.ssh',
  '.aws',
  '.gnupg',
  '.config/gcloud',
  '.kube',
  '.docker/config.json',
  '.docker/run',
  '.colima',
  '.lima',
  '.rd',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.config/git/credentials',
  '.config/gh',
  '.config/hub',
  '.azure',
  '.oci',
  '.terraform.d/credentials.tfrc.json',
  '.vault-token',
  '.password-store',
  '.local/share/keyrings',
  '.cargo/credentials.toml',
  '.cargo/credentials',
  '.gem/credentials',
  '.m2/settings-security.xml',
  '.config/op',
  '.claude/.credentials.json',
  '.config/rclone',
  '.config/doctl',
  '.config/heroku',
  '.config/netlify',
  '.config/vercel',
  '.config/flyctl',
  '.fly',
  '.s3cfg',
  '.boto',
  '.pgpass',
  '.my.cnf',
  '.mozilla',
  '.thunderbird',
  '.config/google-chrome',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
  '.config/Code/User/globalStorage',
  '.config/1Password',
  '.config/Bitwarden',
  '.bash_history',
  '.zsh_history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
];

/**
 * Inside the project: files that run code later, outside the sandbox (git hooks, agent settings
 * and hooks, editor tasks, shell rc files) or that steer gatehouse. Writable projects keep them
 * read-only, so a sandboxed command cannot plant something the host runs next time.
 */
export const PROTECTED_PROJECT_PATHS: readonly string[] = [
  '.git/hooks',
  '.git/config',
  '.git/info',
  '.gitmodules',
  '.gitconfig',
  '.claude',
  '.gatehouse',
  '.claudeignore',
  '.mcp.json',
  '.vscode',
  '.idea',
  '.envrc',
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.profile',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.ripgreprc',
  '.husky',
];

/**
 * Protected directories pinned (empty, read-only) when missing, so they cannot be created: code in
 * a sandbox that writes `.claude/settings.json` plants hooks the host runs at the next start. The
 * empty directory is left in place afterwards (no create/delete churn on every run).
 */
export const PIN_WHEN_MISSING: readonly string[] = ['.claude'];

/** What `strict` shows of the host: system directories only. */
export const SYSTEM_DIRS: readonly string[] = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt', '/nix'];

/** Files under /etc that strict still hides. */
export const SENSITIVE_SYSTEM_PATHS: readonly string[] = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh', '/etc/gatehouse', '/etc/claude-code'];

/** Used when a project has no ignore file: the secrets everyone has. */
export const DEFAULT_IGNORE_PATTERNS: readonly string[] = [
  '.env',
  '.env.*',
  '!.env.example',
  '!.env.sample',
  '!.env.template',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'id_ed25519*',
  'id_ecdsa*',
  'credentials.json',
  'service-account*.json',
  'secrets/',
];

/** Environment variables that survive `strict` (everything else is dropped). */
export const STRICT_ENV_KEEP: readonly string[] = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'TZ', 'COLORTERM', 'NO_COLOR', 'FORCE_COLOR'];

/**
 * Variables never passed into any sandbox: they point at host services or carry credentials. Any
 * other variable whose name says secret, or whose value the redactor recognises as one, is dropped
 * too (see sandboxEnv); `--pass-env NAME` lets one through on purpose.
 */
export const SECRET_ENV_NAME = /(TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH(?!OR)|COOKIE|SESSION_?KEY|DSN|DATABASE_URL|CONNECTION_STRING)/i;

export const ENV_DROP: readonly RegExp[] = [
  /^SSH_AUTH_SOCK$/,
  /^SSH_AGENT_PID$/,
  /^GPG_AGENT_INFO$/,
  /^DBUS_SESSION_BUS_ADDRESS$/,
  /^XDG_RUNTIME_DIR$/,
  /^DOCKER_HOST$/,
  /^KUBECONFIG$/,
  /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/,
  /^(GITHUB|GH|GITLAB|NPM|NODE_AUTH|PYPI|HF|HUGGING_FACE_HUB|OPENAI|ANTHROPIC|SLACK|STRIPE)_(API_)?(TOKEN|KEY|SECRET)$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/,
  /^ANTHROPIC_API_KEY$/,
  /^CLAUDE_CODE_OAUTH_TOKEN$/,
  /^(HTTP|HTTPS|ALL|FTP|NO)_PROXY$/i,
];
