// Shared pieces of the system command tables.
import type { Action, SystemAction, SystemOp } from '../types.js';
import type { CommandView } from './view.js';

export function sys(v: CommandView, op: SystemOp, verb: string, extra: Partial<SystemAction> = {}): SystemAction {
  return { kind: 'system', program: v.program ?? '', op, verb, args: v.args, via: v.via, ...extra };
}

export const readOnly = (v: CommandView, op: SystemOp, verb = 'read'): Action[] => [sys(v, op, verb, { readOnly: true })];
