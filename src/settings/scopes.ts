// Where Claude Code reads settings from, and how it layers them. Precedence (highest first):
// managed → local (.claude/settings.local.json) → project (.claude/settings.json) → user
// (~/.claude/settings.json). Scalars from a higher layer win; arrays (permission rules, hook
// groups) and objects merge across layers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GatehouseError } from '../errors.js';
import { homeDir } from '../env/locations.js';
import { isPlainObject, parseJsonStrict, type ParsedJson } from './json.js';

type Env = Readonly<Record<string, string | undefined>>;

export const SCOPES = ['user', 'project', 'local', 'managed'] as const;
export type Scope = (typeof SCOPES)[number];

/** Claude Code's managed-settings directory; `GATEHOUSE_CLAUDE_MANAGED_DIR` overrides it (tests). */
export function claudeManagedDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.GATEHOUSE_CLAUDE_MANAGED_DIR) return resolve(env.GATEHOUSE_CLAUDE_MANAGED_DIR);
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode';
  return '/etc/claude-code';
}

export function settingsFile(scope: Scope, env: Env, projectDir: string): string {
  switch (scope) {
    case 'user':
      return join(homeDir(env), '.claude', 'settings.json');
    case 'project':
      return join(projectDir, '.claude', 'settings.json');
    case 'local':
      return join(projectDir, '.claude', 'settings.local.json');
    case 'managed':
      return join(claudeManagedDir(env), 'managed-settings.json');
  }
}

export interface SettingsSource {
  scope: Scope;
  file: string;
  exists: boolean;
  /** Parsed file (absent when missing or unreadable). */
  parsed?: ParsedJson;
  value?: Record<string, unknown>;
  /** Why the file could not be used; Claude Code ignores such a file (silently, in -p). */
  error?: GatehouseError;
}

const MAX_SETTINGS_BYTES = 5 * 1024 * 1024;

/** Reads and parses one settings file; never throws (problems land in `error`). */
export function readSettingsFile(scope: Scope, file: string): SettingsSource {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      return { scope, file, exists: true, error: new GatehouseError({ code: 'settings/not-a-file', message: 'not a regular file', file }) };
    }
    if (st.size > MAX_SETTINGS_BYTES) {
      return { scope, file, exists: true, error: new GatehouseError({ code: 'settings/too-large', message: `larger than ${MAX_SETTINGS_BYTES / 1024 / 1024} MB`, file }) };
    }
    const bytes = readFileSync(file);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { scope, file, exists: false };
    const message = e instanceof TypeError ? 'not valid UTF-8' : `cannot read (${code ?? (e as Error).message})`;
    return { scope, file, exists: true, error: new GatehouseError({ code: 'settings/unreadable', message, file }) };
  }
  try {
    const parsed = parseJsonStrict(text, file);
    if (!isPlainObject(parsed.value)) {
      return { scope, file, exists: true, parsed, error: new GatehouseError({ code: 'settings/not-an-object', message: 'the file must hold a JSON object', file, line: 1, column: 1 }) };
    }
    return { scope, file, exists: true, parsed, value: parsed.value };
  } catch (e) {
    if (e instanceof GatehouseError) return { scope, file, exists: true, error: e };
    throw e;
  }
}

/** Every settings file Claude Code would read for `projectDir`, lowest precedence first. */
export function readAllSettings(env: Env, projectDir: string): SettingsSource[] {
  const out: SettingsSource[] = [];
  for (const scope of ['user', 'project', 'local'] as const) out.push(readSettingsFile(scope, settingsFile(scope, env, projectDir)));
  const managedDir = claudeManagedDir(env);
  out.push(readSettingsFile('managed', join(managedDir, 'managed-settings.json')));
  let dropins: string[] = [];
  try {
    dropins = readdirSync(join(managedDir, 'managed-settings.d'))
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .sort();
  } catch {
    // no drop-in directory
  }
  for (const f of dropins) out.push(readSettingsFile('managed', join(managedDir, 'managed-settings.d', f)));
  return out;
}

/** Layers settings: objects merge, arrays concatenate without duplicates, later scalars win. */
export function mergeSettings(layers: readonly Record<string, unknown>[]): Record<string, unknown> {
  const merge = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && Array.isArray(b)) {
      const out = [...a];
      for (const x of b) if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
      return out;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
      return out;
    }
    return b;
  };
  let acc: Record<string, unknown> = {};
  for (const l of layers) acc = merge(acc, l) as Record<string, unknown>;
  return acc;
}
