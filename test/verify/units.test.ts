// Pure parts of verification, table-driven: diff hunks, suppressions, critical areas, config,
// docs detection, JUnit reading and the reporters' escaping and caps.
import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff, touches, unquoteGitPath, type ChangeSet } from '../../src/verify/diff.js';
import { applySuppressions, findSuppressions } from '../../src/verify/suppress.js';
import { classifyCritical, globToRegExp } from '../../src/verify/critical-areas.js';
import { validateConfig } from '../../src/verify/config.js';
import { undocumentedJs, undocumentedPython } from '../../src/verify/checks/docs.js';
import { parseJUnit } from '../../src/verify/junit-parse.js';
import { annotationLine, annotations, escapeProperty } from '../../src/verify/report/annotations.js';
import { findStickyComment, markdownSummary, mdEscape, STICKY_MARKER } from '../../src/verify/report/markdown.js';
import { junitText } from '../../src/verify/report/junit.js';
import { classify, toolEnv } from '../../src/verify/run.js';
import { GatehouseError } from '../../src/errors.js';
import type { Finding, VerifyReport } from '../../src/verify/types.js';

const finding = (o: Partial<Finding>): Finding => ({ check: 'security', tool: 'gatehouse', ruleId: 'js/code-injection', level: 'error', message: 'm', fingerprint: 'f', file: 'a.js', line: 1, ...o });

describe('parseUnifiedDiff', () => {
  const diff = [
    'diff --git a/src/a.ts b/src/a.ts',
    'index 1..2 100644',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -3,0 +4,2 @@ function x',
    '+one',
    '+two',
    '@@ -10 +12 @@',
    '-old',
    '+new',
    '@@ -20,3 +22,0 @@',
    'diff --git a/new.js b/new.js',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/new.js',
    '@@ -0,0 +1 @@',
    '+x',
    'diff --git a/gone.js b/gone.js',
    '--- a/gone.js',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-x',
    'diff --git "a/sp ace\\tx.js" "b/sp ace\\tx.js"',
    '--- "a/sp ace\\tx.js"',
    '+++ "b/sp ace\\tx.js"',
    '@@ -1 +1 @@',
    'Binary files a/img.png and b/img.png differ',
  ].join('\n');
  const files = parseUnifiedDiff(diff);
  it('keeps only added/changed new-side lines, marks new files whole and keeps deletions', () => {
    expect(files.map((f) => [f.path, f.status, f.lines === 'all' ? 'all' : [...f.lines]])).toEqual([
      ['src/a.ts', 'modified', [4, 5, 12]],
      ['new.js', 'added', 'all'],
      ['gone.js', 'deleted', []],
      ['sp ace\tx.js', 'modified', [1]],
      ['img.png', 'binary', 'all'],
    ]);
  });
  it('says whether a finding range touches changed lines', () => {
    const cs: ChangeSet = { base: 'm', mergeBase: 'x', files: new Map(files.map((f) => [f.path, f])) };
    expect([touches(cs, 'src/a.ts', 4), touches(cs, 'src/a.ts', 6), touches(cs, 'src/a.ts', 10, 12), touches(cs, 'new.js', 99), touches(cs, 'other.js', 1)]).toEqual([true, false, true, true, false]);
  });
  it.each([
    ['"a\\303\\251b"', 'aéb'],
    ['plain', 'plain'],
    ['"q\\"x"', 'q"x'],
  ])('unquotes git path %s', (q, want) => expect(unquoteGitPath(q)).toBe(want));
});

describe('suppressions', () => {
  const text = [
    "exec(cmd); // gatehouse-ignore js/command-injection -- reviewed: constant",
    '# gatehouse-ignore py/code-injection, js/dom-xss',
    'eval(x)',
    'x = 1 // gatehouse-ignore',
    'y // gatehouse-ignore no/such-rule -- reason: x/y',
    "z /* gatehouse-ignore js/dom-xss */ + ''",
  ].join('\n');
  const sups = findSuppressions('a.js', text);
  it('reads rule ids, reasons and whether the comment is alone on its line', () => {
    expect(sups.map((s) => [s.line, s.target, s.ids])).toEqual([
      [1, 1, ['js/command-injection']],
      [2, 3, ['py/code-injection', 'js/dom-xss']],
      [4, 4, []],
      [5, 5, ['no/such-rule']],
      [6, 6, ['js/dom-xss']],
    ]);
    expect(findSuppressions('README.md', text)).toEqual([]);
  });
  it('suppresses only named rules and reports unused, unnamed and unknown suppressions', () => {
    const own = new Set(['js/command-injection', 'py/code-injection', 'js/dom-xss']);
    const r = applySuppressions(
      [finding({ ruleId: 'js/command-injection', line: 1 }), finding({ ruleId: 'js/code-injection', line: 3 }), finding({ ruleId: 'py/code-injection', line: 3 })],
      sups,
      { check: 'security', ownIds: own, knownIds: new Set([...own, 'js/code-injection']), reportUnknown: true },
    );
    expect(r.suppressed).toBe(2);
    expect(r.kept.map((f) => f.ruleId)).toEqual(['js/code-injection']);
    expect(r.problems.map((p) => `${p.ruleId}:${p.line}:${p.level}`)).toEqual([
      'gatehouse/suppressed:1:note',
      'gatehouse/suppressed:2:note',
      'gatehouse/unused-suppression:2:warning',
      'gatehouse/suppression-without-rule:4:warning',
      'gatehouse/unused-suppression:5:warning',
      'gatehouse/unused-suppression:6:warning',
    ]);
  });
});

describe('critical areas', () => {
  it.each([
    ['src/auth/session.ts', undefined, ['auth']],
    ['app/login.py', undefined, ['auth']],
    ['src/author/bio.ts', '', []],
    ['lib/billing/invoice.js', '', ['payments']],
    ['db/migrations/001_init.sql', '', ['migrations']],
    ['schema/change.sql', 'ALTER TABLE users DROP COLUMN email;', ['migrations']],
    ['Dockerfile', '', ['infra']],
    ['deploy/main.tf', '', ['infra']],
    ['.github/workflows/ci.yml', '', ['ci-config']],
    ['.claude/settings.json', '', ['security-config']],
    ['.env.production', '', ['security-config']],
    ['src/pay.ts', "import Stripe from 'stripe';", ['payments']],
    ['src/tokens.ts', "import jwt from 'jsonwebtoken';", ['auth']],
    ['src/box.ts', "const c = createCipheriv('aes-256-gcm', k, iv);", ['crypto']],
    ['src/readme.ts', 'export const x = 1;', []],
  ])('%s → %j', (path, text, areas) => {
    expect(classifyCritical(path, text).map((h) => h.area)).toEqual(areas);
  });
  it('adds project globs', () => {
    expect(classifyCritical('src/ledger/post.ts', '', ['src/ledger/**']).map((h) => h.area)).toEqual(['custom']);
    expect([globToRegExp('*.tf').test('a/b/main.tf'), globToRegExp('/infra/').test('infra/x/y'), globToRegExp('/infra/').test('src/infra/x')]).toEqual([true, true, false]);
  });
});

describe('validateConfig', () => {
  it('fills defaults and accepts a full file', () => {
    const c = validateConfig({ timeouts: { test: 60 }, testCommand: ['npm', 'test'], criticalPaths: ['src/ledger/**'], stopGate: { enabled: true, checks: ['security'], timeoutSeconds: 30, base: '@{upstream}' } });
    expect(c).toEqual({ timeouts: { test: 60 }, testCommand: ['npm', 'test'], criticalPaths: ['src/ledger/**'], stopGate: { enabled: true, checks: ['security'], timeoutSeconds: 30, base: '@{upstream}' } });
  });
  it('lists every problem with its key', () => {
    try {
      validateConfig({ timeouts: { test: -1, nope: 3 }, testCommand: 'npm test', stopGate: { checks: ['typo'] }, extra: 1 });
      expect.unreachable();
    } catch (e) {
      const keys = ((e as { errors: GatehouseError[] }).errors ?? []).map((x) => x.key);
      expect(keys).toEqual(['extra', 'timeouts.test', 'timeouts.nope', 'testCommand', 'stopGate.checks']);
    }
  });
});

describe('docs detection', () => {
  it.each([
    ['a.ts', '/** Doc. */\nexport function a() {}\n', []],
    ['a.ts', '// not a doc comment\nexport function a() {}\n', ['a']],
    ['a.ts', 'export const x = 1, y = 2;\nexport interface I {}\nexport type T = 1;\nexport class C {}\nexport enum E { A }\n', ['x, y', 'I', 'T', 'C', 'E']],
    ['a.ts', "export { a } from './a.js';\nexport * from './b.js';\nconst z = 1;\nexport { z };\n", []],
    ['a.js', 'export default function () {}\n', ['default']],
    ['a.ts', 'export const run = async () => {\n  const inner = 1;\n  return inner;\n};\n', ['run']],
  ])('%s %j', (file, code, names) => {
    expect(undocumentedJs(file, code).map((f) => /Exported (.*) has/.exec(f.message)![1]!.replace(/'/g, ''))).toEqual(names);
  });
  it('finds public Python functions and classes without docstrings', () => {
    const code = 'def a():\n    """Doc."""\n\ndef b():\n    return 1\n\ndef _private():\n    pass\n\n@decorator\nclass C:\n    x = 1\n';
    expect(undocumentedPython('m.py', code).map((f) => f.line)).toEqual([4, 11]);
  });
});

describe('parseJUnit', () => {
  it('reads vitest/pytest style reports with failures, errors and skips', () => {
    const xml = `<?xml version="1.0"?><testsuites><testsuite name="a.test.ts"><testcase classname="a.test.ts" name="ok &amp; fine" time="0.1"/><testcase name="bad" time="0.2"><failure message="expected 1 &lt; 2"><![CDATA[stack <here>]]></failure></testcase><testcase name="skip"><skipped/></testcase></testsuite><testsuite name="b"><testcase name="boom"><error message="TypeError"/></testcase></testsuite></testsuites>`;
    expect(parseJUnit(xml).map((t) => [t.suite, t.name, t.outcome, t.message ?? null])).toEqual([
      ['a.test.ts', 'ok & fine', 'passed', null],
      ['a.test.ts', 'bad', 'failed', 'expected 1 < 2'],
      ['a.test.ts', 'skip', 'skipped', null],
      ['b', 'boom', 'errored', 'TypeError'],
    ]);
  });
  it('refuses text that is not JUnit', () => expect(() => parseJUnit('{"tests": []}')).toThrow(/no <testsuite>/));
});

function reportWith(findings: Finding[], extra: Partial<VerifyReport> = {}): VerifyReport {
  return { ok: false, project: '/p', base: 'main', changedFiles: ['a.js'], durationMs: 5, checks: [{ check: 'security', status: 'fail', reason: 'x new error finding(s)', durationMs: 1, findings, tools: [] }], ...extra };
}

describe('reporters', () => {
  it('escapes workflow-command data and properties so finding text cannot start a new command', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const line = annotationLine(finding({ file: 'x,y.js', message: 'bad\n::set-env name=X::1', line: 3, column: 2, endColumn: 9 }));
    expect(line).toBe('::error file=x%2Cy.js,line=3,col=2,endColumn=9,title=gatehouse security%3A js/code-injection::bad%0A::set-env name=X::1');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('keeps annotations within GitHub’s per-step caps and says how many were left out', () => {
    const many = [...Array(25)].map((_, i) => finding({ line: i + 1, isNew: true })).concat([...Array(12)].map((_, i) => finding({ level: 'warning', line: i + 1, isNew: true })));
    const lines = annotations(reportWith(many)).trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::warning')).length).toBe(10);
    expect(lines.at(-1)).toMatch(/^::notice title=gatehouse::17 more finding/);
  });

  it('escapes Markdown and HTML from the change, and neutralises @-mentions', () => {
    expect(mdEscape('<img src=x> | `a` @admin')).toBe('&lt;img src=x&gt; \\| \\`a\\` @\u200badmin');
    const md = markdownSummary(reportWith([finding({ message: 'ping @octocat </details>', isNew: true })]));
    expect(md).not.toContain('@octocat');
    expect(md).not.toContain('</details>');
  });

  it('redacts a secret that reached a message, in every format', () => {
    const key = ['AKIA', 'Q3EGRIQZ', 'XMPLE7XQ'].join('');
    const r = reportWith([finding({ message: `leaked ${key}`, isNew: true })]);
    for (const text of [markdownSummary(r), annotations(r), junitText(r)]) {
      expect(text).not.toContain(key);
      expect(text).toContain('[REDACTED:aws-access-key-id:');
    }
  });

  it('finds the sticky comment by its marker', () => {
    const c = [{ id: 1, body: 'hello' }, { id: 2, body: `${STICKY_MARKER}\n## old` }];
    expect(findStickyComment(c)?.id).toBe(2);
  });
});

describe('run helpers', () => {
  it('removes credentials from the tools’ environment unless kept on purpose', () => {
    expect(toolEnv({ PATH: '/bin', GITHUB_TOKEN: 'x', AWS_SECRET_ACCESS_KEY: 'y', NPM_TOKEN: 'z', HOME: '/h', ANTHROPIC_API_KEY: 'k', GATEHOUSE_VERIFY_KEEP_ENV: 'NPM_TOKEN' })).toEqual({
      PATH: '/bin',
      HOME: '/h',
      NPM_TOKEN: 'z',
      GATEHOUSE_VERIFY_KEEP_ENV: 'NPM_TOKEN',
    });
  });
  it('classifies tests as always new and critical by file', () => {
    const cs: ChangeSet = { base: 'b', mergeBase: 'm', files: new Map([['a.js', { path: 'a.js', status: 'modified', lines: new Set([2]) }]]) };
    const out = classify([finding({ line: 1 }), finding({ line: 2 }), finding({ check: 'critical', line: 9 }), finding({ check: 'test', file: undefined })], cs);
    expect(out.map((f) => f.isNew)).toEqual([false, true, true, true]);
  });
});

describe('minified files', () => {
  it('are parsed when they are part of a change, so one long line cannot hide an injection', async () => {
    const { scanFile } = await import('../../src/verify/security/scan-file.js');
    const padding = `const pad = '${'x'.repeat(30_000)}';`;
    const text = `${padding} const { exec } = require('child_process'); exec('rm -rf ' + dir);\n`;
    expect(scanFile('evil.js', text, false).map((f) => f.ruleId)).not.toContain('js/command-injection');
    expect(scanFile('evil.js', text, true).map((f) => f.ruleId)).toContain('js/command-injection');
  });
});
