// Plans what `gatehouse ci init` writes: the workflow, CODEOWNERS entries and (opt-in) the
// pre-push hook. Planning is separate from writing so --dry-run shows exactly what would change.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { GatehouseError } from '../../errors.js';
import { codeownersBlock, isValidOwner, mergeCodeowners } from './codeowners.js';
import { HOOK_MARKER, prePushHook } from './pre-push.js';
import { workflowYaml } from './workflow-template.js';

export interface InitOptions {
  project: string;
  nodeVersion: string;
  claudeReview: boolean;
  prePush: boolean;
  owners: string[];
  criticalPaths: string[];
  force: boolean;
}

export interface PlannedFile {
  /** Project-relative path (or the hook's path inside the git directory). */
  path: string;
  absPath: string;
  content: string;
  action: 'create' | 'update' | 'unchanged';
  mode?: number;
}

export const WORKFLOW_PATH = '.github/workflows/gatehouse.yml';

function read(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function plan(path: string, absPath: string, content: string, mode?: number): PlannedFile {
  const old = read(absPath);
  return { path, absPath, content, action: old === undefined ? 'create' : old === content ? 'unchanged' : 'update', ...(mode ? { mode } : {}) };
}

function hooksDir(project: string): string {
  let out: string;
  try {
    out = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new GatehouseError({ code: 'ci/not-a-repository', message: 'the pre-push hook needs a git repository', hint: 'run `git init` first, or leave out --pre-push' });
  }
  return isAbsolute(out) ? out : join(project, out);
}

export function planInit(o: InitOptions): { files: PlannedFile[]; notes: string[] } {
  const files: PlannedFile[] = [];
  const notes: string[] = [];
  const wfAbs = join(o.project, WORKFLOW_PATH);
  const wf = plan(WORKFLOW_PATH, wfAbs, workflowYaml({ nodeVersion: o.nodeVersion, claudeReview: o.claudeReview }));
  if (wf.action === 'update' && !o.force) {
    throw new GatehouseError({ code: 'ci/exists', message: `${WORKFLOW_PATH} already exists and differs`, file: WORKFLOW_PATH, hint: 'use --dry-run to see the new version, --force to replace it' });
  }
  files.push(wf);
  if (o.owners.length) {
    const bad = o.owners.filter((x) => !isValidOwner(x));
    if (bad.length) throw new GatehouseError({ code: 'ci/bad-owner', message: `not a GitHub user, team or email: ${bad.join(', ')}`, hint: 'owners look like @user, @org/team or name@example.com' });
    const rel = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'].find((p) => existsSync(join(o.project, p))) ?? '.github/CODEOWNERS';
    const abs = join(o.project, rel);
    files.push(plan(rel, abs, mergeCodeowners(read(abs), codeownersBlock(o.owners, o.criticalPaths))));
    notes.push('Turn on "Require review from Code Owners" (branch protection or a ruleset) so CODEOWNERS becomes a gate.');
  } else {
    notes.push('CODEOWNERS not written: pass --owners @org/team to add code owners for the critical areas.');
  }
  if (o.prePush) {
    const dir = hooksDir(o.project);
    const abs = join(dir, 'pre-push');
    const old = read(abs);
    if (old !== undefined && !old.includes(HOOK_MARKER) && !o.force) {
      throw new GatehouseError({ code: 'ci/hook-exists', message: 'a pre-push hook that gatehouse did not write already exists', file: abs, hint: 'add `gatehouse verify` to it yourself, or use --force to replace it' });
    }
    files.push(plan('pre-push hook', abs, prePushHook(), 0o755));
  }
  notes.push('Make lint, test, security, docs and critical-review required status checks for the default branch.');
  return { files, notes };
}
