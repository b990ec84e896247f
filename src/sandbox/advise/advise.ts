// The advisor: evaluate the trees on the facts, add the checks that apply on every path, and
// produce the settings fragment. Pure.
import type { Facts } from '../facts/types.js';
import { CORRECTED_TREE } from './corrected-tree.js';
import { buildSandboxFragment, type SandboxSettingsFragment } from './fragment.js';
import { bypassOnHost, inputsVetted, nativeSandboxFailClosed, untrustedWholeProcessInputs } from './predicates.js';
import { SEED_TREE } from './seed-tree.js';
import { evaluateTree, type Evaluation } from './tree.js';

export type TreeChoice = 'seed' | 'corrected' | 'both';

export interface Finding {
  id: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  evidence: string[];
}

export interface Advice {
  project: string;
  evaluations: Evaluation[];
  findings: Finding[];
  fragment: SandboxSettingsFragment;
  fragmentNotes: string[];
  /** True when the recommendation of the tree in charge asks for a change. */
  actionRequired: boolean;
}

/** Checks that apply whatever the path ("always restrict filesystem and network, verify the boundary"). */
export function crossChecks(f: Facts): Finding[] {
  const out: Finding[] = [];
  const nativePlatform = ['macos', 'linux', 'wsl2'].includes(f.platform.value);
  const fc = nativeSandboxFailClosed(f);
  if (nativePlatform && !fc.yes) out.push({ id: 'native-sandbox-not-fail-closed', severity: 'error', message: "Claude Code's sandbox is not enabled and fail-closed", evidence: fc.missing });
  const deny = f.claudeSandbox.value.denyRead.join(' ');
  if (f.claudeSandbox.value.enabled && !/\.ssh/.test(deny)) {
    out.push({ id: 'credential-reads-open', severity: 'error', message: 'the sandbox reads everything by default: ~/.ssh and other credentials are not in sandbox.filesystem.denyRead', evidence: f.claudeSandbox.evidence.filter((e) => /denyRead/.test(e)) });
  }
  if (f.claudeSandbox.value.excludedCommands.length) {
    out.push({ id: 'excluded-commands', severity: 'warning', message: `commands that always run outside the sandbox: ${f.claudeSandbox.value.excludedCommands.join(', ')}`, evidence: [] });
  }
  const b = bypassOnHost(f);
  if (b.yes) out.push({ id: 'bypass-on-host', severity: 'error', message: 'bypass mode is in use outside an isolated environment', evidence: b.evidence });
  const w = untrustedWholeProcessInputs(f);
  if (w.yes && !inputsVetted(f).yes) out.push({ id: 'unvetted-inputs', severity: 'error', message: 'MCP servers or agent configuration run outside the shell sandbox without vetting', evidence: inputsVetted(f).evidence });
  for (const u of f.claudeSandbox.value.unreadable) out.push({ id: 'settings-unreadable', severity: 'error', message: `${u} is not valid JSON; Claude Code ignores it`, evidence: [] });
  out.push({ id: 'verify-boundary', severity: 'info', message: 'a setting proves nothing until exercised: run `gatehouse doctor` after any change', evidence: [] });
  return out;
}

export function advise(f: Facts, opts: { tree?: TreeChoice; extraDomains?: string[] } = {}): Advice {
  const choice = opts.tree ?? 'corrected';
  const evaluations: Evaluation[] = [];
  if (choice === 'corrected' || choice === 'both') evaluations.push(evaluateTree(CORRECTED_TREE, f));
  if (choice === 'seed' || choice === 'both') evaluations.push(evaluateTree(SEED_TREE, f));
  const { fragment, notes } = buildSandboxFragment(f, opts.extraDomains);
  const main = evaluations[0]!;
  // A finding the recommendation itself is about is not repeated.
  const covered: Record<string, string> = { 'enable-native-sandbox': 'native-sandbox-not-fail-closed', 'bypass-on-host': 'bypass-on-host', 'vet-then-isolate': 'unvetted-inputs' };
  return {
    project: f.project,
    evaluations,
    findings: crossChecks(f).filter((x) => x.id !== covered[main.leaf.id]),
    fragment,
    fragmentNotes: notes,
    actionRequired: !main.leaf.ok && main.leaf.level === 'required',
  };
}
