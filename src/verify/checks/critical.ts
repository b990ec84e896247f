// The critical check: every changed file in a critical area is listed with the reason, and the
// check fails until a human has reviewed it (in CI: an approving review by a code owner). It
// judges a change, so it needs a base. Suppression comments do not apply here: the author of a
// change cannot waive its review.
import { VERSION } from '../../version.js';
import { classifyCritical, criticalRule, CRITICAL_AREAS, CUSTOM_AREA_RULE } from '../critical-areas.js';
import { fingerprint } from '../suppress.js';
import type { Finding } from '../types.js';
import type { Check } from './context.js';

export const CRITICAL_RULES = [...CRITICAL_AREAS.map(criticalRule), CUSTOM_AREA_RULE];

export const criticalCheck: Check = async (ctx) => {
  const tools = [{ name: 'gatehouse', version: VERSION, rules: CRITICAL_RULES }];
  if (!ctx.change) {
    const why = 'critical areas are judged on a change: pass --base <ref>';
    return ctx.explicit ? { findings: [], tools, failure: why } : { findings: [], tools, skipped: why };
  }
  const findings: Finding[] = [];
  for (const f of ctx.change.files.values()) {
    await ctx.tick();
    const text = f.status === 'deleted' || f.status === 'binary' ? undefined : ctx.readText(f.path);
    for (const h of classifyCritical(f.path, text, ctx.config.criticalPaths)) {
      const rule = `critical/${h.area}`;
      findings.push({
        check: 'critical',
        tool: 'gatehouse',
        ruleId: rule,
        level: 'error',
        message: `${f.status === 'deleted' ? 'Deleted' : 'Changed'} ${f.path}: ${h.reason}. A human reviewer must approve this change.`,
        file: f.path,
        ...(h.line ? { line: h.line } : {}),
        fingerprint: fingerprint(rule, f.path),
      });
    }
  }
  return { findings, tools, ran: [`${ctx.change.files.size} changed file(s) against ${CRITICAL_AREAS.length} areas${ctx.config.criticalPaths.length ? ` and ${ctx.config.criticalPaths.length} project path(s)` : ''}`] };
};
