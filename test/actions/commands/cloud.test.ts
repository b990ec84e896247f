import { describe, expect, it } from 'vitest';
import { commandPath } from '../../../src/actions/commands/cloud-common.js';
import type { CloudAction } from '../../../src/actions/types.js';
import { HOME, actions, of } from './helpers.js';

type Expect = Partial<Omit<CloudAction, 'via' | 'kind'>>;

const CASES: [string, Expect | null][] = [
  ['terraform -chdir=envs/prod apply -auto-approve -var-file=prod.tfvars', { tool: 'terraform', op: ['apply'], flags: expect.arrayContaining(['--auto-approve']) as unknown as string[], environment: 'prod.tfvars', production: 'prod.tfvars' }],
  ['terraform state rm aws_s3_bucket.x', { op: ['state', 'rm'], names: ['aws_s3_bucket.x'] }],
  ['TF_WORKSPACE=production terraform plan', { op: ['plan'], production: 'TF_WORKSPACE=production' }],
  ['terragrunt run-all destroy', { tool: 'terragrunt', op: ['destroy'] }],
  ['pulumi up --yes -s acme/prod', { tool: 'pulumi', op: ['up'], environment: 'acme/prod', production: 'acme/prod' }],
  ['kubectl --context prod-eu -n shop delete deploy api', { tool: 'kubectl', op: ['delete'], names: ['deploy', 'api'], environment: 'prod-eu', values: { '--context': ['prod-eu'], '-n': ['shop'] } }],
  ['kubectl scale deploy/api --replicas=0', { op: ['scale'], values: { '--replicas': ['0'] } }],
  ['kubectl rollout restart deploy/api', { op: ['rollout', 'restart'], names: ['deploy/api'] }],
  ['oc delete project demo', { tool: 'oc', op: ['delete'], names: ['project', 'demo'] }],
  ['helm uninstall api -n prod', { tool: 'helm', op: ['uninstall'], names: ['api'], environment: 'prod' }],
  ['docker run --privileged -v /:/host -it alpine sh -c "ls /host"', { tool: 'docker', op: ['run'], names: ['alpine'], flags: expect.arrayContaining(['--privileged']) as unknown as string[], values: { '-v': ['/:/host'] } }],
  ['docker run -itv /srv:/srv alpine', { values: { '-v': ['/srv:/srv'] }, names: ['alpine'] }],
  ['docker container rm -f api', { op: ['container', 'rm'], names: ['api'] }],
  ['docker --context remote volume prune -f', { op: ['volume', 'prune'] }],
  ['docker compose -f compose.prod.yml down -v', { tool: 'docker compose', op: ['down'], flags: expect.arrayContaining(['-v']) as unknown as string[] }],
  ['podman-compose down --volumes', { tool: 'podman-compose', op: ['down'] }],
  ['aws --profile prod s3 rm s3://bucket/x --recursive', { tool: 'aws', op: ['s3', 'rm'], names: ['s3://bucket/x'], environment: 'prod', production: 'prod' }],
  ['aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess', { op: ['iam', 'attach-user-policy'], values: expect.objectContaining({ '--policy-arn': ['arn:aws:iam::aws:policy/AdministratorAccess'] }) as unknown as Record<string, string[]> }],
  ['gcloud --project shop-prod compute instances delete vm-1 --zone z', { tool: 'gcloud', op: ['compute', 'instances', 'delete'], names: ['vm-1'], environment: 'shop-prod' }],
  ['gcloud beta run deploy api --image x', { op: ['run', 'deploy'], names: ['api'], deploy: 'production' }],
  ['gcloud projects delete shop-prod', { op: ['projects', 'delete'], names: ['shop-prod'], production: 'shop-prod' }],
  ['gsutil -m rm -r gs://assets', { tool: 'gsutil', op: ['rm'], names: ['gs://assets'] }],
  ['az group delete -n rg-prod --yes', { tool: 'az', op: ['group', 'delete'], environment: 'rg-prod' }],
  ['az webapp deploy --slot staging -n shop', { op: ['webapp', 'deploy'] }],
  ['doctl compute droplet delete web-1', { tool: 'doctl', op: ['compute', 'droplet', 'delete'], names: ['web-1'] }],
  ['eksctl delete cluster --name main', { tool: 'eksctl', op: ['delete'], names: ['cluster'] }],
  ['vercel', { tool: 'vercel', op: ['deploy'], deploy: 'preview' }],
  ['vercel deploy --prod', { op: ['deploy'], deploy: 'production' }],
  ['netlify deploy', { tool: 'netlify', deploy: 'preview' }],
  ['fly deploy -a shop-staging', { tool: 'fly', deploy: 'preview' }],
  ['firebase deploy -P prod', { tool: 'firebase', deploy: 'production' }],
  ['wrangler deploy --env staging', { tool: 'wrangler', deploy: 'preview' }],
  ['sls deploy', { tool: 'serverless', deploy: 'preview' }],
  ['cdk deploy ShopProdStack', { tool: 'cdk', deploy: 'production' }],
  ['ansible-playbook -i inventories/prod/hosts site.yml', { tool: 'ansible-playbook', deploy: 'production' }],
  ['ansible-playbook -i inventories/dev/hosts site.yml', { tool: 'ansible-playbook' }],
  ['heroku apps:destroy shop', { tool: 'heroku', op: ['apps', 'destroy'] }],
  ['gh repo delete example/x --yes', { tool: 'gh', op: ['repo', 'delete'], names: ['example/x'] }],
  ['ls', null],
];

describe('cloud, container and deploy command tables', () => {
  it.each(CASES)('%s', (command, expected) => {
    const got = of(command, 'cloud');
    if (expected === null) return expect(got).toEqual([]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject(expected);
  });

  it('reports host paths a container can see as reads, and leaves run-time paths out', () => {
    const reads = actions('docker run -v ~/.aws:/root/.aws:ro -v data:/data -v "$(pwd)":/app alpine').filter((a) => a.kind === 'read');
    expect(reads.map((r) => (r.kind === 'read' ? r.path : ''))).toEqual([`${HOME}/.aws`]);
  });

  it('judges what runs inside a container or pod by its own table, but not its paths', () => {
    expect(of('docker exec db psql -c "DROP TABLE t"', 'db')).toMatchObject([{ engine: 'postgres', statements: ['DROP TABLE t'] }]);
    expect(actions('docker exec db psql -c "DROP TABLE t"').find((a) => a.kind === 'db')?.via.chain).toEqual(['docker exec']);
    expect(of('docker run --rm alpine rm -rf /', 'delete')).toEqual([]);
    expect(of('kubectl --context prod exec -it api-0 -- rails db:drop', 'db')).toMatchObject([{ engine: 'rails', op: 'drop-database', production: 'prod' }]);
    expect(of('docker compose run --rm app npx prisma migrate reset', 'db')).toMatchObject([{ engine: 'prisma', op: 'reset' }]);
  });

  it('does not read the container command as docker options', () => {
    expect(of('docker run --rm alpine ls --privileged', 'cloud')[0]?.flags).not.toContain('--privileged');
  });

  it('splits command paths at the verb', () => {
    expect(commandPath(['compute', 'instances', 'delete', 'vm-1'])).toEqual({ op: ['compute', 'instances', 'delete'], names: ['vm-1'] });
    expect(commandPath(['iam', 'delete-user', 'x'])).toEqual({ op: ['iam', 'delete-user'], names: ['x'] });
    expect(commandPath(['run', 'services', 'list'], 5, 1)).toEqual({ op: ['run', 'services', 'list'], names: [] });
  });
});
