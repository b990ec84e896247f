// decide(): pure. Actions in, verdict out. No clock, no disk, no environment beyond `env`.
import { describeAction, type Action, type ActionKind } from '../actions/types.js';
import { mostSevere, severity, type DecideEnv, type Decision, type Hit, type Rule, type RuleVerdict, type Verdict } from './types.js';

export interface RuleSetting {
  /** Replaces the rule's verdict; `off` disables it. */
  verdict?: RuleVerdict | 'off';
  note?: string;
  /** File and line the setting came from. */
  source?: string;
}

export interface CompiledPolicy {
  rules: readonly Rule[];
  /** Rules indexed by the action kinds they listen to. */
  byKind: ReadonlyMap<ActionKind, readonly Rule[]>;
  /** Where each rule came from (`pack:secrets`, `.gatehouse/policy.yaml:12`). */
  sources: ReadonlyMap<string, string>;
  settings: ReadonlyMap<string, RuleSetting>;
  /** Hash of the policy files and pack versions in force. */
  revision: string;
}

export function compileRules(
  rules: readonly Rule[],
  sources: ReadonlyMap<string, string>,
  settings: ReadonlyMap<string, RuleSetting> = new Map(),
  revision = 'builtin',
): CompiledPolicy {
  const byKind = new Map<ActionKind, Rule[]>();
  for (const r of rules) {
    if (settings.get(r.id)?.verdict === 'off') continue;
    for (const k of r.on) {
      let list = byKind.get(k);
      if (!list) byKind.set(k, (list = []));
      list.push(r);
    }
  }
  return { rules, byKind, sources, settings, revision };
}

export function decide(actions: readonly Action[], policy: CompiledPolicy, env: DecideEnv): Decision {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const action of actions) {
    const rules = policy.byKind.get(action.kind);
    if (!rules) continue;
    for (const rule of rules) {
      if (!rule.match(action, env, actions)) continue;
      const described = describeAction(action);
      const key = `${rule.id}\u0000${described}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const setting = policy.settings.get(rule.id);
      const verdict = (setting?.verdict && setting.verdict !== 'off' ? setting.verdict : rule.verdict) as RuleVerdict;
      const hit: Hit = {
        ruleId: rule.id,
        verdict,
        action: described,
        summary: rule.summary,
        why: rule.why,
        fix: rule.fix,
        source: setting?.source ?? policy.sources.get(rule.id) ?? 'builtin',
      };
      if (setting?.note) hit.note = setting.note;
      hits.push(hit);
    }
  }
  hits.sort((a, b) => severity(b.verdict) - severity(a.verdict));
  let verdict: Verdict = 'none';
  for (const h of hits) verdict = mostSevere(verdict, h.verdict);
  // An explicit allow only stands when nothing objects; it never overrides deny or ask.
  return { verdict, hits, actions: [...actions] };
}
