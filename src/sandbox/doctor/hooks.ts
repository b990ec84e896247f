// Are gatehouse's hooks installed, well-formed and firing? Firing is proven by feeding the
// configured PreToolUse command a synthetic event that any gatehouse policy refuses, the way
// Claude Code would (through a shell, event JSON on stdin), and reading the answer.
import { join } from 'node:path';
import { installDir } from '../../env/locations.js';
import type { SettingsFile } from '../facts/claude-settings.js';
import { execProbe } from '../probe.js';

export interface HookCheck {
  status: 'ok' | 'missing' | 'invalid' | 'not-firing';
  installed: { file: string; event: string; command: string; timeout?: number }[];
  problems: string[];
  firing?: { command: string; exitCode: number | null; answer: string };
}

type Json = Record<string, unknown>;

/** A hook command that runs gatehouse: by name, or this installation's hook bundle. */
export function isGatehouseCommand(command: string): boolean {
  return /gatehouse/.test(command) || command.includes(join(installDir(), 'dist', 'hook.cjs'));
}

export function findGatehouseHooks(files: SettingsFile[]): { installed: HookCheck['installed']; problems: string[] } {
  const installed: HookCheck['installed'] = [];
  const problems: string[] = [];
  for (const f of files) {
    const hooks = (f.json as Json | undefined)?.hooks;
    if (!hooks || typeof hooks !== 'object') continue;
    for (const [event, groups] of Object.entries(hooks as Json)) {
      if (!Array.isArray(groups)) {
        problems.push(`${f.path}: hooks.${event} is not a list`);
        continue;
      }
      for (const g of groups as Json[]) {
        const list = g?.hooks;
        if (!Array.isArray(list)) {
          if (JSON.stringify(g).includes('gatehouse')) problems.push(`${f.path}: hooks.${event} entry has no "hooks" list (Claude Code ignores it)`);
          continue;
        }
        for (const h of list as Json[]) {
          const command = typeof h.command === 'string' ? h.command : undefined;
          if (!command || !isGatehouseCommand(command)) continue;
          const entry: HookCheck['installed'][number] = { file: f.path, event, command };
          if (h.type !== 'command') problems.push(`${f.path}: ${event} hook "${command}" has type ${JSON.stringify(h.type)}, not "command"`);
          if (h.timeout !== undefined) {
            if (typeof h.timeout !== 'number' || h.timeout <= 0) problems.push(`${f.path}: ${event} hook timeout ${JSON.stringify(h.timeout)} is not a positive number of seconds`);
            else {
              entry.timeout = h.timeout;
              if (h.timeout > 600) problems.push(`${f.path}: ${event} hook timeout ${h.timeout} looks like milliseconds (Claude Code reads seconds)`);
            }
          }
          installed.push(entry);
        }
      }
    }
  }
  return { installed, problems };
}

export async function checkHooks(files: SettingsFile[], project: string, env: Readonly<Record<string, string | undefined>>): Promise<HookCheck> {
  const { installed, problems } = findGatehouseHooks(files);
  const pre = installed.find((h) => h.event === 'PreToolUse');
  if (!installed.length) return { status: 'missing', installed, problems: [...problems, 'no gatehouse hook in any Claude Code settings file (run `gatehouse init`)'] };
  if (!pre) return { status: 'missing', installed, problems: [...problems, 'no gatehouse PreToolUse hook: tool calls are not checked'] };
  const event = {
    hook_event_name: 'PreToolUse',
    session_id: 'gatehouse-doctor',
    transcript_path: '/dev/null',
    cwd: project,
    permission_mode: 'default',
    tool_name: 'Bash',
    tool_use_id: 'toolu_gatehouse_doctor',
    tool_input: { command: 'rm -rf /', description: 'gatehouse doctor: synthetic event, never executed' },
  };
  const r = await execProbe('/bin/sh', ['-c', pre.command], { env: { ...env, CLAUDE_PROJECT_DIR: project }, cwd: project, input: JSON.stringify(event), timeoutMs: (pre.timeout ?? 30) * 1000 });
  let decision: string | undefined;
  try {
    decision = ((JSON.parse(r.stdout || '{}') as Json).hookSpecificOutput as Json | undefined)?.permissionDecision as string | undefined;
  } catch {
    // not JSON
  }
  const denied = r.code === 2 || decision === 'deny';
  const answer = decision ? `permissionDecision ${decision}` : r.code === 2 ? `exit 2: ${r.stderr.trim().split('\n')[0]?.slice(0, 160)}` : `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}: ${(r.stdout || r.stderr || r.error || '').trim().slice(0, 160)}`;
  const firing = { command: pre.command, exitCode: r.code, answer };
  if (!denied) return { status: 'not-firing', installed, problems: [...problems, `the PreToolUse hook did not refuse a synthetic \`rm -rf /\` (${answer})`], firing };
  return { status: problems.length ? 'invalid' : 'ok', installed, problems, firing };
}
