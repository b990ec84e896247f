// The demo's closing scene: the session's audit trail, a passing verification, then a copy of the
// log with one denial rewritten as allowed — and verification naming that record.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUT, PUBLIC_KEY_FILE } from '../audit/options.js';
import { formatTrail, type Colours } from '../audit/trail.js';
import { runCli, type DemoWorld } from './hook-driver.js';

export interface AuditScene {
  trail: string;
  verify: { status: number; out: string };
  tampered: { line: number; status: number; out: string };
}

/** Rewrites the first denial in a copy of the log as allowed; returns its line (1-based). */
export function tamperCopy(auditDir: string, copy: string): number {
  cpSync(auditDir, copy, { recursive: true });
  const file = join(copy, LAYOUT.current);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const i = lines.findIndex((l) => l.includes('"verdict":"deny"'));
  if (i < 0) return 0;
  lines[i] = lines[i]!.replace('"verdict":"deny"', '"verdict":"none"').replace('"decision":"reject"', '"decision":"accept"');
  writeFileSync(file, lines.join('\n') + '\n');
  return i + 1;
}

export function auditScene(world: DemoWorld, colours?: Colours): AuditScene {
  const dir = join(world.state, 'audit');
  const trail = formatTrail(dir, world.session, colours);
  const verify = runCli(world, 'audit', 'verify');
  const copy = join(world.root, 'audit-copy');
  const line = tamperCopy(dir, copy);
  const bad = runCli(world, 'audit', 'verify', '--dir', copy, '--key', join(world.state, 'keys', PUBLIC_KEY_FILE));
  return { trail, verify, tampered: { line, ...bad } };
}
