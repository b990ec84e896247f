// Project and organisation rules from the policy file, turned into ordinary Rule objects so the
// same decide() and the same example runner apply to them.
import ignore from 'ignore';
import { relative, sep } from 'node:path';
import type { Action, ActionKind } from '../actions/types.js';
import { expandHome, isWithin } from '../actions/paths.js';
import type { CustomRuleData } from './data.js';
import { globMatch } from './globs.js';
import { defineRule, type DecideEnv, type Rule } from './types.js';

const PATH_KINDS: ActionKind[] = ['read', 'write', 'delete', 'list', 'search', 'meta'];

function pathMatcher(patterns: readonly string[]): (path: string, env: DecideEnv) => boolean {
  const rel = patterns.filter((p) => !p.replace(/^!/, '').startsWith('/') && !p.replace(/^!/, '').startsWith('~/'));
  const abs = patterns.filter((p) => !rel.includes(p));
  const relIg = rel.length ? ignore().add(rel) : null;
  return (path, env) => {
    for (const p of abs) {
      const base = expandHome(p, env.home);
      const ig = ignore().add('/' + base.slice(1));
      if (ig.ignores(path.slice(1))) return true;
    }
    if (relIg && isWithin(env.projectDir, path) && path !== env.projectDir) {
      return relIg.ignores(relative(env.projectDir, path).split(sep).join('/'));
    }
    return false;
  };
}

export function compileCustomRule(d: CustomRuleData): Rule {
  const m = d.match;
  const on = new Set<ActionKind>();
  if (m.path) for (const k of (m.op?.length ? m.op : PATH_KINDS) as ActionKind[]) on.add(k);
  if (m.command || m.program || m.args) on.add('exec');
  if (m.host) on.add('network');
  if (m.tool && on.size === 0) on.add('tool');
  const paths = m.path ? pathMatcher(m.path) : null;
  const promptRe = m.prompt ? new RegExp(m.prompt, 'i') : null;
  return defineRule({
    id: d.id,
    verdict: d.verdict,
    summary: d.summary,
    why: d.why,
    fix: d.fix,
    on: [...on],
    examples: { match: d.examples.match.map((b) => ({ Bash: b })), pass: d.examples.pass.map((b) => ({ Bash: b })) },
    match(a: Action, env: DecideEnv, all: readonly Action[]) {
      if (m.tool) {
        const tool = all.find((x) => x.kind === 'tool');
        const name = tool?.kind === 'tool' ? tool.name : a.via.tool;
        if (!globMatch(m.tool, name)) return false;
      }
      if (promptRe && !promptRe.test(a.via.text ?? '')) return false;
      switch (a.kind) {
        case 'exec': {
          if (m.program && a.program !== m.program && !globMatch(m.program, a.program ?? '')) return false;
          if (m.args && !m.args.every((x) => a.argv.includes(x))) return false;
          if (m.command && !globMatch(m.command, a.argv.join(' '))) return false;
          return !!(m.program || m.args || m.command);
        }
        case 'network':
          return !!m.host && m.host.some((h) => a.host !== null && globMatch(h, a.host, true));
        case 'tool':
          return !!m.tool && !m.path && !m.command && !m.program && !m.host;
        default:
          if (a.kind === 'read' || a.kind === 'write' || a.kind === 'delete' || a.kind === 'list' || a.kind === 'search' || a.kind === 'meta') {
            return !!paths && (paths(a.path, env) || (a.literal !== undefined && paths(a.literal, env)));
          }
          return false;
      }
    },
  });
}
