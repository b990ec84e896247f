// Runs every rule's own examples against a throw-away fixture (a home directory with credential
// files and a project with an ignore file): each `match` example must produce the rule's id, each
// `pass` example must not. The test suite and `gatehouse policy test` both use it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decidePrompt, decideToolCall, type EngineContext, type LoadedPolicy } from './engine.js';
import type { Decision, Example, Rule } from './types.js';

export interface Fixture {
  root: string;
  home: string;
  project: string;
  state: string;
  install: string;
  cleanup(): void;
}

const FILES: Record<string, string> = {
  'home/.ssh/id_ed25519': '-----BEGIN OPENSSH PRIVATE KEY-----\nfixture\n-----END OPENSSH PRIVATE KEY-----\n',
  'home/.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA fixture\n',
  'home/.ssh/known_hosts': 'github.com ssh-ed25519 AAAA\n',
  'home/.ssh/config': 'Host *\n',
  'home/.ssh/authorized_keys': 'ssh-ed25519 AAAA fixture\n',
  'home/.aws/credentials': '[default]\n',
  'home/.docker/config.json': '{}\n',
  'home/.npmrc': '//registry/:_authToken=x\n',
  'home/.kube/config': 'apiVersion: v1\n',
  'home/.git-credentials': 'https://u:p@example.com\n',
  'home/.config/gcloud/credentials.db': 'x',
  'home/.bashrc': '# rc\n',
  'home/.zshrc': '# rc\n',
  'home/.profile': '# rc\n',
  'home/.gitconfig': '[user]\n',
  'home/.claude/settings.json': '{}\n',
  'home/.claude.json': '{}\n',
  'home/notes.md': '# notes\n',
  'project/.env': 'API_KEY=fixture\n',
  'project/.env.example': 'API_KEY=\n',
  'project/.envrc': 'export X=1\n',
  'project/.claudeignore': '# fixture\nsecrets/\n.env*\n!.env.example\n',
  'project/.gitignore': 'node_modules/\nsecrets/\n.env\n.envrc\ndist/\n',
  'project/secrets/prod.yaml': 'password: x\n',
  'project/src/index.ts': 'export {};\n',
  'project/src/keyboard.ts': 'export {};\n',
  'project/src/environment.ts': 'export {};\n',
  'project/src/auth/credentials-provider.ts': 'export {};\n',
  'project/config/credentials.json': '{}\n',
  'project/config/credentials.example.json': '{}\n',
  'project/config/.env.production': 'X=1\n',
  'project/certs/server.key': 'key\n',
  'project/deploy/id_rsa': 'key\n',
  'project/tls/privkey.pem': 'key\n',
  'project/infra/terraform.tfstate': '{}\n',
  'project/gcp/service-account-prod.json': '{}\n',
  'project/secrets.json': '{}\n',
  'project/docs/key-rotation.md': '# x\n',
  'project/docs/secrets.md': '# x\n',
  'project/README.md': '# fixture\n',
  'project/package.json': '{"name":"fixture","version":"1.0.0","devDependencies":{"typescript":"5.9.3","prisma":"6.0.0"}}\n',
  'project/node_modules/.bin/tsc': '#!/usr/bin/env node\n',
  'project/Dockerfile': 'FROM node:20\n',
  'project/docker-compose.yml': 'services: {}\n',
  'project/.github/workflows/ci.yml': 'on: push\n',
  'project/notes.txt': 'notes\n',
  'project/dist/app.js': '//\n',
  'project/.git/HEAD': 'ref: refs/heads/feature/login\n',
  'project/.git/config': '[core]\n',
  'project/.git/hooks/pre-commit.sample': '#!/bin/sh\n',
  'project/.claude/settings.json': '{}\n',
  'project/.mcp.json': '{}\n',
  'project/.gatehouse/policy.yaml': 'version: 1\n',
  'project/CLAUDE.md': '# Project\n',
  'state/audit/.keep': '',
  'install/package.json': '{"name":"gatehouse"}\n',
  'install/dist/hook.cjs': '//\n',
};

export function createFixture(): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-fixture-'));
  for (const [rel, text] of Object.entries(FILES)) {
    const p = rel.startsWith('project/') ? join(root, 'home', rel) : join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return {
    root,
    home: join(root, 'home'),
    project: join(root, 'home', 'project'),
    state: join(root, 'state'),
    install: join(root, 'install'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function fixtureContext(fx: Fixture): EngineContext {
  return { cwd: fx.project, home: fx.home, projectDir: fx.project, stateDir: fx.state, installDir: fx.install, env: { HOME: fx.home, USER: 'user' }, now: 0 };
}

export function describeExample(e: Example): string {
  if ('Bash' in e) return `Bash: ${e.Bash}`;
  if ('Read' in e) return `Read: ${e.Read}`;
  if ('Write' in e) return `Write: ${e.Write}`;
  if ('Edit' in e) return `Edit: ${e.Edit}`;
  if ('prompt' in e) return `prompt: ${e.prompt}`;
  return `${e.tool}: ${JSON.stringify(e.input)}`;
}

export function runExample(e: Example, ctx: EngineContext, loaded?: LoadedPolicy): Decision {
  if ('prompt' in e) return decidePrompt(e.prompt, ctx, loaded);
  if ('Bash' in e) return decideToolCall({ tool: 'Bash', input: { command: e.Bash } }, { ...ctx, cwd: e.cwd ?? ctx.cwd }, loaded);
  if ('Read' in e) return decideToolCall({ tool: 'Read', input: { file_path: e.Read } }, ctx, loaded);
  if ('Write' in e) return decideToolCall({ tool: 'Write', input: { file_path: e.Write, content: e.content ?? 'x' } }, ctx, loaded);
  if ('Edit' in e) return decideToolCall({ tool: 'Edit', input: { file_path: e.Edit, old_string: 'a', new_string: 'b' } }, ctx, loaded);
  return decideToolCall({ tool: e.tool, input: e.input, ...(e.mcpSource ? { mcpSource: e.mcpSource } : {}) }, ctx, loaded);
}

export interface ExampleResult {
  ruleId: string;
  expect: 'match' | 'pass';
  example: string;
  ok: boolean;
  /** Rule ids that fired. */
  fired: string[];
  error?: string;
}

export function runRuleExamples(rules: readonly Rule[], ctx: EngineContext, loaded?: LoadedPolicy): ExampleResult[] {
  const out: ExampleResult[] = [];
  for (const rule of rules) {
    for (const expect of ['match', 'pass'] as const) {
      for (const e of rule.examples[expect]) {
        try {
          const d = runExample(e, ctx, loaded);
          const fired = [...new Set(d.hits.map((h) => h.ruleId))];
          out.push({ ruleId: rule.id, expect, example: describeExample(e), ok: fired.includes(rule.id) === (expect === 'match'), fired });
        } catch (err) {
          out.push({ ruleId: rule.id, expect, example: describeExample(e), ok: false, fired: [], error: (err as Error).message });
        }
      }
    }
  }
  return out;
}
