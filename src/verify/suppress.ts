// Suppression comments: `gatehouse-ignore <rule-id>[, <rule-id>…] [-- reason]` on the line of the
// finding, or alone on the line above it. A suppression must name the rule; one that suppresses
// nothing is reported, so stale suppressions do not pile up. Pure: text in, lists out.
import { createHash } from 'node:crypto';
import type { CheckName, Finding } from './types.js';

export interface Suppression {
  file: string;
  /** The comment's own line. */
  line: number;
  /** The line it applies to (the same line, or the next one for a comment on its own line). */
  target: number;
  ids: string[];
}

// Built from parts so this file does not contain a suppression comment of its own.
const WORD = ['gatehouse', 'ignore'].join('-');
const MARK = new RegExp(`(?:\\/\\/|#|\\/\\*|\\*)\\s*${WORD}\\b([^\\n]*)`);
const IDS = /^[\s:]*([a-z0-9-]+\/[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+\/[a-z0-9-]+)*)/;
/** Files whose comments can carry suppressions (code, YAML, shell, env and config files; not prose). */
const COMMENTED = /\.([cm]?[jt]sx?|py|pyi|ya?ml|sh|bash|zsh|toml|ini|cfg|conf|properties|tf|hcl|rb)$|(^|\/)(\.env[^/]*|Dockerfile[^/]*|Makefile)$/;

export function findSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes(WORD) || !COMMENTED.test(file)) return [];
  const out: Suppression[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const m = MARK.exec(raw);
    if (!m) return;
    // Rule ids first; anything after them (`-- reason`, a closing `*/`) is not an id.
    const ids = (IDS.exec(m[1]!)?.[1] ?? '').split(/\s*,\s*/).filter(Boolean);
    const alone = /^\s*(\/\/|#|\/\*|\*)/.test(raw);
    out.push({ file, line: i + 1, target: alone ? i + 2 : i + 1, ids });
  });
  return out;
}

export function fingerprint(...parts: (string | number | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\0')).digest('hex').slice(0, 32);
}

/**
 * Drops findings a suppression names (for rules in `ownIds`) and reports suppressions that name
 * no rule, name unknown rules, or suppress nothing.
 */
export function applySuppressions(
  findings: Finding[],
  sups: Suppression[],
  opts: { check: CheckName; ownIds: ReadonlySet<string>; knownIds: ReadonlySet<string>; reportUnknown: boolean },
): { kept: Finding[]; suppressed: number; problems: Finding[] } {
  const used = new Set<string>();
  const key = (s: Suppression, id: string) => `${s.file}:${s.line}:${id}`;
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const s = sups.find((x) => x.file === f.file && (f.line === x.target || f.line === x.line) && x.ids.includes(f.ruleId));
    if (s && opts.ownIds.has(f.ruleId)) {
      used.add(key(s, f.ruleId));
      suppressed++;
    } else kept.push(f);
  }
  const problems: Finding[] = [];
  const problem = (s: Suppression, ruleId: string, message: string, id = '', level: Finding['level'] = 'warning') =>
    problems.push({
      check: opts.check,
      tool: 'gatehouse',
      ruleId,
      level,
      message,
      file: s.file,
      line: s.line,
      fingerprint: fingerprint(ruleId, s.file, id, s.ids.join(',')),
    });
  for (const s of sups) {
    if (s.ids.length === 0) {
      if (opts.reportUnknown) problem(s, 'gatehouse/suppression-without-rule', 'gatehouse-ignore must name the rule it suppresses (`gatehouse-ignore <rule-id> -- reason`); this one suppresses nothing.');
      continue;
    }
    for (const id of s.ids) {
      if (!opts.knownIds.has(id)) {
        if (opts.reportUnknown) problem(s, 'gatehouse/unused-suppression', `gatehouse-ignore names '${id}', which is not a gatehouse rule.`, id);
      } else if (opts.ownIds.has(id) && !used.has(key(s, id))) {
        problem(s, 'gatehouse/unused-suppression', `gatehouse-ignore ${id} suppresses nothing here; remove it.`, id);
      } else if (used.has(key(s, id))) {
        // Every suppression in use is listed (as a note), so one added by a change shows up in
        // its review instead of making a finding silently disappear.
        problem(s, 'gatehouse/suppressed', `A ${id} finding is suppressed here; a reviewer should agree with the reason given.`, id, 'note');
      }
    }
  }
  return { kept, suppressed, problems };
}
