// GitHub Actions workflow rules: the pitfalls that turned real workflows into ways in (script
// injection from event text, pwn requests, moved tags, over-broad tokens). Used by the security
// check and by `gatehouse ci lint`.
import type { RuleMeta } from '../types.js';
import type { Examples } from './rule.js';
import type { Pos, Workflow } from './workflow-parse.js';

export interface WorkflowHit extends Pos {
  detail: string;
}

export interface WorkflowRule extends RuleMeta {
  engine: 'workflow';
  check(wf: Workflow): WorkflowHit[];
  examples: Examples;
}

const wf = (code: string) => ({ file: '.github/workflows/ci.yml', code });
const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

/** Event fields an outsider cannot choose (numbers, ids, hashes, booleans, GitHub's own values). */
const SAFE_EVENT_FIELD = /(^|\.)(number|id|node_id|sha|run_id|run_number|run_attempt|created_at|updated_at|closed_at|merged_at|merged|draft|fork|private|action|additions|deletions|changed_files|commits|comments)$/;

/** Untrusted expressions inside one `${{ … }}`. */
export function untrustedContexts(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/\bgithub\.event\.([A-Za-z0-9_.*\-[\]'"]+)/g)) {
    const path = m[1]!.replace(/\[['"]?([^\]'"]+)['"]?\]/g, '.$1');
    if (!SAFE_EVENT_FIELD.test(path)) out.push(`github.event.${path}`);
  }
  for (const m of expr.matchAll(/\bgithub\.head_ref\b/g)) out.push(m[0]);
  return out;
}

function expressions(s: string): string[] {
  return [...s.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[0]);
}

const isCheckout = (uses: string | undefined) => !!uses && /^actions\/checkout(@|$)/i.test(uses);
const PR_HEAD = /github\.event\.pull_request\.head|github\.head_ref|refs\/pull\/|github\.event\.workflow_run\.head|pull\/\$\{\{|gh pr checkout/;

const scriptInjection: WorkflowRule = {
  engine: 'workflow',
  id: 'workflow/script-injection',
  summary: 'Event text interpolated into a script',
  why: '`${{ }}` is pasted into the script before the shell runs it, so a PR title, branch name or comment can inject commands that run with the job token.',
  fix: 'Pass the value through `env:` (`TITLE: ${{ github.event.pull_request.title }}`) and use "$TITLE" quoted in the script.',
  level: 'error',
  cwe: ['CWE-78', 'CWE-94'],
  precision: 'high',
  securitySeverity: 9.1,
  check(w) {
    const hits: WorkflowHit[] = [];
    for (const job of w.jobs) {
      for (const step of job.steps) {
        const scripts: { value: string; offset: number }[] = [];
        if (step.run) scripts.push({ value: step.run.value, offset: step.run.node.range?.[0] ?? 0 });
        if (step.uses && /^actions\/github-script@/.test(step.uses.value) && step.with.script) {
          scripts.push({ value: step.with.script.value, offset: step.with.script.node.range?.[0] ?? 0 });
        }
        for (const s of scripts) {
          for (const e of expressions(s.value)) {
            const bad = untrustedContexts(e);
            if (bad.length) hits.push({ ...w.find(e, s.offset), detail: `${bad.join(', ')} in job '${job.id}'` });
          }
        }
      }
    }
    return hits;
  },
  examples: {
    hit: [
      wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n'),
      wf('on: issue_comment\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@' + SHA + '\n        with:\n          script: console.log("${{ github.event.comment.body }}")\n'),
      wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          git push origin ${{ github.head_ref }}\n'),
    ],
    safe: [
      wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: echo "$TITLE"\n'),
      wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "PR ${{ github.event.pull_request.number }} at ${{ github.event.pull_request.head.sha }}"\n'),
    ],
  },
};

const pwnRequest: WorkflowRule = {
  engine: 'workflow',
  id: 'workflow/pull-request-target-checkout',
  summary: 'Privileged trigger checks out the pull request head',
  why: 'pull_request_target and workflow_run run with secrets and a write token; checking out and building PR code there lets the PR run code with them (a "pwn request").',
  fix: 'Run PR code under `pull_request` (no secrets); keep the privileged workflow to data it downloads and never executes.',
  level: 'error',
  cwe: ['CWE-829'],
  precision: 'high',
  securitySeverity: 9.3,
  check(w) {
    if (!w.events.some((e) => e === 'pull_request_target' || e === 'workflow_run')) return [];
    const hits: WorkflowHit[] = [];
    for (const job of w.jobs) {
      for (const step of job.steps) {
        const ref = step.with.ref;
        if (isCheckout(step.uses?.value) && ref && PR_HEAD.test(ref.value)) {
          hits.push({ ...w.pos(ref.node), detail: `job '${job.id}' checks out ${ref.value.trim()}` });
        }
        if (step.run && /gh pr checkout|git (fetch|pull)[^\n]*pull\/[^\n]*head|github\.event\.pull_request\.head/.test(step.run.value)) {
          hits.push({ ...w.pos(step.run.node), detail: `job '${job.id}' fetches the PR head in a script` });
        }
      }
    }
    return hits;
  },
  examples: {
    hit: [
      wf('on: pull_request_target\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@' + SHA + '\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n'),
    ],
    safe: [
      wf('on: pull_request\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@' + SHA + '\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n'),
      wf('on: pull_request_target\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@' + SHA + '\n'),
    ],
  },
};

const unpinned: WorkflowRule = {
  engine: 'workflow',
  id: 'workflow/unpinned-action',
  summary: 'Action not pinned to a full commit SHA',
  why: 'Tags and branches can be moved: the tj-actions and reviewdog compromises replaced tagged releases with code that dumped secrets.',
  fix: 'Pin to the 40-character commit SHA of a reviewed release, with the tag in a comment (`uses: owner/repo@<sha> # v4.2.2`).',
  level: 'error',
  cwe: ['CWE-829'],
  precision: 'very-high',
  securitySeverity: 7.5,
  check(w) {
    const hits: WorkflowHit[] = [];
    const checkUses = (u: { value: string; pos: Pos }, where: string) => {
      const v = u.value.trim();
      if (v.startsWith('./') || v.startsWith('.\\')) return;
      if (v.startsWith('docker://')) {
        if (!/@sha256:[0-9a-f]{64}$/.test(v)) hits.push({ ...u.pos, detail: `${v} in ${where} (pin the image digest)` });
        return;
      }
      const at = v.lastIndexOf('@');
      const ref = at < 0 ? '' : v.slice(at + 1);
      if (!/^[0-9a-f]{40}$/.test(ref)) hits.push({ ...u.pos, detail: `${v} in ${where}` });
    };
    for (const job of w.jobs) {
      if (job.uses) checkUses(job.uses, `job '${job.id}'`);
      for (const step of job.steps) if (step.uses) checkUses(step.uses, `job '${job.id}'`);
    }
    return hits;
  },
  examples: {
    hit: [
      wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n'),
      wf('on: pull_request\njobs:\n  t:\n    uses: org/shared/.github/workflows/ci.yml@main\n'),
    ],
    safe: [
      wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@' + SHA + ' # v4.1.1\n      - uses: ./.github/actions/local\n'),
    ],
  },
};

const WRITE = (v: unknown): string[] => {
  if (v === 'write-all') return ['write-all'];
  if (v && typeof v === 'object') return Object.entries(v as Record<string, unknown>).filter(([, x]) => x === 'write').map(([k]) => `${k}: write`);
  return [];
};

const excessivePermissions: WorkflowRule = {
  engine: 'workflow',
  id: 'workflow/excessive-permissions',
  summary: 'Token permissions broader than a job needs',
  why: 'Every step (and every action it uses) can use the token; write-all or workflow-wide write scopes turn any compromised step into a repository compromise.',
  fix: 'Set `permissions: contents: read` at the top and grant each write scope only on the job that needs it.',
  level: 'error',
  cwe: ['CWE-250'],
  precision: 'high',
  securitySeverity: 7.1,
  check(w) {
    const hits: WorkflowHit[] = [];
    if (w.permissions) {
      const wr = WRITE(w.permissions.value);
      if (wr.length) hits.push({ ...w.permissions.pos, detail: `workflow-wide ${wr.join(', ')}` });
    }
    for (const job of w.jobs) {
      if (job.permissions?.value === 'write-all') hits.push({ ...job.permissions.pos, detail: `job '${job.id}' has write-all` });
    }
    return hits;
  },
  examples: {
    hit: [
      wf('on: pull_request\npermissions: write-all\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n'),
      wf('on: pull_request\npermissions:\n  contents: write\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n'),
    ],
    safe: [
      wf('on: pull_request\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      pull-requests: write\n    steps:\n      - run: "true"\n'),
    ],
  },
};

const missingPermissions: WorkflowRule = {
  engine: 'workflow',
  id: 'workflow/missing-permissions',
  summary: 'Jobs run with the default token permissions',
  why: 'Without a `permissions:` block the token gets the repository default, which is read-write on many older repositories and organisations.',
  fix: 'Add `permissions: contents: read` at the workflow level (and per-job grants where needed).',
  level: 'warning',
  cwe: ['CWE-250'],
  precision: 'high',
  securitySeverity: 4.3,
  check(w) {
    if (w.permissions) return [];
    const bare = w.jobs.filter((j) => !j.permissions);
    return bare.length ? [{ ...w.onPos, detail: `no workflow permissions, and job(s) ${bare.map((j) => `'${j.id}'`).join(', ')} set none` }] : [];
  },
  examples: {
    hit: [wf('on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n')],
    safe: [
      wf('on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n'),
      wf('on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: "true"\n'),
    ],
  },
};

const persistCredentials: WorkflowRule = {
  engine: 'workflow',
  id: 'workflow/checkout-persists-credentials',
  summary: 'actions/checkout leaves the token in .git/config',
  why: 'Later steps (tests, linters, an agent with Bash, a workspace artifact upload) can read the persisted token.',
  fix: 'Add `with: persist-credentials: false` to the checkout step.',
  level: 'warning',
  cwe: ['CWE-522'],
  precision: 'high',
  securitySeverity: 4.0,
  check(w) {
    const hits: WorkflowHit[] = [];
    for (const job of w.jobs) {
      for (const step of job.steps) {
        if (isCheckout(step.uses?.value) && step.with['persist-credentials']?.value !== 'false') {
          hits.push({ ...step.uses!.pos, detail: `job '${job.id}' step ${step.index + 1}` });
        }
      }
    }
    return hits;
  },
  examples: {
    hit: [wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@' + SHA + '\n')],
    safe: [wf('on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@' + SHA + '\n        with:\n          persist-credentials: false\n')],
  },
};

export const WORKFLOW_RULES: WorkflowRule[] = [scriptInjection, pwnRequest, unpinned, excessivePermissions, missingPermissions, persistCredentials];
