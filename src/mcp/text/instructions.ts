// Signals that a description talks to the model rather than describing a tool: pseudo-tags with
// imperatives, concealment from the user, overriding other instructions, asking for credential
// files, and steering how other tools (other servers', or Claude Code's built-ins) behave.
// High severity is reserved for these strong, structural signals; everything else is shown for
// review instead of being judged.
import type { Severity } from '../types.js';

export interface TextSignal {
  id: string;
  severity: Severity;
  message: string;
  /** The matched text (already normalised). */
  match: string;
  index: number;
}

export interface TextContext {
  /** Tool names of other configured servers, and server names, that this text must not steer. */
  otherTools?: readonly string[];
  otherServers?: readonly string[];
}

const IMPERATIVE = /\b(?:must|always|never|do not|don't|before|first|read|send|include|pass|call|ignore|provide|upload|forward|copy|attach|add|use|make sure|ensure)\b/i;
const PSEUDO_TAG = /<\s*(important|system|instructions?|secret|hidden|admin|critical|sudo|assistant|ai|model|override|system[-_ ]?prompt)\b[^>]{0,40}>/gi;
const CHAT_MARKUP = /(?:<\|im_start\|>|\[INST\]|<<SYS>>|\bsystem\s*:\s*you are\b)/gi;
const CONCEAL = [
  /\b(?:do not|don't|never|without)\s+(?:\w+\s+){0,4}?(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|mention(?:ing)?|reveal(?:ing)?|show(?:ing)?|alert(?:ing)?|disclos(?:e|ing)|let(?:ting)?)\b[^.]{0,100}?\b(?:the user|users?|human|them)\b/gi,
  /\b(?:the )?user (?:must|should|need) not (?:know|see|notice|be told|find out)\b/gi,
  /\b(?:keep|hide) (?:this|it|that)\b[^.\n]{0,30}\b(?:secret|hidden) from (?:the )?user\b/gi,
  /\b(?:silently|quietly|covertly|secretly)\s+(?:send|include|add|copy|forward|upload|read|attach|bcc)\b/gi,
];
const OVERRIDE = [
  /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other|system|safety)\s+(?:instructions|rules|prompts?|guidelines|directions)\b/gi,
  /\bthis (?:tool|instruction|rule|description)s? (?:overrides?|replaces?|supersedes?|takes? precedence over)\b/gi,
  /\byou are now\b/gi,
];
const SENSITIVE_PATH = /(?:~\/\.ssh\b|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\.aws\/credentials|\.npmrc\b|\.netrc\b|\.pypirc\b|\bmcp\.json\b|\.claude\.json\b|\.git-credentials\b|\.kube\/config\b|\/etc\/(?:passwd|shadow)\b|\.gnupg\b|\.docker\/config\.json|\bwallet\.dat\b|\.env\b)/gi;
const TAKE_VERB = /\b(?:read|send|include|pass|provide|upload|attach|append|copy|cat|content(?:s)? of|forward|share|paste)\b/i;
const NEGATED = /\b(?:not|never|don't|cannot|can't|won't|refuses?|blocks?|denies|deny|protects?)\b[^.\n]{0,30}$/i;
const BUILTINS = ['Bash', 'Read', 'Write', 'Edit', 'MultiEdit', 'WebFetch', 'WebSearch', 'Grep', 'Glob', 'NotebookEdit', 'Agent', 'Task', 'TodoWrite'];
const STEER = /\b(?:instead of|rather than|before (?:using|calling|running)|after (?:using|calling|running)|whenever|every time|always|never|do not use|don't use|must (?:also|first)|in addition)\b/i;
const OTHER_TOOLS = /\b(?:when|whenever|before|after|if)\b[^.\n]{0,80}?\b(?:other|another|any|all|every)\s+(?:\w+\s+)?(?:tools?|servers?|mcp servers?|functions?)\b/gi;

function around(text: string, index: number, before: number, after: number): string {
  return text.slice(Math.max(0, index - before), index + after);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function textSignals(text: string, ctx: TextContext = {}): TextSignal[] {
  const out: TextSignal[] = [];
  const push = (id: string, severity: Severity, message: string, m: RegExpExecArray) =>
    out.push({ id, severity, message, match: m[0], index: m.index });

  for (const m of text.matchAll(PSEUDO_TAG)) {
    const following = text.slice(m.index!, m.index! + 600);
    if (IMPERATIVE.test(following.slice(m[0].length))) {
      push('mcp/meta/hidden-instructions', 'high', `pseudo-tag ${m[0]} followed by instructions to the model`, m as RegExpExecArray);
    } else {
      push('mcp/meta/pseudo-tag', 'low', `pseudo-tag ${m[0]} in text the model reads`, m as RegExpExecArray);
    }
  }
  for (const m of text.matchAll(CHAT_MARKUP)) push('mcp/meta/hidden-instructions', 'high', `chat-template markup ${m[0]} in a description`, m as RegExpExecArray);
  for (const re of CONCEAL) for (const m of text.matchAll(re)) push('mcp/meta/concealment', 'high', 'asks the model to hide something from the user', m as RegExpExecArray);
  for (const re of OVERRIDE) for (const m of text.matchAll(re)) push('mcp/meta/instruction-override', 'high', 'tries to override other instructions', m as RegExpExecArray);

  for (const m of text.matchAll(SENSITIVE_PATH)) {
    const ctxText = around(text, m.index!, 120, 60);
    const before = text.slice(Math.max(0, m.index! - 60), m.index!);
    if (TAKE_VERB.test(ctxText) && !NEGATED.test(before)) {
      push('mcp/meta/sensitive-path-request', 'high', `asks for the contents of a credential or config file (${m[0]})`, m as RegExpExecArray);
    } else {
      push('mcp/meta/sensitive-path-mention', 'low', `mentions a credential or config file (${m[0]})`, m as RegExpExecArray);
    }
  }

  for (const name of BUILTINS) {
    const re = new RegExp(`\\b${name}\\b(?:\\s+tool|\\s*\\()`, 'g');
    for (const m of text.matchAll(re)) {
      if (STEER.test(around(text, m.index!, 100, 100))) {
        push('mcp/meta/shadowing', 'high', `steers how Claude Code's built-in ${name} tool is used`, m as RegExpExecArray);
      }
    }
  }
  for (const m of text.matchAll(OTHER_TOOLS)) push('mcp/meta/shadowing', 'high', 'gives rules for other tools or servers', m as RegExpExecArray);
  for (const m of text.matchAll(/\bmcp__[A-Za-z0-9_-]+__[A-Za-z0-9_-]+/g)) {
    push('mcp/meta/cross-server-reference', 'high', `names another server's tool (${m[0]})`, m as RegExpExecArray);
  }
  for (const tool of ctx.otherTools ?? []) {
    if (tool.length < 4) continue;
    const re = new RegExp(`\\b${escapeRe(tool)}\\b`, 'g');
    for (const m of text.matchAll(re)) {
      if (STEER.test(around(text, m.index!, 120, 120)) || /\b(?:when|whenever|before|after)\b/i.test(around(text, m.index!, 80, 10))) {
        push('mcp/meta/cross-server-reference', 'high', `steers another configured server's tool ${tool}`, m as RegExpExecArray);
      }
    }
  }
  for (const server of ctx.otherServers ?? []) {
    if (server.length < 4) continue;
    const re = new RegExp(`\\b${escapeRe(server)}\\b(?:\\s+(?:server|mcp|tools?))`, 'gi');
    for (const m of text.matchAll(re)) push('mcp/meta/cross-server-reference', 'high', `refers to another configured server (${server})`, m as RegExpExecArray);
  }
  return dedupe(out);
}

/** One signal per id and overlapping place; the most severe wins. */
function dedupe(list: TextSignal[]): TextSignal[] {
  const out: TextSignal[] = [];
  for (const s of list) {
    if (out.some((o) => o.id === s.id && Math.abs(o.index - s.index) < 40)) continue;
    out.push(s);
  }
  return out;
}
