// The one table of exit codes. Every command documents which of these it uses in its --help.
export const EXIT = {
  /** Success; nothing to report. */
  ok: 0,
  /** The command ran and found something: a deny verdict, lint errors, failed checks, a broken chain. */
  findings: 1,
  /** Bad command line: unknown flag, missing argument. */
  usage: 2,
  /** Bad input: unreadable or invalid file, malformed JSON, invalid policy. */
  input: 3,
  /** Something the command needs is not available here (bubblewrap, git, a terminal). */
  unavailable: 4,
  /** The decision needs a human (an `ask` verdict). */
  ask: 5,
  /** A bug in gatehouse. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_HELP = `Exit codes: 0 ok · 1 findings (deny, lint errors, failed checks) · 2 usage · 3 bad input · 4 unavailable · 5 needs a human (ask) · 70 internal error`;
