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

export interface PackageAction extends Base {
  kind: 'package';
  manager: string;
  /** install (adds a named dependency), install-all (from the lockfile), publish, remove, run, exec (npx/dlx)… */
  op: string;
  packages: string[];
  args: string[];
}

export interface DbAction extends Base {
  kind: 'db';
  engine: string;
  /** SQL or commands sent, when statically known. */
  statements: string[];
  target?: string;
}

export interface CloudAction extends Base {
  kind: 'cloud';
  /** terraform, kubectl, aws, gcloud, az, helm, pulumi, docker, vercel, fly… */
  tool: string;
  /** The subcommand words, e.g. ['s3', 'rm'] or ['destroy']. */
  op: string[];
  args: string[];
}

export interface SystemAction extends Base {
  kind: 'system';
  program: string;
  args: string[];
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
      return `${a.engine} ${a.statements.join('; ')}`;
    case 'cloud':
      return `${a.tool} ${[...a.op, ...a.args].join(' ')}`;
    case 'system':
      return `${a.program} ${a.args.join(' ')}`;
    case 'unknown':
      return `${a.reason}: ${a.detail}`;
    case 'tool':
      return `tool ${a.name}`;
  }
}
