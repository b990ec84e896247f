// The shape of a code rule: metadata lives in meta.ts under the same id; a matcher is an
// ast-grep rule plus an optional refinement, with examples that must and must not match.
import type { NapiConfig } from '@ast-grep/napi';
import type { Bindings } from '../analyze/static-value.js';
import type { SgNode } from '../analyze/sg.js';
import type { Severity } from '../types.js';

export interface MatchContext {
  path: string;
  text: string;
  python: boolean;
  bindings: Bindings;
  /** Name of the tool whose handler contains the node, if any. */
  toolAt(n: SgNode): string | undefined;
  /** The node's text plus, for identifiers, the text of what they were bound to (two levels). */
  origin(n: SgNode): string;
}

export interface Refined {
  id?: string;
  severity?: Severity;
  message?: string;
  /** A network destination, when the rule saw one. */
  host?: string;
}

export interface CodeMatcher {
  /** Default id (meta.ts); refine may switch to a related id. */
  id: string;
  lang: 'js' | 'python';
  /** The file must pass this before the AST search runs (cheap and decisive for speed). */
  prefilter: RegExp | ((text: string) => boolean);
  /** The ast-grep rule, or a function of the file text that builds it from the tokens present
   * (concrete patterns are much faster than one regex over every call). */
  find: NapiConfig | ((text: string) => NapiConfig | undefined);
  /** Drop (null) or adjust a match. */
  refine?(n: SgNode, ctx: MatchContext): Refined | null;
  examples: { hit: string[]; safe: string[] };
}

/** Literal-string test for a node: a string without interpolation. */
export function isLiteral(n: SgNode | null | undefined): boolean {
  if (!n) return false;
  const k = n.kind();
  if (k === 'string') return !n.children().some((c) => c.kind() === 'interpolation' || c.kind() === 'template_substitution');
  if (k === 'template_string') return !n.children().some((c) => c.kind() === 'template_substitution');
  if (k === 'number' || k === 'integer' || k === 'true' || k === 'false' || k === 'null' || k === 'none') return true;
  return false;
}

export const NETWORK_ORIGIN = /\bfetch\s*\(|\.text\(\)|\.json\(\)|\baxios\b|\bhttps?\.(?:get|request)\b|\bgot\b|\brequests\.(?:get|post)|\bhttpx\.|\burlopen\b|\.read\(\)\.decode|\bsocket\b|\bresponse\b|\bres\.data\b|\bresp(?:onse)?\.(?:text|content|data)\b/;
export const DECODE_ORIGIN = /\batob\s*\(|Buffer\.from\([^)]*['"](?:base64|hex|base64url)['"]|fromCharCode|\bb64decode\b|\bbase64\b|\bunhexlify\b|bytes\.fromhex|codecs\.decode|\bzlib\.(?:decompress|inflate)|\bmarshal\.loads\b|\\x[0-9a-fA-F]{2}(?:\\x[0-9a-fA-F]{2}){8}|\brot13\b|\.reverse\(\)\.join/;

/** `any` over the patterns whose token occurs in the text; undefined when none does. */
export function anyPresent(text: string, table: readonly (readonly [RegExp, string])[]): NapiConfig | undefined {
  const pats = table.filter(([re]) => re.test(text)).map(([, pattern]) => ({ pattern }));
  return pats.length ? { rule: { any: pats } } : undefined;
}
