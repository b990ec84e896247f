// Secrets: files that hold credentials, on every channel.
import { basename } from 'node:path';
import type { Action, PathAction } from '../../actions/types.js';
import { defineRule } from '../types.js';

export const PACK = 'secrets';

/** Both the resolved and the literal path of a path action. */
export function pathsOf(a: PathAction): string[] {
  return a.literal ? [a.path, a.literal] : [a.path];
}

function isPathAction(a: Action): a is PathAction {
  return a.kind === 'read' || a.kind === 'write' || a.kind === 'delete' || a.kind === 'list' || a.kind === 'search' || a.kind === 'meta';
}

const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/i;

/** `.env`, `.env.local`, `.env.production`, `.envrc`, `prod.env` — not `.env.example`. */
export function isEnvFile(path: string): boolean {
  const name = basename(path);
  if (ENV_TEMPLATE.test(name)) return false;
  return name === '.env' || name.startsWith('.env.') || name === '.envrc' || (name.endsWith('.env') && name.length > 4);
}

export const envFile = defineRule({
  id: 'secrets/env-file',
  verdict: 'deny',
  summary: 'Reads an environment file that holds credentials',
  why: 'Environment files hold API keys and passwords; once read, they sit in the model context and the transcript.',
  fix: 'Use the template (.env.example) or ask the user for the one value you need.',
  on: ['read', 'search'],
  match: (a) => isPathAction(a) && pathsOf(a).some(isEnvFile),
  examples: {
    match: [{ Read: '.env' }, { Read: 'config/.env.production' }, { Read: '.envrc' }],
    pass: [{ Read: '.env.example' }, { Read: 'src/environment.ts' }, { Read: 'README.md' }],
  },
});

export const rules = [envFile];
