// The seed guide's sandbox decision tree (v3.28.1, diagram 08), as published, answered from facts.
// Its later corrections are attached to the leaves they contradict; corrected-tree.ts is the
// tree gatehouse recommends.
import type { Facts } from '../facts/types.js';
import { personalKnownCodebase, untrustedCodeOrUnknownMcp } from './predicates.js';
import { cmd, containerSteps, nativeSandboxSteps, note } from './steps.js';
import type { Tree } from './tree.js';

const yesNo = (v: { yes: boolean; evidence: string[] }) => ({ branch: v.yes ? 'yes' : 'no', evidence: v.evidence });

export const SEED_TREE: Tree = {
  id: 'seed',
  title: "The seed guide's sandbox decision tree (v3.28.1)",
  source: 'claude-code-ultimate-guide, diagram 08 "Sandbox Decision Tree"',
  root: 's1-production',
  nodes: {
    's1-production': {
      id: 's1-production',
      question: 'Running on a production server?',
      factSources: ['production'],
      answer: (f) => ({ branch: f.production.value ? 'yes' : 'no', evidence: f.production.evidence }),
      branches: { yes: 'seed-always-sandbox', no: 's2-untrusted' },
    },
    's2-untrusted': {
      id: 's2-untrusted',
      question: 'Executing untrusted code or an unknown MCP server?',
      factSources: ['mcp', 'agentConfig'],
      answer: (f) => yesNo(untrustedCodeOrUnknownMcp(f)),
      branches: { yes: 's3-platform', no: 's4-personal' },
    },
    's3-platform': {
      id: 's3-platform',
      question: 'What platform?',
      factSources: ['ci', 'platform'],
      answer: (f: Facts) => {
        if (f.ci.value) return { branch: 'ci', evidence: f.ci.evidence };
        const p = f.platform.value;
        if (p === 'macos') return { branch: 'macos', evidence: f.platform.evidence };
        if (p === 'linux' || p === 'wsl2' || p === 'wsl1') return { branch: 'linux', evidence: f.platform.evidence };
        return { branch: 'other', evidence: [...f.platform.evidence, 'the seed tree has no branch for this platform'] };
      },
      branches: { macos: 'seed-macos-sandbox', linux: 'seed-docker', ci: 'seed-ephemeral-container', other: 'seed-no-answer' },
    },
    's4-personal': {
      id: 's4-personal',
      question: 'Personal project with a known codebase?',
      factSources: ['agentConfig'],
      answer: (f) => yesNo(personalKnownCodebase(f)),
      branches: { yes: 's5-comfortable', no: 'seed-sandbox-recommended' },
    },
    's5-comfortable': {
      id: 's5-comfortable',
      question: 'Comfortable with default permissions?',
      factSources: ['permissions'],
      answer: (f) => {
        const m = f.permissions.value.defaultMode;
        const yes = m === undefined || ['default', 'manual', 'plan', 'dontAsk'].includes(m);
        return { branch: yes ? 'yes' : 'no', evidence: [...f.permissions.evidence.slice(0, 1), yes ? 'the default permission mode is in use' : `defaultMode ${m} was chosen over the default`] };
      },
      branches: { yes: 'seed-default-mode', no: 'seed-accept-edits' },
    },
  },
  leaves: {
    'seed-always-sandbox': {
      id: 'seed-always-sandbox',
      level: 'required',
      title: 'Always sandbox (Docker / Firecracker)',
      why: 'A production server holds real data and credentials.',
      steps: () => containerSteps('docker'),
      correction: 'Firecracker needs KVM (bare metal or nested virtualisation). The later guide adds: ephemeral execution, limited secrets and deployment gates.',
    },
    'seed-macos-sandbox': {
      id: 'seed-macos-sandbox',
      level: 'required',
      title: 'macOS sandbox (built in, free)',
      why: 'Seatbelt is built into macOS.',
      steps: (f) => nativeSandboxSteps(f),
      correction: "Claude Code's sandbox covers only Bash; untrusted MCP servers and hooks need vetting and whole-process isolation.",
    },
    'seed-docker': {
      id: 'seed-docker',
      level: 'required',
      title: 'Docker sandbox recommended',
      why: 'Untrusted code on Linux.',
      steps: () => containerSteps('docker'),
      correction: 'On Linux the native choice is bubblewrap + socat; Docker needs a working engine, and a container is not a VM.',
    },
    'seed-ephemeral-container': {
      id: 'seed-ephemeral-container',
      level: 'required',
      title: 'Ephemeral container (best practice)',
      why: 'CI runs unattended.',
      steps: () => [...containerSteps('docker'), note('being in CI is not isolation by itself: the runner must be ephemeral')],
      correction: 'The later guide: bypassPermissions only in an isolated environment, and CI alone is not enough.',
    },
    'seed-no-answer': {
      id: 'seed-no-answer',
      level: 'required',
      title: 'The seed tree has no answer for this platform',
      why: 'It names only macOS, Linux and CI/CD.',
      steps: () => [note('native Windows: run Claude Code in WSL2, a container or a VM'), cmd('gatehouse sandbox advise --tree corrected')],
    },
    'seed-sandbox-recommended': {
      id: 'seed-sandbox-recommended',
      level: 'recommended',
      title: 'Sandbox recommended (err on the side of caution)',
      why: 'Not a personal project with a known codebase, or unsure.',
      steps: (f) => nativeSandboxSteps(f),
    },
    'seed-default-mode': {
      id: 'seed-default-mode',
      ok: true,
      level: 'optional',
      title: 'Default mode, sandbox optional',
      why: 'A personal project you know, on default permissions.',
      steps: (f) => [note('the later guide still advises restricting filesystem and network and verifying the boundary'), ...nativeSandboxSteps(f)],
    },
    'seed-accept-edits': {
      id: 'seed-accept-edits',
      level: 'optional',
      title: 'acceptEdits mode ("manual file review")',
      why: 'Not comfortable with the default permissions.',
      steps: (f) => [note('acceptEdits approves every edit automatically; review with git diff instead'), ...nativeSandboxSteps(f)],
      correction: 'acceptEdits auto-approves edits: it is the opposite of manual file review.',
    },
  },
};
