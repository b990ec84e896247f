// Reads JUnit XML as test runners write it (vitest, node --test, mocha, pytest): testcase
// elements with an optional failure/error/skipped child. A deliberately small reader: it only
// needs those elements, and any XML it cannot follow is reported, not guessed at.

import type { TestCase } from './types.js';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function xmlUnescape(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]!] = xmlUnescape(m[3] ?? m[4] ?? '');
  return out;
}

/** Throws when the text is not JUnit XML. */
export function parseJUnit(xml: string): TestCase[] {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, c: string) => c.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  if (!/<testsuites?\b|<testcase\b/.test(body)) throw new Error('no <testsuite> or <testcase> element');
  const cases: TestCase[] = [];
  // Remember which suite each testcase sits in.
  const re = /<testsuite\b([^>]*?)(\/?)>|<\/testsuite>|<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  const suites: string[] = [];
  for (const m of body.matchAll(re)) {
    if (m[0].startsWith('<testsuite') && !m[0].startsWith('<testsuites')) {
      if (m[2] !== '/') suites.push(attrs(m[1] ?? '').name ?? '');
      continue;
    }
    if (m[0] === '</testsuite>') {
      suites.pop();
      continue;
    }
    const a = attrs(m[3] ?? '');
    const inner = m[5] ?? '';
    const failure = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(inner);
    const skipped = /<skipped\b/.test(inner);
    const tc: TestCase = {
      suite: suites[suites.length - 1] || a.classname || 'tests',
      name: a.name ?? '(unnamed)',
      ...(a.classname ? { classname: a.classname } : {}),
      ...(a.time && Number.isFinite(Number(a.time)) ? { timeSec: Number(a.time) } : {}),
      outcome: failure ? (failure[1] === 'error' ? 'errored' : 'failed') : skipped ? 'skipped' : 'passed',
    };
    if (failure) {
      const fa = attrs(failure[2] ?? '');
      tc.message = fa.message ?? fa.type ?? failure[1];
      if (failure[3]) tc.details = xmlUnescape(failure[3]).trim().slice(0, 4000);
    }
    cases.push(tc);
  }
  return cases;
}
