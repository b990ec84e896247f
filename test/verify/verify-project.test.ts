// gatehouse verify end to end on real git projects with the project's real ESLint, a real test
// runner (vitest) and the real ast-grep engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import verifyCommand from '../../src/cli/commands/verify.js';
import { memoryIo } from '../../src/cli/io.js';
import type { VerifyReport } from '../../src/verify/types.js';
import { makeProject, runCli, type Project } from './helpers/project.js';

// ajv for draft-04 (the SARIF schema's dialect), with the uri/date-time formats it uses.
type Validate = ((v: unknown) => boolean) & { errors?: unknown[] | null };
const req = createRequire(import.meta.url);
const Ajv = req('ajv-draft-04') as new (o: object) => { compile(s: object): Validate };
const addFormats = req('ajv-formats') as (a: object) => void;
const SCHEMA = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));
const FAKE_KEY = ['AKIA', 'Q3EGRIQZ', 'XMPLE7XQ'].join('');

const env = (p: Project) => ({ PATH: process.env.PATH!, HOME: p.dir, GITHUB_TOKEN: 'ghs_must_not_reach_tools' });

async function verify(p: Project, args: string[]) {
  const io = memoryIo({ cwd: p.dir, env: env(p) });
  const code = await runCli(verifyCommand, args, io);
  return { code, io };
}

describe('gatehouse verify on a pull-request-like change', () => {
  let p: Project;
  let report: VerifyReport;
  let code: number;
  beforeAll(async () => {
    p = makeProject({ linkNodeModules: true });
    p.write({
      'package.json': JSON.stringify({ name: 'fixture', private: true, type: 'module', scripts: { test: 'vitest run' } }, null, 2),
      'eslint.config.js': "export default [{ rules: { 'no-unused-vars': 'error', semi: ['error', 'always'] } }];\n",
      'src/util.js': "import { exec } from 'node:child_process';\n\n/** Runs a command the operator typed. */\nexport function runOperator(cmd) {\n  return exec(cmd);\n}\n",
      'src/legacy.js': '/** Old evaluator. */\nexport function evaluate(code) {\n  const unused = 1;\n  return eval(code);\n}\n',
      'src/auth/session.js': '/** Session lifetime in seconds. */\nexport const SESSION_TTL = 3600;\n',
      'test/util.test.js': "import { test, expect } from 'vitest';\nimport { SESSION_TTL } from '../src/auth/session.js';\n\ntest('sessions last at least an hour', () => {\n  expect(SESSION_TTL).toBeGreaterThanOrEqual(3600);\n});\n",
    });
    p.commit('base');
    p.git('checkout', '-q', '-b', 'feature');
    p.write({
      'src/util.js':
        "import { exec } from 'node:child_process';\n\n/** Runs a command the operator typed. */\nexport function runOperator(cmd) {\n  return exec(cmd);\n}\n\n/** Shows the log of a branch. */\nexport function branchLog(branch) {\n  return exec(`git log ${branch}`);\n}\n",
      'src/config.js': `/** Storage settings. */\nexport const storage = { region: 'eu-west-1', accessKeyId: '${FAKE_KEY}' };\n`,
      'src/api.js': 'export function handler(req) {\n  return req.body;\n}\n',
      'src/auth/session.js': '/** Session lifetime in seconds. */\nexport const SESSION_TTL = 7200;\n',
    });
    p.commit('feature');
    const r = await verify(p, ['--base', 'main', '--json', '--sarif', 'out/gatehouse.sarif', '--junit', 'out/junit.xml', '--markdown', 'out/summary.md', '--comment', 'out/comment.md']);
    code = r.code;
    report = JSON.parse(r.io.stdout) as VerifyReport;
  }, 120_000);
  afterAll(() => p?.remove());

  it('fails with exactly the injection, the leaked key, the undocumented export and the auth edit', () => {
    expect(code).toBe(1);
    const blocking = report.checks
      .flatMap((c) => c.findings)
      .filter((f) => f.isNew && f.level === 'error')
      .map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'}`)
      .sort();
    expect(blocking).toEqual([
      'critical/auth src/auth/session.js:-',
      'docs/undocumented-export src/api.js:1',
      'js/command-injection src/util.js:10',
      'secret/hardcoded-credential src/config.js:2',
    ]);
    const status = Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
    expect(status).toEqual({ lint: 'pass', test: 'pass', security: 'fail', docs: 'fail', critical: 'fail' });
  });

  it('reports pre-existing findings in changed files separately and does not fail on them', () => {
    const old = report.checks.flatMap((c) => c.findings).filter((f) => !f.isNew);
    expect(old.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['js/command-injection src/util.js:5']);
    // The untouched legacy file (eval, an unused variable) is outside the change altogether.
    expect(report.checks.flatMap((c) => c.findings).some((f) => f.file === 'src/legacy.js')).toBe(false);
  });

  it('ran the real tools: ESLint on the changed files and vitest with JUnit output', () => {
    const lint = report.checks.find((c) => c.check === 'lint')!;
    expect(lint.ran?.join(' ')).toMatch(/eslint 10\.\d+\.\d+ on 4 changed file/);
    const test = report.checks.find((c) => c.check === 'test')!;
    expect(test.tests?.map((t) => [t.name, t.outcome])).toEqual([['sessions last at least an hour', 'passed']]);
  });

  it('never prints or writes the leaked key', () => {
    for (const f of ['gatehouse.sarif', 'junit.xml', 'summary.md', 'comment.md']) {
      expect(readFileSync(join(p.dir, 'out', f), 'utf8')).not.toContain(FAKE_KEY);
    }
    expect(JSON.stringify(report)).not.toContain(FAKE_KEY);
    expect(JSON.stringify(report)).toMatch(/aws-access-key-id, sha256 prefix [0-9a-f]{6}/);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema and meets GitHub code scanning’s rules', () => {
    const sarif = JSON.parse(readFileSync(join(p.dir, 'out', 'gatehouse.sarif'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(SCHEMA);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.$schema).toBe(SCHEMA.id);
    const categories = sarif.runs.map((r: { tool: { driver: { name: string } }; automationDetails: { id: string } }) => `${r.tool.driver.name} ${r.automationDetails.id}`);
    expect(new Set(categories).size).toBe(categories.length);
    for (const run of sarif.runs) {
      for (const rule of run.tool.driver.rules) {
        expect(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id).toBeTruthy();
      }
      for (const res of run.results) {
        expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
        expect(res.partialFingerprints['gatehouseFindingHash/v1']).toMatch(/^[0-9a-f]{32}$/);
        const loc = res.locations[0].physicalLocation;
        expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(loc.artifactLocation.uri).not.toMatch(/^(file:|\/)/);
        expect(loc.region.startLine).toBeGreaterThan(0);
      }
    }
    const inj = sarif.runs.flatMap((r: { results: unknown[] }) => r.results).find((r: { ruleId: string }) => r.ruleId === 'js/command-injection' && (r as unknown as { baselineState: string }).baselineState === 'new');
    expect(inj).toBeDefined();
    const injRule = sarif.runs.flatMap((r: { tool: { driver: { rules: { id: string }[] } } }) => r.tool.driver.rules).find((r: { id: string }) => r.id === 'js/command-injection');
    expect(injRule.properties.tags).toContain('external/cwe/cwe-78');
    expect(injRule.properties['security-severity']).toBe('9.8');
  });

  // Microsoft's SARIF validator (a 96 MB .NET binary, not a dependency): set SARIF_MULTITOOL to its
  // Sarif.Multitool executable to run GitHub's ingestion rules too.
  it.skipIf(!process.env.SARIF_MULTITOOL)('passes the SARIF validator with the GitHub rule kind (no errors or GitHub findings)', () => {
    const out = join(p.dir, 'out', 'validation.sarif');
    const r = spawnSync(process.env.SARIF_MULTITOOL!, ['validate', join(p.dir, 'out', 'gatehouse.sarif'), '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '--output', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const text = r.stdout + r.stderr;
    expect(text).not.toMatch(/: error /);
    expect(text).not.toMatch(/ GH\d{4}:/);
  });

  it('writes a sticky comment with its hidden marker and a JUnit file with one failing case per blocking finding', () => {
    const comment = readFileSync(join(p.dir, 'out', 'comment.md'), 'utf8');
    expect(comment.startsWith('<!-- gatehouse:verify -->\n')).toBe(true);
    expect(comment).toContain('Needs a human reviewer');
    const junit = readFileSync(join(p.dir, 'out', 'junit.xml'), 'utf8');
    expect(junit.match(/<failure /g)?.length).toBe(4);
  });
});

describe('gatehouse verify fails closed', () => {
  it('fails the lint check when the project’s ESLint crashes on its own config', async () => {
    const p = makeProject({ linkNodeModules: true });
    try {
      p.write({ 'package.json': '{"type":"module"}', 'eslint.config.js': "throw new Error('config exploded');\n", 'a.js': 'export const a = 1;\n' });
      p.commit('base');
      const { code, io } = await verify(p, ['--checks', 'lint', '--json']);
      const r = JSON.parse(io.stdout) as VerifyReport;
      expect(code).toBe(1);
      expect(r.checks[0]).toMatchObject({ check: 'lint', status: 'fail' });
      expect(r.checks[0]!.reason).toMatch(/eslint exited with 2/);
    } finally {
      p.remove();
    }
  }, 60_000);

  it('fails the test check when the test command hangs past its timeout', async () => {
    const p = makeProject();
    try {
      p.write({ '.gatehouse/verify.json': JSON.stringify({ timeouts: { test: 1 }, testCommand: [process.execPath, '-e', 'setInterval(() => {}, 1000)'] }) });
      p.commit('base');
      const { code, io } = await verify(p, ['--checks', 'test', '--json']);
      const r = JSON.parse(io.stdout) as VerifyReport;
      expect(code).toBe(1);
      expect(r.checks[0]!.reason).toMatch(/timed out after 1 s/);
    } finally {
      p.remove();
    }
  }, 60_000);

  it('fails a check whose code throws, without stopping the others', async () => {
    const { runVerify } = await import('../../src/verify/run.js');
    const p = makeProject();
    try {
      p.write({ 'a.js': '/** A. */\nexport const a = 1;\n' });
      p.commit('base');
      const r = await runVerify({
        project: p.dir,
        checks: ['security', 'docs'],
        env: env(p),
        checkImpls: { security: async () => { throw new Error('engine missing'); } },
      });
      expect(r.ok).toBe(false);
      expect(r.checks.map((c) => [c.check, c.status, c.reason])).toEqual([
        ['security', 'fail', 'security crashed: engine missing'],
        ['docs', 'pass', undefined],
      ]);
    } finally {
      p.remove();
    }
  });

  it('scans vendored files in a change and fails on a changed file too large to read', async () => {
    const p = makeProject();
    try {
      p.write({ 'a.js': '/** A. */\nexport const a = 1;\n' });
      p.commit('base');
      p.write({
        'vendor/evil.js': "const { exec } = require('child_process');\nexec('curl ' + url);\n",
        'dist/huge.js': `/* ${'x'.repeat(17 * 1024 * 1024)} */\n`,
      });
      const { code, io } = await verify(p, ['--checks', 'security', '--base', 'HEAD', '--json']);
      const r = JSON.parse(io.stdout) as VerifyReport;
      expect(code).toBe(1);
      expect(r.checks[0]!.findings.map((f) => `${f.ruleId} ${f.file}`).sort()).toEqual(['gatehouse/unscanned-file dist/huge.js', 'js/command-injection vendor/evil.js']);
    } finally {
      p.remove();
    }
  });

  it('treats an explicitly requested check with nothing to run as failed, and a default one as skipped', async () => {
    const p = makeProject();
    try {
      p.write({ 'a.txt': 'x\n' });
      p.commit('base');
      const explicit = JSON.parse((await verify(p, ['--checks', 'lint', '--json'])).io.stdout) as VerifyReport;
      expect(explicit.checks[0]!.status).toBe('fail');
      const dflt = JSON.parse((await verify(p, ['--json'])).io.stdout) as VerifyReport;
      expect(dflt.checks.find((c) => c.check === 'lint')!.status).toBe('skipped');
      expect(dflt.ok).toBe(true);
    } finally {
      p.remove();
    }
  });
});
