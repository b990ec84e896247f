// The real hook bundle (dist/hook.cjs) around a real Bash command, then the real CLI undoing it.
// Needs the build (dist/): `npm test` builds first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/rollback/journal.js';
import { sleepSync } from '../../src/rollback/lock.js';
import { sandbox, sh, storeOf, treeHash, userGit, userGitState, write, type Sandbox } from './helpers.js';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'gatehouse.mjs');
const hookBundle = join(root, 'dist', 'hook.cjs');

beforeAll(() => {
  if (!existsSync(hookBundle) || !existsSync(join(root, 'dist', 'cli', 'commands', 'undo.js'))) throw new Error('run `npm run build` first');
});

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

function node(args: string[], input?: string) {
  const r = spawnSync(process.execPath, args, { input, env: { ...sb.env, CLAUDE_PROJECT_DIR: sb.project }, cwd: sb.project });
  return { code: r.status, out: r.stdout.toString(), err: r.stderr.toString() };
}

const hook = (o: Record<string, unknown>) =>
  node([hookBundle], JSON.stringify({ session_id: 'sess-e2e', cwd: sb.project, transcript_path: '/dev/null', permission_mode: 'default', prompt_id: 'p-1', ...o }));

describe('the real hook around a real Bash command, then gatehouse undo', () => {
  it('checkpoints the call and undoes it, and the undo can be undone', () => {
    write(sb.project, { 'README.md': '# project\n', 'src/main.ts': 'export const x = 1;\n', 'src/lib/util.ts': 'export {}\n', 'assets/logo.bin': Buffer.from([0, 1, 2, 255]) });
    userGit(sb.project, ['init', '-q']);
    userGit(sb.project, ['add', '.']);
    userGit(sb.project, ['commit', '-qm', 'seed']);
    const gitState = userGitState(sb.project);
    const original = treeHash(sb.project);

    // SessionStart returns at once; the first snapshot finishes in the background.
    expect(hook({ hook_event_name: 'SessionStart', source: 'startup' })).toEqual({ code: 0, out: '', err: '' });
    for (let i = 0; i < 200 && !readJournal(storeOf(sb).journalPath).some((e) => e.kind === 'session-start'); i++) sleepSync(50);
    expect(readJournal(storeOf(sb).journalPath).map((e) => e.kind)).toEqual(['baseline', 'session-start']);

    const command = 'rm -rf src assets && echo pwned > README.md && echo new > notes.txt';
    const call = { tool_name: 'Bash', tool_use_id: 'toolu_e2e_1', tool_input: { command } };
    expect(hook({ hook_event_name: 'PreToolUse', ...call })).toEqual({ code: 0, out: '', err: '' });
    sh(sb.project, command);
    expect(hook({ hook_event_name: 'PostToolUse', ...call, tool_response: { stdout: '', stderr: '', interrupted: false } }).code).toBe(0);

    const list = JSON.parse(node([bin, 'checkpoints', '--json']).out) as { rows: { type: string; tool_use_id?: string; changes?: unknown }[] };
    expect(list.rows.find((r) => r.tool_use_id === 'toolu_e2e_1')?.changes).toEqual({ added: 1, modified: 1, deleted: 3 });
    const diff = node([bin, 'diff', 'toolu_e2e_1', '--name-status']);
    expect(diff.out).toMatch(/D\tsrc\/lib\/util\.ts/);
    expect(diff.out).toMatch(/M\tREADME\.md/);

    // Without a terminal and without --yes, nothing happens.
    const refused = node([bin, 'undo', 'toolu_e2e_1']);
    expect(refused.code).toBe(5);
    expect(existsSync(join(sb.project, 'src/main.ts'))).toBe(false);

    const undone = node([bin, 'undo', 'toolu_e2e_1', '--yes', '--json']);
    expect(undone.code).toBe(0);
    expect(treeHash(sb.project)).toEqual(original);
    expect(userGitState(sb.project)).toEqual(gitState);

    const { safety } = JSON.parse(undone.out) as { safety: string };
    expect(node([bin, 'rollback', '--to', safety.slice(0, 12), '--yes']).code).toBe(0);
    expect(existsSync(join(sb.project, 'notes.txt'))).toBe(true);
    expect(node([bin, 'rollback', '--to', 'session-start', '--yes']).code).toBe(0);
    expect(treeHash(sb.project)).toEqual(original);
  });
});
