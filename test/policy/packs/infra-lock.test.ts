import { describe, expect, it } from 'vitest';
import { label, packTable, type Case } from './table.js';

const t = packTable('infra-lock');

const CASES: Case[] = [
  [{ Read: 'Dockerfile' }, []],
  [{ Read: '.github/workflows/ci.yml' }, []],
  ['cat k8s/deployment.yaml', []],
  ['grep -r image: helm/', []],
  ['docker compose config', []],
  ['terraform fmt -check -recursive', []],
  [{ Write: 'src/Dockerfile-parser.ts' }, []],
  [{ Write: 'docs/kubernetes.md' }, []],
  [{ Write: 'src/terraform/plan-reader.ts' }, []],
  [{ Write: 'services/api/k8s/deployment.yaml' }, ['infra-lock/deploy-infrastructure']],
  [{ Write: 'deploy/helm/api/values-prod.yaml' }, ['infra-lock/deploy-infrastructure']],
  [{ Write: 'node_modules/x/Dockerfile' }, []],
  [{ Write: '.env.local' }, []],
  [{ Write: '.env.production.example' }, []],
  [{ Write: '/tmp/scratch/Dockerfile' }, []],
  [{ Write: 'prisma/migrations/20250101000000_add_users/migration.sql' }, []],
  ['chmod +x .github/workflows/scripts/x.sh', []],
  [{ Write: 'Dockerfile.dev' }, ['infra-lock/container-config']],
  [{ Write: 'services/api/api.Dockerfile' }, ['infra-lock/container-config']],
  [{ Write: 'compose.override.yaml' }, ['infra-lock/container-config']],
  ['cp /tmp/Dockerfile ./Dockerfile', ['infra-lock/container-config']],
  ['tee docker-compose.prod.yml < /tmp/c.yml', ['infra-lock/container-config']],
  [{ Write: '.github/actions/setup/action.yml' }, ['infra-lock/ci-pipeline']],
  ['sed -i "s/main/master/" .gitlab-ci.yml', ['infra-lock/ci-pipeline']],
  [{ Write: 'bitbucket-pipelines.yml' }, ['infra-lock/ci-pipeline']],
  [{ tool: 'mcp__fs__write_file', input: { path: '.github/workflows/ci.yml', content: 'x' } }, ['infra-lock/ci-pipeline']],
  [{ Write: 'infra/network.tf' }, ['infra-lock/deploy-infrastructure']],
  [{ Write: 'kubernetes/base/kustomization.yaml' }, ['infra-lock/deploy-infrastructure']],
  [{ Edit: 'Procfile' }, ['infra-lock/deploy-infrastructure']],
  [{ Edit: 'netlify.toml' }, ['infra-lock/deploy-infrastructure']],
  [{ Edit: 'wrangler.toml' }, ['infra-lock/deploy-infrastructure']],
  ['rm -rf terraform/modules/old', ['infra-lock/deploy-infrastructure']],
  [{ Edit: 'apps/api/prisma/schema.prisma' }, ['infra-lock/database-schema']],
  ['echo "DB_URL=" >> .env.template', ['infra-lock/env-template']],
];

describe('infra-lock pack edge cases', () => {
  it.each(CASES.map(([i, e]) => [label(i), i, e] as const))('%s', (_l, input, expected) => {
    expect(t.fired(input)).toEqual([...expected].sort());
  });
});
