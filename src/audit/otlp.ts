// Audit entries as OpenTelemetry log records, with attribute names that join with Claude Code's
// own OTel events (session.id, prompt.id, tool_use_id, decision, source). Used by `audit export
// --format otlp-json` (the OTLP/JSON file format: one ExportLogsServiceRequest per line) and by
// `audit ship` (OTLP over HTTP, JSON or protobuf, through the OpenTelemetry JS exporters).
import { SeverityNumber, type LogAttributes } from '@opentelemetry/api-logs';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { hostname } from 'node:os';
import { VERSION } from '../version.js';
import type { Checkpoint } from './checkpoint.js';
import type { AuditEntry } from './record.js';
import { canonicalize } from './jcs.js';

const SCOPE = { name: 'gatehouse.audit', version: VERSION };

export function gatehouseResource(): Resource {
  return resourceFromAttributes({ 'service.name': 'gatehouse', 'service.version': VERSION, 'host.name': hostname(), 'os.type': process.platform });
}

function hr(ms: number): [number, number] {
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}

function severity(e: AuditEntry): [SeverityNumber, string] {
  if (e.kind === 'note') return e.note === 'torn-tail-recovered' ? [SeverityNumber.WARN, 'WARN'] : [SeverityNumber.INFO, 'INFO'];
  if (e.verdict === 'error') return [SeverityNumber.ERROR, 'ERROR'];
  if (e.verdict === 'deny' || e.decision === 'reject') return [SeverityNumber.WARN, 'WARN'];
  if (e.verdict === 'ask') return [SeverityNumber.INFO2, 'INFO2'];
  return [SeverityNumber.INFO, 'INFO'];
}

/** OTel attributes of an entry. `gatehouse.entry` carries the stored entry itself, so a collector
 * keeps everything needed to re-verify the chain off this machine. */
export function entryAttributes(e: AuditEntry): LogAttributes {
  const a: LogAttributes = {
    'event.name': e.kind === 'note' ? 'gatehouse.note' : 'gatehouse.decision',
    'event.timestamp': e.ts,
    'gatehouse.seq': e.seq,
    'gatehouse.hash': e.hash,
    'gatehouse.prev': e.prev,
    'gatehouse.entry': canonicalize(e),
  };
  const set = (k: string, v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') a[k] = v;
  };
  set('user.name', e.user);
  set('host.name', e.host);
  if (e.kind === 'note') {
    set('gatehouse.note', e.note);
    return a;
  }
  set('session.id', e.session_id);
  set('prompt.id', e.prompt_id);
  set('tool_use_id', e.tool_use_id);
  set('tool_name', e.tool_name);
  set('decision', e.decision);
  set('source', e.source);
  set('permission_mode', e.permission_mode);
  set('hook_event', e.event);
  set('agent_id', e.agent_id);
  set('agent_type', e.agent_type);
  set('mcp_server.name', e.mcp_server?.name);
  set('mcp_server.source', e.mcp_server?.source);
  set('gatehouse.decision_id', e.decision_id);
  set('gatehouse.verdict', e.verdict);
  set('gatehouse.reason', e.reason);
  set('gatehouse.duration_ms', e.duration_ms);
  set('gatehouse.policy_revision', e.policy_revision);
  set('gatehouse.version', e.gatehouse_version);
  set('gatehouse.cwd', e.cwd);
  set('vcs.repository.url.full', e.repo?.remote);
  set('vcs.ref.head.name', e.repo?.branch);
  set('vcs.ref.head.revision', e.repo?.commit);
  if (e.rules.length) a['gatehouse.rules'] = e.rules;
  if (e.input !== undefined) a.tool_parameters = JSON.stringify(e.input);
  if (e.prompt) set('prompt_length', e.prompt.length);
  if (e.error) set('gatehouse.error.code', e.error.code);
  return a;
}

export function toLogRecord(e: AuditEntry, resource: Resource, observedMs = Date.now()): ReadableLogRecord {
  const [severityNumber, severityText] = severity(e);
  const name = e.kind === 'note' ? 'gatehouse.note' : 'gatehouse.decision';
  return {
    hrTime: hr(Date.parse(e.ts) || observedMs),
    hrTimeObserved: hr(observedMs),
    severityNumber,
    severityText,
    body: name,
    eventName: name,
    resource,
    instrumentationScope: SCOPE,
    attributes: entryAttributes(e),
    droppedAttributesCount: 0,
  };
}

/** A signed checkpoint as a log record: shipping it anchors the chain head off the machine. */
export function checkpointRecord(cp: Checkpoint, resource: Resource, observedMs = Date.now()): ReadableLogRecord {
  return {
    hrTime: hr(Date.parse(cp.ts) || observedMs),
    hrTimeObserved: hr(observedMs),
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'gatehouse.checkpoint',
    eventName: 'gatehouse.checkpoint',
    resource,
    instrumentationScope: SCOPE,
    attributes: {
      'event.name': 'gatehouse.checkpoint',
      'gatehouse.seq': cp.seq,
      'gatehouse.hash': cp.hash,
      'gatehouse.key_id': cp.key_id,
      'gatehouse.signature': cp.sig,
      'gatehouse.checkpoint': canonicalize(cp),
    },
    droppedAttributesCount: 0,
  };
}

/** One line of the OTLP/JSON file format (an ExportLogsServiceRequest). */
export function otlpJsonLine(records: ReadableLogRecord[]): string {
  const bytes = JsonLogsSerializer.serializeRequest(records);
  return Buffer.from(bytes ?? new Uint8Array()).toString('utf8') + '\n';
}
