// The security check: curated ast-grep rules (JS/TS/Python), a secret scan and the workflow
// rules, over the files in scope. Reads files; never executes anything from the project.
import { VERSION } from '../../version.js';
import { AST_RULES, SECURITY_RULE_META } from '../security/index.js';
import { isMinified, sourceLang, loadAstGrep } from '../security/ast-scan.js';
import { scanFile } from '../security/scan-file.js';
import { isWorkflowPath } from '../security/workflow-parse.js';
import { applySuppressions, findSuppressions, fingerprint, type Suppression } from '../suppress.js';
import type { Finding } from '../types.js';
import type { Check } from './context.js';

const OWN_IDS = new Set(SECURITY_RULE_META.map((r) => r.id));

export const securityCheck: Check = async (ctx) => {
  loadAstGrep(); // a missing native addon fails the check here, with the loader's reason
  const findings: Finding[] = [];
  const sups: Suppression[] = [];
  let code = 0;
  let workflows = 0;
  let minified = 0;
  // Files in a change are always parsed in full; a whole-project scan skips minified bundles.
  const everything = ctx.change !== undefined;
  for (const file of ctx.files) {
    await ctx.tick();
    const text = ctx.readText(file);
    if (text === undefined) continue;
    if (sourceLang(file)) {
      code++;
      if (!everything && isMinified(text)) minified++;
    }
    if (isWorkflowPath(file)) workflows++;
    // Parsing on libuv threads measured slower than one thread on 2 cores: see docs/decisions.
    findings.push(...scanFile(file, text, everything));
    sups.push(...findSuppressions(file, text));
  }
  // A changed file too large to read is not silently passed over.
  for (const file of ctx.tooLarge) {
    findings.push({ check: 'security', tool: 'gatehouse', ruleId: 'gatehouse/unscanned-file', level: 'error', message: `${file} changed but is larger than gatehouse reads (16 MiB); review it by hand or keep generated files out of the change.`, file, fingerprint: fingerprint('gatehouse/unscanned-file', file) });
  }
  const s = applySuppressions(findings, sups, { check: 'security', ownIds: OWN_IDS, knownIds: ctx.knownRuleIds, reportUnknown: true });
  return {
    findings: [...s.kept, ...s.problems],
    tools: [{ name: 'gatehouse', version: VERSION, rules: SECURITY_RULE_META }],
    ran: [`${AST_RULES.length} code rules on ${code} source file(s), workflow rules on ${workflows} workflow(s), secret scan on ${ctx.files.length} file(s)${minified ? ` (${minified} minified file(s) only secret-scanned)` : ''}${s.suppressed ? `; ${s.suppressed} suppressed` : ''}`],
  };
};
