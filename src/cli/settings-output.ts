// Output shared by `init`, `uninstall` and `settings lint`.
import { GatehouseError } from '../errors.js';
import type { FileChange } from '../settings/install.js';
import { SCOPES, type Scope } from '../settings/scopes.js';
import { style } from './format.js';
import type { Io } from './io.js';

export function parseScope(v: string | undefined): Scope {
  const s = v ?? 'project';
  if (!(SCOPES as readonly string[]).includes(s)) {
    throw new GatehouseError({ code: 'cli/bad-scope', message: `unknown scope '${s}'`, hint: `scopes: ${SCOPES.join(', ')}` });
  }
  return s as Scope;
}

function colourDiff(io: Io, diff: string): string {
  const st = style(io);
  return diff
    .split('\n')
    .filter((l) => !/^=+$/.test(l) && !l.startsWith('Index: '))
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? st.green(l) : l.startsWith('-') && !l.startsWith('---') ? st.red(l) : l.startsWith('@@') ? st.cyan(l) : l))
    .join('\n');
}

/** One line per file (created/updated/deleted/unchanged); the full diff on a dry run. */
export function printChanges(io: Io, changes: readonly FileChange[], dryRun: boolean): void {
  const st = style(io);
  for (const c of changes) {
    if (c.before === c.after) continue;
    const verb = c.before === undefined ? 'create' : c.after === undefined ? 'delete' : 'update';
    io.out(`${dryRun ? 'would ' : ''}${st.bold(verb)} ${c.path}\n`);
    if (dryRun) io.out(colourDiff(io, c.diff).replace(/\n*$/, '\n'));
  }
}
