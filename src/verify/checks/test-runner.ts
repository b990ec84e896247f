// The test check: runs the project's own test command and reads its JUnit output. Detects the
// runner (vitest, jest, mocha, node --test, pytest) so JUnit can be requested with the runner's
// own flags; otherwise runs `npm test` and judges by the exit code. This executes the project's
// tests, which is why it only runs when selected.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactText } from '../../audit/redact.js';
import { execProblem, execTool } from '../exec.js';
import { parseJUnit } from '../junit-parse.js';
import { fingerprint } from '../suppress.js';
import type { Finding, RuleMeta, TestCase } from '../types.js';
import type { Check } from './context.js';
import { readPackageJson, resolveProjectBin } from './resolve-bin.js';

export interface TestPlan {
  runner: 'vitest' | 'jest' | 'mocha' | 'node-test' | 'pytest' | 'npm' | 'custom';
  cmd: string;
  args: string[];
  /** Where JUnit XML (or jest JSON) will be, if the runner writes it. */
  report?: { path: string; format: 'junit' | 'jest-json' };
  display: string;
}

export const TEST_RULE: RuleMeta = {
  id: 'test/failed',
  summary: 'Test failed',
  why: 'The project’s own tests fail on this change.',
  fix: 'Fix the code (or the test, if the behaviour change is intended and reviewed).',
  level: 'error',
};

/** Picks how to run the tests. Pure apart from reading package.json and probing files. */
export function planTests(project: string, outDir: string, custom?: string[]): TestPlan | undefined {
  const junit = join(outDir, 'junit.xml');
  if (custom) return { runner: 'custom', cmd: custom[0]!, args: custom.slice(1), display: custom.join(' ') };
  const pkg = readPackageJson(project);
  const script = ((pkg?.scripts as Record<string, string> | undefined)?.test ?? '').trim();
  const npmDefault = /no test specified/.test(script);
  if (script && !npmDefault) {
    let m: RegExpExecArray | null;
    if ((m = /^vitest(?:\s+run)?((?:\s+[\w./*-]+)*)$/.exec(script))) {
      const bin = resolveProjectBin(project, 'vitest');
      if (bin) return { runner: 'vitest', cmd: process.execPath, args: [bin.script, 'run', ...m[1]!.trim().split(/\s+/).filter(Boolean), '--reporter=default', '--reporter=junit', `--outputFile.junit=${junit}`], report: { path: junit, format: 'junit' }, display: `vitest ${bin.version}` };
    }
    if ((m = /^jest((?:\s+[\w./*-]+)*)$/.exec(script))) {
      const bin = resolveProjectBin(project, 'jest');
      const json = join(outDir, 'jest.json');
      if (bin) return { runner: 'jest', cmd: process.execPath, args: [bin.script, '--ci', ...m[1]!.trim().split(/\s+/).filter(Boolean), '--json', `--outputFile=${json}`], report: { path: json, format: 'jest-json' }, display: `jest ${bin.version}` };
    }
    if ((m = /^mocha((?:\s+[\w./*-]+)*)$/.exec(script))) {
      const bin = resolveProjectBin(project, 'mocha', '_mocha') ?? resolveProjectBin(project, 'mocha');
      if (bin) return { runner: 'mocha', cmd: process.execPath, args: [bin.script, ...m[1]!.trim().split(/\s+/).filter(Boolean), '--reporter', 'xunit', '--reporter-option', `output=${junit}`], report: { path: junit, format: 'junit' }, display: `mocha ${bin.version}` };
    }
    if ((m = /^node\s+--test((?:\s+[\w./*-]+)*)$/.exec(script))) {
      return { runner: 'node-test', cmd: process.execPath, args: ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=junit', `--test-reporter-destination=${junit}`, ...m[1]!.trim().split(/\s+/).filter(Boolean)], report: { path: junit, format: 'junit' }, display: `node --test (${process.version})` };
    }
    if (/^(python3?\s+-m\s+)?pytest\b[\w\s./=-]*$/.test(script)) {
      return { runner: 'pytest', cmd: 'python3', args: ['-m', 'pytest', '-p', 'no:cacheprovider', `--junitxml=${junit}`, ...script.replace(/^(python3?\s+-m\s+)?pytest/, '').trim().split(/\s+/).filter(Boolean)], report: { path: junit, format: 'junit' }, display: 'pytest' };
    }
    return { runner: 'npm', cmd: 'npm', args: ['test', '--silent'], display: `npm test (${script.slice(0, 60)})` };
  }
  const py = ['pytest.ini', 'conftest.py', 'tox.ini'].some((f) => existsSync(join(project, f))) || (existsSync(join(project, 'pyproject.toml')) && /\[tool\.pytest/.test(readFileSync(join(project, 'pyproject.toml'), 'utf8')));
  if (py) return { runner: 'pytest', cmd: 'python3', args: ['-m', 'pytest', '-p', 'no:cacheprovider', `--junitxml=${junit}`], report: { path: junit, format: 'junit' }, display: 'pytest' };
  return undefined;
}

/** Jest's --json output → test cases. */
export function parseJestJson(text: string): TestCase[] {
  const data = JSON.parse(text) as { testResults?: { name: string; assertionResults?: { title: string; fullName?: string; status: string; failureMessages?: string[]; duration?: number }[] }[] };
  if (!Array.isArray(data.testResults)) throw new Error('no testResults');
  return data.testResults.flatMap((f) =>
    (f.assertionResults ?? []).map((a) => ({
      suite: f.name,
      name: a.fullName ?? a.title,
      outcome: a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped',
      ...(a.duration ? { timeSec: a.duration / 1000 } : {}),
      ...(a.failureMessages?.length ? { message: a.failureMessages[0]!.split('\n')[0], details: a.failureMessages.join('\n').slice(0, 4000) } : {}),
    })) as TestCase[],
  );
}

export const testCheck: Check = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  try {
    const plan = planTests(ctx.project, dir, ctx.config.testCommand);
    const tools = [{ name: 'tests', rules: [TEST_RULE] }];
    if (!plan) {
      const why = 'no test command found (package.json scripts.test, or pytest config); set testCommand in .gatehouse/verify.json';
      return ctx.explicit ? { findings: [], tools, failure: why } : { findings: [], tools, skipped: why };
    }
    const r = await execTool(plan.cmd, plan.args, { cwd: ctx.project, env: { ...ctx.env, CI: 'true', FORCE_COLOR: '0' }, timeoutMs: ctx.timeoutMs });
    const ran = [`${plan.display}`];
    const bad = execProblem(r, plan.display, ctx.timeoutMs);
    let tests: TestCase[] | undefined;
    let readProblem: string | undefined;
    if (plan.report) {
      try {
        const text = readFileSync(plan.report.path, 'utf8');
        tests = plan.report.format === 'junit' ? parseJUnit(text) : parseJestJson(text);
      } catch (e) {
        readProblem = `the test report could not be read (${(e as Error).message})`;
      }
    }
    const findings: Finding[] = (tests ?? [])
      .filter((t) => t.outcome === 'failed' || t.outcome === 'errored')
      .map((t) => {
        const message = redactText(`${t.suite} › ${t.name}${t.message ? `: ${t.message.split('\n')[0]}` : ''}`).text;
        return { check: 'test', tool: 'tests', ruleId: TEST_RULE.id, level: 'error', message, fingerprint: fingerprint(TEST_RULE.id, t.suite, t.name) } as Finding;
      });
    for (const t of tests ?? []) {
      if (t.message) t.message = redactText(t.message).text;
      if (t.details) t.details = redactText(t.details).text;
    }
    let failure = bad;
    if (!failure && r.code !== 0) {
      const tail = redactText((r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ')).text.slice(0, 300);
      failure = findings.length ? undefined : `${plan.display} exited with ${r.code}${readProblem ? ` and ${readProblem}` : ''}: ${tail || 'no output'}`;
      if (findings.length === 0 && tests && tests.length) failure = `${plan.display} exited with ${r.code} although every test in its report passed: ${tail}`;
    }
    if (!failure && r.code === 0 && readProblem) ran.push(`(no JUnit report: ${readProblem})`);
    if (tests) ran.push(`${tests.length} test(s): ${tests.filter((t) => t.outcome === 'passed').length} passed, ${findings.length} failed, ${tests.filter((t) => t.outcome === 'skipped').length} skipped`);
    return { findings, tools, ...(tests ? { tests } : {}), ran, ...(failure ? { failure } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
