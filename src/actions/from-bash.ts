// Bash → actions: every simple command the shell analysis found becomes an exec action, plus
// the file, network, git and other actions its argv and redirects imply.
import { analyzeShell } from '../shell/analyze.js';
import type { FsProbe, SimpleCommand } from '../shell/types.js';
import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Action, Via } from './types.js';
import { pathAction, type ExtractContext } from './from-tool.js';

export const realFs: FsProbe = {
  readdir(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return null;
    }
  },
  isDir(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

const READERS = new Set(['cat', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'rg', 'sed', 'awk', 'cp', 'strings', 'xxd', 'od', 'base64', 'nl', 'tac', 'sort', 'uniq', 'wc', 'diff', 'source', '.']);

function commandActions(cmd: SimpleCommand, ctx: ExtractContext): Action[] {
  const argv = cmd.argv.map((w) => w.value ?? w.pattern ?? '*');
  const program = cmd.argv[0]?.value ? basename(cmd.argv[0].value) : null;
  const via: Via = { tool: 'Bash', text: cmd.text, ...(cmd.wrappers.length ? { chain: cmd.wrappers } : {}) };
  const cwd = cmd.cwd ?? ctx.cwd;
  const pctx = { ...ctx, cwd };
  const out: Action[] = [{ kind: 'exec', program, argv, via }];
  if (program && READERS.has(program)) {
    for (const a of argv.slice(1)) if (!a.startsWith('-')) out.push(pathAction('read', a, via, pctx));
  }
  if (program === 'rm') {
    const recursive = argv.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === '--recursive');
    for (const a of argv.slice(1)) if (!a.startsWith('-')) out.push(pathAction('delete', a, via, pctx, { recursive }));
  }
  for (const r of cmd.redirects) {
    const target = r.target.value ?? r.target.pattern;
    if (!target || r.op === '<<' || r.op === '<<-' || r.op === '<<<' || r.op === '>&' || r.op === '<&') continue;
    out.push(pathAction(r.op === '<' ? 'read' : 'write', target, via, pctx, r.op === '<' ? {} : { mode: r.op.includes('>>') ? 'append' : 'overwrite' }));
  }
  return out;
}

export function bashActions(command: string, ctx: ExtractContext & { env?: Record<string, string>; fs?: FsProbe }): Action[] {
  const analysis = analyzeShell(command, { cwd: ctx.cwd, home: ctx.home, env: ctx.env ?? {}, fs: ctx.fs ?? realFs });
  const out: Action[] = [];
  for (const cmd of analysis.commands) out.push(...commandActions(cmd, ctx));
  for (const u of analysis.unknowns) out.push({ kind: 'unknown', reason: u.kind, detail: u.detail, via: { tool: 'Bash' } });
  return out;
}
