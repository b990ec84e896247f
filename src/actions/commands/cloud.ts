// Infrastructure as code and Kubernetes: terraform/tofu/terragrunt, pulumi, kubectl/oc, helm.
// Container engines are in containers.ts, provider CLIs in cloud-cli.ts, deploy CLIs in deploy.ts.
import type { Action } from '../types.js';
import { cloudAction, envFrom } from './cloud-common.js';
import { insideContainer, type Lookup } from './delegate.js';
import { pkg } from './pkg-common.js';
import { parseOptions, type CommandHandler, type ParsedOptions } from './view.js';

/** Terraform's flags are Go flags: one or two dashes, `-name=value` or `-name value`. */
const TF_WITH_VALUE = new Set(['-var', '-var-file', '-target', '-replace', '-state', '-state-out', '-backup', '-lock-timeout', '-parallelism', '-out', '-chdir', '-generate-config-out', '-backend-config', '-plugin-dir', '-from-module', '-config', '-id', '-json-into']);

function tfOptions(args: readonly string[]): ParsedOptions {
  const normalized: string[] = [];
  for (const a of args) normalized.push(/^--?[a-z]/.test(a) ? '--' + a.replace(/^--?/, '') : a);
  return parseOptions(normalized, { withValue: [...TF_WITH_VALUE].map((f) => '-' + f) });
}

const terraform = (tool: string): CommandHandler => (v) => {
  const o = tfOptions(v.args);
  let [sub, ...rest] = o.positionals;
  // terragrunt: `run-all <cmd>` / `run -- <cmd>` run terraform commands across modules.
  if (tool === 'terragrunt' && (sub === 'run-all' || sub === 'run')) [sub, ...rest] = rest;
  if (!sub) return [];
  const nested = sub === 'state' || sub === 'workspace' || sub === 'providers';
  const op = nested && rest[0] ? [sub, rest[0]] : [sub];
  const names = nested ? rest.slice(1) : rest;
  return [
    cloudAction(v, tool, {
      op,
      names,
      o,
      keep: ['--var-file', '--chdir', '--target'],
      environment: [envFrom(v, 'TF_WORKSPACE'), ...(o.values.get('--var-file') ?? []), o.value.get('--chdir'), sub === 'workspace' ? names[0] : undefined],
    }),
  ];
};

const pulumi: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-s', '--stack', '-C', '--cwd', '-m', '--message', '-t', '--target', '--replace', '-c', '--config', '--config-file', '-p', '--parallel', '--secrets-provider', '--exclude'] });
  const [sub, ...rest] = o.positionals;
  if (!sub) return [];
  const nested = sub === 'stack' || sub === 'state' || sub === 'config';
  const op = nested && rest[0] ? [sub, rest[0]] : [sub];
  const stack = o.value.get('-s') ?? o.value.get('--stack') ?? envFrom(v, 'PULUMI_STACK') ?? (sub === 'stack' && rest[0] === 'select' ? rest[1] : undefined);
  return [cloudAction(v, 'pulumi', { op, names: nested ? rest.slice(1) : rest, o, environment: [stack] })];
};

const KUBECTL_WITH_VALUE = ['--context', '--cluster', '-n', '--namespace', '--kubeconfig', '--user', '-s', '--server', '--token', '--as', '--as-group', '--request-timeout', '-l', '--selector', '-f', '--filename', '-o', '--output', '--field-selector', '--replicas', '-c', '--container', '--grace-period', '--timeout', '-k', '--kustomize', '--type', '-p', '--patch', '--image', '--port', '--prune-allowlist', '--field-manager', '--for', '--current-replicas', '--resource-version', '--cascade', '--dry-run', '--template', '--sort-by', '--since', '--tail', '--chunk-size', '--overrides', '--env', '--limits', '--requests', '--target-port', '--name', '--subresource'];

const kubectl = (tool: string, lookup: Lookup): CommandHandler => (v) => {
  const dashes = v.args.indexOf('--');
  const o = parseOptions(dashes >= 0 ? v.args.slice(0, dashes) : v.args, { withValue: KUBECTL_WITH_VALUE });
  const [verb, ...names] = o.positionals;
  if (!verb) return [];
  const sub = (verb === 'rollout' || verb === 'config' || verb === 'set' || verb === 'create' || verb === 'auth' || verb === 'certificate') && names[0] ? [verb, names.shift()!] : [verb];
  const action = cloudAction(v, tool, {
      op: sub,
      names,
      o,
      keep: ['--replicas', '--context', '--cluster', '-n', '--namespace', '--grace-period', '-l', '--selector', '-f', '--filename', '--dry-run', '--cascade'],
      environment: [o.value.get('--context'), o.value.get('--cluster'), envFrom(v, 'KUBECONTEXT'), o.value.get('-n') ?? o.value.get('--namespace')],
  });
  // `kubectl exec POD -- cmd…` and `kubectl run … -- cmd…` run the command inside the cluster.
  const inside = (verb === 'exec' || verb === 'run' || verb === 'debug') && dashes >= 0 ? insideContainer(v, dashes + 1, `${tool} ${verb}`, lookup, action.production) : [];
  return [action, ...inside];
};

const HELM_WITH_VALUE = ['--kube-context', '-n', '--namespace', '--kubeconfig', '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--version', '--repo', '--timeout', '-o', '--output', '--username', '--password', '--ca-file', '--cert-file', '--key-file', '--description', '--post-renderer', '--registry-config', '--repository-config', '--repository-cache', '--history-max', '--max'];

const helm: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: HELM_WITH_VALUE });
  const [verb, ...names] = o.positionals;
  if (!verb) return [];
  const out: Action[] = [];
  if (verb === 'repo' && names[0] === 'add') out.push(pkg(v, 'helm', 'source', [], { setting: { key: `repository ${names[1] ?? ''}`, value: names[2] ?? '' } }));
  if (verb === 'push') out.push(pkg(v, 'helm', 'publish', names));
  const sub = (verb === 'repo' || verb === 'plugin' || verb === 'registry' || verb === 'get') && names[0] ? [verb, names.shift()!] : [verb];
  out.push(
    cloudAction(v, 'helm', {
      op: sub,
      names,
      o,
      keep: ['--kube-context', '-n', '--namespace'],
      environment: [o.value.get('--kube-context'), envFrom(v, 'HELM_KUBECONTEXT'), o.value.get('-n') ?? o.value.get('--namespace'), ...(o.values.get('-f') ?? []), ...(o.values.get('--values') ?? [])],
    }),
  );
  return out;
};

export function cloudCommands(lookup: Lookup): Record<string, CommandHandler> {
  return {
    terraform: terraform('terraform'),
    tofu: terraform('tofu'),
    terragrunt: terraform('terragrunt'),
    pulumi,
    kubectl: kubectl('kubectl', lookup),
    oc: kubectl('oc', lookup),
    kubecolor: kubectl('kubectl', lookup),
    helm,
  };
}
