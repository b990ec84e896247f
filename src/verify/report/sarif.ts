// SARIF 2.1.0 as GitHub code scanning ingests it: one run per tool and check (category), full
// rule metadata (descriptions, help, CWE tags, precision, security-severity), content-based
// partialFingerprints, repo-relative URIs against %SRCROOT%, and an invocation that says
// whether the tool ran to completion.
import { ruleHelp } from '../security/rule.js';
import type { CheckResult, Finding, RuleMeta, VerifyReport } from '../types.js';
import { redactOutput } from './redact-output.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** A repo-relative path as a URI reference (each segment percent-encoded). */
export function relativeUri(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function reportingDescriptor(r: RuleMeta): Record<string, unknown> {
  const tags = [...(r.tags ?? [])];
  if (r.cwe?.length) tags.push('security', ...r.cwe.map((c) => `external/cwe/${c.toLowerCase()}`));
  const help = ruleHelp(r);
  return {
    id: r.id,
    // A Pascal-case friendly name, as SARIF's own guidance asks (js/command-injection → JsCommandInjection).
    name: r.id.replace(/(^|[^A-Za-z0-9]+)(.)?/g, (_m, _s, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: r.summary.slice(0, 1024) },
    fullDescription: { text: `${r.summary}. ${r.why}`.slice(0, 1024) },
    help: { text: help.replace(/\*\*|`/g, ''), markdown: help },
    defaultConfiguration: { level: r.level },
    properties: {
      tags: [...new Set(tags)].slice(0, 10),
      ...(r.precision ? { precision: r.precision } : {}),
      ...(r.securitySeverity !== undefined ? { 'security-severity': r.securitySeverity.toFixed(1) } : {}),
    },
  };
}

function result(f: Finding, ruleIndex: number, withBaseline: boolean): Record<string, unknown> {
  const region: Record<string, number> = { startLine: f.line ?? 1 };
  if (f.column) region.startColumn = f.column;
  if (f.endLine) region.endLine = f.endLine;
  if (f.endColumn && (f.endLine ?? f.line) !== undefined) region.endColumn = f.endColumn;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: f.level,
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(f.file!), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { 'gatehouseFindingHash/v1': f.fingerprint },
    ...(withBaseline ? { baselineState: f.isNew ? 'new' : 'unchanged' } : {}),
  };
}

function runsFor(c: CheckResult, withBaseline: boolean): Record<string, unknown>[] {
  if (c.status === 'skipped' || c.check === 'test') return [];
  const tools = c.tools.length ? c.tools : [{ name: 'gatehouse', rules: [] }];
  return tools.map((tool, i) => {
    const rules = [...tool.rules];
    const findings = c.findings.filter((f) => f.tool === tool.name && f.file);
    // A finding whose rule the tool did not describe still gets a descriptor (GitHub requires one).
    for (const f of findings) {
      if (!rules.some((r) => r.id === f.ruleId)) rules.push({ id: f.ruleId, summary: f.ruleId, why: 'Reported by ' + tool.name + '.', fix: 'See the tool’s documentation.', level: f.level });
    }
    const index = new Map(rules.map((r, k) => [r.id, k]));
    const failed = i === 0 && c.status === 'fail' && c.reason && !/new error finding/.test(c.reason);
    return {
      tool: {
        driver: {
          name: tool.name,
          ...(tool.version ? { version: tool.version } : {}),
          ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
          rules: rules.map(reportingDescriptor),
        },
      },
      automationDetails: { id: `gatehouse/${c.check}/${tool.name === 'gatehouse' ? '' : `${tool.name}/`}` },
      invocations: [
        {
          executionSuccessful: !failed,
          ...(failed ? { toolExecutionNotifications: [{ level: 'error', message: { text: c.reason } }] } : {}),
        },
      ],
      results: findings.map((f) => result(f, index.get(f.ruleId) ?? -1, withBaseline)),
    };
  });
}

export function toSarif(report: VerifyReport): Record<string, unknown> {
  const runs = report.checks.flatMap((c) => runsFor(c, report.base !== undefined));
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: runs.slice(0, 20) };
}

export function sarifText(report: VerifyReport): string {
  return redactOutput(JSON.stringify(toSarif(report), null, 2)) + '\n';
}
