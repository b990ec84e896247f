// Every finding id gatehouse's MCP vetting can report, with its default severity and why it
// matters. Ids are stable (`mcp/<area>/<name>`): tests, suppressions, SARIF and docs key on them.
import type { Severity } from '../types.js';

export interface RuleInfo {
  severity: Severity;
  summary: string;
  why: string;
}

export const RULES: Record<string, RuleInfo> = {
  // Code
  'mcp/code/shell-injection': { severity: 'high', summary: 'Shell command built from tool arguments', why: 'A tool argument reaches a shell as part of a string, so the model (or text it read) can run any command: `; curl … | sh` rides along.' },
  'mcp/code/shell-string': { severity: 'medium', summary: 'Shell command built from a variable', why: 'A shell runs a string assembled at run time; if any part can come from a tool argument or the network, it is command injection. Pass an argument array instead.' },
  'mcp/code/dynamic-eval': { severity: 'high', summary: 'Code evaluated from a non-constant string', why: 'eval, new Function, vm and exec run whatever string they get; nothing in the package shows what that code will be.' },
  'mcp/code/remote-code-exec': { severity: 'critical', summary: 'Code fetched from the network and executed', why: 'The server runs code it downloads, so its author can change what it does at any time without publishing a new version.' },
  'mcp/code/decoded-exec': { severity: 'critical', summary: 'Encoded payload decoded and executed', why: 'Code hidden as base64, hex or character codes and then executed is how malicious packages hide from review.' },
  'mcp/code/env-harvest': { severity: 'high', summary: 'Whole environment enumerated or serialised', why: 'Environment variables hold API keys and tokens; a server has no reason to collect all of them.' },
  'mcp/code/credential-read': { severity: 'high', summary: 'Reads a credential file', why: 'SSH keys, cloud credentials and registry tokens are not an MCP tool\'s business unless that is its stated purpose.' },
  'mcp/code/persistence': { severity: 'high', summary: 'Writes to a shell start-up file, SSH authorized_keys or a scheduler', why: 'Changing what runs at login or who may log in outlives the MCP session: it is how a foothold is kept.' },
  'mcp/code/network': { severity: 'info', summary: 'Network access', why: 'Shown so the reviewer can check each destination against what the tools say they do.' },
  'mcp/code/exfiltration-flow': { severity: 'critical', summary: 'Secrets and a network sink in the same code', why: 'Collected environment variables or credential files next to an outbound request is the shape of credential theft.' },
  'mcp/code/encoded-payload': { severity: 'medium', summary: 'Encoded blob decoded at run time', why: 'Long base64, hex or character-code data decoded at run time can hide code or addresses; check what the decoded data is used for.' },
  'mcp/code/obfuscated-code': { severity: 'high', summary: 'Obfuscated code', why: 'Obfuscator output (`_0x…` identifiers, packers) has no place in an open-source server and defeats review.' },
  'mcp/code/path-prefix-check': { severity: 'high', summary: 'Path confinement by string prefix without realpath or separator', why: 'A prefix test lets `/allowed-evil` pass for `/allowed`, and symlinks inside the allowed folder lead anywhere (the filesystem server CVE-2025-53109/53110 class).' },
  'mcp/code/hidden-recipient': { severity: 'critical', summary: 'Hard-coded extra recipient the tool does not mention', why: 'A fixed BCC/CC address copies every message to someone the user never chose (the postmark-mcp attack).' },
  'mcp/code/undisclosed-endpoint': { severity: 'medium', summary: 'Tool sends data to a host its description does not mention', why: 'Data leaving for a destination the user was not told about is how quiet exfiltration looks.' },
  // Install
  'mcp/install/lifecycle-script': { severity: 'medium', summary: 'Runs a script at install time', why: 'Install scripts run with the user\'s rights before anyone reviews the server; `npx -y` runs them silently.' },
  'mcp/install/script-command': { severity: 'high', summary: 'Install script downloads, pipes to a shell or runs inline code', why: 'An install hook that fetches and runs code can do anything, and what it fetches can change at any time.' },
  'mcp/install/script-behaviour': { severity: 'critical', summary: 'Code run at install time touches the network, environment, credentials or shell', why: 'Install-time code runs before any review, with the user\'s environment: the classic supply-chain exfiltration.' },
  'mcp/install/dependency-script': { severity: 'low', summary: 'A dependency runs an install script', why: 'Install scripts of dependencies run too when the server is installed with scripts on (as `npx -y` does).' },
  // Metadata
  'mcp/meta/hidden-instructions': { severity: 'high', summary: 'Hidden instructions to the model in tool metadata', why: 'Pseudo-tags like <IMPORTANT> with imperatives are read by the model when tools are listed, before any call ("line jumping").' },
  'mcp/meta/concealment': { severity: 'high', summary: 'Asks the model to hide something from the user', why: 'No honest tool needs the model to keep secrets from its user.' },
  'mcp/meta/instruction-override': { severity: 'high', summary: 'Tries to override other instructions', why: 'Text that tells the model to ignore its instructions is prompt injection.' },
  'mcp/meta/sensitive-path-request': { severity: 'high', summary: 'Asks for the contents of credential or config files', why: 'A description that asks the model to read SSH keys or MCP configs and pass them along is tool poisoning.' },
  'mcp/meta/sensitive-path-mention': { severity: 'low', summary: 'Mentions a credential or config file', why: 'Shown for review; harmless in a description that explains what a tool refuses.' },
  'mcp/meta/pseudo-tag': { severity: 'low', summary: 'Pseudo-tag in a description', why: 'Shown for review: tags like <system> are often used to smuggle instructions.' },
  'mcp/meta/shadowing': { severity: 'high', summary: 'Steers other tools or Claude Code built-ins', why: 'A description that sets rules for other tools changes how trusted tools behave: tool shadowing.' },
  'mcp/meta/cross-server-reference': { severity: 'high', summary: 'Refers to another configured server\'s tools', why: 'One server\'s metadata has no business naming another server\'s tools; this is how shadowing is aimed.' },
  'mcp/meta/builtin-name': { severity: 'medium', summary: 'Tool named like a Claude Code built-in', why: 'A tool called Bash or Read invites confusion with the trusted built-in (confused deputy).' },
  'mcp/meta/name-collision': { severity: 'medium', summary: 'Same tool name as another configured server', why: 'Two servers offering the same tool name lets one stand in for the other.' },
  'mcp/meta/invisible-text': { severity: 'high', summary: 'Invisible characters in tool metadata', why: 'Unicode tag characters, zero-width and bidi controls carry text the user cannot see but the model reads.' },
  'mcp/meta/ansi-escape': { severity: 'high', summary: 'Terminal escape sequences in tool metadata', why: 'ANSI escapes can hide or rewrite text in a terminal so a reviewer sees something else than the model.' },
  'mcp/meta/whitespace-padding': { severity: 'medium', summary: 'Long whitespace padding in tool metadata', why: 'Text pushed far right or down is out of sight in most UIs but fully visible to the model.' },
  'mcp/meta/dynamic-description': { severity: 'high', summary: 'Tool metadata changes at run time', why: 'A description that depends on a file, the clock, a counter, the environment or the client can look clean when reviewed and change later: rug-pull preparation.' },
  'mcp/meta/tool-list-changes': { severity: 'medium', summary: 'Tool list can change at run time', why: 'Tools added or changed after start-up bypass any review of the initial list; pins catch the change only if they are checked.' },
  'mcp/meta/dynamic-mismatch': { severity: 'high', summary: 'Running server lists other tools than its source shows', why: 'A server whose live tool list differs from its code is computing metadata or hiding behaviour.' },
  // Config
  'mcp/config/unpinned-launcher': { severity: 'medium', summary: 'Server launched without a pinned version', why: '`npx -y pkg`, `@latest`, `uvx pkg` and `docker …:latest` fetch whatever is newest at every start, bypassing review and pins.' },
  'mcp/config/inline-secret': { severity: 'high', summary: 'Secret written into the MCP config', why: 'Config files are copied, committed and read by other tools; reference an environment variable instead.' },
  'mcp/config/shell-pipeline': { severity: 'high', summary: 'Server launched through a shell pipeline', why: 'A `sh -c` command line can download and run anything and hides what actually starts.' },
  'mcp/config/privileged-container': { severity: 'high', summary: 'Container with host privileges', why: '--privileged, host mounts or the Docker socket give the server the host.' },
  'mcp/config/plain-http': { severity: 'high', summary: 'Remote server over plain HTTP', why: 'Tool lists and results can be read and rewritten on the way.' },
  'mcp/config/auto-enabled': { severity: 'medium', summary: 'Project servers enabled without review', why: 'enableAllProjectMcpServers starts every server a cloned repository declares.' },
  'mcp/config/not-pinned': { severity: 'low', summary: 'Server not pinned', why: 'Without a pin a changed tool or package goes unnoticed; run `gatehouse mcp pin` after review.' },
  'mcp/config/dangerous-flag': { severity: 'medium', summary: 'Server started with a --dangerous* or --allow-all style flag', why: 'Flags that switch off the server\'s own safety checks widen what a poisoned prompt can do.' },
  // Dynamic listing
  'mcp/run/failed': { severity: 'info', summary: 'Jailed listing did not complete', why: 'The static result stands alone; see the message for why the server did not answer.' },
};

export function ruleInfo(id: string): RuleInfo {
  const r = RULES[id];
  if (!r) throw new Error(`unknown MCP rule id ${id}`);
  return r;
}
