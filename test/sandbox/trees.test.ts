import { describe, expect, it } from 'vitest';
import { CORRECTED_TREE } from '../../src/sandbox/advise/corrected-tree.js';
import { SEED_TREE } from '../../src/sandbox/advise/seed-tree.js';
import { edges, evaluateTree, validateTree, type Tree } from '../../src/sandbox/advise/tree.js';
import { advise, crossChecks } from '../../src/sandbox/advise/advise.js';
import type { Facts } from '../../src/sandbox/facts/types.js';
import { facts, server } from './fixtures.js';

interface Case {
  name: string;
  facts: Facts;
  path: string[];
  leaf: string;
  /** Evidence that must appear on the decisive step: [node, substring]. */
  evidence: [string, string];
}

const macos = { platform: { value: 'macos' as const, evidence: ['process.platform = darwin'] }, isolation: { sandboxExec: { value: true, evidence: ['sandbox-exec ran a trivial profile'] }, bwrap: { value: false, evidence: ['bubblewrap is Linux-only'] } } };
const foreignClone = { agentConfig: { value: { files: ['.claude/settings.json'], hooks: ['PreToolUse: curl evil'], foreignAuthors: ['them@x'], userShare: 0, freshClone: true, isGit: true, userEmail: 'me@x' }, evidence: ['git reflog starts with "clone: from" and has no commit by the user: a clone of someone else\'s work', 'agent configuration committed by others: them@x'] } };

const CORRECTED: Case[] = [
  { name: 'declared production, isolated', facts: facts({ production: { value: true, evidence: ['ENVIRONMENT=production'] }, isolatedEnv: { value: true, evidence: ['/.dockerenv exists'] } }), path: ['environment=production', 'production-isolated=yes'], leaf: 'production-keep-isolated', evidence: ['production-isolated', '/.dockerenv'] },
  { name: 'declared production on a bare host', facts: facts({ production: { value: true, evidence: ['marker file /p/.production'] } }), path: ['environment=production', 'production-isolated=no'], leaf: 'production-isolate', evidence: ['environment', '.production'] },
  { name: 'CI in a container', facts: facts({ ci: { value: true, evidence: ['GITHUB_ACTIONS is set'] }, isolatedEnv: { value: true, evidence: ['container=podman'] } }), path: ['environment=ci', 'ci-isolated=yes'], leaf: 'ci-keep-isolated', evidence: ['environment', 'GITHUB_ACTIONS'] },
  { name: 'CI on a bare runner', facts: facts({ ci: { value: true, evidence: ['CI=true'] } }), path: ['environment=ci', 'ci-isolated=no'], leaf: 'ci-isolate', evidence: ['ci-isolated', 'no container marker'] },
  { name: 'unpinned MCP server', facts: facts({ mcp: { value: [server()] } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=no'], leaf: 'vet-then-isolate', evidence: ['vetted', 'not scanned/pinned'] },
  { name: 'hooks from a cloned repository', facts: facts(foreignClone), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=no'], leaf: 'vet-then-isolate', evidence: ['untrusted-inputs', 'committed by others'] },
  { name: 'pinned server, container engine works', facts: facts({ mcp: { value: [server({ pinned: true, inLock: true, launch: 'npx -y pkg@1.2.3' })] }, isolation: { container: { value: { engine: 'podman', works: true }, evidence: ['podman info answered'] } } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=yes', 'process-isolation=container'], leaf: 'isolate-container', evidence: ['process-isolation', 'podman info answered'] },
  { name: 'pinned server, gVisor works', facts: facts({ mcp: { value: [server({ pinned: true, inLock: true })] }, isolation: { gvisor: { value: true, evidence: ['runsc do true exited 0'] } } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=yes', 'process-isolation=gvisor'], leaf: 'isolate-gvisor', evidence: ['process-isolation', 'runsc'] },
  { name: 'pinned server, only bubblewrap', facts: facts({ mcp: { value: [server({ pinned: true, inLock: true })] } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=yes', 'process-isolation=bwrap'], leaf: 'isolate-bwrap', evidence: ['process-isolation', 'bwrap works'] },
  { name: 'pinned server on macOS', facts: facts({ ...macos, mcp: { value: [server({ pinned: true, inLock: true })] } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=yes', 'process-isolation=seatbelt'], leaf: 'isolate-seatbelt', evidence: ['process-isolation', 'sandbox-exec ran'] },
  { name: 'pinned server, no isolation at all', facts: facts({ mcp: { value: [server({ pinned: true, inLock: true })] }, isolation: { bwrap: { value: false, evidence: ['bwrap not found on PATH'] } } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=yes', 'process-isolation=none'], leaf: 'isolate-unavailable', evidence: ['process-isolation', 'bwrap not found'] },
  { name: 'vetted by the user with --answer', facts: facts({ ...foreignClone, answers: { vetted: 'yes' } }), path: ['environment=local', 'untrusted-inputs=yes', 'vetted=yes', 'process-isolation=bwrap'], leaf: 'isolate-bwrap', evidence: ['vetted', '--answer vetted=yes'] },
  { name: 'macOS, sandbox fail-closed', facts: facts(macos), path: ['environment=local', 'untrusted-inputs=no', 'platform=macos', 'native-fail-closed=yes', 'bypass=no'], leaf: 'native-sandbox-verified', evidence: ['platform', 'darwin'] },
  { name: 'Linux, sandbox off', facts: facts({ claudeSandbox: { value: { enabled: undefined, failIfUnavailable: undefined, allowUnsandboxedCommands: undefined } } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=linux', 'linux-prereqs=yes', 'native-fail-closed=no'], leaf: 'enable-native-sandbox', evidence: ['native-fail-closed', 'sandbox.enabled is not true'] },
  { name: 'Linux, enabled but not fail-closed', facts: facts({ claudeSandbox: { value: { failIfUnavailable: undefined } } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=linux', 'linux-prereqs=yes', 'native-fail-closed=no'], leaf: 'enable-native-sandbox', evidence: ['native-fail-closed', 'failIfUnavailable is not true'] },
  { name: 'WSL 2 without bubblewrap', facts: facts({ platform: { value: 'wsl2', evidence: ["kernel release '5.15-microsoft-standard-WSL2' → WSL 2"] }, isolation: { bwrap: { value: false, evidence: ['bwrap not found on PATH'] } } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=wsl2', 'linux-prereqs=no'], leaf: 'install-prereqs', evidence: ['linux-prereqs', 'bwrap not found'] },
  { name: 'WSL 1', facts: facts({ platform: { value: 'wsl1', evidence: ['kernel release 4.4.0-19041-Microsoft → WSL 1'] } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=wsl1'], leaf: 'wsl1-unsupported', evidence: ['platform', 'WSL 1'] },
  { name: 'native Windows', facts: facts({ platform: { value: 'windows', evidence: ['process.platform = win32 (native Windows)'] } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=windows'], leaf: 'windows-native', evidence: ['platform', 'win32'] },
  { name: 'another OS', facts: facts({ platform: { value: 'other', evidence: ['process.platform = freebsd'] } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=other'], leaf: 'unsupported-platform', evidence: ['platform', 'freebsd'] },
  { name: 'bypass on the host', facts: facts({ permissions: { value: { bypass: true }, evidence: ['/h/.bashrc mentions --dangerously-skip-permissions (an alias or function)'] } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=linux', 'linux-prereqs=yes', 'native-fail-closed=yes', 'bypass=yes'], leaf: 'bypass-on-host', evidence: ['bypass', '.bashrc'] },
  { name: 'bypass inside a container is acceptable', facts: facts({ permissions: { value: { bypass: true }, evidence: ['defaultMode bypassPermissions'] }, isolatedEnv: { value: true, evidence: ['/run/.containerenv exists'] } }), path: ['environment=local', 'untrusted-inputs=no', 'platform=linux', 'linux-prereqs=yes', 'native-fail-closed=yes', 'bypass=no'], leaf: 'native-sandbox-verified', evidence: ['bypass', 'acceptable'] },
];

const SEED: Case[] = [
  { name: 'production server', facts: facts({ production: { value: true, evidence: ['APP_ENV=production'] } }), path: ['s1-production=yes'], leaf: 'seed-always-sandbox', evidence: ['s1-production', 'APP_ENV'] },
  { name: 'unknown MCP on macOS', facts: facts({ ...macos, mcp: { value: [server()] } }), path: ['s1-production=no', 's2-untrusted=yes', 's3-platform=macos'], leaf: 'seed-macos-sandbox', evidence: ['s2-untrusted', 'unknown'] },
  { name: 'unknown MCP on Linux', facts: facts({ mcp: { value: [server()] } }), path: ['s1-production=no', 's2-untrusted=yes', 's3-platform=linux'], leaf: 'seed-docker', evidence: ['s3-platform', 'linux'] },
  { name: 'a clone in CI', facts: facts({ ...foreignClone, ci: { value: true, evidence: ['GITLAB_CI is set'] } }), path: ['s1-production=no', 's2-untrusted=yes', 's3-platform=ci'], leaf: 'seed-ephemeral-container', evidence: ['s3-platform', 'GITLAB_CI'] },
  { name: 'unknown MCP on Windows', facts: facts({ mcp: { value: [server()] }, platform: { value: 'windows', evidence: ['process.platform = win32'] } }), path: ['s1-production=no', 's2-untrusted=yes', 's3-platform=other'], leaf: 'seed-no-answer', evidence: ['s3-platform', 'no branch'] },
  { name: 'no git history', facts: facts({ agentConfig: { value: { isGit: false, userShare: undefined }, evidence: ['not a git repository: authorship unknown'] } }), path: ['s1-production=no', 's2-untrusted=no', 's4-personal=no'], leaf: 'seed-sandbox-recommended', evidence: ['s4-personal', 'unsure'] },
  { name: 'own project, default permissions', facts: facts(), path: ['s1-production=no', 's2-untrusted=no', 's4-personal=yes', 's5-comfortable=yes'], leaf: 'seed-default-mode', evidence: ['s5-comfortable', 'default permission mode'] },
  { name: 'own project, acceptEdits', facts: facts({ permissions: { value: { defaultMode: 'acceptEdits' } } }), path: ['s1-production=no', 's2-untrusted=no', 's4-personal=yes', 's5-comfortable=no'], leaf: 'seed-accept-edits', evidence: ['s5-comfortable', 'acceptEdits was chosen'] },
];

function check(tree: Tree, cases: Case[]) {
  const seen = new Set<string>();
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const ev = evaluateTree(tree, Object.freeze(c.facts));
    expect(ev.path.map((p) => `${p.node}=${p.answer}`)).toEqual(c.path);
    expect(ev.leaf.id).toBe(c.leaf);
    for (const p of ev.path) expect(p.evidence.length, `no evidence for ${p.node}`).toBeGreaterThan(0);
    const step = ev.path.find((p) => p.node === c.evidence[0]);
    expect(step?.evidence.join(' | ')).toContain(c.evidence[1]);
    expect(ev.leaf.steps.length).toBeGreaterThan(0);
    for (const p of ev.path) seen.add(`${p.node}=${p.answer}`);
  });
  it('the cases cover every branch of the tree', () => {
    expect(validateTree(tree)).toEqual([]);
    expect(edges(tree).filter((e) => !seen.has(e))).toEqual([]);
    const leaves = new Set(cases.map((c) => c.leaf));
    expect(Object.keys(tree.leaves).filter((l) => !leaves.has(l))).toEqual([]);
  });
}

describe('the corrected decision tree', () => check(CORRECTED_TREE, CORRECTED));
describe("the seed guide's decision tree", () => check(SEED_TREE, SEED));

describe('advise', () => {
  it('carries the later corrections on the seed leaves the guide got wrong', () => {
    const ev = evaluateTree(SEED_TREE, facts({ permissions: { value: { defaultMode: 'acceptEdits' } } }));
    expect(ev.leaf.correction).toMatch(/auto-approves/);
  });
  it('reports the checks that apply on every path', () => {
    const f = facts({ claudeSandbox: { value: { enabled: true, denyRead: [], excludedCommands: ['docker'] } }, permissions: { value: { bypass: true } } });
    expect(crossChecks(f).map((x) => x.id)).toEqual(expect.arrayContaining(['credential-reads-open', 'excluded-commands', 'bypass-on-host', 'verify-boundary']));
    const a = advise(f);
    // the recommendation is about bypass, so the finding is not repeated
    expect(a.evaluations[0]!.leaf.id).toBe('bypass-on-host');
    expect(a.findings.map((x) => x.id)).not.toContain('bypass-on-host');
    expect(a.findings.map((x) => x.id)).toContain('credential-reads-open');
    expect(a.actionRequired).toBe(true);
  });
  it('asks for nothing when the sandbox is on, fail-closed and verified', () => {
    const a = advise(facts());
    expect(a.evaluations[0]!.leaf.id).toBe('native-sandbox-verified');
    expect(a.actionRequired).toBe(false);
    expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('refuses an answer that names no branch and keeps detecting', () => {
    const ev = evaluateTree(CORRECTED_TREE, facts({ answers: { platform: 'beos' } }));
    expect(ev.path.find((p) => p.node === 'platform')).toMatchObject({ answer: 'linux', declared: false });
  });
});
