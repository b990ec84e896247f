// The contract between shell analysis and the rest of gatehouse. analyzeShell() turns one Bash
// command line into the simple commands that may run, with argv after quote removal and the
// static expansions the shell would do, and with everything it could not know marked as such.

/** A span in the analysed source text (UTF-16 offsets), for explanations. */
export interface Span {
  start: number;
  end: number;
}

/** One argv word after quote removal and static expansion. */
export interface Word {
  /** The value the shell would produce, or null when any part is only known at run time. */
  value: string | null;
  /** Source text of the word. */
  raw: string;
  /** When `value` is null: the known parts with `*` for each unknown part (`.e*` for `.e$(x)`),
   * so path rules can still judge what it could reach. */
  pattern?: string;
  /** Contained unquoted glob characters (`*`, `?`, `[…]`) that were not (or could not be) expanded
   * against the filesystem. Expanded globs produce one Word per match instead. */
  glob?: boolean;
  /** Contained a command substitution, `$VAR` with unknown value, arithmetic, or similar. */
  dynamic?: boolean;
  /** The glob this word was expanded from (`.en*` for `.env`), when it came from pathname expansion. */
  fromGlob?: string;
  /** Part of the word came from quoted text (so it is data-like, e.g. a commit message). */
  quoted?: boolean;
  span?: Span;
}

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<<' | '<<-' | '<<<' | '>&' | '<&' | '&>' | '&>>';

export interface Redirect {
  op: RedirectOp;
  /** File descriptor number when written (`2>`), else the default for the operator. */
  fd: number;
  /** The file (or fd for `>&`/`<&`); for heredocs and here-strings, the delimiter/word. */
  target: Word;
  /** Heredoc body or here-string value, when statically known (null when it contains expansions). */
  body?: string | null;
}

/** Where a command's stdin comes from, as far as the line shows. */
export type StdinSource =
  | { kind: 'pipe'; from: number } // index into ShellAnalysis.commands of the previous pipeline stage
  | { kind: 'file'; path: Word }
  | { kind: 'heredoc'; body: string | null }
  | { kind: 'here-string'; body: string | null };

export interface SimpleCommand {
  /** argv after wrappers were looked through is in `argv`; the wrappers themselves in `wrappers`. */
  argv: Word[];
  /** Programs this command was found inside, outermost first: `sudo`, `env`, `timeout`, `xargs`,
   * `find -exec`, `bash -c`, `eval`, `$(…)`, `<(…)`, `function f`, `python -c`… */
  wrappers: string[];
  /** `VAR=value` words before the command (and `env VAR=value`). */
  assignments: { name: string; value: Word }[];
  redirects: Redirect[];
  stdin?: StdinSource;
  /** Index of the command that receives this one's stdout through a pipe, if any. */
  pipesTo?: number;
  /** Effective working directory, tracking `cd` within the line; null when it cannot be known. */
  cwd: string | null;
  /** Nesting depth (0 = top level; each nested shell, substitution or eval adds one). */
  depth: number;
  /** Runs in the background (`&`), or only conditionally (after `&&`/`||`)? Informational. */
  background?: boolean;
  /** Came from the output of a substitution used as the command name, or from decoded data. */
  dynamicCommand?: boolean;
  /** The source text of this simple command (for explanations). */
  text: string;
  span?: Span;
}

/** Facts found in inline interpreter code (`python -c`, `node -e`, `perl -e`, …). */
export interface InterpreterFinding {
  language: string;
  kind: 'read' | 'write' | 'delete' | 'exec' | 'network' | 'env' | 'eval' | 'path-literal';
  /** Path, URL, host or command string as far as it is static; null when computed. */
  value: string | null;
  /** Index of the SimpleCommand that runs the interpreter. */
  command: number;
}

export interface Unknown {
  /** dynamic-command ($(…) or $VAR as the program), decoded-exec (base64 -d | sh), eval-dynamic,
   * parse-error, budget (size/depth/time exceeded), unsupported (syntax we do not model). */
  kind: 'dynamic-command' | 'decoded-exec' | 'eval-dynamic' | 'parse-error' | 'budget' | 'unsupported';
  detail: string;
  span?: Span;
}

export interface ShellAnalysis {
  /** Every simple command that may run, nested ones included, in source order. */
  commands: SimpleCommand[];
  interpreter: InterpreterFinding[];
  unknowns: Unknown[];
  /** Function names defined in the line (`f() { … }`) — their bodies appear in `commands`. */
  functions: string[];
}

/** How analysis sees the filesystem: injected so tests can use a fake and decide() stays pure. */
export interface FsProbe {
  /** Entry names of a directory, or null if it does not exist / cannot be read. */
  readdir(dir: string): string[] | null;
  /** Is it a directory? */
  isDir(path: string): boolean;
}

export interface ShellContext {
  cwd: string;
  home: string;
  /** Known environment variables (HOME, USER, PWD…); others are unknown at analysis time. */
  env: Readonly<Record<string, string>>;
  fs: FsProbe;
  /** Limits; past them analysis stops and reports an `Unknown` of kind `budget`. */
  maxDepth?: number;
  maxCommands?: number;
  maxGlobMatches?: number;
}
