// Canary files: decoys that look like credentials. Nothing legitimate reads them, so any access is
// a high-confidence alert (and refused); their token appearing in a tool result means a decoy was
// read some way the analysis did not see.
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { crypto } from '../env/builtins.js';
import { canaryFile, readCanaries, type Canaries } from './hook-effect.js';

export const DEFAULT_CANARIES = ['.env.local.bak', 'config/credentials.backup.json'];

function save(stateDir: string, c: Canaries): void {
  const file = canaryFile(stateDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

function decoy(path: string, token: string): string {
  if (path.endsWith('.json')) return JSON.stringify({ type: 'service_account', client_id: token, private_key_id: token.slice(0, 20), note: 'decoy' }, null, 2) + '\n';
  return `# decoy planted by gatehouse canary; reading it raises an alert\nAPI_KEY=${token}\nDATABASE_URL=postgres://svc:${token.slice(0, 16)}@db.internal/app\n`;
}

/** Plants decoys (never overwriting an existing file) and records them. */
export function plant(stateDir: string, base: string, paths: readonly string[]): { planted: string[]; skipped: string[] } {
  const c = readCanaries(stateDir);
  const token = c.token ?? `ghc_${crypto().randomBytes(18).toString('hex')}`;
  const planted: string[] = [];
  const skipped: string[] = [];
  for (const p of paths) {
    const abs = resolve(base, p);
    if (existsSync(abs)) {
      skipped.push(abs);
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, decoy(abs, token), { mode: 0o600 });
    planted.push(abs);
  }
  save(stateDir, { paths: [...new Set([...c.paths, ...planted])], token });
  return { planted, skipped };
}

/** Removes planted decoys (only files that still hold the token) and forgets them. */
export function removeAll(stateDir: string): string[] {
  const c = readCanaries(stateDir);
  const removed: string[] = [];
  for (const p of c.paths) {
    try {
      if (c.token && readFileSync(p, 'utf8').includes(c.token)) {
        unlinkSync(p);
        removed.push(p);
      }
    } catch {
      // already gone
    }
  }
  save(stateDir, { paths: [] });
  return removed;
}
