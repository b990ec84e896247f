// JUnit XML: one suite per check (one case per new error finding, or one passing case), and
// the project's own test cases as they came from its runner.
import type { CheckResult, TestCase, VerifyReport } from '../types.js';
import { redactOutput } from './redact-output.js';

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped.
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function suite(name: string, cases: TestCase[], timeSec: number): string {
  const failures = cases.filter((c) => c.outcome === 'failed').length;
  const errors = cases.filter((c) => c.outcome === 'errored').length;
  const skipped = cases.filter((c) => c.outcome === 'skipped').length;
  const body = cases
    .map((c) => {
      const attrs = `name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname ?? name)}" time="${(c.timeSec ?? 0).toFixed(3)}"`;
      if (c.outcome === 'passed') return `    <testcase ${attrs}/>`;
      if (c.outcome === 'skipped') return `    <testcase ${attrs}>\n      <skipped${c.message ? ` message="${xmlEscape(c.message)}"` : ''}/>\n    </testcase>`;
      const tag = c.outcome === 'errored' ? 'error' : 'failure';
      return `    <testcase ${attrs}>\n      <${tag} message="${xmlEscape(c.message ?? c.outcome)}">${xmlEscape(c.details ?? '')}</${tag}>\n    </testcase>`;
    })
    .join('\n');
  return `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${timeSec.toFixed(3)}">\n${body}\n  </testsuite>`;
}

function checkCases(c: CheckResult): TestCase[] {
  const suiteName = `gatehouse.${c.check}`;
  if (c.status === 'skipped') return [{ suite: suiteName, name: c.check, outcome: 'skipped', ...(c.reason ? { message: c.reason } : {}) }];
  const blocking = c.findings.filter((f) => f.isNew && f.level === 'error');
  const cases: TestCase[] = blocking.map((f) => ({
    suite: suiteName,
    name: `${f.ruleId}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}`,
    classname: suiteName,
    outcome: 'failed',
    message: f.message.split('\n')[0]!,
    details: f.message,
  }));
  if (c.status === 'fail' && c.reason && blocking.length === 0) cases.push({ suite: suiteName, name: `${c.check} ran`, outcome: 'errored', message: c.reason });
  if (cases.length === 0) cases.push({ suite: suiteName, name: `${c.check} passed`, outcome: 'passed', timeSec: c.durationMs / 1000 });
  return cases;
}

export function junitText(report: VerifyReport): string {
  const suites: string[] = [];
  for (const c of report.checks) {
    suites.push(suite(`gatehouse.${c.check}`, checkCases(c), c.durationMs / 1000));
    if (c.tests?.length) {
      const bySuite = new Map<string, TestCase[]>();
      for (const t of c.tests) bySuite.set(t.suite, [...(bySuite.get(t.suite) ?? []), t]);
      for (const [name, cases] of bySuite) suites.push(suite(name, cases, cases.reduce((s, t) => s + (t.timeSec ?? 0), 0)));
    }
  }
  return redactOutput(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gatehouse verify" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`);
}
