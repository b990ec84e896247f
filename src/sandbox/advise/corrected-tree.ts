// The sandbox decision tree with the seed guide's later corrections: the native sandbox covers
// only Bash, so untrusted MCP servers and hooks need vetting and whole-process isolation; choose
// the shell sandbox by platform; make it fail closed; bypass only inside an isolated environment;
// production and CI need ephemeral isolated execution. Answered from facts.
import type { Facts } from '../facts/types.js';
import { bestProcessIsolation, inputsVetted, bypassOnHost, linuxPrereqs, nativeSandboxFailClosed, untrustedWholeProcessInputs } from './predicates.js';
import { bwrapAgentSteps, cmd, containerSteps, installPrereqSteps, nativeSandboxSteps, note, vetSteps } from './steps.js';
import type { Tree } from './tree.js';

const yesNo = (v: { yes: boolean; evidence: string[] }) => ({ branch: v.yes ? 'yes' : 'no', evidence: v.evidence });

const ephemeralSteps = (f: Facts) => [
  ...containerSteps(f.isolation.container.value.engine ?? 'docker'),
  note('give the job only the secrets it needs (scoped, short-lived); deployments go through gates the agent cannot approve'),
  note('permissions.defaultMode bypassPermissions is acceptable only inside that isolated, ephemeral environment'),
];

export const CORRECTED_TREE: Tree = {
  id: 'corrected',
  title: 'Sandbox decision tree, with the guide\'s later corrections',
  source: 'claude-code-ultimate-guide, newest diagram 08, and gatehouse research',
  root: 'environment',
  nodes: {
    environment: {
      id: 'environment',
      question: 'Where does the agent run: production, CI, or a developer machine?',
      factSources: ['production', 'ci'],
      answer: (f) => {
        if (f.production.value) return { branch: 'production', evidence: f.production.evidence };
        if (f.ci.value) return { branch: 'ci', evidence: f.ci.evidence };
        return { branch: 'local', evidence: [...f.production.evidence, ...f.ci.evidence] };
      },
      branches: { production: 'production-isolated', ci: 'ci-isolated', local: 'untrusted-inputs' },
    },
    'production-isolated': {
      id: 'production-isolated',
      question: 'Is it already inside an ephemeral, isolated environment (container or VM)?',
      factSources: ['isolatedEnv'],
      answer: (f) => ({ branch: f.isolatedEnv.value ? 'yes' : 'no', evidence: f.isolatedEnv.evidence }),
      branches: { yes: 'production-keep-isolated', no: 'production-isolate' },
    },
    'ci-isolated': {
      id: 'ci-isolated',
      question: 'Is the CI job inside an ephemeral, isolated environment (container or VM)?',
      factSources: ['isolatedEnv'],
      answer: (f) => ({ branch: f.isolatedEnv.value ? 'yes' : 'no', evidence: f.isolatedEnv.evidence }),
      branches: { yes: 'ci-keep-isolated', no: 'ci-isolate' },
    },
    'untrusted-inputs': {
      id: 'untrusted-inputs',
      question: 'Does third-party code run as a whole process, outside the shell sandbox (MCP servers, hooks or .claude/ content you did not write)?',
      factSources: ['mcp', 'agentConfig'],
      answer: (f) => yesNo(untrustedWholeProcessInputs(f)),
      branches: { yes: 'vetted', no: 'platform' },
    },
    vetted: {
      id: 'vetted',
      question: 'Has each of them been vetted and pinned?',
      factSources: ['mcp', 'agentConfig'],
      answer: (f) => yesNo(inputsVetted(f)),
      branches: { yes: 'process-isolation', no: 'vet-then-isolate' },
    },
    'process-isolation': {
      id: 'process-isolation',
      question: 'Which whole-process isolation works here?',
      factSources: ['isolation.container', 'isolation.gvisor', 'isolation.bwrap', 'isolation.sandboxExec'],
      answer: (f) => {
        const b = bestProcessIsolation(f);
        return { branch: b.kind, evidence: b.evidence };
      },
      branches: { container: 'isolate-container', gvisor: 'isolate-gvisor', bwrap: 'isolate-bwrap', seatbelt: 'isolate-seatbelt', none: 'isolate-unavailable' },
    },
    platform: {
      id: 'platform',
      question: 'Only shell commands need isolating: which platform?',
      factSources: ['platform'],
      answer: (f) => ({ branch: f.platform.value, evidence: f.platform.evidence }),
      branches: { macos: 'native-fail-closed', linux: 'linux-prereqs', wsl2: 'linux-prereqs', wsl1: 'wsl1-unsupported', windows: 'windows-native', other: 'unsupported-platform' },
    },
    'linux-prereqs': {
      id: 'linux-prereqs',
      question: 'Do bubblewrap (with working user namespaces) and socat work here?',
      factSources: ['isolation.bwrap', 'isolation.socat'],
      answer: (f) => yesNo(linuxPrereqs(f)),
      branches: { yes: 'native-fail-closed', no: 'install-prereqs' },
    },
    'native-fail-closed': {
      id: 'native-fail-closed',
      question: "Is Claude Code's sandbox enabled and fail-closed in the merged settings?",
      factSources: ['claudeSandbox'],
      answer: (f) => yesNo(nativeSandboxFailClosed(f)),
      branches: { yes: 'bypass', no: 'enable-native-sandbox' },
    },
    bypass: {
      id: 'bypass',
      question: 'Is a bypass mode (bypassPermissions, --dangerously-skip-permissions) in use outside an isolated environment?',
      factSources: ['permissions', 'isolatedEnv'],
      answer: (f) => yesNo(bypassOnHost(f)),
      branches: { yes: 'bypass-on-host', no: 'native-sandbox-verified' },
    },
  },
  leaves: {
    'production-keep-isolated': { id: 'production-keep-isolated', ok: true, level: 'required', title: 'Keep production runs ephemeral and isolated', why: 'Production is declared and the agent already runs in an isolated environment.', steps: ephemeralSteps },
    'production-isolate': { id: 'production-isolate', level: 'required', title: 'Run the agent in an ephemeral container or VM', why: 'Production is declared, and nothing isolates the agent from the host.', steps: ephemeralSteps },
    'ci-keep-isolated': { id: 'ci-keep-isolated', ok: true, level: 'required', title: 'Keep CI runs ephemeral, with limited secrets', why: 'CI was detected inside an isolated environment; CI output is advisory, job statuses are the gate.', steps: ephemeralSteps },
    'ci-isolate': { id: 'ci-isolate', level: 'required', title: 'Run the CI agent inside an ephemeral container', why: 'CI was detected, but no container or VM boundary: being in CI is not isolation.', steps: ephemeralSteps },
    'vet-then-isolate': {
      id: 'vet-then-isolate',
      level: 'required',
      title: 'Vet first, then isolate the whole process',
      why: "Claude Code's sandbox covers only Bash; MCP servers and hooks run outside it with your rights.",
      steps: (f) => vetSteps(f),
    },
    'isolate-container': { id: 'isolate-container', level: 'required', title: 'Run the agent in a container', why: 'A working container engine gives whole-process isolation.', steps: (f) => [...containerSteps(f.isolation.container.value.engine ?? 'podman'), ...nativeSandboxSteps(f)] },
    'isolate-gvisor': {
      id: 'isolate-gvisor',
      level: 'required',
      title: 'Run the agent under gVisor',
      why: 'runsc works here: a user-space kernel between the agent and the host.',
      steps: (f) => [cmd('runsc --network=none do -- claude      # or as the OCI runtime of podman/docker'), ...nativeSandboxSteps(f)],
    },
    'isolate-bwrap': { id: 'isolate-bwrap', level: 'required', title: 'Run the whole agent under bubblewrap', why: 'No container engine works here; bubblewrap does.', steps: (f) => [...bwrapAgentSteps(), ...nativeSandboxSteps(f)] },
    'isolate-seatbelt': {
      id: 'isolate-seatbelt',
      level: 'required',
      title: 'Run the whole agent under a Seatbelt profile',
      why: 'macOS: sandbox-exec works; no container engine answers.',
      steps: (f) => [cmd('gatehouse sandbox profile --platform macos > agent.sb && sandbox-exec -f agent.sb claude'), ...nativeSandboxSteps(f)],
    },
    'isolate-unavailable': {
      id: 'isolate-unavailable',
      level: 'required',
      title: 'No whole-process isolation works here: install one before using these inputs',
      why: 'Untrusted servers or hooks would run on the host with your rights.',
      steps: () => [cmd('sudo apt-get install bubblewrap socat   # or podman with runc, or gVisor'), note('until then, disable the unvetted MCP servers and project hooks')],
    },
    'wsl1-unsupported': { id: 'wsl1-unsupported', level: 'required', title: 'Move to WSL 2', why: "WSL 1 cannot run bubblewrap, so Claude Code's sandbox is unavailable.", steps: () => [cmd('wsl --set-version <distro> 2')] },
    'windows-native': {
      id: 'windows-native',
      level: 'required',
      title: 'Run Claude Code in WSL 2, a container or a VM',
      why: 'Native Windows has no Claude Code sandbox.',
      steps: () => [cmd('wsl --install'), cmd('gatehouse sandbox profile --engine docker -- claude')],
    },
    'unsupported-platform': { id: 'unsupported-platform', level: 'required', title: 'Use a container or VM', why: 'No OS sandbox is known for this platform.', steps: () => [cmd('gatehouse sandbox profile --engine docker -- claude')] },
    'install-prereqs': { id: 'install-prereqs', level: 'required', title: 'Install bubblewrap and socat', why: "Without them Claude Code's sandbox cannot start on Linux.", steps: (f) => installPrereqSteps(f) },
    'enable-native-sandbox': {
      id: 'enable-native-sandbox',
      level: 'required',
      title: "Turn on Claude Code's sandbox, fail-closed, with credential reads denied",
      why: 'Without it Bash runs with your full rights; without failIfUnavailable it silently runs unsandboxed when the sandbox cannot start.',
      steps: (f) => nativeSandboxSteps(f),
    },
    'bypass-on-host': {
      id: 'bypass-on-host',
      level: 'required',
      title: 'Stop using bypass mode on this host',
      why: 'bypassPermissions skips every prompt; it is acceptable only inside an isolated environment.',
      steps: () => [
        note('remove --dangerously-skip-permissions aliases and defaultMode bypassPermissions'),
        { kind: 'settings', text: JSON.stringify({ permissions: { disableBypassPermissionsMode: 'disable' } }, null, 2) },
        cmd('gatehouse sandbox profile --engine docker -- claude --dangerously-skip-permissions   # if you need it, inside a container'),
      ],
    },
    'native-sandbox-verified': {
      id: 'native-sandbox-verified',
      ok: true,
      level: 'recommended',
      title: 'Keep manual permissions with a narrow allowlist, and verify the boundary',
      why: "Claude Code's sandbox is on and fail-closed; a check proves only what it exercises.",
      steps: (f) => [cmd('gatehouse doctor'), ...(f.claudeSandbox.value.denyRead.length ? [] : nativeSandboxSteps(f))],
    },
  },
};
