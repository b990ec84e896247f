// The docs check: exported TS/JS symbols without a /** doc comment */, and public Python
// functions and classes without a docstring. Parsed with ast-grep; nothing is executed.
import { VERSION } from '../../version.js';
import { loadAstGrep, sourceLang } from '../security/ast-scan.js';
import { isScannable } from '../files.js';
import { applySuppressions, findSuppressions, fingerprint, type Suppression } from '../suppress.js';
import { META_RULES } from '../security/index.js';
import type { Finding, RuleMeta } from '../types.js';
import type { Check } from './context.js';

export const DOC_RULES: RuleMeta[] = [
  {
    id: 'docs/undocumented-export',
    summary: 'Exported symbol without a doc comment',
    why: 'Exports are the module’s contract; readers and reviewers (and the next agent) rely on the doc comment to know what it promises.',
    fix: 'Add a /** … */ comment directly above the export saying what it does and returns.',
    level: 'error',
    precision: 'very-high',
    tags: ['maintainability', 'documentation'],
  },
  {
    id: 'docs/undocumented-python',
    summary: 'Public Python function or class without a docstring',
    why: 'Public functions are the module’s contract; the docstring is where it is written down.',
    fix: 'Add a docstring as the first statement of the body.',
    level: 'error',
    precision: 'very-high',
    tags: ['maintainability', 'documentation'],
  },
];
const OWN_IDS = new Set(DOC_RULES.map((r) => r.id));

/** Tests, fixtures and tool config files (eslint.config.js…) are not a module's API. */
export function isTestFile(path: string): boolean {
  return /(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)\.[^/]*rc\.[cm]?js$|(^|\/)(test|tests|__tests__|spec|fixtures?)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path);
}

type SgNode = import('@ast-grep/napi').SgNode;

function exportedNames(decl: SgNode): string[] {
  const name = decl.field('name');
  if (name) return [name.text()];
  // const a = 1, b = 2 (direct declarators only, not variables inside an initialiser's body)
  return decl.children().filter((d) => d.kind() === 'variable_declarator').map((d) => d.field('name')?.text() ?? '?');
}

const DECL_KINDS = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration', 'interface_declaration', 'type_alias_declaration', 'enum_declaration', 'lexical_declaration', 'variable_declaration', 'function_signature']);

export function undocumentedJs(file: string, text: string): Finding[] {
  const lang = sourceLang(file);
  if (!lang || lang === 'py' || !text.includes('export')) return [];
  const n = loadAstGrep();
  const l = lang === 'js' ? n.Lang.JavaScript : lang === 'ts' ? n.Lang.TypeScript : n.Lang.Tsx;
  const root = n.parse(l, text).root();
  const out: Finding[] = [];
  for (const ex of root.children()) {
    if (ex.kind() !== 'export_statement') continue;
    const decl = ex.field('declaration') ?? ex.children().find((c) => DECL_KINDS.has(String(c.kind())));
    const isDefault = ex.children().some((c) => c.text() === 'default');
    if (!decl && !isDefault) continue; // export { a } / export * from: documented at the declaration
    if (decl && !DECL_KINDS.has(String(decl.kind()))) continue;
    const prev = ex.prev();
    if (prev && prev.kind() === 'comment' && prev.text().startsWith('/**')) continue;
    const names = decl ? exportedNames(decl) : ['default'];
    const at = (decl?.field('name') ?? ex).range().start;
    out.push({
      check: 'docs',
      tool: 'gatehouse',
      ruleId: 'docs/undocumented-export',
      level: 'error',
      message: `Exported ${names.map((x) => `'${x}'`).join(', ')} has no doc comment. Add a /** … */ comment above it.`,
      file,
      line: at.line + 1,
      column: at.column + 1,
      fingerprint: fingerprint('docs/undocumented-export', file, names.join(',')),
    });
  }
  return out;
}

export function undocumentedPython(file: string, text: string): Finding[] {
  if (sourceLang(file) !== 'py') return [];
  const n = loadAstGrep();
  const root = n.parse('python' as never, text).root();
  const out: Finding[] = [];
  for (const top of root.children()) {
    const def = top.kind() === 'decorated_definition' ? top.field('definition') : top;
    if (!def || (def.kind() !== 'function_definition' && def.kind() !== 'class_definition')) continue;
    const name = def.field('name');
    if (!name || name.text().startsWith('_')) continue;
    const first = def.field('body')?.children().find((c) => c.kind() !== 'comment');
    const hasDoc = first?.kind() === 'expression_statement' && first.children()[0]?.kind() === 'string';
    if (hasDoc) continue;
    const at = name.range().start;
    out.push({
      check: 'docs',
      tool: 'gatehouse',
      ruleId: 'docs/undocumented-python',
      level: 'error',
      message: `Public ${def.kind() === 'class_definition' ? 'class' : 'function'} '${name.text()}' has no docstring.`,
      file,
      line: at.line + 1,
      column: at.column + 1,
      fingerprint: fingerprint('docs/undocumented-python', file, name.text()),
    });
  }
  return out;
}

export const docsCheck: Check = async (ctx) => {
  loadAstGrep();
  const findings: Finding[] = [];
  const sups: Suppression[] = [];
  let n = 0;
  for (const file of ctx.files) {
    await ctx.tick();
    if (!sourceLang(file) || isTestFile(file) || !isScannable(file)) continue;
    const text = ctx.readText(file);
    if (text === undefined) continue;
    n++;
    findings.push(...undocumentedJs(file, text), ...undocumentedPython(file, text));
    sups.push(...findSuppressions(file, text));
  }
  const s = applySuppressions(findings, sups, { check: 'docs', ownIds: OWN_IDS, knownIds: ctx.knownRuleIds, reportUnknown: false });
  return {
    findings: [...s.kept, ...s.problems],
    tools: [{ name: 'gatehouse', version: VERSION, rules: [...DOC_RULES, ...META_RULES] }],
    ran: [`exports and public functions in ${n} source file(s)`],
  };
};
