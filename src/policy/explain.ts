// What is in force and where it came from: for `gatehouse policy explain`. Also lists the
// imperative lines of CLAUDE.md that no rule enforces, so prose-only promises become visible.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imperativeLines } from './claude-md.js';
import type { PolicyData, PolicyProblem } from './data.js';
import { PACKS } from './packs/index.js';
import { IGNORE_FILE, parseIgnoreText } from './ignore-file.js';

export interface RuleInForce {
  id: string;
  pack: string;
  verdict: string;
  defaultVerdict: string;
  summary: string;
  source: string;
  note?: string;
}

export interface UnenforcedLine {
  file: string;
  line: number;
  text: string;
  /** Rules that look related (by keyword), if any. */
  related: string[];
}

export interface PolicyExplanation {
  revision: string;
  sources: PolicyData['sources'];
  rules: RuleInForce[];
  ignoreFile: { pattern: string; source: string }[];
  protect: PolicyData['protect'];
  unprotect: PolicyData['unprotect'];
  protectedBranches: string[];
  claudeMd: UnenforcedLine[];
  warnings: PolicyProblem[];
}

/** Keywords in prose → the rule namespaces that enforce that kind of promise. */
const TOPICS: [RegExp, string[]][] = [
  [/force[- ]?push|push --force|push -f/i, ['git/force-push', 'git/force-push-protected']],
  [/push (directly )?to (main|master)|protected branch/i, ['git/push-protected-branch']],
  [/\.env|secret|credential|api key|password|token/i, ['secrets/']],
  [/rm -rf|delete (files|director)/i, ['filesystem/']],
  [/reset --hard|git clean|discard/i, ['git/discard-uncommitted-work', 'git/clean-untracked']],
  [/publish|release/i, ['publish/']],
  [/deploy|production|prod\b/i, ['publish/', 'cloud/']],
  [/drop table|truncate|database|migration|sql/i, ['database/']],
  [/terraform|kubectl|aws |gcloud|infrastructure|docker|k8s|kubernetes|workflow|ci config/i, ['cloud/', 'infra-lock/']],
  [/install|dependenc|package/i, ['supply-chain/']],
  [/sudo|shutdown|reboot|crontab/i, ['system/']],
  [/curl .*\| *sh|pipe to (a )?shell|remote script/i, ['remote-code/']],
  [/hook|settings|claude\.md|\.claude/i, ['persistence/']],
  [/no-verify/i, ['git/skip-hooks']],
];

export function explainPolicy(data: PolicyData, projectDir: string, read: (f: string) => string | null = (f) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return null;
  }
}): PolicyExplanation {
  const rules: RuleInForce[] = [];
  for (const pack of PACKS) {
    for (const r of pack.rules) {
      const s = data.settings[r.id];
      rules.push({ id: r.id, pack: pack.PACK, verdict: s?.verdict ?? r.verdict, defaultVerdict: r.verdict, summary: r.summary, source: s?.source ?? `pack:${pack.PACK}`, ...(s?.note ? { note: s.note } : {}) });
    }
  }
  for (const c of data.custom) {
    const s = data.settings[c.id];
    rules.push({ id: c.id, pack: 'custom', verdict: s?.verdict ?? c.verdict, defaultVerdict: c.verdict, summary: c.summary, source: c.source, ...(s?.note ? { note: s.note } : {}) });
  }
  const ignoreText = read(join(projectDir, IGNORE_FILE));
  const claudeMd: UnenforcedLine[] = [];
  for (const name of ['CLAUDE.md', '.claude/CLAUDE.md', 'CLAUDE.local.md']) {
    const text = read(join(projectDir, name));
    if (!text) continue;
    for (const l of imperativeLines(text)) {
      const related = TOPICS.filter(([re]) => re.test(l.text)).flatMap(([, ids]) => ids);
      const active = rules.filter((r) => r.verdict !== 'off' && related.some((p) => (p.endsWith('/') ? r.id.startsWith(p) : r.id === p))).map((r) => r.id);
      claudeMd.push({ file: name, line: l.line, text: l.text, related: active });
    }
  }
  return {
    revision: data.revision,
    sources: data.sources,
    rules,
    ignoreFile: ignoreText ? parseIgnoreText(ignoreText, IGNORE_FILE) : [],
    protect: data.protect,
    unprotect: data.unprotect,
    protectedBranches: data.protectedBranches,
    claudeMd,
    warnings: data.warnings,
  };
}
