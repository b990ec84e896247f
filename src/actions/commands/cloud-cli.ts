// Cloud provider CLIs: aws, gcloud, gsutil, az, doctl, hcloud, linode-cli, eksctl. Each becomes a
// CloudAction with the command path (`['s3', 'rm']`, `['compute', 'instances', 'delete']`), the
// names after it, the flags, the option values rules need, and the account/project/profile.
import { cloudAction, commandPath, envFrom } from './cloud-common.js';
import { parseOptions, type CommandHandler } from './view.js';

const AWS_WITH_VALUE = ['--profile', '--region', '--output', '--endpoint-url', '--query', '--cli-input-json', '--cli-input-yaml', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--policy-arn', '--role-name', '--user-name', '--group-name', '--db-instance-identifier', '--db-cluster-identifier', '--stack-name', '--function-name', '--table-name', '--cluster', '--name', '--bucket', '--key', '--instance-ids', '--key-id', '--secret-id', '--service', '--exclude', '--include', '--acl', '--storage-class', '--pending-window-in-days', '--environment-name', '--application-name', '--template-file', '--template-body', '--parameter-overrides', '--zip-file', '--s3-bucket', '--image-uri', '--cli-binary-format', '--payload', '--document-name', '--parameters', '--targets', '--policy-document', '--policy-name', '--account-id', '--hosted-zone-id', '--change-batch', '--id', '--max-items', '--filters', '--page-size', '--starting-token'];

const aws: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: AWS_WITH_VALUE });
  const [service, operation, ...names] = o.positionals;
  if (!service) return [];
  return [
    cloudAction(v, 'aws', {
      op: operation ? [service, operation] : [service],
      names,
      o,
      keep: ['--policy-arn', '--policy-document', '--profile', '--recursive', '--role-name', '--user-name', '--pending-window-in-days'],
      environment: [o.value.get('--profile'), envFrom(v, 'AWS_PROFILE'), names.find((n) => n.startsWith('s3://'))],
    }),
  ];
};

const GCLOUD_WITH_VALUE = ['--project', '--account', '--configuration', '--format', '--verbosity', '--zone', '--region', '--filter', '--limit', '--sort-by', '--member', '--role', '--iam-account', '--key-file-type', '--impersonate-service-account', '--billing-project', '--location', '--cluster', '--image', '--service-account', '--source', '--platform', '--tag', '--flags-file', '--machine-type', '--network', '--subnet', '--database-version', '--tier', '--instance', '--condition', '--keyring', '--key', '--version', '--trigger-http', '--runtime', '--entry-point', '--memory', '--env-vars-file', '--set-env-vars', '--port', '--page-size', '--member-type', '--description', '--display-name', '--traffic', '--to-revisions', '--to-latest'];

const gcloud: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: GCLOUD_WITH_VALUE });
  // `gcloud alpha|beta <group> …` is the same command.
  const pos = o.positionals[0] === 'alpha' || o.positionals[0] === 'beta' ? o.positionals.slice(1) : o.positionals;
  if (!pos.length) return [];
  const { op, names } = commandPath(pos, 6, 1);
  const live = (op[0] === 'app' && op[1] === 'deploy' && !o.flags.has('--no-promote')) || ((op[0] === 'run' || op[0] === 'functions') && op[op.length - 1] === 'deploy' && !o.flags.has('--no-traffic'));
  return [
    cloudAction(v, 'gcloud', {
      op,
      names,
      o,
      keep: ['--role', '--member', '--project', '--recursive'],
      environment: [o.value.get('--project'), envFrom(v, 'CLOUDSDK_CORE_PROJECT', 'GOOGLE_CLOUD_PROJECT'), o.value.get('--configuration'), ...(op[0] === 'projects' ? names.slice(0, 1) : [])],
      ...(live ? { deploy: 'production' as const } : {}),
    }),
  ];
};

const gsutil: CommandHandler = (v) => {
  // Top-level options come before the command: -m, -q, -D, -o key=value, -h header, -u project.
  let i = 0;
  for (; i < v.args.length && v.args[i]!.startsWith('-'); i++) if (['-o', '-h', '-u', '-i'].includes(v.args[i]!)) i++;
  const [sub, ...rest] = v.args.slice(i);
  if (!sub) return [];
  const o = parseOptions(rest, { withValue: ['-p', '-c', '-x', '-a', '-z', '-j', '-s', '-t', '-l', '-k', '-b', '-u', '-o', '-h', '-i', '-D'] });
  return [cloudAction(v, 'gsutil', { op: [sub], names: o.positionals, o, environment: [o.positionals.find((n) => n.startsWith('gs://'))] })];
};

const AZ_WITH_VALUE = ['-n', '--name', '-g', '--resource-group', '--subscription', '-o', '--output', '--query', '--ids', '-l', '--location', '--role', '--assignee', '--assignee-object-id', '--scope', '--server', '--account-name', '--vault-name', '--cluster-name', '--workspace-name', '--src', '--src-path', '--type', '--plan', '--runtime', '--image', '--sku', '--tags', '--settings', '--slot', '--environment'];

const az: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: AZ_WITH_VALUE });
  if (!o.positionals.length) return [];
  const { op, names } = commandPath(o.positionals, 5, 1);
  const live = ((op[0] === 'webapp' || op[0] === 'functionapp' || op[0] === 'containerapp' || op[0] === 'staticwebapp') && /^(deploy|up)$/.test(op[op.length - 1]!)) && !o.value.get('--slot');
  return [
    cloudAction(v, 'az', {
      op,
      names,
      o,
      keep: ['--role', '--scope', '-n', '--name', '-g', '--resource-group'],
      environment: [o.value.get('--subscription'), o.value.get('-g') ?? o.value.get('--resource-group'), o.value.get('-n') ?? o.value.get('--name'), o.value.get('--slot')],
      ...(live ? { deploy: 'production' as const } : {}),
    }),
  ];
};

/** `tool <group…> <verb> NAME` CLIs with a handful of global options. */
function simpleCli(tool: string, withValue: string[], envOptions: string[]): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue: [...withValue, ...envOptions] });
    if (!o.positionals.length) return [];
    const { op, names } = commandPath(o.positionals, 4);
    return [cloudAction(v, tool, { op, names, o, environment: [...envOptions.map((e) => o.value.get(e)), ...names.slice(0, 1)] })];
  };
}

export const CLOUD_CLI_COMMANDS: Record<string, CommandHandler> = {
  aws,
  gcloud,
  gsutil,
  az,
  doctl: simpleCli('doctl', ['-t', '--access-token', '-o', '--output', '--format', '--region', '--size', '--image'], ['--context']),
  hcloud: simpleCli('hcloud', ['-o', '--output', '--type', '--image', '--location', '--datacenter'], ['--context']),
  'linode-cli': simpleCli('linode-cli', ['--label', '--region', '--type', '--image', '--format'], []),
  eksctl: simpleCli('eksctl', ['-f', '--config-file', '--region', '-r', '--profile', '--nodes', '--node-type'], ['--name', '--cluster', '-n']),
};
