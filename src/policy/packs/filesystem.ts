// Destructive filesystem operations.
import type { Action } from '../../actions/types.js';
import { isWithin } from '../../actions/paths.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'filesystem';

/** Directories whose recursive deletion is catastrophic: /, the home directory, and system roots. */
export function isCriticalDir(path: string, env: DecideEnv): boolean {
  if (path === '/' || path === env.home) return true;
  if (isWithin(path, env.home) && path !== env.home) return false;
  return /^\/(bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|run|sbin|srv|sys|usr|var|Users|System|Library|Applications)$/.test(path);
}

export const recursiveDeleteCritical = defineRule({
  id: 'filesystem/recursive-delete-critical',
  verdict: 'deny',
  summary: 'Recursive delete of the filesystem root, the home directory or a system directory',
  why: 'One command here destroys the machine or every unpushed project in the home directory.',
  fix: 'Delete the specific folder you mean (e.g. ./dist), or ask the user to run it themselves.',
  on: ['delete'],
  match: (a: Action, env) => a.kind === 'delete' && a.recursive === true && (isCriticalDir(a.path, env) || (a.literal !== undefined && isCriticalDir(a.literal, env))),
  examples: {
    match: [{ Bash: 'rm -rf /' }, { Bash: 'rm -rf ~' }, { Bash: 'rm -fr /etc' }],
    pass: [{ Bash: 'rm -rf ./dist' }, { Bash: 'rm -rf ~/project/build' }, { Bash: 'echo "rm -rf /"' }],
  },
});

export const rules = [recursiveDeleteCritical];
