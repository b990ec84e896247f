// What a cloud or infrastructure command destroys or opens up, by tool. `destroy`: a whole
// account, project, cluster, stack, app or data store; `delete`: one resource; the rest name
// the other kinds of risk the cloud pack rules judge.
import type { CloudAction } from '../../actions/types.js';

export type CloudRiskKind = 'destroy' | 'delete' | 'apply' | 'state' | 'cluster-disruption' | 'grant-admin' | 'credentials' | 'container-escape' | 'container-data';

export interface CloudRisk {
  kind: CloudRiskKind;
  what: string;
}

const has = (a: CloudAction, ...flags: string[]) => flags.some((f) => a.flags.includes(f));
const opIs = (a: CloudAction, ...words: string[]) => words.every((w, i) => a.op[i] === w);
const last = (a: CloudAction) => a.op[a.op.length - 1] ?? '';
const risk = (kind: CloudRiskKind, what: string): CloudRisk[] => [{ kind, what }];
const valuesOf = (a: CloudAction, ...keys: string[]) => keys.flatMap((k) => a.values?.[k] ?? []);

/** Everything after a flag in the raw args, for options the table did not keep. */
function argValue(a: CloudAction, name: string): string | undefined {
  for (let i = 0; i < a.args.length; i++) {
    const x = a.args[i]!;
    if (x === name) return a.args[i + 1];
    if (x.startsWith(name + '=')) return x.slice(name.length + 1);
  }
  return undefined;
}

/** `s3://bucket`, `s3://bucket/`, `gs://bucket` — the whole bucket, not a prefix inside it. */
const bucketRoot = (n: string) => /^(s3|gs):\/\/[^/]+\/?$/.test(n);

function terraform(a: CloudAction): CloudRisk[] {
  const sub = a.op[0];
  if (has(a, '--help', '-h')) return [];
  if (sub === 'destroy' || (sub === 'apply' && has(a, '--destroy'))) return risk('destroy', `${a.tool} destroy`);
  if (sub === 'apply') return risk('apply', `${a.tool} apply${has(a, '--auto-approve') ? ' -auto-approve' : ''}`);
  if ((sub === 'state' && /^(rm|mv|push|replace-provider)$/.test(a.op[1] ?? '')) || sub === 'force-unlock' || sub === 'taint' || sub === 'untaint' || (sub === 'workspace' && a.op[1] === 'delete')) return risk('state', `${a.tool} ${a.op.join(' ')}`);
  return [];
}

function pulumi(a: CloudAction): CloudRisk[] {
  const sub = a.op[0];
  if (sub === 'destroy' && !has(a, '--preview-only')) return risk('destroy', 'pulumi destroy');
  if (sub === 'up' || sub === 'update') return risk('apply', `pulumi ${sub}${has(a, '--yes', '-y', '--skip-preview') ? ' --yes' : ''}`);
  if ((sub === 'stack' && a.op[1] === 'rm') || (sub === 'state' && /^(delete|unprotect|move|edit|rename|repair)$/.test(a.op[1] ?? '')) || sub === 'cancel') return risk('state', `pulumi ${a.op.join(' ')}`);
  return [];
}

/** Clusters that run on this machine (kind, minikube, Docker Desktop…): deleting in them loses nothing shared. */
const LOCAL_KUBE_CONTEXT = /^(kind-|minikube$|docker-desktop$|docker-for-desktop$|k3d-|rancher-desktop$|orbstack$|colima|microk8s$|desktop$)/;

function kubectl(a: CloudAction): CloudRisk[] {
  const verb = a.op[0];
  const local = (a.values?.['--context'] ?? []).some((c) => LOCAL_KUBE_CONTEXT.test(c));
  const dry = (a.values?.['--dry-run'] ?? []).some((d) => d !== 'none') || has(a, '--dry-run');
  if (dry) return [];
  if (verb === 'delete') {
    const kinds = (a.names[0] ?? '').toLowerCase().split(',').map((k) => k.split('/')[0]!);
    const allNs = has(a, '--all-namespaces', '-A');
    const whole = local ? 'delete' : 'destroy';
    if (kinds.some((k) => /^(ns|namespace|namespaces|crd|crds|customresourcedefinition|customresourcedefinitions)$/.test(k))) return risk(whole, `${a.tool} delete ${a.names[0]}`);
    if ((kinds.includes('all') || has(a, '--all')) && (allNs || kinds.includes('all'))) return risk(whole, `${a.tool} delete ${a.names.join(' ')} --all`);
    return risk('delete', `${a.tool} delete ${a.names.join(' ')}`.trim());
  }
  if (verb === 'drain') return risk('cluster-disruption', `${a.tool} drain`);
  if (verb === 'scale' && (a.values?.['--replicas'] ?? []).includes('0')) return risk('cluster-disruption', `${a.tool} scale --replicas=0`);
  if (verb === 'apply' && has(a, '--prune')) return risk('cluster-disruption', `${a.tool} apply --prune`);
  if (verb === 'replace' && has(a, '--force')) return risk('cluster-disruption', `${a.tool} replace --force`);
  if (verb === 'taint' && a.names.some((n) => /:NoExecute-?$/.test(n))) return risk('cluster-disruption', `${a.tool} taint NoExecute`);
  if (verb === 'create' && a.op[1] === 'clusterrolebinding' && argValue(a, '--clusterrole') === 'cluster-admin') return risk('grant-admin', 'clusterrolebinding to cluster-admin');
  return [];
}

function helm(a: CloudAction): CloudRisk[] {
  return /^(uninstall|delete|del|un)$/.test(a.op[0] ?? '') && !has(a, '--dry-run') ? risk('delete', `helm uninstall ${a.names.join(' ')}`) : [];
}

/** Host paths that hand a container the machine: the root, system trees, the docker socket, the whole home. */
const HOST_ESCAPE_PATHS = /^(\/|\/etc|\/root|\/boot|\/proc|\/sys|\/dev|\/var\/run\/docker\.sock|\/run\/docker\.sock|\/var\/run|\/run|\/var\/lib\/docker|\/usr|\/bin|\/sbin|\/lib|\/home|\/Users|~|\$HOME)\/?$/;

function container(a: CloudAction): CloudRisk[] {
  const verb = last(a);
  const group = a.op.length > 1 ? a.op[0] : undefined;
  if (verb === 'run' || verb === 'create' || verb === 'exec') {
    const out: CloudRisk[] = [];
    if (has(a, '--privileged')) out.push({ kind: 'container-escape', what: '--privileged' });
    for (const c of valuesOf(a, '--cap-add')) if (/^(CAP_)?(ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE|DAC_READ_SEARCH|SYS_RAWIO)$/i.test(c)) out.push({ kind: 'container-escape', what: `--cap-add ${c}` });
    for (const k of ['--pid', '--userns', '--ipc', '--uts']) if (valuesOf(a, k).includes('host')) out.push({ kind: 'container-escape', what: `${k}=host` });
    for (const s of valuesOf(a, '--security-opt')) if (/^(apparmor|seccomp)[=:]unconfined$|^label[=:]disable$|^systempaths[=:]unconfined$/.test(s)) out.push({ kind: 'container-escape', what: `--security-opt ${s}` });
    for (const v of valuesOf(a, '-v', '--volume')) {
      const src = v.split(':')[0] ?? '';
      if (HOST_ESCAPE_PATHS.test(src)) out.push({ kind: 'container-escape', what: `mounts ${src}` });
    }
    for (const m of valuesOf(a, '--mount')) {
      const src = /(?:^|,)(?:source|src)=([^,]+)/.exec(m)?.[1];
      if (src && /(^|,)type=bind/.test(m) && HOST_ESCAPE_PATHS.test(src)) out.push({ kind: 'container-escape', what: `mounts ${src}` });
    }
    for (const d of valuesOf(a, '--device')) if (/^\/dev\/(sd|nvme|hd|vd|xvd|mem|kmem|disk)/.test(d)) out.push({ kind: 'container-escape', what: `--device ${d}` });
    return out;
  }
  if (group === 'volume' && (verb === 'rm' || verb === 'remove' || verb === 'prune')) return risk('container-data', `${a.tool} volume ${verb}`);
  if (group === 'system' && verb === 'prune' && has(a, '--volumes')) return risk('container-data', `${a.tool} system prune --volumes`);
  if (a.tool.includes('compose') && verb === 'down' && has(a, '-v', '--volumes')) return risk('container-data', `${a.tool} down --volumes`);
  // Removing or killing every container (`docker rm -f $(docker ps -aq)`).
  const every = a.names.some((n) => n === '*' || n.includes('*'));
  if ((verb === 'rm' || verb === 'remove') && every && has(a, '-f', '--force')) return risk('container-data', `${a.tool} rm -f <every container>`);
  if (verb === 'kill' && every) return risk('container-data', `${a.tool} kill <every container>`);
  return [];
}

/** aws: [service, operation] pairs that remove a whole account, stack, cluster or data store. */
const AWS_DESTROY: [RegExp, RegExp, (a: CloudAction) => boolean][] = [
  [/^organizations$/, /^(close-account|leave-organization|delete-organization)$/, () => true],
  [/^cloudformation$/, /^delete-stack(-set)?$/, () => true],
  [/^(eks|ecs|redshift|docdb|neptune|memorydb|kafka|dax)$/, /^delete-cluster$/, () => true],
  [/^rds$/, /^delete-(db-cluster|global-cluster)$/, () => true],
  [/^rds$/, /^delete-db-instance$/, (a) => has(a, '--skip-final-snapshot') || has(a, '--delete-automated-backups')],
  [/^dynamodb$/, /^delete-table$/, () => true],
  [/^kms$/, /^schedule-key-deletion$/, () => true],
  [/^secretsmanager$/, /^delete-secret$/, (a) => has(a, '--force-delete-without-recovery')],
  [/^(opensearch|es)$/, /^delete-(domain|elasticsearch-domain)$/, () => true],
  [/^(backup|glacier)$/, /^delete-(backup-vault|vault)$/, () => true],
  [/^elasticache$/, /^delete-(replication-group|cache-cluster|serverless-cache)$/, () => true],
  [/^s3$/, /^rb$/, (a) => has(a, '--force')],
  [/^s3$/, /^rm$/, (a) => has(a, '--recursive') && a.names.some(bucketRoot)],
];

function aws(a: CloudAction): CloudRisk[] {
  const [service = '', operation = ''] = a.op;
  for (const [s, o, when] of AWS_DESTROY) if (s.test(service) && o.test(operation) && when(a)) return risk('destroy', `aws ${service} ${operation}`);
  if (service === 'iam') {
    const policies = valuesOf(a, '--policy-arn');
    if (/^attach-(user|role|group)-policy$/.test(operation) && policies.some((p) => /(AdministratorAccess|IAMFullAccess)$/.test(p))) return risk('grant-admin', `iam ${operation} ${policies.join(' ')}`);
    if (/^put-(user|role|group)-policy$/.test(operation) && valuesOf(a, '--policy-document').some((d) => /"Action"\s*:\s*"\*"|"Action"\s*:\s*\[\s*"\*"/.test(d))) return risk('grant-admin', `iam ${operation} with Action "*"`);
    if (/^(create-access-key|create-login-profile|update-login-profile|create-service-specific-credential)$/.test(operation)) return risk('credentials', `iam ${operation}`);
  }
  if (service === 's3' && (operation === 'rm' || operation === 'rb')) return risk('delete', `aws s3 ${operation} ${a.names.join(' ')}`);
  if (service === 's3' && operation === 'sync' && has(a, '--delete')) return risk('delete', 'aws s3 sync --delete');
  if (/^(delete|terminate|remove|deregister|purge|disable|detach|revoke|cancel)-/.test(operation) && !/^(configure|sts)$/.test(service)) return risk('delete', `aws ${service} ${operation}`);
  return [];
}

const GCLOUD_DESTROY = /^(projects delete|container clusters delete|sql instances delete|spanner instances delete|spanner databases delete|bigtable instances delete|firestore databases delete|alloydb clusters delete|redis instances delete|storage buckets delete|kms keys versions destroy|bigquery datasets delete|filestore instances delete|organizations delete|billing accounts delete)$/;
const GCLOUD_ADMIN_ROLES = /^roles\/(owner|editor|iam\.securityAdmin|resourcemanager\.projectIamAdmin|resourcemanager\.organizationAdmin|iam\.serviceAccountTokenCreator|iam\.serviceAccountKeyAdmin)$/;

function gcloud(a: CloudAction): CloudRisk[] {
  const path = a.op.join(' ');
  if (/^(config|components|auth|topic|help|info|init|interactive|cheat-sheet|feedback)$/.test(a.op[0] ?? '')) return [];
  if (GCLOUD_DESTROY.test(path)) return risk('destroy', `gcloud ${path}`);
  if (opIs(a, 'storage', 'rm') && (has(a, '--recursive', '-r', '-R') && a.names.some(bucketRoot))) return risk('destroy', `gcloud storage rm -r ${a.names.join(' ')}`);
  if (last(a) === 'add-iam-policy-binding' && valuesOf(a, '--role').some((r) => GCLOUD_ADMIN_ROLES.test(r))) return risk('grant-admin', `gcloud ${path} --role ${valuesOf(a, '--role').join(' ')}`);
  if (/^iam service-accounts keys create$/.test(path) || /^iam service-accounts create-key$/.test(path)) return risk('credentials', `gcloud ${path}`);
  if (/^(delete|destroy|remove|purge|wipe)$/.test(last(a))) return risk('delete', `gcloud ${path}`);
  return [];
}

function gsutil(a: CloudAction): CloudRisk[] {
  const sub = a.op[0];
  if (sub === 'rb') return risk('destroy', `gsutil rb ${a.names.join(' ')}`);
  if (sub === 'rm' && has(a, '-r', '-R', '-a') && a.names.some(bucketRoot)) return risk('destroy', `gsutil rm -r ${a.names.join(' ')}`);
  if (sub === 'rm') return risk('delete', `gsutil rm ${a.names.join(' ')}`);
  if (sub === 'rsync' && has(a, '-d')) return risk('delete', 'gsutil rsync -d');
  return [];
}

const AZ_DESTROY = /^(group delete|aks delete|sql server delete|sql db delete|cosmosdb delete|storage account delete|keyvault purge|(mysql|postgres|mariadb) (flexible-)?server delete|redis delete|account management-group delete|ad app delete|ad sp delete)$/;

function az(a: CloudAction): CloudRisk[] {
  const path = a.op.join(' ');
  if (/^(config|extension|cache|login|logout|account set|feedback|interactive|upgrade|version|bicep)$/.test(a.op[0] ?? '')) return [];
  if (AZ_DESTROY.test(path)) return risk('destroy', `az ${path}`);
  const role = valuesOf(a, '--role').join(' ');
  if (path === 'role assignment create' && /^(Owner|User Access Administrator|Role Based Access Control Administrator)$/i.test(role)) return risk('grant-admin', `az role assignment create --role ${role}`);
  if (/^ad (sp|app) credential reset$|^ad sp create-for-rbac$/.test(path)) return risk('credentials', `az ${path}`);
  if (/^(delete|purge|remove|wipe)$/.test(last(a))) return risk('delete', `az ${path}`);
  return [];
}

function generic(a: CloudAction, destroy: RegExp): CloudRisk[] {
  const path = a.op.join(' ');
  if (destroy.test(path)) return risk('destroy', `${a.tool} ${path}`);
  return a.op.some((w) => /(^|-)(delete|destroy|remove|rm|terminate|purge)$/.test(w)) ? risk('delete', `${a.tool} ${path}`) : [];
}

const TOOL_DESTROY: Record<string, RegExp> = {
  doctl: /^(kubernetes cluster delete|databases delete|projects delete|compute volume delete)$/,
  'linode-cli': /^(lke cluster-delete|databases \w+-delete|obj rb)$/,
  cdk: /^destroy$/,
  serverless: /^remove$/,
  sst: /^remove$/,
  amplify: /^delete$/,
  eb: /^terminate$/,
  fly: /^(apps destroy|apps delete|app destroy|postgres destroy|pg destroy)$/,
  heroku: /^(apps destroy|destroy|addons destroy)$/,
  netlify: /^(sites delete)$/,
  wrangler: /^(d1 delete)$/,
  vercel: /^(projects rm|projects remove|project rm|project remove)$/,
  gh: /^(repo delete)$/,
  railway: /^(delete)$/,
  kamal: /^(remove)$/,
};

export function cloudRisks(a: CloudAction): CloudRisk[] {
  switch (a.tool) {
    case 'terraform':
    case 'tofu':
    case 'terragrunt':
      return terraform(a);
    case 'pulumi':
      return pulumi(a);
    case 'kubectl':
    case 'oc':
      return kubectl(a);
    case 'helm':
      return helm(a);
    case 'aws':
      return aws(a);
    case 'gcloud':
      return gcloud(a);
    case 'gsutil':
      return gsutil(a);
    case 'az':
      return az(a);
    case 'eksctl':
      return a.op[0] === 'delete' ? risk(a.names[0] === 'cluster' ? 'destroy' : 'delete', `eksctl delete ${a.names[0] ?? ''}`.trim()) : [];
    default:
      if (/^(docker|podman|nerdctl)$|compose/.test(a.tool)) return container(a);
      return generic(a, TOOL_DESTROY[a.tool] ?? /^$/);
  }
}
