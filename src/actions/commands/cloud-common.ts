// Shared pieces of the cloud and infrastructure tables: the action builder, command-path splitting
// for CLIs shaped `tool group … verb NAME --flags`, and the environment a command points at.
import type { CloudAction } from '../types.js';
import { isProductionName, productionAssignment, stripCredentials } from './environment.js';
import type { CommandView, ParsedOptions } from './view.js';

export interface CloudFacts {
  op: string[];
  names?: string[];
  o?: ParsedOptions;
  /** Option names whose values rules may need (`--replicas`, `-v`, `--role`). */
  keep?: readonly string[];
  /** Option values naming the environment, most specific first (`--context`, `--stage`, `--profile`). */
  environment?: (string | undefined)[];
  deploy?: CloudAction['deploy'];
}

export function cloudAction(v: CommandView, tool: string, f: CloudFacts): CloudAction {
  const a: CloudAction = { kind: 'cloud', tool, op: f.op, args: v.args, flags: f.o ? [...f.o.flags] : [], names: f.names ?? [], via: v.via };
  if (f.o && f.keep) {
    const values: Record<string, string[]> = {};
    for (const k of f.keep) {
      const got = f.o.values.get(k);
      if (got?.length) values[k] = got;
    }
    if (Object.keys(values).length) a.values = values;
  }
  const env = (f.environment ?? []).filter((x): x is string => !!x).map(stripCredentials);
  if (env[0]) a.environment = env[0];
  const marker = productionAssignment(v.cmd.assignments) ?? env.find(isProductionName);
  if (marker) a.production = marker;
  if (f.deploy) a.deploy = f.deploy;
  return a;
}

/** Words that end a command path (`gcloud compute instances delete NAME`): the verb. */
const VERBS = /^(list|describe|get|show|create|delete|update|set|unset|add|remove|deploy|destroy|start|stop|restart|reset|reboot|resize|import|export|run|exec|ssh|scp|attach|detach|enable|disable|undelete|purge|wipe|rm|rb|cp|mv|ls|cat|rsync|sync|apply|patch|replace|edit|promote|rollback|cancel|wait|up|down|logs|tail|browse|login|logout|init|upgrade|clone|move|rename|restore|backup|failover|generate|sign|verify|versions|get-credentials|get-iam-policy|set-iam-policy|add-iam-policy-binding|remove-iam-policy-binding|archive|unarchive|terminate|kill|drain|cordon|uncordon)$/;

/** Splits positionals into the command path (up to and including the verb) and the names after it.
 * `firstVerb` is the first index a verb may appear at (gcloud and az always start with a group, e.g. `run`). */
export function commandPath(positionals: readonly string[], maxDepth = 5, firstVerb = 0): { op: string[]; names: string[] } {
  for (let i = firstVerb; i < Math.min(positionals.length, maxDepth); i++) {
    if (VERBS.test(positionals[i]!) || /^(delete|create|update|describe|list|get|remove|put|attach|detach|terminate|modify|reboot|stop|start|schedule|close|leave|purge|deregister|disassociate|revoke|reset|restore|run)-/.test(positionals[i]!)) {
      return { op: positionals.slice(0, i + 1), names: positionals.slice(i + 1) };
    }
  }
  return { op: positionals.slice(0, maxDepth), names: positionals.slice(maxDepth) };
}

export function envFrom(v: CommandView, ...names: string[]): string | undefined {
  for (const n of names) {
    const a = v.cmd.assignments.find((x) => x.name === n);
    if (a?.value.value) return a.value.value;
  }
  return undefined;
}
