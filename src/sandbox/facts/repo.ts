// Who wrote the agent configuration in this repository. A project's hooks, agents, commands and
// MCP servers run with the user's rights; when someone else committed them (or the repository is
// a fresh clone with no commit by the user), they are untrusted input.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecResult } from '../probe.js';
import type { AgentConfigFact, Fact } from './types.js';

export type GitRunner = (args: string[]) => Promise<ExecResult>;

const AGENT_CONFIG = ['.claude', '.mcp.json', 'CLAUDE.md', '.claude.json'];

function listAgentFiles(project: string): string[] {
  const out: string[] = [];
  for (const rel of AGENT_CONFIG) {
    const p = join(project, rel);
    if (!existsSync(p)) continue;
    if (rel === '.claude') {
      const walk = (dir: string, prefix: string, depth: number) => {
        let list;
        try {
          list = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const d of list) {
          const r = `${prefix}/${d.name}`;
          if (d.isDirectory() && depth < 4) walk(join(dir, d.name), r, depth + 1);
          else if (d.isFile() && !/settings\.local\.json$/.test(d.name)) out.push(r);
        }
      };
      walk(p, '.claude', 0);
    } else out.push(rel);
  }
  return out.slice(0, 200);
}

export async function agentConfigFact(project: string, git: GitRunner, hooks: string[]): Promise<Fact<AgentConfigFact>> {
  const files = listAgentFiles(project);
  const ev: string[] = [];
  const v: AgentConfigFact = { files, hooks, foreignAuthors: [], freshClone: false, isGit: false };
  ev.push(files.length ? `agent configuration in the project: ${files.slice(0, 8).join(', ')}${files.length > 8 ? `, … (${files.length})` : ''}` : 'no agent configuration in the project (.claude/, .mcp.json, CLAUDE.md)');
  if (hooks.length) ev.push(`project hooks that are not gatehouse's: ${hooks.slice(0, 5).join(' | ')}`);
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    ev.push('not a git repository: authorship unknown');
    return { value: v, evidence: ev };
  }
  v.isGit = true;
  // `git var` honours GIT_AUTHOR_EMAIL as well as the configured identity.
  const ident = (await git(['var', 'GIT_AUTHOR_IDENT'])).stdout;
  const email = (/<([^>]*)>/.exec(ident)?.[1] ?? '').trim().toLowerCase();
  if (email) v.userEmail = email;
  const log = await git(['log', '-n', '500', '--format=%ae']);
  const authors = log.code === 0 ? log.stdout.split('\n').map((s) => s.trim().toLowerCase()).filter(Boolean) : [];
  if (authors.length) {
    const mine = email ? authors.filter((a) => a === email).length : 0;
    v.userShare = mine / authors.length;
    ev.push(`git: ${mine} of the last ${authors.length} commits are by ${email || '(no user.email configured)'}`);
  } else {
    ev.push('git: no commits yet (the user is creating this repository)');
  }
  const reflog = await git(['reflog', '--format=%gs', '-n', '1000']);
  const first = reflog.stdout.trim().split('\n').filter(Boolean).pop() ?? '';
  if (/^clone: from /.test(first) && (v.userShare ?? 0) === 0) {
    v.freshClone = true;
    ev.push(`git reflog starts with "${first.replace(/\/\/[^@/]*@/, '//')}" and has no commit by the user: a clone of someone else's work`);
  }
  if (files.length) {
    const cfg = await git(['log', '-n', '200', '--format=%ae', '--', ...AGENT_CONFIG]);
    const others = [...new Set(cfg.stdout.split('\n').map((s) => s.trim().toLowerCase()).filter((a) => a && a !== email))];
    v.foreignAuthors = others;
    if (others.length) ev.push(`agent configuration committed by others: ${others.slice(0, 5).join(', ')}`);
    else if (cfg.stdout.trim()) ev.push('agent configuration committed only by the user');
  }
  return { value: v, evidence: ev };
}

/** Agent configuration the user did not write: committed by others, or arrived with a clone. */
export function foreignAgentConfig(a: AgentConfigFact): boolean {
  if (!a.files.length && !a.hooks.length) return false;
  return a.foreignAuthors.length > 0 || a.freshClone;
}
