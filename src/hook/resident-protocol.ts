// The small protocol between the hook launcher and the resident hook process: one request line,
// an immediate `ok` line (the request was taken), then one answer line. Both ends are this
// package; the socket lives in the user's state directory with owner-only permissions.
import { join } from 'node:path';
import type { HookAnswer } from './output.js';

export const PROTOCOL = 1;

export interface ResidentRequest {
  v: number;
  /** Identity of the bundle the launcher would load; the resident process serves only its own. */
  core: string;
  env: Record<string, string>;
  cwd: string;
  /** The event bytes, base64. */
  event: string;
}

export type ResidentReply = { answer: HookAnswer } | { stale: true };

export function runDir(stateDir: string): string {
  return join(stateDir, 'run');
}

export function socketPath(stateDir: string): string {
  return join(runDir(stateDir), 'hookd.sock');
}

/** Unix socket paths are limited to about 107 bytes. */
export function usableSocket(path: string): boolean {
  return Buffer.byteLength(path) < 104;
}

export function residentEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.GATEHOUSE_DAEMON !== '0';
}
