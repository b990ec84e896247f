// The syntax tree the parser produces. It keeps what analysis needs (word parts with their
// quoting, redirections, heredoc bodies, nesting) and source spans for explanations; it is not
// meant to round-trip formatting.
import type { RedirectOp, Span } from './types.js';

/** One piece of a word. `q` = came from quoted or escaped text (no globbing, splitting, braces). */
export type WordPart =
  | { k: 'lit'; v: string; q: boolean }
  | { k: 'param'; name: string; op: string; arg: WordPart[] | null; q: boolean; src: string }
  | { k: 'cmd'; body: ListNode; q: boolean; src: string; span: Span }
  | { k: 'arith'; parts: WordPart[]; q: boolean; src: string }
  | { k: 'proc'; dir: '<' | '>'; body: ListNode; src: string; span: Span };

export interface WordNode {
  parts: WordPart[];
  span: Span;
}

export interface HeredocInfo {
  delimiter: string;
  /** Quoted delimiter: the body is taken literally. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped. */
  strip: boolean;
  /** Raw body text (null until read, or when the line ended first). */
  body: string | null;
  /** Parsed body for unquoted delimiters (expansions inside). */
  parts: WordPart[] | null;
}

export interface RedirNode {
  op: RedirectOp;
  fd: number | null;
  target: WordNode;
  heredoc?: HeredocInfo;
  span: Span;
}

export interface AssignNode {
  name: string;
  append: boolean;
  /** null for array assignments `X=(a b)` (not modelled). */
  value: WordNode | null;
  span: Span;
}

export interface SimpleNode {
  t: 'simple';
  assigns: AssignNode[];
  words: WordNode[];
  redirs: RedirNode[];
  span: Span;
}

export interface ListItem {
  node: AndOrNode;
  background: boolean;
}
export interface ListNode {
  t: 'list';
  items: ListItem[];
}
export interface AndOrNode {
  t: 'andor';
  first: PipelineNode;
  rest: { op: '&&' | '||'; pipeline: PipelineNode }[];
}
export interface PipelineNode {
  t: 'pipeline';
  cmds: CommandNode[];
  negated: boolean;
  /** `time` keyword in front of the pipeline. */
  timed: boolean;
  span: Span;
}

export interface CaseArm {
  patterns: WordNode[];
  body: ListNode;
}

export type CommandNode =
  | SimpleNode
  | { t: 'subshell'; body: ListNode; redirs: RedirNode[]; span: Span }
  | { t: 'group'; body: ListNode; redirs: RedirNode[]; span: Span }
  | { t: 'compound'; kind: 'if' | 'while' | 'until'; lists: ListNode[]; redirs: RedirNode[]; span: Span }
  | { t: 'for'; name: string; words: WordNode[] | null; body: ListNode; redirs: RedirNode[]; span: Span }
  | { t: 'arithfor'; parts: WordPart[]; body: ListNode; redirs: RedirNode[]; span: Span }
  | { t: 'case'; word: WordNode; arms: CaseArm[]; redirs: RedirNode[]; span: Span }
  | { t: 'func'; name: string; body: CommandNode; span: Span }
  | { t: 'test'; words: WordNode[]; redirs: RedirNode[]; span: Span }
  | { t: 'arithcmd'; parts: WordPart[]; redirs: RedirNode[]; span: Span }
  | { t: 'coproc'; body: CommandNode; span: Span };
