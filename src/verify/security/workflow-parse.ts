// Reads a GitHub Actions workflow into the few facts the workflow rules need, keeping the
// source position of every node so findings point at the right line.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';

export interface Pos {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface StepInfo {
  jobId: string;
  index: number;
  uses?: { value: string; pos: Pos };
  run?: { value: string; node: Node };
  with: Record<string, { value: string; node: Node }>;
  pos: Pos;
}

export interface JobInfo {
  id: string;
  pos: Pos;
  permissions?: { value: unknown; pos: Pos };
  uses?: { value: string; pos: Pos };
  steps: StepInfo[];
}

export interface Workflow {
  file: string;
  text: string;
  events: string[];
  onPos: Pos;
  permissions?: { value: unknown; pos: Pos };
  jobs: JobInfo[];
  /** Position of a substring of the source at or after `offset`. */
  find(sub: string, offset: number): Pos;
  pos(node: Node | null | undefined): Pos;
}

export function isWorkflowPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

function get(map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (k === key) return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

function keyNode(map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key as Node;
  return undefined;
}

/** Throws on YAML the parser cannot read; the caller reports that as a finding. */
export function parseWorkflow(file: string, text: string): Workflow {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw Object.assign(new Error(e.message.split('\n')[0]), { line: e.linePos?.[0]?.line });
  }
  const at = (start: number, end: number): Pos => {
    const a = lc.linePos(start);
    const b = lc.linePos(Math.max(start, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const pos = (n: Node | null | undefined): Pos => (n?.range ? at(n.range[0], n.range[1]) : { line: 1, column: 1, endLine: 1, endColumn: 1 });
  const find = (sub: string, offset: number): Pos => {
    const i = text.indexOf(sub, offset);
    return i < 0 ? at(offset, offset) : at(i, i + sub.length);
  };
  const root = doc.contents;
  const wf: Workflow = { file, text, events: [], onPos: pos(null), jobs: [], find, pos };
  if (!isMap(root)) return wf;
  const on = get(root, 'on') ?? get(root, 'true'); // YAML 1.1 readers turn `on` into true
  wf.onPos = pos(keyNode(root, 'on') ?? on);
  if (isScalar(on)) wf.events = [String(on.value)];
  else if (isSeq(on)) wf.events = on.items.map((i) => (isScalar(i) ? String(i.value) : '')).filter(Boolean);
  else if (isMap(on)) wf.events = on.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean);
  const perms = get(root, 'permissions');
  if (perms) wf.permissions = { value: (perms as Node & { toJSON(): unknown }).toJSON(), pos: pos(keyNode(root, 'permissions')) };
  const jobs = get(root, 'jobs');
  if (!isMap(jobs)) return wf;
  for (const pair of jobs.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const jobId = String(pair.key.value);
    const jm = pair.value;
    const job: JobInfo = { id: jobId, pos: pos(pair.key as Node), steps: [] };
    const jp = get(jm, 'permissions');
    if (jp) job.permissions = { value: (jp as Node & { toJSON(): unknown }).toJSON(), pos: pos(keyNode(jm, 'permissions')) };
    const ju = get(jm, 'uses');
    if (isScalar(ju)) job.uses = { value: String(ju.value), pos: pos(ju) };
    const steps = get(jm, 'steps');
    if (isSeq(steps)) {
      steps.items.forEach((s, index) => {
        if (!isMap(s)) return;
        const step: StepInfo = { jobId, index, with: {}, pos: pos(s) };
        const u = get(s, 'uses');
        if (isScalar(u)) step.uses = { value: String(u.value), pos: pos(u) };
        const r = get(s, 'run');
        if (isScalar(r)) step.run = { value: String(r.value), node: r };
        const w = get(s, 'with');
        if (isMap(w)) {
          for (const wp of w.items) {
            if (isScalar(wp.key) && isScalar(wp.value)) step.with[String(wp.key.value)] = { value: String(wp.value.value), node: wp.value };
          }
        }
        job.steps.push(step);
      });
    }
    wf.jobs.push(job);
  }
  return wf;
}
