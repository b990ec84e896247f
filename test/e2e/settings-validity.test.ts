// Cross-checks `gatehouse settings lint` against the real CLI: when lint says "Claude Code ignores
// this whole file", the deny rule in that file must really stop working, and when it only warns,
// the rule must still hold.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettingsFile } from '../../src/settings/scopes.js';
import { lintSettings } from '../../src/settings/lint.js';
import { claudeProblem, E2E_ENABLED, makeProject, runClaude, type Project } from './harness.js';

const DENY = '"permissions": { "deny": ["Read(**/.env)"] }';
const CASES: [string, string, boolean][] = [
  ['a valid file', `{ ${DENY} }`, false],
  ['an unknown top-level key', `{ ${DENY}, "permisions": {} }`, false],
  ['an unknown hook event', `{ ${DENY}, "hooks": { "PreTooluse": [] } }`, false],
  ['a known key with the wrong type', `{ ${DENY}, "model": 5 }`, true],
  ['env values that are not strings (coerced)', `{ ${DENY}, "env": { "RETRIES": 3 } }`, false],
  ['a bad defaultMode', `{ "permissions": { "deny": ["Read(**/.env)"], "defaultMode": "yolo" } }`, true],
  ['a PreToolUse handler outside a matcher group', `{ ${DENY}, "hooks": { "PreToolUse": [{ "type": "command", "command": "true" }] } }`, true],
  ['a PermissionRequest timeout given as a string', `{ ${DENY}, "hooks": { "PermissionRequest": [{ "matcher": "*", "hooks": [{ "type": "command", "command": "true", "timeout": "5" }] }] } }`, true],
  ['a Stop handler outside a matcher group (only that entry is dropped)', `{ ${DENY}, "hooks": { "Stop": [{ "type": "command", "command": "true" }] } }`, false],
  ['a trailing comma', `{ ${DENY}, }`, true],
  ['permissions.ask given as a string', `{ "permissions": { "deny": ["Read(**/.env)"], "ask": "Bash(rm *)" } }`, true],
  ['a bad disableBypassPermissionsMode', `{ "permissions": { "deny": ["Read(**/.env)"], "disableBypassPermissionsMode": "yes" } }`, true],
];

const projects: Project[] = [];

(E2E_ENABLED ? describe.concurrent : describe.skip)('settings lint agrees with the real CLI on which files it ignores', () => {
  beforeAll(() => {
    const problem = claudeProblem();
    if (problem) throw new Error(`real-client e2e cannot run: ${problem}`);
  });
  afterAll(() => {
    if (process.env.GATEHOUSE_E2E_KEEP !== '1') for (const p of projects) p.cleanup();
  });

  it.each(CASES)('%s', async (_name, text, ignored) => {
    const p = makeProject({ init: false, files: { '.env': 'TOKEN=value-from-env-file\n', '.claude/settings.json': text } });
    projects.push(p);
    const report = lintSettings([readSettingsFile('project', p.settingsFile)]);
    expect(report.files[0]?.valid).toBe(!ignored);
    const run = await runClaude(p, { script: [{ tool: 'Read', input: { file_path: join(p.dir, '.env') } }] });
    const denied = (run.result?.permission_denials ?? []).length > 0;
    expect(denied).toBe(!ignored);
  });
});
