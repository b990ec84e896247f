// Which tool calls get a checkpoint before and after: the built-in tools that change files, MCP
// tools whose extracted actions write or delete inside the project, and any the user lists.
import type { Action } from '../actions/types.js';
import type { RollbackConfig } from './config.js';
import { isWithin } from './store.js';

export const FILE_CHANGING_TOOLS: ReadonlySet<string> = new Set(['Bash', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

function listed(tool: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? tool.startsWith(p.slice(0, -1)) : tool === p));
}

/** Programs that never write files (their writes, like `> file`, show up as separate actions). */
const READ_ONLY_PROGRAMS = new Set(['cat', 'head', 'tail', 'less', 'more', 'wc', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ls', 'pwd', 'echo', 'printf', 'stat', 'file', 'which', 'type', 'whoami', 'id', 'uname', 'date', 'env', 'printenv', 'true', 'false', 'test', '[', '[[', 'du', 'df', 'tree', 'realpath', 'readlink', 'basename', 'dirname', 'diff', 'cmp', 'nl', 'od', 'xxd', 'hexdump', 'strings', 'cut', 'tr', 'column', 'uptime', 'hostname', 'sleep', 'cd', 'pushd', 'popd', 'command', 'git']);

/** git subcommands that only read the repository. */
const READ_ONLY_GIT = new Set(['status', 'log', 'diff', 'show', 'rev-parse', 'ls-files', 'ls-tree', 'blame', 'grep', 'describe', 'shortlog', 'cat-file', 'whatchanged', 'name-rev', 'merge-base', 'for-each-ref', 'show-ref', 'version', 'help']);
/** git subcommands that read when they only list (no name or value given). */
const LISTING_GIT = new Set(['branch', 'tag', 'remote', 'stash', 'reflog', 'config']);

function gitReadsOnly(op: string, args: readonly string[]): boolean {
  if (READ_ONLY_GIT.has(op)) return !args.some((x) => x.startsWith('--output'));
  if (!LISTING_GIT.has(op)) return false;
  const words = args.filter((x) => !x.startsWith('-'));
  if (op === 'config') return args.some((x) => ['--get', '--get-all', '--get-regexp', '--list', '-l'].includes(x));
  if (op === 'stash') return words[0] === 'list' || words[0] === 'show';
  if (op === 'reflog') return words.length === 0 || words[0] === 'show';
  if (op === 'remote') return words.length === 0 || words[0] === 'show' || words[0] === 'get-url';
  return words.length === 0 || args.some((x) => x === '-l' || x === '--list');
}

/**
 * A Bash call made only of programs that never write files, with no redirect into a file and
 * nothing computed at run time: no checkpoint is needed (the next change-making call's "before"
 * still catches anything that changed in between).
 */
export function isReadOnlyBash(actions: readonly Action[]): boolean {
  let ran = false;
  for (const a of actions) {
    switch (a.kind) {
      case 'write':
      case 'delete':
      case 'unknown':
      case 'package':
      case 'db':
      case 'cloud':
      case 'system':
        return false;
      case 'git':
        if (!gitReadsOnly(a.op, a.args)) return false;
        break;
      case 'exec':
        ran = true;
        if (a.dynamic || !a.program || !READ_ONLY_PROGRAMS.has(a.program) || a.code) return false;
        break;
      default:
        break;
    }
  }
  return ran;
}

/** Without actions (PostToolUse), only the name-based part of the answer is available. */
export function isMutatingCall(tool: string, cfg: RollbackConfig, projectDir: string, actions?: readonly Action[]): boolean {
  if (tool === 'Bash' && actions && isReadOnlyBash(actions)) return false;
  if (FILE_CHANGING_TOOLS.has(tool) || listed(tool, cfg.mutatingTools)) return true;
  if (!tool.startsWith('mcp__') || !actions) return false;
  return actions.some(
    (a) => (a.kind === 'write' || a.kind === 'delete') && (a.pattern || isWithin(projectDir, a.path) || (a.literal !== undefined && isWithin(projectDir, a.literal))),
  );
}
