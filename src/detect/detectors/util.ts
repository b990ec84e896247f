import { tmpdir } from 'node:os';
import type { Action, PathAction } from '../../actions/types.js';
import { isWithin } from '../../actions/paths.js';
import type { DetectorContext } from '../types.js';

export const isPath = (a: Action): a is PathAction => a.kind === 'read' || a.kind === 'write' || a.kind === 'delete' || a.kind === 'list' || a.kind === 'search' || a.kind === 'meta';

const TEMP = ['/tmp', '/var/tmp', '/private/tmp', '/dev/shm', tmpdir()];

export function inScope(path: string, ctx: DetectorContext): boolean {
  return isWithin(ctx.projectDir, path) || ctx.allowedDirs.some((d) => isWithin(d, path)) || (TEMP.some((t) => isWithin(t, path)) && !isWithin(ctx.home, path) && !isWithin(path, ctx.home));
}

export const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|0\.0\.0\.0)$/;
