// Suppressions are bound to a finding's fingerprint, which hashes the rule id, the place and the
// content the finding is about. When the code or config changes, the fingerprint changes and the
// suppression lapses on its own: nothing stays silenced by name alone.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GatehouseError } from '../errors.js';
import type { Finding } from './types.js';

export interface Suppression {
  fingerprint: string;
  id: string;
  reason: string;
  created: string;
  file?: string;
  server?: string;
  tool?: string;
}

export interface SuppressionFile {
  version: 1;
  suppressions: Suppression[];
}

export function suppressionsPath(projectDir: string): string {
  return join(projectDir, '.gatehouse', 'mcp-suppressions.json');
}

export function loadSuppressions(file: string): SuppressionFile {
  if (!existsSync(file)) return { version: 1, suppressions: [] };
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GatehouseError({ code: 'mcp/bad-suppressions', message: `cannot parse (${(e as Error).message})`, file });
  }
  const o = v as Partial<SuppressionFile>;
  if (!o || o.version !== 1 || !Array.isArray(o.suppressions)) throw new GatehouseError({ code: 'mcp/bad-suppressions', message: 'expected {"version": 1, "suppressions": [...]}', file });
  o.suppressions.forEach((s, i) => {
    if (!s || typeof s.fingerprint !== 'string' || typeof s.reason !== 'string' || !s.reason.trim()) {
      throw new GatehouseError({ code: 'mcp/bad-suppressions', message: 'every suppression needs a fingerprint and a reason', file, key: `suppressions[${i}]` });
    }
  });
  return o as SuppressionFile;
}

export function saveSuppressions(file: string, s: SuppressionFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Marks suppressed findings; returns suppressions that matched nothing (lapsed or stale). */
export function applySuppressions(findings: Finding[], s: SuppressionFile): Suppression[] {
  const by = new Map(s.suppressions.map((x) => [x.fingerprint, x]));
  const used = new Set<string>();
  for (const f of findings) {
    const hit = by.get(f.fingerprint);
    if (hit) {
      f.suppressed = { reason: hit.reason };
      used.add(hit.fingerprint);
    }
  }
  return s.suppressions.filter((x) => !used.has(x.fingerprint));
}
