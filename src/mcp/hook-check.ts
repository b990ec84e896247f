// The PreToolUse check for `mcp__<server>__<tool>` calls. It reads two small files, the lock and
// the observed state, and never scans: a call to a tool of a pinned server is denied when the
// tool is new, when verify saw its spec change, when the server's package or launch changed, or
// when the state cannot be trusted (never verified, or the lock edited since). Unpinned servers
// are left to `gatehouse mcp scan` and Claude Code's own approval.
import { readFileSync } from 'node:fs';
import { parseMcpToolName } from '../hook/event.js';
import type { Hit } from '../policy/types.js';
import { lockPath, parseLock, type LockFile } from './lock.js';
import { lockHashOf, observedPath, readObserved, type Observed } from './observed.js';

export interface McpCheckContext {
  projectDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

function hit(ruleId: string, action: string, summary: string, why: string, fix: string): Hit {
  return { ruleId, verdict: 'deny', action, summary, why, fix, source: 'mcp-lock' };
}

export function checkMcpCall(toolName: string, mcpServer: { name?: string } | undefined, ctx: McpCheckContext): Hit[] {
  const parsed = parseMcpToolName(toolName);
  if (!parsed) return [];
  const file = lockPath(ctx.projectDir);
  let bytes: string;
  try {
    bytes = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return [hit('mcp/pin/lock-unreadable', toolName, 'The MCP lock file cannot be read', `${file}: ${(e as Error).message}`, 'Fix or restore .gatehouse/mcp-lock.json, then run `gatehouse mcp verify`.')];
  }
  let lock: LockFile;
  try {
    lock = parseLock(bytes, file);
  } catch (e) {
    return [hit('mcp/pin/lock-unreadable', toolName, 'The MCP lock file is invalid', (e as Error).message, 'Fix or restore .gatehouse/mcp-lock.json, then run `gatehouse mcp verify`.')];
  }
  const name =
    (mcpServer?.name && lock.servers[mcpServer.name] ? mcpServer.name : undefined) ??
    Object.keys(lock.servers).find((n) => lock.servers[n]!.toolPrefix === parsed.server);
  if (!name) return [];
  const server = lock.servers[name]!;
  const approve = `Review with \`gatehouse mcp verify\`, then \`gatehouse mcp approve ${name} ${parsed.tool}\` if the change is wanted.`;
  if (!server.tools[parsed.tool] && server.surfaceSource !== 'none') {
    return [hit('mcp/pin/new-tool', toolName, `Tool ${parsed.tool} is not in the pin of MCP server ${name}`, 'A pinned server offering a tool nobody reviewed is how capabilities are slipped in after approval.', approve)];
  }
  let observed: Observed | undefined;
  try {
    observed = readObserved(observedPath(ctx.env, ctx.projectDir));
  } catch (e) {
    return [hit('mcp/pin/unverified', toolName, 'The observed MCP state is unreadable', (e as Error).message, 'Run `gatehouse mcp verify`.')];
  }
  if (!observed || !observed.servers[name]) {
    return [hit('mcp/pin/unverified', toolName, `Pinned MCP server ${name} has not been verified here`, 'Without a verify run gatehouse cannot tell whether the server still matches its pin.', 'Run `gatehouse mcp verify`.')];
  }
  if (observed.lockHash !== lockHashOf(bytes)) {
    return [hit('mcp/pin/lock-changed', toolName, 'The MCP lock changed since it was last verified', 'The lock was edited outside `gatehouse mcp pin/approve`; an edited lock could approve anything.', 'Run `gatehouse mcp verify` (and review the lock diff).')];
  }
  const o = observed.servers[name]!;
  if (o.tools[parsed.tool] === 'changed') {
    return [hit('mcp/pin/tool-changed', toolName, `Tool ${parsed.tool} of MCP server ${name} changed since it was pinned`, 'A changed description or schema is how a rug pull arrives.', approve)];
  }
  if (o.identity !== 'ok') {
    return [hit('mcp/pin/identity-changed', toolName, `MCP server ${name} is launched differently than when it was pinned`, o.identity === 'missing' ? 'The pinned server is no longer configured under this name.' : 'Its command, arguments, URL or environment keys changed.', `Review with \`gatehouse mcp verify\`, then \`gatehouse mcp approve ${name}\`.`)];
  }
  if (o.package === 'changed') {
    return [hit('mcp/pin/package-changed', toolName, `The package of MCP server ${name} changed${o.packageNote ? ` (${o.packageNote})` : ''}`, 'A new package version can change what a tool does without changing its description (postmark-mcp).', `Scan it with \`gatehouse mcp scan ${name}\`, then \`gatehouse mcp approve ${name}\`.`)];
  }
  if (o.instructions === 'changed') {
    return [hit('mcp/pin/instructions-changed', toolName, `The instructions of MCP server ${name} changed`, 'Server instructions reach the model for every tool of the server.', `Review with \`gatehouse mcp verify\`, then \`gatehouse mcp approve ${name}\`.`)];
  }
  return [];
}
