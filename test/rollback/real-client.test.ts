// The real Claude Code CLI (pinned, offline against the scripted fake API) in a project where
// `gatehouse init` installed the hooks: an agent's Bash call wrecks files, and gatehouse puts them
// back. Uses the shared real-client harness in test/e2e/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/rollback/journal.js';
import { storeFor } from '../../src/rollback/store.js';
import { claudeProblem, E2E_ENABLED, gatehouse, makeProject, runClaude, type Project } from '../e2e/harness.js';
import { treeHash } from './helpers.js';

const projects: Project[] = [];

(E2E_ENABLED ? describe : describe.skip)('rollback with the real Claude Code CLI', () => {
  beforeAll(() => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
  });
  afterAll(() => {
    if (process.env.GATEHOUSE_E2E_KEEP !== '1') for (const p of projects) p.cleanup();
  });

  it('checkpoints an agent’s destructive Bash call, and undo brings the files back', async () => {
    const p = makeProject({ files: { 'src/app.ts': 'export const app = 1;\n', 'src/lib/util.ts': 'export const util = 2;\n', 'README.md': '# demo\n' } });
    projects.push(p);
    const original = treeHash(p.dir, (r) => r === '.git' || r.startsWith('.claude') || r === '.claudeignore' || r.startsWith('.gatehouse'));
    const command = 'rm -rf src && echo "rewritten by the agent" > README.md';
    const run = await runClaude(p, { script: [{ tool: 'Bash', input: { command } }, { text: 'Done.' }], args: ['--allowedTools', 'Bash'] });
    expect(run.toolResults).toEqual([expect.objectContaining({ is_error: false })]);
    expect(existsSync(join(p.dir, 'src'))).toBe(false);

    const toolUseId = run.toolResults[0]!.tool_use_id;
    const journal = readJournal(storeFor(p.state, p.dir).journalPath);
    expect(journal.find((e) => e.kind === 'session-start')).toBeDefined();
    expect(journal.find((e) => e.kind === 'after' && e.tool_use_id === toolUseId)?.changes).toEqual({ added: 0, modified: 1, deleted: 2 });

    const listed = gatehouse(['checkpoints'], p.dir, p.env);
    expect(listed.stdout).toContain(toolUseId);
    const undo = gatehouse(['undo', toolUseId, '--yes'], p.dir, p.env);
    expect([undo.status, undo.stderr]).toEqual([0, '']);
    expect(readFileSync(join(p.dir, 'src/lib/util.ts'), 'utf8')).toBe('export const util = 2;\n');
    expect(treeHash(p.dir, (r) => r === '.git' || r.startsWith('.claude') || r === '.claudeignore' || r.startsWith('.gatehouse'))).toEqual(original);

    // And a whole-tree rollback to the session start says there is nothing left to do.
    const back = gatehouse(['rollback', '--to', 'session-start', '--dry-run'], p.dir, p.env);
    expect(back.stdout).toMatch(/Already at that state/);
  });
});
