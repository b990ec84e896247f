// Runs the ast-grep rules over files: each file is parsed once (only when some rule's literal
// prefilter matches its text), then each applicable rule is matched. @ast-grep/napi and the
// Python grammar are loaded on first use, so nothing pays for them unless a scan runs.
import { createRequire } from 'node:module';
import { redactText } from '../../audit/redact.js';
import { fingerprint } from '../suppress.js';
import type { Finding, CheckName } from '../types.js';
import type { AstRule } from './rule.js';

type Napi = typeof import('@ast-grep/napi');
let napi: Napi | undefined;

/** Loads ast-grep and registers Python; throws a clear error when the native addon is missing. */
export function loadAstGrep(): Napi {
  if (napi) return napi;
  const require = createRequire(import.meta.url);
  const mod = require('@ast-grep/napi') as Napi;
  const python = require('@ast-grep/lang-python') as Parameters<Napi['registerDynamicLanguage']>[0][string];
  mod.registerDynamicLanguage({ python });
  napi = mod;
  return mod;
}

export type SourceLang = 'js' | 'ts' | 'tsx' | 'py';

export function sourceLang(path: string): SourceLang | undefined {
  if (/\.(js|jsx|mjs|cjs)$/.test(path)) return 'js';
  if (/\.(ts|mts|cts)$/.test(path) && !path.endsWith('.d.ts')) return 'ts';
  if (/\.tsx$/.test(path)) return 'tsx';
  if (/\.(py|pyi)$/.test(path)) return 'py';
  return undefined;
}

function napiLang(n: Napi, l: SourceLang): string {
  switch (l) {
    case 'js':
      return n.Lang.JavaScript;
    case 'ts':
      return n.Lang.TypeScript;
    case 'tsx':
      return n.Lang.Tsx;
    case 'py':
      return 'python';
  }
}

export function ruleApplies(rule: AstRule, lang: SourceLang, text: string): boolean {
  if ((rule.language === 'py') !== (lang === 'py')) return false;
  return rule.needs.some((n) => (typeof n === 'string' ? text.includes(n) : n.test(text)));
}

/** Minified or generated code (very long lines): nobody reviews it, and parsing it is most of
 * a scan's cost, so code rules skip it (the secret scan still reads it). */
export function isMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 200;
}

/** The rules worth parsing this file for (none: skip the parse). `everything` turns off the
 * minified-file skip: files in a change are always parsed, or a change could hide code in one
 * long line. */
export function applicableRules(file: string, text: string, rules: readonly AstRule[], everything = false): AstRule[] {
  const lang = sourceLang(file);
  if (!lang) return [];
  const applicable = rules.filter((r) => ruleApplies(r, lang, text));
  return applicable.length && (everything || !isMinified(text)) ? applicable : [];
}

type Root = ReturnType<ReturnType<Napi['parse']>['root']>;

/** Parses `text` once and runs every applicable rule on it. */
export function scanSource(file: string, text: string, rules: readonly AstRule[], check: CheckName = 'security', everything = false): Finding[] {
  const applicable = applicableRules(file, text, rules, everything);
  if (applicable.length === 0) return [];
  const n = loadAstGrep();
  return matchRules(file, n.parse(napiLang(n, sourceLang(file)!) as never, text).root(), applicable, check);
}

function matchRules(file: string, root: Root, applicable: readonly AstRule[], check: CheckName): Finding[] {
  const out: Finding[] = [];
  for (const rule of applicable) {
    const seen = new Set<string>();
    for (const node of root.findAll(rule.matcher as never)) {
      const r = node.range();
      const matched = redactText(node.text()).text;
      const id = `${r.start.index}:${r.end.index}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        check,
        tool: 'gatehouse',
        ruleId: rule.id,
        level: rule.level,
        message: `${rule.summary}: \`${oneLine(matched)}\`. ${rule.fix}`,
        file,
        line: r.start.line + 1,
        column: r.start.column + 1,
        endLine: r.end.line + 1,
        endColumn: r.end.column + 1,
        fingerprint: fingerprint(rule.id, file, matched.replace(/\s+/g, ' ')),
      });
    }
  }
  return out;
}

export function oneLine(s: string, max = 120): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}
