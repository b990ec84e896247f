// Policy sources (YAML files, CLAUDE.md blocks) → PolicyData. Layers apply in order
// user → project → managed. Any layer may tighten (add rules, raise a verdict, protect more
// paths). Loosening (lower a verdict, turn a rule off, unprotect) counts only from the user and
// managed layers, or from a project file the user trusted (`gatehouse policy trust`), because a
// repository's own policy file is written by whoever wrote the repository. Managed `lock` freezes.
import { GatehouseError } from '../errors.js';
import { DETECTORS } from '../detect/run.js';
import { extractClaudeMdBlocks } from './claude-md.js';
import { DEFAULT_PROTECTED_BRANCHES, emptyPolicyData, type CustomRuleData, type PolicyData, type PolicyProblem } from './data.js';
import type { RuleSetting } from './decide.js';
import { parsePolicyText } from './validate.js';

export type Layer = 'user' | 'project' | 'managed';

export interface PolicySourceText {
  layer: Layer;
  file: string;
  /** Display name for messages (relative to the project when inside it). */
  name: string;
  text: string;
  /** CLAUDE.md: the policy is in ```gatehouse blocks. */
  markdown?: boolean;
  /** The user trusted this exact content (project layer only). */
  trusted?: boolean;
}

export interface BuiltinRuleInfo {
  id: string;
  pack: string;
  verdict: 'deny' | 'ask' | 'allow';
}

const STRENGTH: Record<string, number> = { off: 0, allow: 1, ask: 2, deny: 3 };

function problemOf(e: GatehouseError): PolicyProblem {
  const p: PolicyProblem = { code: e.code, message: e.message };
  if (e.file) p.file = e.file;
  if (e.line !== undefined) p.line = e.line;
  if (e.column !== undefined) p.column = e.column;
  if (e.key) p.key = e.key;
  return p;
}

interface Chunk {
  source: PolicySourceText;
  value: Record<string, unknown>;
}

function parseSource(src: PolicySourceText, errors: PolicyProblem[]): Chunk[] {
  if (src.markdown) {
    const out: Chunk[] = [];
    for (const block of extractClaudeMdBlocks(src.text)) {
      const parsed = parsePolicyText(block.text, src.name, block.line);
      errors.push(...parsed.errors.map(problemOf));
      if (!parsed.errors.length) out.push({ source: src, value: parsed.value });
    }
    return out;
  }
  const parsed = parsePolicyText(src.text, src.name);
  errors.push(...parsed.errors.map(problemOf));
  return parsed.errors.length ? [] : [{ source: src, value: parsed.value }];
}

const ID_RE = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

export function compilePolicy(sources: readonly PolicySourceText[], builtin: readonly BuiltinRuleInfo[], revision: string): PolicyData {
  const data = emptyPolicyData(revision);
  const errors: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];
  const order: Layer[] = ['user', 'project', 'managed'];
  const chunks = order.flatMap((layer) => sources.filter((s) => s.layer === layer).flatMap((s) => parseSource(s, errors)));
  data.sources = sources.map((s) => ({ file: s.file, layer: s.layer, ...(s.layer === 'project' ? { trusted: !!s.trusted } : {}) }));
  if (errors.length) {
    data.errors = errors;
    return data;
  }

  const builtinById = new Map(builtin.map((r) => [r.id, r]));
  const packs = new Set(builtin.map((r) => r.pack));
  const locked = new Set<string>();
  for (const c of chunks) {
    if (c.source.layer === 'managed') for (const id of (c.value.lock as string[] | undefined) ?? []) locked.add(id);
  }
  const isLocked = (id: string) => locked.has('*') || locked.has(id) || locked.has(id.split('/')[0] + '/*');

  const settings = new Map<string, RuleSetting>();
  const customVerdicts = new Map<string, string>();
  const effective = (id: string): string => settings.get(id)?.verdict ?? builtinById.get(id)?.verdict ?? customVerdicts.get(id) ?? 'off';
  const mayLoosen = (src: PolicySourceText) => src.layer !== 'project' || !!src.trusted;
  const where = (src: PolicySourceText, key: string) => `${src.name} (${key})`;

  const apply = (src: PolicySourceText, id: string, verdict: string | undefined, note: string | undefined, key: string) => {
    if (src.layer !== 'managed' && isLocked(id)) {
      warnings.push({ code: 'policy/locked', message: `rule ${id} is locked by the managed policy; this setting is ignored`, file: src.name, key });
      return;
    }
    const current = settings.get(id);
    if (verdict !== undefined) {
      const loosens = STRENGTH[verdict]! < STRENGTH[effective(id)]!;
      if (loosens && !mayLoosen(src)) {
        warnings.push({
          code: 'policy/untrusted-loosening',
          message: `${src.name} lowers ${id} to ${verdict}, but the file is not trusted; run \`gatehouse policy trust\` to accept it`,
          file: src.name,
          key,
        });
        verdict = undefined;
      }
    }
    if (verdict === undefined && note === undefined) return;
    const next: RuleSetting = { ...current, source: where(src, key) };
    if (verdict !== undefined) next.verdict = verdict as RuleSetting['verdict'];
    if (note !== undefined) next.note = note;
    settings.set(id, next);
  };

  const customIds = new Set<string>();
  for (const { source: src, value: v } of chunks) {
    for (const [pack, mode] of Object.entries((v.packs as Record<string, string> | undefined) ?? {})) {
      if (!packs.has(pack)) {
        errors.push({ code: 'policy/unknown-pack', message: `unknown pack '${pack}'; packs: ${[...packs].join(', ')}`, file: src.name, key: `packs.${pack}` });
        continue;
      }
      for (const r of builtin.filter((b) => b.pack === pack)) {
        apply(src, r.id, mode === 'on' ? r.verdict : mode, undefined, `packs.${pack}`);
      }
    }
    for (const [i, raw] of ((v.custom as Record<string, unknown>[] | undefined) ?? []).entries()) {
      const rule = customRuleOf(raw, src, i, errors);
      if (!rule) continue;
      if (builtinById.has(rule.id) || customIds.has(rule.id)) {
        errors.push({ code: 'policy/duplicate-rule', message: `rule id '${rule.id}' is already defined`, file: src.name, key: `custom[${i}].id` });
        continue;
      }
      if (packs.has(rule.id.split('/')[0]!)) {
        errors.push({ code: 'policy/reserved-id', message: `'${rule.id.split('/')[0]}/' is a built-in pack namespace; use your own prefix`, file: src.name, key: `custom[${i}].id` });
        continue;
      }
      if (rule.verdict === 'allow' && !mayLoosen(src)) {
        warnings.push({ code: 'policy/untrusted-loosening', message: `${src.name} defines allow rule ${rule.id}, but the file is not trusted`, file: src.name, key: `custom[${i}]` });
        continue;
      }
      customIds.add(rule.id);
      customVerdicts.set(rule.id, rule.verdict);
      data.custom.push(rule);
    }
    for (const [id, setting] of Object.entries((v.rules as Record<string, unknown> | undefined) ?? {})) {
      if (!builtinById.has(id) && !customIds.has(id)) {
        errors.push({ code: 'policy/unknown-rule', message: `unknown rule '${id}' (see \`gatehouse policy explain\`)`, file: src.name, key: `rules.${id}` });
        continue;
      }
      if (typeof setting === 'string') apply(src, id, setting, undefined, `rules.${id}`);
      else {
        const s = setting as { verdict?: string; note?: string };
        apply(src, id, s.verdict, s.note, `rules.${id}`);
      }
    }
    for (const [i, p] of ((v.protect as string[] | undefined) ?? []).entries()) {
      data.protect.push({ pattern: p, source: `${src.name} (protect[${i}])` });
    }
    for (const [i, p] of ((v.unprotect as string[] | undefined) ?? []).entries()) {
      if (!mayLoosen(src)) {
        warnings.push({ code: 'policy/untrusted-loosening', message: `${src.name} unprotects '${p}', but the file is not trusted; run \`gatehouse policy trust\``, file: src.name, key: `unprotect[${i}]` });
        continue;
      }
      data.unprotect.push({ pattern: p, source: `${src.name} (unprotect[${i}])` });
    }
    const git = v.git as { protectedBranches?: string[] } | undefined;
    if (git?.protectedBranches) {
      // Adding protected branches tightens; replacing the defaults with fewer loosens.
      const merged = mayLoosen(src) ? git.protectedBranches : [...new Set([...data.protectedBranches, ...git.protectedBranches])];
      data.protectedBranches = merged;
    }
    const dirs = v.directories as { allowed?: string[] } | undefined;
    if (dirs?.allowed) {
      if (mayLoosen(src)) data.allowedDirs.push(...dirs.allowed);
      else warnings.push({ code: 'policy/untrusted-loosening', message: `${src.name} adds allowed directories, but the file is not trusted`, file: src.name, key: 'directories.allowed' });
    }
    if (typeof v.production === 'boolean') data.production = v.production || data.production || false;
    const audit = v.audit as { onWriteFailure?: 'block' | 'continue' } | undefined;
    if (audit?.onWriteFailure) {
      if (audit.onWriteFailure === 'continue' && !mayLoosen(src)) {
        warnings.push({ code: 'policy/untrusted-loosening', message: `${src.name} sets audit.onWriteFailure: continue, but the file is not trusted`, file: src.name, key: 'audit.onWriteFailure' });
      } else data.audit.onWriteFailure = audit.onWriteFailure;
    }
    const gate = v.gate as { waitSeconds?: number; onTimeout?: 'deny' | 'defer' } | undefined;
    if (gate?.waitSeconds !== undefined) {
      if (gate.waitSeconds < 0 || gate.waitSeconds > 3600 || !Number.isInteger(gate.waitSeconds)) {
        errors.push({ code: 'policy/invalid-value', message: 'expected a whole number of seconds from 0 to 3600', file: src.name, key: 'gate.waitSeconds' });
      } else data.gate.waitSeconds = gate.waitSeconds;
    }
    if (gate?.onTimeout) data.gate.onTimeout = gate.onTimeout;
    const MODE_STRENGTH: Record<string, number> = { off: 0, alert: 1, block: 2 };
    for (const [id, mode] of Object.entries((v.detect as Record<string, 'alert' | 'block' | 'off'> | undefined) ?? {})) {
      const detector = DETECTORS.find((d) => d.id === id);
      if (!detector) {
        errors.push({ code: 'policy/unknown-detector', message: `unknown detector '${id}'; detectors: ${DETECTORS.map((d) => d.id).join(', ')}`, file: src.name, key: `detect.${id}` });
        continue;
      }
      const current = data.detect[id] ?? detector.defaultMode;
      if (MODE_STRENGTH[mode]! < MODE_STRENGTH[current]! && !mayLoosen(src)) {
        warnings.push({ code: 'policy/untrusted-loosening', message: `${src.name} sets detector ${id} to ${mode}, but the file is not trusted`, file: src.name, key: `detect.${id}` });
        continue;
      }
      data.detect[id] = mode;
    }
    if (v.baseline === 'enforce' || (v.baseline === 'learn' && mayLoosen(src))) data.baseline = v.baseline;
    const alerts = v.alerts as { webhook?: string; command?: string[]; minSeverity?: PolicyData['alerts']['minSeverity']; perMinute?: number } | undefined;
    if (alerts) {
      if ((alerts.webhook || alerts.command) && !mayLoosen(src)) {
        warnings.push({ code: 'policy/untrusted-loosening', message: `${src.name} sends alerts to a webhook or command, but the file is not trusted (alerts carry paths and commands)`, file: src.name, key: 'alerts' });
      } else {
        if (alerts.webhook) {
          if (!/^https?:\/\//.test(alerts.webhook)) errors.push({ code: 'policy/invalid-value', message: 'expected an http(s) URL', file: src.name, key: 'alerts.webhook' });
          else data.alerts.webhook = alerts.webhook;
        }
        if (alerts.command?.length) data.alerts.command = alerts.command;
      }
      if (alerts.minSeverity) data.alerts.minSeverity = alerts.minSeverity;
      if (alerts.perMinute !== undefined) data.alerts.perMinute = Math.max(1, Math.min(600, Math.floor(alerts.perMinute)));
    }
    if (src.layer !== 'managed' && v.lock !== undefined) {
      warnings.push({ code: 'policy/managed-only', message: '`lock` is only honoured in the managed policy', file: src.name, key: 'lock' });
    }
  }
  data.settings = Object.fromEntries(settings);
  data.errors = errors;
  data.warnings = warnings;
  if (!data.protectedBranches.length) data.protectedBranches = DEFAULT_PROTECTED_BRANCHES;
  return data;
}

function customRuleOf(raw: Record<string, unknown>, src: PolicySourceText, i: number, errors: PolicyProblem[]): CustomRuleData | undefined {
  const key = `custom[${i}]`;
  const need = (k: string) => {
    if (typeof raw[k] !== 'string' || raw[k] === '') {
      errors.push({ code: 'policy/missing-key', message: `a custom rule needs '${k}'`, file: src.name, key: `${key}.${k}` });
      return false;
    }
    return true;
  };
  const ok = ['id', 'verdict', 'summary', 'why', 'fix'].map(need).every(Boolean);
  if (!ok) return undefined;
  const id = raw.id as string;
  if (!ID_RE.test(id)) {
    errors.push({ code: 'policy/invalid-id', message: `rule id '${id}' must look like 'namespace/kebab-name'`, file: src.name, key: `${key}.id` });
    return undefined;
  }
  const match = (raw.match ?? {}) as CustomRuleData['match'];
  if (Object.keys(match).length === 0) {
    errors.push({ code: 'policy/missing-key', message: 'a custom rule needs at least one `match` condition', file: src.name, key: `${key}.match` });
    return undefined;
  }
  if (match.prompt !== undefined) {
    try {
      new RegExp(match.prompt, 'i');
    } catch (e) {
      errors.push({ code: 'policy/invalid-regex', message: (e as Error).message, file: src.name, key: `${key}.match.prompt` });
      return undefined;
    }
  }
  const examples = (raw.examples ?? {}) as { match?: string[]; pass?: string[] };
  return {
    id,
    verdict: raw.verdict as CustomRuleData['verdict'],
    summary: raw.summary as string,
    why: raw.why as string,
    fix: raw.fix as string,
    match,
    examples: { match: examples.match ?? [], pass: examples.pass ?? [] },
    source: `${src.name} (${key})`,
  };
}
