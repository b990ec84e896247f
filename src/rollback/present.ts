// Shared pieces of the rollback commands: options, previews, and the confirmation rule (a terminal
// is asked; without one the command never waits, it refuses unless --yes was given).
import { createInterface } from 'node:readline';
import type { OptionSpec } from '../cli/command.js';
import { printError, type Style } from '../cli/format.js';
import { EXIT } from '../cli/exit-codes.js';
import type { Io } from '../cli/io.js';
import { stateDir } from '../env/locations.js';
import type { FileChange } from './changes.js';
import { loadConfig, type RollbackConfig } from './config.js';
import type { ChangeCounts } from './journal.js';
import { requireGit } from './git.js';
import { isReady, storeFor, type Store } from './store.js';
import { GatehouseError } from '../errors.js';
import { resolve } from 'node:path';

export const PROJECT_OPTION: Record<string, OptionSpec> = {
  project: { type: 'string', value: 'DIR', description: 'Project folder (default: the current directory)' },
};

export interface Opened {
  store: Store;
  cfg: RollbackConfig;
  stateDir: string;
}

/** The project's store for a command; `mustExist` fails when no checkpoint was ever taken. */
export function openForCli(io: Io, projectOpt: string | undefined, mustExist = true): Opened {
  requireGit([2, 31], 'checkpoints');
  const cfg = loadConfig(io.env);
  const dir = stateDir(io.env);
  const store = storeFor(dir, resolve(io.cwd, projectOpt ?? '.'));
  if (mustExist && !isReady(store)) {
    throw new GatehouseError({
      code: 'rollback/no-checkpoints',
      message: `no checkpoints for ${store.project}`,
      hint: 'checkpoints are taken by the gatehouse hook around change-making tool calls (`gatehouse init` installs it)',
    });
  }
  return { store, cfg, stateDir: dir };
}

export function ago(ts: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(ts)) / 1000));
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

const VERB: Record<FileChange['status'], string> = { added: 'create', modified: 'revert', deleted: 'remove' };

/** A restore preview, from the point of view of the files: what will be created, reverted, removed. */
export function previewLines(files: readonly FileChange[], st: Style, limit = 40): string[] {
  const lines: string[] = [];
  const colour = { added: st.green, modified: st.yellow, deleted: st.red };
  for (const f of files.slice(0, limit)) lines.push(`  ${colour[f.status](VERB[f.status].padEnd(6))}  ${f.path}${f.newMode === '160000' || f.oldMode === '160000' ? ' (nested repository: its commit only)' : ''}`);
  if (files.length > limit) lines.push(st.dim(`  … and ${files.length - limit} more (use --json for the full list)`));
  return lines;
}

export function summary(c: ChangeCounts): string {
  const parts = [];
  if (c.added) parts.push(`${c.added} to create`);
  if (c.modified) parts.push(`${c.modified} to revert`);
  if (c.deleted) parts.push(`${c.deleted} to remove`);
  return parts.join(', ') || 'nothing to change';
}

async function askLine(io: Io, question: string): Promise<string> {
  const custom = (io as Io & { prompt?(q: string): Promise<string> }).prompt;
  if (custom) return custom(question);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((res) => rl.question(question, res));
  } finally {
    rl.close();
  }
}

const UNAVAILABLE = new Set(['rollback/git-unavailable', 'rollback/git-too-old', 'rollback/locked']);

/** Runs a command body, answering exit 4 (unavailable) when git is missing or too old, or the store
 * stays locked; everything else goes to the shared error handling. */
export function unavailableAs4<A extends unknown[]>(run: (...a: A) => Promise<number>): (...a: A) => Promise<number> {
  return async (...a: A) => {
    try {
      return await run(...a);
    } catch (e) {
      if (e instanceof GatehouseError && UNAVAILABLE.has(e.code)) {
        const io = a[1] as Io;
        printError(io, e, Boolean((a[0] as { values?: Record<string, unknown> }).values?.json));
        return EXIT.unavailable;
      }
      throw e;
    }
  };
}

/** 'yes' to go ahead; 'no' when the human declined; 'no-terminal' when nobody can be asked. */
export async function confirm(io: Io, yes: boolean, question: string): Promise<'yes' | 'no' | 'no-terminal'> {
  if (yes) return 'yes';
  if (!io.stdinIsTTY) return 'no-terminal';
  const answer = (await askLine(io, `${question} [y/N] `)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes' ? 'yes' : 'no';
}
