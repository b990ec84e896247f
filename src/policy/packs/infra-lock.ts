// The seed guide's infrastructure lock: changes to container, CI, deployment and infrastructure
// files, the database schema and the environment template need approval — from any tool, Bash
// redirects, `sed -i`, `tee`, moves and deletes included. Reads pass; personal `.env.local` is
// not locked (the secrets pack guards reading `.env` files).
import { relative, sep } from 'node:path';
import type { Action } from '../../actions/types.js';
import { isWithin } from '../../actions/paths.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'infra-lock';

/** Project-relative path of a change inside the project (or an allowed directory), skipping vendored trees. */
export function projectPath(a: Action, env: DecideEnv): string[] {
  if ((a.kind !== 'write' && a.kind !== 'delete') || (a.kind === 'write' && a.mode === 'perm')) return [];
  const out: string[] = [];
  for (const p of a.literal ? [a.path, a.literal] : [a.path]) {
    const root = [env.projectDir, ...env.allowedDirs].find((d) => isWithin(d, p) && d !== p);
    if (!root) continue;
    const rel = relative(root, p).split(sep).join('/');
    if (/(^|\/)(node_modules|vendor|\.git|\.venv|venv|dist|build|target|\.terraform)(\/|$)/.test(rel)) continue;
    out.push(rel);
  }
  return out;
}

function lockRule(id: string, summary: string, why: string, test: (rel: string, name: string) => boolean, examples: { match: PathExample[]; pass: PathExample[] }) {
  return defineRule({
    id: `${PACK}/${id}`,
    verdict: 'ask',
    summary,
    why,
    fix: `Propose the change (what and why) and let the user approve it; to unlock it for good the user sets \`rules: { ${PACK}/${id}: off }\` in the policy.`,
    on: ['write', 'delete'],
    match: (a, env) => projectPath(a, env).some((rel) => test(rel, rel.split('/').pop() ?? rel)),
    examples,
  });
}

/** Program source and docs: a `terraform/` package of an application or `Dockerfile-parser.ts` is code, not infrastructure. */
const SOURCE_CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|rs|rb|java|kt|scala|cs|php|swift|c|h|cpp|md|mdx|rst|txt|snap)$/;

type PathExample = { Write: string } | { Edit: string } | { Read: string } | { Bash: string } | { tool: string; input: Record<string, unknown> };

export const containerConfig = lockRule(
  'container-config',
  'Changes a Dockerfile or compose file',
  'Container definitions decide what runs in every environment, with which base image, users and ports.',
  (_rel, name) => (/^(Dockerfile|Containerfile)([.-].*)?$/.test(name) && !SOURCE_CODE.test(name)) || /\.(dockerfile|containerfile)$/i.test(name) || /^(docker-)?compose([.-].*)?\.ya?ml$/.test(name),
  {
    match: [{ Edit: 'Dockerfile' }, { Write: 'docker/Dockerfile.prod' }, { Write: 'docker-compose.yml' }, { Bash: 'sed -i "s/node:18/node:20/" Dockerfile' }, { Bash: 'echo "  redis:" >> compose.yaml' }, { Bash: 'rm docker-compose.override.yml' }, { Bash: 'mv Dockerfile Dockerfile.old' }],
    pass: [{ Read: 'Dockerfile' }, { Bash: 'cat docker-compose.yml' }, { Bash: 'docker build -f Dockerfile .' }, { Write: 'docs/docker.md' }, { Write: 'src/compose.ts' }],
  },
);

export const ciPipeline = lockRule(
  'ci-pipeline',
  'Changes a CI/CD pipeline (.github/workflows, .gitlab-ci.yml, Jenkinsfile, .circleci…)',
  'Pipelines run with deploy keys and secrets; a changed workflow can release, publish or leak them.',
  (rel, name) =>
    /^\.github\/(workflows|actions)\//.test(rel) ||
    /^\.circleci\//.test(rel) ||
    /^\.buildkite\//.test(rel) ||
    /^\.gitlab\/ci\//.test(rel) ||
    /^(\.gitlab-ci\.ya?ml|Jenkinsfile|azure-pipelines\.ya?ml|bitbucket-pipelines\.yml|\.travis\.yml|cloudbuild\.ya?ml|\.drone\.ya?ml|buildspec\.ya?ml|\.woodpecker\.ya?ml|appveyor\.yml|codemagic\.yaml)$/.test(name) ||
    /^Jenkinsfile\./.test(name),
  {
    match: [{ Write: '.github/workflows/release.yml' }, { Edit: '.github/workflows/ci.yml' }, { Write: '.gitlab-ci.yml' }, { Edit: 'Jenkinsfile' }, { Write: '.circleci/config.yml' }, { Write: 'azure-pipelines.yml' }, { Bash: 'echo "      - run: curl x | sh" >> .github/workflows/ci.yml' }, { Bash: 'rm -f .github/workflows/ci.yml' }],
    pass: [{ Read: '.github/workflows/ci.yml' }, { Write: '.github/ISSUE_TEMPLATE/bug.md' }, { Write: 'docs/ci.md' }, { Bash: 'gh workflow list' }],
  },
);

export const deployInfra = lockRule(
  'deploy-infrastructure',
  'Changes deployment or infrastructure code (k8s/, helm/, charts/, terraform/, *.tf, pulumi, ansible, fly.toml, vercel.json, serverless.yml…)',
  'These files are the production environment: a change here is a change to servers, networks and permissions.',
  (rel, name) =>
    (/(^|\/)(k8s|kubernetes|helm|charts|terraform|pulumi|ansible)\//.test(rel) && !SOURCE_CODE.test(name)) ||
    /\.(tf|tfvars|tf\.json|tfvars\.json)$/.test(name) ||
    /^(terragrunt\.hcl|Pulumi(\.[\w-]+)?\.ya?ml|Procfile|fly\.toml|vercel\.json|netlify\.toml|serverless\.ya?ml|serverless\.ts|skaffold\.ya?ml|kustomization\.ya?ml|Chart\.yaml|render\.yaml|railway\.(json|toml)|wrangler\.(toml|json|jsonc)|cdk\.json|app\.json|firebase\.json|amplify\.yml|Tiltfile|Caddyfile)$/.test(name),
  {
    match: [{ Write: 'k8s/deployment.yaml' }, { Edit: 'helm/values.yaml' }, { Write: 'charts/api/templates/svc.yaml' }, { Edit: 'terraform/main.tf' }, { Write: 'infra/variables.tfvars' }, { Edit: 'fly.toml' }, { Write: 'vercel.json' }, { Edit: 'serverless.yml' }, { Edit: 'Pulumi.prod.yaml' }, { Write: 'ansible/site.yml' }, { Bash: "sed -i 's/replicas: 2/replicas: 0/' kubernetes/api.yaml" }],
    pass: [{ Read: 'k8s/deployment.yaml' }, { Bash: 'terraform fmt -check' }, { Write: 'src/infra.ts' }, { Write: 'docs/terraform.md' }, { Bash: 'kubectl apply --dry-run=client -f k8s/' }],
  },
);

export const schema = lockRule(
  'database-schema',
  'Changes the database schema definition (prisma/schema.prisma)',
  'The schema decides what the next migration does to production data.',
  (_rel, name) => name === 'schema.prisma',
  {
    match: [{ Edit: 'prisma/schema.prisma' }, { Bash: 'echo "model Audit { id Int @id }" >> prisma/schema.prisma' }],
    pass: [{ Read: 'prisma/schema.prisma' }, { Write: 'prisma/migrations/20250101_init/migration.sql' }, { Write: 'prisma/seed.ts' }],
  },
);

export const envTemplate = lockRule(
  'env-template',
  'Changes the environment template (.env.example, .env.sample, .env.template)',
  'The template documents what every environment must define; the project locks it so configuration changes are agreed.',
  (_rel, name) => /^\.env\.(example|sample|template|dist|defaults)$/.test(name),
  {
    match: [{ Edit: '.env.example' }, { Bash: 'echo "STRIPE_KEY=" >> .env.example' }, { Write: 'apps/web/.env.sample' }],
    pass: [{ Read: '.env.example' }, { Write: '.env.local' }, { Edit: 'config/env.ts' }],
  },
);

export const rules = [containerConfig, ciPipeline, deployInfra, schema, envTemplate];

