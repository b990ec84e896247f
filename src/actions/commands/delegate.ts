// Runners that run another program from their arguments (`npx prisma …`, `python -m pip …`,
// `yarn wrangler …`): the inner program gets its own view, so its command table applies to it too.
import { basename } from 'node:path';
import type { Action, ExecAction } from '../types.js';
import { wordText, type CommandHandler, type CommandView } from './view.js';

/** How a runner finds the table entry of the program it runs (injected: the tables import this module). */
export type Lookup = (program: string) => CommandHandler | undefined;

/** The view of the command starting at `v.args[index]`, reached through `label` (e.g. `npx`). */
export function innerView(v: CommandView, index: number, label: string, programName?: string): CommandView {
  const words = v.words.slice(index + 1);
  const first = v.words[index];
  const program = first && first.value !== null ? (programName ?? basename(first.value)) : null;
  return {
    ...v,
    program,
    args: words.map(wordText),
    words,
    via: { ...v.via, chain: [...(v.via.chain ?? []), label] },
    dynamicArgs: new Set(words.filter((w) => w.value === null).map(wordText)),
  };
}

/** The exec action of the inner program plus whatever its own table says about it. */
export function delegate(v: CommandView, index: number, label: string, lookup: Lookup, programName?: string): Action[] {
  if (index < 0 || index >= v.words.length) return [];
  const inner = innerView(v, index, label, programName);
  const exec: ExecAction = { kind: 'exec', program: inner.program, argv: [inner.program ?? '<computed>', ...inner.args], via: inner.via };
  if (inner.program === null || inner.dynamicArgs.size) exec.dynamic = true;
  const out: Action[] = [exec];
  const handler = inner.program ? lookup(inner.program) : undefined;
  if (handler) out.push(...handler(inner));
  return out;
}

/** What a command run inside a container or pod does that matters outside it: its database,
 * package and cloud operations (its paths and processes are the container's own). The production
 * marker of the context it runs in (`kubectl --context prod exec …`) carries over. */
export function insideContainer(v: CommandView, index: number, label: string, lookup: Lookup, production?: string): Action[] {
  return delegate(v, index, label, lookup).flatMap((a): Action[] => {
    if (a.kind === 'db' || a.kind === 'cloud') return [production && !a.production ? { ...a, production } : a];
    return a.kind === 'package' ? [a] : [];
  });
}
