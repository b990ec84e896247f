// ast-grep, loaded once and only by the commands that scan (never by the hook bundle). The
// Python grammar ships prebuilt in @ast-grep/lang-python and is registered on first use.
import { createRequire } from 'node:module';
import type { SgNode, SgRoot } from '@ast-grep/napi';
import type { Lang } from '../types.js';

type Napi = typeof import('@ast-grep/napi');
let napi: Napi | undefined;

const require = createRequire(import.meta.url);

export function astGrep(): Napi {
  if (!napi) {
    napi = require('@ast-grep/napi') as Napi;
    const python = require('@ast-grep/lang-python') as Parameters<Napi['registerDynamicLanguage']>[0][string];
    napi.registerDynamicLanguage({ python });
  }
  return napi;
}

export function langOf(path: string): Lang | undefined {
  if (/\.d\.[cm]?ts$/.test(path)) return undefined;
  if (/\.(?:[cm]?js|jsx)$/.test(path)) return 'js';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  if (/\.tsx$/.test(path)) return 'tsx';
  if (/\.pyw?$/.test(path)) return 'python';
  return undefined;
}

export function parseSource(lang: Lang, text: string): SgRoot {
  return astGrep().parse(napiLang(lang), text);
}

function napiLang(lang: Lang): Parameters<Napi['parse']>[0] {
  const g = astGrep();
  return lang === 'js' ? g.Lang.JavaScript : lang === 'ts' ? g.Lang.TypeScript : lang === 'tsx' ? g.Lang.Tsx : 'python';
}

/** Parses on libuv's thread pool, so several files parse at once. */
export function parseSourceAsync(lang: Lang, text: string): Promise<SgRoot> {
  return astGrep().parseAsync(napiLang(lang), text);
}

export type { SgNode, SgRoot };

/** Named children only (ast-grep returns punctuation too). */
export function named(nodes: readonly SgNode[]): SgNode[] {
  return nodes.filter((n) => n.isNamed() && n.kind() !== 'comment');
}

export function lineOf(n: SgNode): number {
  return n.range().start.line + 1;
}
