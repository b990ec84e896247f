// The pin file, `.gatehouse/mcp-lock.json`: per server its normalised identity, the package it
// ran (version, integrity or tree hash), and the canonical SHA-256 of every tool's full spec,
// of the instructions, prompts and resources. Committed with the project and reviewed like code.
// Imported by the hook: keep this module free of heavy dependencies.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GatehouseError } from '../errors.js';
import type { Identity } from './identity.js';
import type { ToolSpec } from './types.js';

export interface LockedTool {
  hash: string;
  /** The spec itself, so verify can show what changed. */
  spec: ToolSpec;
  approvedAt: string;
}

export interface LockedPackage {
  name?: string;
  version?: string;
  integrity?: string;
  treeHash: string;
  source: 'npm' | 'tarball' | 'dir';
  spec?: string;
}

export interface LockedServer {
  identity: Identity;
  identityHash: string;
  /** The `<server>` part of `mcp__<server>__<tool>`. */
  toolPrefix: string;
  scope: string;
  package?: LockedPackage;
  /** Where the pinned tool list came from: static extraction, a jailed listing, or both. */
  surfaceSource: 'static' | 'run' | 'static+run' | 'none';
  tools: Record<string, LockedTool>;
  instructions?: { hash: string; text: string };
  prompts: Record<string, { hash: string }>;
  resources: Record<string, { hash: string }>;
  approvedAt: string;
}

export interface LockFile {
  version: 1;
  servers: Record<string, LockedServer>;
}

export function lockPath(projectDir: string): string {
  return join(projectDir, '.gatehouse', 'mcp-lock.json');
}

export function parseLock(text: string, file: string): LockFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new GatehouseError({ code: 'mcp/bad-lock', message: `cannot parse (${(e as Error).message})`, file });
  }
  const o = v as Partial<LockFile>;
  if (!o || typeof o !== 'object' || o.version !== 1 || !o.servers || typeof o.servers !== 'object' || Array.isArray(o.servers)) {
    throw new GatehouseError({ code: 'mcp/bad-lock', message: 'expected {"version": 1, "servers": {...}}', file });
  }
  for (const [name, s] of Object.entries(o.servers)) {
    if (!s || typeof s.toolPrefix !== 'string' || !s.tools || typeof s.tools !== 'object' || typeof s.identityHash !== 'string') {
      throw new GatehouseError({ code: 'mcp/bad-lock', message: 'server entry lacks toolPrefix, identityHash or tools', file, key: `servers.${name}` });
    }
  }
  return o as LockFile;
}

export function loadLock(file: string): LockFile {
  if (!existsSync(file)) return { version: 1, servers: {} };
  return parseLock(readFileSync(file, 'utf8'), file);
}

/** Stable text: sorted server and tool names, so diffs of the lock stay readable. */
export function lockText(lock: LockFile): string {
  const servers: Record<string, LockedServer> = {};
  for (const name of Object.keys(lock.servers).sort()) {
    const s = lock.servers[name]!;
    const tools: Record<string, LockedTool> = {};
    for (const t of Object.keys(s.tools).sort()) tools[t] = s.tools[t]!;
    servers[name] = { ...s, tools };
  }
  return JSON.stringify({ version: 1, servers }, null, 2) + '\n';
}

export function saveLock(file: string, lock: LockFile): string {
  const text = lockText(lock);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return text;
}
