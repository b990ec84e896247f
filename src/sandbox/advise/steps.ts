// The exact commands and settings each recommendation ends in. Pure: facts in, steps out.
import type { Facts } from '../facts/types.js';
import { buildSandboxFragment } from './fragment.js';
import type { Step } from './tree.js';

export const cmd = (text: string): Step => ({ kind: 'command', text });
export const note = (text: string): Step => ({ kind: 'note', text });

export function nativeSandboxSteps(f: Facts): Step[] {
  const { fragment, notes } = buildSandboxFragment(f);
  return [
    { kind: 'settings', text: JSON.stringify(fragment, null, 2) },
    cmd('gatehouse sandbox advise --apply        # merges the settings above into .claude/settings.local.json'),
    ...notes.map(note),
    cmd('gatehouse doctor                        # proves the boundary with canary operations'),
  ];
}

export function installPrereqSteps(f: Facts): Step[] {
  const s: Step[] = [cmd('sudo apt-get install bubblewrap socat     # Debian/Ubuntu (Fedora: sudo dnf install bubblewrap socat)')];
  if (f.isolation.bwrap.evidence.some((e) => /found, but/.test(e))) {
    s.push(note('bwrap is installed but cannot create a user namespace. On Ubuntu 24.04+: sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0, or install an AppArmor profile for bwrap'));
  }
  s.push(cmd('gatehouse sandbox advise                # run again once installed'));
  return s;
}

export function containerSteps(engine: string): Step[] {
  return [
    cmd(`gatehouse sandbox profile --engine ${engine} -- claude     # prints the full command line`),
    note('read-only root, the project as the only writable mount, --network none, --cap-drop ALL, no-new-privileges; pass only the secrets the task needs'),
  ];
}

export function bwrapAgentSteps(): Step[] {
  return [
    cmd('gatehouse sandbox run --profile workspace --allow-net api.anthropic.com --allow-write ~/.claude --allow-write ~/.claude.json --allow-read ~/.claude/.credentials.json --pass-env ANTHROPIC_API_KEY -- claude'),
    note('the whole agent (its file tools, MCP servers and hooks too) then runs inside bubblewrap, not only its Bash commands'),
  ];
}

export function vetSteps(f: Facts): Step[] {
  const s: Step[] = [];
  const unl = f.mcp.value.filter((m) => !m.inLock || (!m.pinned && m.kind !== 'remote'));
  for (const m of unl) s.push(cmd(`gatehouse mcp scan ${m.name}   # then: gatehouse mcp pin ${m.name}`));
  if (f.agentConfig.value.foreignAuthors.length || f.agentConfig.value.freshClone) {
    s.push(note(`review the agent configuration you did not write before starting Claude Code here: ${f.agentConfig.value.files.slice(0, 6).join(', ')}`));
    if (f.agentConfig.value.hooks.length) s.push(note(`these hooks run on your machine with your rights: ${f.agentConfig.value.hooks.slice(0, 3).join(' | ')}`));
  }
  s.push(cmd('gatehouse sandbox advise --answer vetted=yes   # once reviewed, to see the isolation to use'));
  return s;
}
