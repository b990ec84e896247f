// SARIF 2.1.0 for code-scanning UIs: one run, the rules that fired with their metadata, one
// result per finding with a location, a stable partial fingerprint, and suppressions recorded.
import { VERSION } from '../version.js';
import { RULES } from './rules/meta.js';
import type { Finding, Severity } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SCORE: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

export function toSarif(findings: readonly Finding[], uriBase?: string): unknown {
  const ids = [...new Set(findings.map((f) => f.id))].sort();
  const rules = ids.map((id) => {
    const r = RULES[id]!;
    return {
      id,
      name: id.split('/').pop(),
      shortDescription: { text: r.summary },
      fullDescription: { text: r.why },
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { 'security-severity': SCORE[r.severity], tags: ['security', 'mcp'] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: ids.indexOf(f.id),
    level: LEVEL[f.severity],
    message: { text: f.evidence ? `${f.message}\n${f.evidence}` : f.message },
    ...(f.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file, ...(uriBase && !f.file.startsWith('/') ? { uriBaseId: 'PKGROOT' } : {}) },
                ...(f.line ? { region: { startLine: f.line, ...(f.column ? { startColumn: f.column } : {}) } } : {}),
              },
            },
          ],
        }
      : {}),
    partialFingerprints: { 'gatehouse/v1': f.fingerprint },
    properties: { severity: f.severity, ...(f.tool ? { tool: f.tool } : {}), ...(f.server ? { server: f.server } : {}) },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: f.suppressed.reason }] } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gatehouse', version: VERSION, rules } },
        ...(uriBase ? { originalUriBaseIds: { PKGROOT: { uri: uriBase.endsWith('/') ? uriBase : uriBase + '/' } } } : {}),
        results,
      },
    ],
  };
}
