// Builds throwaway git projects for the verification tests: real git, real files, and the
// project's tools (ESLint, Prettier, vitest) taken from gatehouse's own devDependencies through a
// node_modules link, as a user's installed tools would be.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Project {
  dir: string;
  write(files: Record<string, string>): void;
  git(...args: string[]): string;
  commit(message: string): void;
  remove(): void;
}

export function makeProject(opts: { linkNodeModules?: boolean } = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-verify-'));
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null', HOME: dir };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.test');
  git('config', 'user.name', 'Dev');
  git('config', 'commit.gpgsign', 'false');
  if (opts.linkNodeModules) {
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  }
  const write = (files: Record<string, string>) => {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
  };
  return {
    dir,
    write,
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import { runCommand, type Command, type Group } from '../../../src/cli/command.js';
import { printError } from '../../../src/cli/format.js';
import { GatehouseError } from '../../../src/errors.js';
import type { Io } from '../../../src/cli/io.js';

/** Runs one command module as `gatehouse <name>` would (same error boundary as cli/main.ts). */
export async function runCli(cmd: Command | Group, argv: string[], io: Io): Promise<number> {
  try {
    return await runCommand(cmd, argv, io);
  } catch (e) {
    printError(io, e, argv.includes('--json'));
    if (e instanceof GatehouseError) return e.code.startsWith('cli/') ? 2 : 3;
    return 70;
  }
}
