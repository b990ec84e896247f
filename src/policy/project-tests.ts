// A project's own policy tests: `.gatehouse/tests/*.jsonl`, one call per line with the verdict it
// must get — `{"tool_name", "tool_input", "cwd"?, "expect": "deny|ask|none|allow", "rules"?: [...]}`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideToolCall, type EngineContext, type LoadedPolicy } from './engine.js';

export interface ProjectTestResult {
  file: string;
  line: number;
  ok: boolean;
  expect: string;
  got: string;
  rules: string[];
  problem?: string;
}

export function runProjectTests(projectDir: string, ctx: EngineContext, loaded: LoadedPolicy): ProjectTestResult[] {
  const dir = join(projectDir, '.gatehouse', 'tests');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return [];
  }
  const out: ProjectTestResult[] = [];
  for (const f of files) {
    const rel = join('.gatehouse', 'tests', f);
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (!text.trim()) return;
        try {
          const o = JSON.parse(text) as { tool_name?: unknown; tool_input?: unknown; cwd?: unknown; expect?: unknown; rules?: unknown };
          if (typeof o.tool_name !== 'string' || typeof o.tool_input !== 'object' || o.tool_input === null) throw new Error('needs "tool_name" and "tool_input"');
          if (typeof o.expect !== 'string' || !['deny', 'ask', 'none', 'allow'].includes(o.expect)) throw new Error('"expect" must be deny, ask, none or allow');
          const cwd = typeof o.cwd === 'string' ? join(projectDir, o.cwd) : projectDir;
          const d = decideToolCall({ tool: o.tool_name, input: o.tool_input as Record<string, unknown> }, { ...ctx, cwd }, loaded);
          const rules = [...new Set(d.hits.map((h) => h.ruleId))];
          const wantRules = Array.isArray(o.rules) ? (o.rules as string[]) : [];
          const ok = d.verdict === o.expect && wantRules.every((r) => rules.includes(r));
          out.push({ file: rel, line: i + 1, ok, expect: o.expect + (wantRules.length ? ` ${wantRules.join(',')}` : ''), got: d.verdict, rules });
        } catch (e) {
          out.push({ file: rel, line: i + 1, ok: false, expect: '?', got: 'error', rules: [], problem: (e as Error).message });
        }
      });
  }
  return out;
}
