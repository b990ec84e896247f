// The edge around decide(): resolve facts (paths, globs, the ignore file) for one tool call or
// prompt, then call the pure decision.
import { bashActions } from '../actions/from-bash.js';
import { toolActions, type ExtractContext, type ToolCall } from '../actions/from-tool.js';
import type { Action } from '../actions/types.js';
import { compileRules, decide, type CompiledPolicy } from './decide.js';
import { builtinRules } from './packs/index.js';
import type { DecideEnv, Decision } from './types.js';

export interface EngineContext extends ExtractContext {
  projectDir: string;
  stateDir: string;
  installDir: string;
  env: Readonly<Record<string, string>>;
  now: number;
}

let builtin: CompiledPolicy | undefined;
export function builtinPolicy(): CompiledPolicy {
  if (!builtin) {
    const { rules, sources } = builtinRules();
    builtin = compileRules(rules, sources);
  }
  return builtin;
}

export function decideEnv(ctx: EngineContext): DecideEnv {
  return {
    home: ctx.home,
    projectDir: ctx.projectDir,
    cwd: ctx.cwd,
    allowedDirs: [],
    stateDir: ctx.stateDir,
    installDir: ctx.installDir,
    isIgnored: () => false,
    protectedBranches: ['main', 'master'],
    now: ctx.now,
  };
}

export function extractToolActions(call: ToolCall, ctx: EngineContext): Action[] {
  const actions = toolActions(call, ctx);
  if (call.tool === 'Bash' && typeof call.input.command === 'string') {
    actions.push(...bashActions(call.input.command, { ...ctx, env: { HOME: ctx.home, PWD: ctx.cwd } }));
  }
  return actions;
}

export function decideToolCall(call: ToolCall, ctx: EngineContext, policy: CompiledPolicy = builtinPolicy()): Decision {
  return decide(extractToolActions(call, ctx), policy, decideEnv(ctx));
}

/** `@path` and `@"path with spaces"` mentions in a prompt: Claude Code reads those files into the
 * request before any tool hook runs, so they are judged as reads. */
export function promptMentions(prompt: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s([{,;])@(?:"([^"\n]+)"|([^\s"'`,;()[\]{}]+))/g;
  for (const m of prompt.matchAll(re)) {
    const raw = m[1] ?? (m[2] ?? '').replace(/[.:!?]+$/, '');
    if (raw) out.push(raw);
  }
  return out;
}

export function decidePrompt(prompt: string, ctx: EngineContext, policy: CompiledPolicy = builtinPolicy()): Decision {
  const actions: Action[] = [];
  for (const raw of promptMentions(prompt)) {
    for (const a of toolActions({ tool: 'Read', input: { file_path: raw } }, ctx)) {
      if (a.kind === 'read') actions.push({ ...a, via: { tool: 'UserPromptSubmit', text: `@${raw}` } });
    }
  }
  return decide(actions, policy, decideEnv(ctx));
}
