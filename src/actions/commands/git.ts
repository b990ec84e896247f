// git: one GitAction per invocation (subcommand, force, remote, refs, flags, config writes),
// plus the file reads hidden in `git show REV:path`, `git log -p -- path` and friends.
import type { Action, GitAction } from '../types.js';
import { parseOptions, pathOf, type CommandHandler, type CommandView } from './view.js';

const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--super-prefix', '--config-env']);

export interface GitInvocation {
  sub: string;
  args: string[];
  config: Record<string, string>;
  dir?: string;
}

export function parseGitInvocation(args: readonly string[]): GitInvocation | undefined {
  const config: Record<string, string> = {};
  let dir: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const name = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    if (GLOBAL_WITH_VALUE.has(name)) {
      const val = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : args[++i];
      if (val === undefined) break;
      if (name === '-c') {
        const e = val.indexOf('=');
        config[(e >= 0 ? val.slice(0, e) : val).toLowerCase()] = e >= 0 ? val.slice(e + 1) : 'true';
      }
      if (name === '-C') dir = dir ? `${dir}/${val}` : val;
    }
  }
  const sub = args[i];
  if (!sub) return undefined;
  return { sub, args: args.slice(i + 1), config, ...(dir ? { dir } : {}) };
}

const WITH_VALUE: Record<string, string[]> = {
  push: ['-o', '--push-option', '--repo', '--receive-pack', '--exec'],
  commit: ['-m', '--message', '-F', '--file', '-C', '--reuse-message', '-c', '--reedit-message', '--author', '--date', '--fixup', '--squash', '-t', '--template', '--trailer', '--cleanup', '-S', '--gpg-sign'],
  reset: [],
  checkout: ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file'],
  switch: ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict'],
  branch: ['-m', '-M', '-c', '-C', '--set-upstream-to', '-u', '--contains', '--no-contains', '--merged', '--no-merged', '--sort', '--format', '--points-at'],
  clean: ['-e', '--exclude'],
  log: ['-n', '--max-count', '--skip', '--since', '--until', '--after', '--before', '--author', '--committer', '--grep', '--format', '--pretty', '-S', '-G', '--date', '--encoding'],
  show: ['--format', '--pretty', '--encoding', '--date'],
  diff: ['-U', '--unified', '--diff-algorithm', '--stat', '--color', '--word-diff', '--relative', '-O'],
  config: ['--file', '-f', '--blob', '--type', '--default'],
  stash: ['-m', '--message', '--pathspec-from-file'],
  remote: ['-t', '-m', '--track', '--master'],
  tag: ['-m', '--message', '-F', '--file', '-u', '--local-user', '--sort', '--format', '--contains', '--points-at'],
  rebase: ['--onto', '-s', '--strategy', '-X', '--strategy-option', '-x', '--exec', '--committer-date-is-author-date'],
  'filter-branch': ['--env-filter', '--tree-filter', '--index-filter', '--parent-filter', '--msg-filter', '--commit-filter', '--tag-name-filter', '--subdirectory-filter', '-d', '--original', '--state-branch'],
};

function gitAction(v: CommandView, inv: GitInvocation): GitAction {
  const o = parseOptions(inv.args, { withValue: WITH_VALUE[inv.sub] ?? [] });
  const flags = [...o.flags];
  const a: GitAction = { kind: 'git', op: inv.sub, args: inv.args, flags, via: v.via };
  if (Object.keys(inv.config).length) a.config = { ...inv.config };
  if (inv.sub === 'push') {
    const pos = o.positionals;
    if (pos[0]) a.remote = pos[0];
    a.refs = pos.slice(1);
    a.force = flags.some((f) => f === '-f' || f === '--force' || f === '--force-with-lease' || f === '--force-if-includes' || f === '--mirror') || a.refs.some((r) => r.startsWith('+'));
  }
  if (inv.sub === 'config') {
    const pos = o.positionals;
    const unset = flags.some((f) => f.startsWith('--unset') || f === '--remove-section' || f === '--rename-section');
    const readOnly = flags.some((f) => ['--get', '--get-all', '--get-regexp', '--list', '-l', '--get-urlmatch', '--show-origin'].includes(f));
    if (!readOnly && pos[0] && (pos.length >= 2 || unset)) a.config = { ...a.config, [pos[0].toLowerCase()]: unset ? '' : pos.slice(1).join(' ') };
  }
  if (inv.sub === 'branch' || inv.sub === 'checkout' || inv.sub === 'switch' || inv.sub === 'reset' || inv.sub === 'rebase' || inv.sub === 'tag') {
    a.refs = o.positionals;
    a.force = flags.some((f) => f === '-f' || f === '--force' || f === '-D' || f === '-M' || f === '-C' || f === '-B');
  }
  return a;
}

/** Paths whose content a read-only git command prints. */
function gitReads(v: CommandView, inv: GitInvocation): Action[] {
  const out: Action[] = [];
  const read = (p: string) => out.push(pathOf(v, 'read', inv.dir ? `${inv.dir}/${p}` : p));
  const dd = inv.args.indexOf('--');
  const afterDD = dd >= 0 ? inv.args.slice(dd + 1) : [];
  switch (inv.sub) {
    case 'show':
    case 'cat-file':
      for (const a of inv.args) {
        const m = /^[^:-][^:]*:(.+)$/.exec(a) ?? /^:(?:[0-3]:)?(.+)$/.exec(a);
        if (m && !a.startsWith('-')) read(m[1]!);
      }
      afterDD.forEach(read);
      break;
    case 'log':
    case 'whatchanged':
      if (inv.args.some((a) => a === '-p' || a === '--patch' || a.startsWith('-L') || a === '--follow')) afterDD.forEach(read);
      break;
    case 'diff':
    case 'blame':
    case 'annotate':
      afterDD.forEach(read);
      if (inv.sub === 'diff' && inv.args.includes('--no-index')) parseOptions(inv.args).positionals.forEach(read);
      if (inv.sub !== 'diff' && dd < 0) parseOptions(inv.args, { withValue: ['-L', '-S', '--contents', '--since', '-C', '-M'] }).positionals.slice(-1).forEach(read);
      break;
    case 'rm': {
      // Removes the files from the working tree too, unless --cached.
      const o = parseOptions(inv.args, { withValue: ['--pathspec-from-file'] });
      if (o.flags.has('--cached') || o.flags.has('-n') || o.flags.has('--dry-run')) break;
      const recursive = o.flags.has('-r');
      for (const p of o.positionals) out.push(pathOf(v, 'delete', inv.dir ? `${inv.dir}/${p}` : p, recursive ? { recursive: true } : {}));
      break;
    }
    // git grep searches tracked content only: nothing beyond what the repository already holds.
    case 'archive':
    case 'bundle': {
      const o = parseOptions(inv.args, { withValue: ['-o', '--output', '--format', '--prefix'] });
      const f = o.value.get('-o') ?? o.value.get('--output');
      if (f) out.push(pathOf(v, 'write', f));
      break;
    }
  }
  return out;
}

export const gitCommand: CommandHandler = (v) => {
  const inv = parseGitInvocation(v.args);
  if (!inv) return [];
  return [gitAction(v, inv), ...gitReads(v, inv)];
};

export const GIT_COMMANDS: Record<string, CommandHandler> = { git: gitCommand };
