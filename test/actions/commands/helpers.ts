// Runs one Bash line through the shell analysis and the command tables, without touching the disk.
import { bashActions } from '../../../src/actions/from-bash.js';
import type { Action } from '../../../src/actions/types.js';
import type { FsProbe } from '../../../src/shell/types.js';

const noFs: FsProbe = { readdir: () => null, isDir: () => false };

export const CWD = '/home/dev/shop';
export const HOME = '/home/dev';

export function actions(command: string): Action[] {
  return bashActions(command, { cwd: CWD, home: HOME, env: { HOME, USER: 'dev', PWD: CWD }, fs: noFs, realpath: (p) => p });
}

/** The actions of one kind, without `via` (explanations are tested elsewhere). */
export function of<K extends Action['kind']>(command: string, kind: K): Omit<Extract<Action, { kind: K }>, 'via'>[] {
  return actions(command)
    .filter((a): a is Extract<Action, { kind: K }> => a.kind === kind)
    .map(({ via: _via, ...rest }) => rest as Omit<Extract<Action, { kind: K }>, 'via'>);
}
