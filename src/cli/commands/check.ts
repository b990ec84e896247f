// gatehouse check: what would gatehouse decide for a command or tool call, and why.
import { describeAction } from '../../actions/types.js';
import { redactText } from '../../audit/redact.js';
import { GatehouseError } from '../../errors.js';
import { decideToolCall } from '../../policy/engine.js';
import { openPolicy, type PolicySession } from '../../policy/session.js';
import type { Decision } from '../../policy/types.js';
import { bool, defineCommand, str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';
import type { Io } from '../io.js';

const MAX_LINE = 10 * 1024 * 1024;

function exitFor(d: Decision): number {
  return d.verdict === 'deny' ? EXIT.findings : d.verdict === 'ask' ? EXIT.ask : EXIT.ok;
}

function session(io: Io, cwd: string): PolicySession & { loaded: NonNullable<PolicySession['loaded']> } {
  const s = openPolicy(cwd, io.env);
  if (!s.loaded) {
    const e = s.data.errors[0]!;
    throw new GatehouseError({ code: 'policy/invalid', message: `the policy is invalid: ${e.message}`, file: e.file, line: e.line, column: e.column, key: e.key, hint: 'run `gatehouse policy check` to see every problem' });
  }
  return s as PolicySession & { loaded: NonNullable<PolicySession['loaded']> };
}

export function decisionJson(d: Decision): Record<string, unknown> {
  return {
    decision: d.verdict,
    rules: [...new Set(d.hits.map((h) => h.ruleId))],
    reason: d.hits.length ? d.hits.map((h) => `[${h.ruleId}] ${h.summary}: ${redactText(h.action).text}`).join('; ') : null,
    hits: d.hits.map((h) => ({ ...h, action: redactText(h.action).text })),
    actions: d.actions.filter((a) => a.kind !== 'tool').map((a) => redactText(describeAction(a)).text),
  };
}

function printHuman(io: Io, d: Decision): void {
  const s = style(io);
  const label = d.verdict === 'deny' ? s.red('deny') : d.verdict === 'ask' ? s.yellow('ask') : d.verdict === 'allow' ? s.green('allow') : s.green('no objection');
  io.out(`${s.bold('verdict')}  ${label}\n`);
  if (d.hits.length) {
    io.out(`${s.bold('rules')}\n`);
    for (const h of d.hits) {
      io.out(`  ${h.verdict === 'deny' ? s.red(h.verdict) : s.yellow(h.verdict)}  ${s.bold(h.ruleId)}  ${h.summary}\n`);
      io.out(`        matched: ${redactText(h.action).text}\n        why:     ${h.why}\n        fix:     ${h.fix}\n        from:    ${h.source}\n`);
      if (h.note) io.out(`        note:    ${h.note}\n`);
    }
  }
  const actions = d.actions.filter((a) => a.kind !== 'tool');
  if (actions.length) {
    io.out(`${s.bold('actions')}\n`);
    for (const a of actions.slice(0, 50)) io.out(`  ${s.dim(a.kind.padEnd(8))} ${redactText(describeAction(a)).text}\n`);
    if (actions.length > 50) io.out(`  … and ${actions.length - 50} more\n`);
  }
}

async function runJsonl(io: Io, cwd: string): Promise<number> {
  const text = (await io.readStdin()).toString('utf8');
  let worst = EXIT.ok as number;
  const sessions = new Map<string, ReturnType<typeof session>>();
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let out: Record<string, unknown>;
    try {
      if (line.length > MAX_LINE) throw new Error('line longer than 10 MB');
      const o = JSON.parse(line) as { tool_name?: unknown; tool_input?: unknown; cwd?: unknown; id?: unknown };
      if (typeof o.tool_name !== 'string' || typeof o.tool_input !== 'object' || o.tool_input === null) throw new Error('expected {"tool_name": string, "tool_input": object, "cwd"?: string}');
      const lineCwd = typeof o.cwd === 'string' ? o.cwd : cwd;
      let s = sessions.get(lineCwd);
      if (!s) sessions.set(lineCwd, (s = session(io, lineCwd)));
      const d = decideToolCall({ tool: o.tool_name, input: o.tool_input as Record<string, unknown> }, { ...s.ctx, cwd: lineCwd }, s.loaded);
      out = { ...(o.id !== undefined ? { id: o.id } : {}), ...decisionJson(d) };
      if (d.verdict === 'deny') worst = EXIT.findings;
    } catch (e) {
      // A line we cannot judge is reported as such and counts as a refusal, like the hook.
      out = { line: i + 1, decision: 'error', rules: [], reason: e instanceof Error ? e.message : String(e) };
      worst = EXIT.findings;
    }
    io.out(JSON.stringify(out) + '\n');
  }
  return worst;
}

export default defineCommand({
  meta: {
    name: 'check',
    summary: 'Show what gatehouse would decide for a command or tool call, and why',
    usage: ["check [--cwd DIR] [--json] -- '<bash command>'", "check --tool Read --input '{\"file_path\":\".env\"}'", 'check --jsonl < calls.jsonl'],
    description:
      'Runs the same analysis and policy as the hook, without running anything. With --jsonl, reads one\n' +
      'JSON object per line ({"tool_name", "tool_input", "cwd"?, "id"?}) and writes one decision per line.',
    options: {
      tool: { type: 'string', value: 'NAME', description: 'Tool name (Bash, Read, Write, Edit, Grep, mcp__server__tool, …)' },
      input: { type: 'string', value: 'JSON', description: 'Tool input as JSON' },
      cwd: { type: 'string', value: 'DIR', description: 'Working directory of the call (default: current directory)' },
      json: { type: 'boolean', description: 'Print the decision as JSON' },
      jsonl: { type: 'boolean', description: 'Read calls as JSON lines on stdin; write one decision per line' },
    },
    examples: ["gatehouse check -- 'rm -rf ~'", "gatehouse check --json -- 'cat .en*'", "gatehouse check --tool Read --input '{\"file_path\":\"~/.aws/credentials\"}'"],
    notes: ['Exit: 0 no objection · 1 deny · 5 ask.'],
  },
  async run(args, io) {
    const cwd = str(args, 'cwd') ?? io.cwd;
    if (bool(args, 'jsonl')) return runJsonl(io, cwd);
    let tool = str(args, 'tool');
    let input: Record<string, unknown>;
    if (args.rest.length || args.positionals.length) {
      if (tool && tool !== 'Bash') throw new GatehouseError({ code: 'cli/usage', message: 'a command after -- is a Bash call; use --input for other tools' });
      tool = 'Bash';
      input = { command: [...args.positionals, ...args.rest].join(' ') };
    } else if (tool) {
      const raw = str(args, 'input');
      if (!raw) throw new GatehouseError({ code: 'cli/usage', message: `--tool ${tool} needs --input '{…}'` });
      try {
        const v = JSON.parse(raw) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        input = v as Record<string, unknown>;
      } catch (e) {
        throw new GatehouseError({ code: 'cli/bad-json', message: `--input is not a JSON object (${(e as Error).message})` });
      }
    } else {
      throw new GatehouseError({ code: 'cli/usage', message: "nothing to check", hint: "gatehouse check -- 'rm -rf ~'   or   gatehouse check --tool Read --input '{\"file_path\":\".env\"}'" });
    }
    const s = session(io, cwd);
    const d = decideToolCall({ tool, input }, { ...s.ctx, cwd }, s.loaded);
    if (bool(args, 'json')) printJson(io, decisionJson(d));
    else printHuman(io, d);
    return exitFor(d);
  },
});
