// ArcSight Common Event Format, for SIEMs that take CEF over syslog or files:
// CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
import { VERSION } from '../version.js';
import type { AuditEntry } from './record.js';
import { pathsOf, subjectOf } from './summary.js';

const header = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const ext = (s: string) => s.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r/g, '\\r').replace(/\n/g, '\\n');

function severity(e: AuditEntry): number {
  if (e.kind === 'note') return e.note === 'torn-tail-recovered' ? 6 : 3;
  return e.verdict === 'error' ? 8 : e.verdict === 'deny' ? 7 : e.verdict === 'ask' ? 5 : 3;
}

export function toCef(e: AuditEntry): string {
  const x: [string, string | number | undefined][] = [['rt', Date.parse(e.ts)], ['suser', e.user], ['shost', e.host], ['cn1Label', 'seq'], ['cn1', e.seq], ['cs5Label', 'chainHash'], ['cs5', e.hash]];
  let sig: string;
  let name: string;
  if (e.kind === 'note') {
    sig = `gatehouse:${e.note}`;
    name = `gatehouse ${e.note}`;
    x.push(['msg', JSON.stringify(e.detail)]);
  } else {
    sig = e.rules[0] ?? e.event;
    name = `${e.event}${e.tool_name ? ` ${e.tool_name}` : ''} ${e.verdict === 'none' ? (e.decision === 'accept' ? 'accepted' : 'rejected') : e.verdict}`;
    x.push(
      ['act', e.verdict],
      ['outcome', e.decision],
      ['cat', e.event],
      ['cs1Label', 'sessionId'],
      ['cs1', e.session_id],
      ['cs2Label', 'toolUseId'],
      ['cs2', e.tool_use_id],
      ['cs3Label', 'rules'],
      ['cs3', e.rules.join(',') || undefined],
      ['cs4Label', 'promptId'],
      ['cs4', e.prompt_id],
      ['cs6Label', 'tool'],
      ['cs6', e.tool_name],
      ['fname', pathsOf(e)[0]?.path],
      ['msg', subjectOf(e)],
      ['reason', e.reason],
      ['externalId', e.decision_id],
    );
  }
  const extension = x
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${ext(String(v))}`)
    .join(' ');
  return `CEF:0|gatehouse|gatehouse|${header(VERSION)}|${header(sig)}|${header(name)}|${severity(e)}|${extension}\n`;
}
