// Where sandbox runs and their violations are recorded. The tamper-evident audit log is a separate
// module; it plugs in through `openAuditSink` (see AuditModule). Without it, events go to a plain
// JSONL file in the state directory, and every caller is told that this fallback is in use.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../env/locations.js';
import { redactValue } from '../audit/redact.js';
import { VERSION } from '../version.js';
import type { Violation } from './violations.js';

export interface SandboxEvent {
  event: 'SandboxRun' | 'SandboxDoctor';
  profile?: string;
  backend?: string;
  command?: string[];
  project?: string;
  exit_code?: number | null;
  violations?: Violation[];
  duration_ms?: number;
  extra?: Record<string, unknown>;
}

export interface AuditSink {
  /** `audit-log` (tamper-evident module) or `fallback-jsonl`. */
  kind: 'audit-log' | 'fallback-jsonl';
  where: string;
  append(e: SandboxEvent): Promise<void>;
}

/** What the audit module provides when present (module path: src/audit/external-sink.ts). */
export interface AuditModule {
  openAuditSink(env: Readonly<Record<string, string | undefined>>): Promise<{ where: string; append(rec: Record<string, unknown>): Promise<void> }>;
  verifyAudit?(env: Readonly<Record<string, string | undefined>>): Promise<{ ok: boolean; records: number; detail: string }>;
}

export type AuditModuleLoader = () => Promise<AuditModule | undefined>;

/** Loads the audit module if this build has it; undefined otherwise. */
export const loadAuditModule: AuditModuleLoader = async () => {
  try {
    const path = '../audit/external-sink.js';
    const m = (await import(path)) as Partial<AuditModule>;
    return typeof m.openAuditSink === 'function' ? (m as AuditModule) : undefined;
  } catch {
    return undefined;
  }
};

function toRecord(e: SandboxEvent): Record<string, unknown> {
  const { value } = redactValue({ ...e });
  return { v: 1, ts: new Date().toISOString(), source: 'sandbox', gatehouse_version: VERSION, ...value };
}

export async function openSandboxAuditSink(env: Readonly<Record<string, string | undefined>>, loader: AuditModuleLoader = loadAuditModule): Promise<AuditSink> {
  const mod = await loader();
  if (mod) {
    const s = await mod.openAuditSink(env);
    return { kind: 'audit-log', where: s.where, append: (e) => s.append(toRecord(e)) };
  }
  const dir = join(stateDir(env), 'sandbox');
  const file = join(dir, 'events.jsonl');
  return {
    kind: 'fallback-jsonl',
    where: file,
    append: async (e) => {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      appendFileSync(file, JSON.stringify(toRecord(e)) + '\n', { mode: 0o600 });
    },
  };
}
