// Trust in a project's own policy files, recorded by content hash in the user's state directory
// (out of the agent's reach). A changed file is untrusted again until the user says otherwise.
import { crypto } from '../env/builtins.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function trustFile(stateDir: string): string {
  return join(stateDir, 'trust.json');
}

export function contentHash(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}

export function readTrust(stateDir: string): Record<string, string> {
  try {
    const v = JSON.parse(readFileSync(trustFile(stateDir), 'utf8')) as { files?: Record<string, string> };
    return v.files && typeof v.files === 'object' ? v.files : {};
  } catch {
    return {};
  }
}

export function isTrusted(stateDir: string, file: string, text: string): boolean {
  return readTrust(stateDir)[file] === contentHash(text);
}

export function setTrust(stateDir: string, file: string, text: string | null): void {
  const files = readTrust(stateDir);
  if (text === null) delete files[file];
  else files[file] = contentHash(text);
  const target = trustFile(stateDir);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ files }, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, target);
}
