// What a tool call would do, in terms rules can judge. Every tool call becomes a list of these;
// Bash goes through shell/ analysis first. Paths are absolute and normalized by actions/paths.ts.

/** Where an action came from, for explanations: the tool, and for Bash the command text and the
 * chain of wrappers and nested shells it was found through. */
export interface Via {
  tool: string;
  /** The piece of input that produced the action: a simple command, a tool argument name. */
  text?: string;
  /** Outermost first, e.g. ['sudo', 'bash -c', 'xargs']. */
  chain?: string[];
}

interface Base {
  via: Via;
}

export type PathOp = 'read' | 'write' | 'delete' | 'list' | 'search' | 'meta';

export interface PathAction extends Base {
  kind: PathOp;
  /** Absolute, normalized, symlinks in the existing prefix resolved. */
  path: string;
  /** Absolute and normalized but with symlinks left as written, when that differs from `path`.
   * Rules check both, so a symlink neither hides a protected target nor unprotects a protected name. */
  literal?: string;
  /** The path as written, before resolution. */
  raw: string;
  /** `path` still contains glob syntax that could not be expanded (or a search pattern); rules treat it as "any match". */
  pattern?: boolean;
  /** The path (or part of it) is only known at run time (`$(…)`, an unknown variable). */
  dynamic?: boolean;
  /** Recursive delete, search or list. */
  recursive?: boolean;
  /** For writes: how. `perm` covers chmod/chown; `move` the destination of mv/cp/ln. */
  mode?: 'create' | 'overwrite' | 'append' | 'edit' | 'truncate' | 'perm' | 'move' | 'link';
  /** For search/list: the glob filter (Grep `glob`, `find -name`, `grep --include`); for chmod: the mode. */
  filter?: string;
  /** For search: the text or regex searched for. */
  searchPattern?: string;
  /** A recursive search that skips hidden and gitignored files (ripgrep's default). */
  skipsHidden?: boolean;
  /** Set at the edge: the ignore-file line or policy entry that protects this path. */
  protectedBy?: string;
  /** Set at the edge for recursive search/list: protected files found inside the scope. */
  containsProtected?: string[];
  /** A file named as an argument of a program gatehouse does not model: it may read it (or send
   * it anywhere), so rules treat it as a possible read rather than a certain one. */
  opaque?: boolean;
  /** For search: prints only file names, counts or a status, never matching lines (`grep -l`,
   * `rg -c`, Grep in files_with_matches mode). */
  namesOnly?: boolean;
}

export interface ExecAction extends Base {
  kind: 'exec';
  /** Program name as the shell would resolve it (basename), or null when computed at run time. */
  program: string | null;
  argv: string[];
  /** Something in the command line could only be known at run time (`$(…)`, decoded text). */
  dynamic?: boolean;
  /** What feeds stdin, when known: 'pipe', 'network' (e.g. curl output), 'decoded', 'file', 'heredoc'. */
  stdinFrom?: 'pipe' | 'network' | 'decoded' | 'file' | 'heredoc' | 'here-string';
  /** Code run by an interpreter or nested shell (`python -c`, `bash -c`), when statically known. */
  code?: { language: string; text: string };
}

export interface NetworkAction extends Base {
  kind: 'network';
  /** Host name or IP, lower case; null when unknown. */
  host: string | null;
  url?: string;
  direction: 'fetch' | 'upload' | 'connect' | 'listen' | 'dns';
  /** For uploads: local paths or data sources being sent (`-d @file`, `-T file`, piped data). */
  sends?: string[];
  /** Data piped in from these sources (e.g. `cat .env | curl …`). */
  stdinSources?: string[];
}

export interface GitAction extends Base {
  kind: 'git';
  /** Subcommand: push, reset, clean, branch, checkout, rebase, filter-branch, stash, config, commit… */
  op: string;
  args: string[];
  force?: boolean;
  remote?: string;
  refs?: string[];
  /** Flags that matter, normalized: `--hard`, `-D`, `--no-verify`, `-fdx`… */
  flags: string[];
  /** `-c key=value` pairs and `git config key value` writes. */
  config?: Record<string, string>;
}

/** What a package-manager command does. */
export type PackageOp =
  /** Adds named packages to the project (`npm i x`, `pip install x`, `cargo add x`, `go get x`). */
  | 'install'
  /** Installs what the manifest or lockfile already lists (`npm ci`, `pip install -r …`, `uv sync`). */
  | 'install-all'
  | 'update'
  | 'remove'
  /** A project script or a locally installed binary (`npm run build`, `pnpm exec tsc`). */
  | 'run'
  /** Fetches a package and runs it (`npx x`, `pnpm dlx x`, `uvx x`, `pipx run x`, `go run x@v`). */
  | 'exec'
  | 'publish'
  | 'unpublish'
  | 'deprecate'
  | 'dist-tag'
  /** Withdraws a published version (`cargo yank`, `gem yank`). */
  | 'yank'
  | 'version'
  /** Registry credentials and ownership: login, adduser, token, owner, access. */
  | 'login'
  /** Where packages come from: registry settings, apt sources and keys, taps, channels, helm repos. */
  | 'source'
  | 'other';

export interface PackageAction extends Base {
  kind: 'package';
  /** npm, pnpm, yarn, bun, pip, uv, poetry, cargo, go, gem, apt, brew, docker, twine, gh… */
  manager: string;
  op: PackageOp;
  /** Package specs as written (`left-pad@1.3.0`, `git+https://…`, `./local.tgz`), or images, or release tags. */
  packages: string[];
  args: string[];
  /** Installs into the user's or machine's global location (`-g`, `cargo install`, `pipx install`). */
  global?: boolean;
  /** A system package manager (apt, brew, dnf…): changes the machine, not the project. */
  system?: boolean;
  /** Registries or indexes named on the command line instead of the default (`--registry`, `--index-url`). */
  registries?: string[];
  /** `--ignore-scripts`: the install runs no lifecycle scripts. */
  ignoreScripts?: boolean;
  /** For exec: runs only what is already installed (`npx --no-install`). */
  noInstall?: boolean;
  /** For `source`: the setting changed and its value (`registry`, `https://…`). */
  setting?: { key: string; value?: string };
}

/** What a database command does as a whole. `query` sends statements; the others are tool-level operations. */
export type DbOp = 'query' | 'drop-database' | 'reset' | 'rollback-all' | 'force-push-schema' | 'other';

export interface DbAction extends Base {
  kind: 'db';
  /** postgres, mysql, sqlite, mongodb, redis, cassandra, clickhouse, duckdb, mssql — or the tool (prisma, rails, django…). */
  engine: string;
  op: DbOp;
  /** SQL statements (split, comments removed) or commands sent, when statically known. */
  statements: string[];
  /** Where statements come from besides the command line, when their text is not known: a file, `<stdin>`, `<interactive>`. */
  sources?: string[];
  /** Database name or file, without credentials. */
  target?: string;
  /** Server host when one is named (`-h`, a connection URL); absent means the local default. */
  host?: string;
  /** What marks the target as production (`RAILS_ENV=production`, host `db.prod.example.com`), when the line shows it. */
  production?: string;
}

export interface CloudAction extends Base {
  kind: 'cloud';
  /** terraform, kubectl, aws, gcloud, az, helm, pulumi, docker, vercel, fly… */
  tool: string;
  /** The subcommand words, e.g. ['s3', 'rm'] or ['destroy']. */
  op: string[];
  args: string[];
  /** Options seen, normalized (`--auto-approve`, `-f`, `--force`). */
  flags: string[];
  /** Positional arguments after the subcommand words (resource names, kinds, paths). */
  names: string[];
  /** Option values that matter to rules (`--context`, `--replicas`, `--role`, `-v`…), by option name. */
  values?: Record<string, string[]>;
  /** The environment the command points at when the line names it: kube context, stage, stack, workspace, project, profile, inventory. */
  environment?: string;
  /** What marks the target as production, when the line shows it. */
  production?: string;
  /** For deploy commands: whether it goes live (`production`: --prod, or a tool whose default target is live) or not (`preview`). */
  deploy?: 'production' | 'preview';
}

/** A change to the machine itself rather than to files or the project. */
export type SystemOp =
  | 'power' // shutdown, reboot, halt, init 0/6
  | 'kill' // signals to processes
  | 'disk' // format, partition, wipe, erase
  | 'firewall'
  | 'security' // SELinux, Gatekeeper, SIP, audit daemons
  | 'account' // users, groups, passwords
  | 'sudoers'
  | 'mount' // mount, umount, swap
  | 'kernel' // modules, sysctl
  | 'service' // system services (launchctl, systemctl)
  | 'scheduler' // crontab removal
  | 'history' // shell history and system logs
  | 'other';

export interface SystemAction extends Base {
  kind: 'system';
  program: string;
  op: SystemOp;
  /** The verb within the program (`disable`, `-F`, `poweroff`, `-r`), normalized. */
  verb: string;
  args: string[];
  /** kill/pkill/killall: which processes (pids, names, `-u user`), the signal, and whether all processes are hit. */
  targets?: string[];
  signal?: string;
  /** Reads or lists only (`fdisk -l`, `iptables -L`, `crontab -l`). */
  readOnly?: boolean;
}

/** Something we could not see through; rules judge it by what it could reach. */
export interface UnknownAction extends Base {
  kind: 'unknown';
  /** dynamic-command, decoded-exec, parse-error, budget, unknown-tool… */
  reason: string;
  detail: string;
}

export interface ToolAction extends Base {
  kind: 'tool';
  /** Canonical tool name (Task → Agent) or `mcp__server__tool`. */
  name: string;
  mcp?: { server: string; tool: string; source?: string };
}

export type Action =
  | PathAction
  | ExecAction
  | NetworkAction
  | GitAction
  | PackageAction
  | DbAction
  | CloudAction
  | SystemAction
  | UnknownAction
  | ToolAction;

export type ActionKind = Action['kind'];

/** One line, no secrets: `read /p/.env`, `exec rm -rf /`, `git push --force origin main`. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'read':
    case 'write':
    case 'delete':
    case 'list':
    case 'search':
    case 'meta':
      return `${a.kind}${a.recursive ? ' (recursive)' : ''} ${a.path}`;
    case 'exec':
      return `run ${a.argv.length ? a.argv.join(' ') : (a.program ?? '<computed command>')}`;
    case 'network':
      return `${a.direction} ${a.url ?? a.host ?? '<unknown host>'}`;
    case 'git':
      return `git ${[a.op, ...a.args].join(' ')}`;
    case 'package':
      return `${a.manager} ${a.op}${a.packages.length ? ' ' + a.packages.join(' ') : ''}`;
    case 'db':
      return `${a.engine} ${a.op === 'query' ? (a.statements.length ? a.statements.join('; ') : (a.sources ?? []).join(' ')) : a.op}${a.target ? ` (${a.target})` : ''}`;
    case 'cloud':
      return `${a.tool} ${[...a.op, ...a.args].join(' ')}`;
    case 'system':
      return `${a.program} ${a.args.join(' ')}`.trim();
    case 'unknown':
      return `${a.reason}: ${a.detail}`;
    case 'tool':
      return `tool ${a.name}`;
  }
}
