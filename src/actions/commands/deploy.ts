// Deploy CLIs: whether a command goes live (`deploy: 'production'`: an explicit --prod, or a tool
// whose default target is live unless a non-production stage is named) or not (`preview`), and
// the few commands of theirs that delete whole apps or wipe their data.
import type { CloudAction } from '../types.js';
import { cloudAction } from './cloud-common.js';
import { dbAction, splitFor } from './db.js';
import { dbInput } from './db-input.js';
import { isNonProductionName, isProductionName } from './environment.js';
import { parseOptions, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

type Deploy = CloudAction['deploy'];

/** A tool whose deploys go live by default: preview only when the named environment is clearly not production. */
function liveUnless(env: string | undefined): Deploy {
  return env && isNonProductionName(env) && !isProductionName(env) ? 'preview' : 'production';
}

function act(v: CommandView, tool: string, op: string[], o: ParsedOptions, names: string[], environment: (string | undefined)[], deploy?: Deploy): CloudAction {
  return cloudAction(v, tool, { op, names, o, environment, ...(deploy ? { deploy } : {}) });
}

const VERCEL_SUBCOMMANDS = new Set(['deploy', 'dev', 'build', 'env', 'pull', 'link', 'list', 'ls', 'logs', 'inspect', 'domains', 'dns', 'certs', 'alias', 'promote', 'rollback', 'redeploy', 'remove', 'rm', 'login', 'logout', 'whoami', 'switch', 'teams', 'projects', 'project', 'init', 'help', 'git', 'bisect', 'integration', 'secrets', 'target', 'blob', 'cache', 'microfrontends', 'telemetry', 'mcp']);

/** vercel subcommands whose next word is a verb (`vercel env rm`, `vercel projects rm`). */
const VERCEL_GROUPS = new Set(['env', 'domains', 'dns', 'alias', 'projects', 'project', 'certs', 'teams', 'secrets', 'blob', 'integration']);

const vercel: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--target', '-t', '--token', '--scope', '-S', '-A', '--local-config', '-Q', '--global-config', '-e', '--env', '-b', '--build-env', '-m', '--meta', '--regions', '--archive', '--cwd'] });
  const first = o.positionals[0];
  // `vercel` and `vercel <dir>` deploy; anything else is a subcommand.
  const sub = first && VERCEL_SUBCOMMANDS.has(first) ? first : 'deploy';
  const names = first && VERCEL_SUBCOMMANDS.has(first) ? o.positionals.slice(1) : o.positionals;
  const target = o.value.get('--target');
  if (sub === 'deploy' || sub === 'redeploy') {
    const prod = o.flags.has('--prod') || o.flags.has('--production') || target === 'production';
    return [act(v, 'vercel', [sub], o, names, [target ?? (prod ? 'production' : undefined)], prod ? 'production' : 'preview')];
  }
  if (sub === 'promote' || sub === 'rollback' || (sub === 'alias' && names[0] === 'set')) return [act(v, 'vercel', [sub], o, names, ['production'], 'production')];
  const op = VERCEL_GROUPS.has(sub) && names[0] ? [sub, names[0]] : [sub === 'rm' ? 'remove' : sub];
  return [act(v, 'vercel', op, o, names.slice(op.length - 1), [target])];
};

const netlify: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-d', '--dir', '-f', '--functions', '-m', '--message', '-a', '--auth', '-s', '--site', '--alias', '--context', '--filter', '-b', '--branch'] });
  const [sub, ...names] = o.positionals;
  if (!sub) return [];
  if (sub === 'deploy') {
    const prod = o.flags.has('--prod') || o.flags.has('-p') || o.flags.has('--prodIfUnlocked') || o.flags.has('--prod-if-unlocked');
    return [act(v, 'netlify', ['deploy'], o, names, [o.value.get('--context'), o.value.get('--alias')], prod ? 'production' : 'preview')];
  }
  return [act(v, 'netlify', sub.split(':'), o, names, [o.value.get('-s') ?? o.value.get('--site')])];
};

const fly: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-a', '--app', '-c', '--config', '-i', '--image', '--strategy', '-e', '--env', '--build-arg', '--dockerfile', '--region', '-r', '--org', '-o', '--vm-size', '--wait-timeout', '--label', '--build-target', '--file-literal', '--file-local', '--file-secret'] });
  const [sub, ...rest] = o.positionals;
  if (!sub) return [];
  const app = o.value.get('-a') ?? o.value.get('--app');
  if (sub === 'deploy') return [act(v, 'fly', ['deploy'], o, rest, [app], o.flags.has('--build-only') ? 'preview' : liveUnless(app))];
  if (sub === 'destroy') return [act(v, 'fly', ['apps', 'destroy'], o, rest, [app])];
  const op = rest[0] && /^(apps|app|machine|machines|m|volumes|volume|vol|postgres|pg|secrets|certs|ips|releases|scale|redis|tigris|mysql|storage)$/.test(sub) ? [sub, rest[0]] : [sub];
  return [act(v, 'fly', op, o, rest.slice(op.length - 1), [app])];
};

const heroku: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-a', '--app', '-r', '--remote', '--confirm', '-s', '--size', '-e', '--env', '-t', '--team'] });
  const [sub = '', ...rest] = o.positionals;
  const app = o.value.get('-a') ?? o.value.get('--app') ?? o.value.get('-r') ?? o.value.get('--remote');
  const [topic, verb] = sub.split(':') as [string, string | undefined];
  if (topic === 'pg' && verb === 'reset') return [dbAction(v, 'heroku-postgres', 'reset', { host: `heroku app ${app ?? '(default)'}`, ...(rest[0] ? { target: rest[0] } : {}), hints: [app] })];
  if ((topic === 'releases' && verb === 'rollback') || (topic === 'container' && verb === 'release') || (topic === 'builds' && verb === 'create') || topic === 'rollback') {
    return [act(v, 'heroku', [topic, verb ?? ''], o, rest, [app], liveUnless(app))];
  }
  if (!sub) return [];
  return [act(v, 'heroku', verb ? [topic, verb] : [topic], o, rest, [app])];
};

const firebase: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-P', '--project', '--only', '--except', '-m', '--message', '--token', '--account', '--config', '--expires', '--instance', '--database'] });
  const [sub, ...rest] = o.positionals;
  if (!sub) return [];
  const project = o.value.get('-P') ?? o.value.get('--project');
  if (sub === 'deploy') return [act(v, 'firebase', ['deploy'], o, rest, [project], liveUnless(project))];
  if (sub === 'hosting:channel:deploy') return [act(v, 'firebase', ['hosting:channel:deploy'], o, rest, [project], 'preview')];
  // Deleting every collection or the database root wipes the project's data.
  if ((sub === 'firestore:delete' && (o.flags.has('--all-collections') || (o.flags.has('-r') || o.flags.has('--recursive')))) || (sub === 'database:remove' && (rest[0] === '/' || rest[0] === undefined))) {
    const all = o.flags.has('--all-collections') || rest[0] === '/';
    return [dbAction(v, sub.startsWith('firestore') ? 'firestore' : 'firebase-rtdb', all ? 'reset' : 'query', { host: `firebase project ${project ?? '(default)'}`, hints: [project], statements: all ? [] : [`delete ${rest[0] ?? ''} recursively`] })];
  }
  return [act(v, 'firebase', sub.split(':'), o, rest, [project])];
};

const wrangler: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-e', '--env', '-c', '--config', '--name', '--command', '--file', '--compatibility-date', '--var', '--define', '--route', '--outdir', '--tag', '--message', '--persist-to', '--database', '--binding', '--namespace-id'] });
  const [sub, ...rest] = o.positionals;
  if (!sub) return [];
  const env = o.value.get('-e') ?? o.value.get('--env');
  if (sub === 'deploy' || sub === 'publish') return [act(v, 'wrangler', [sub], o, rest, [env], o.flags.has('--dry-run') ? 'preview' : liveUnless(env))];
  if (sub === 'rollback' || (sub === 'versions' && rest[0] === 'deploy')) return [act(v, 'wrangler', sub === 'versions' ? ['versions', 'deploy'] : [sub], o, rest, [env], liveUnless(env))];
  if (sub === 'd1' && rest[0] === 'execute') {
    // D1 runs locally unless --remote is given.
    const remote = o.flags.has('--remote');
    const input = dbInput(v);
    const statements = [...(o.values.get('--command') ?? []).flatMap((c) => splitFor('sqlite', c)), ...(input?.text !== undefined ? splitFor('sqlite', input.text) : [])];
    const a = dbAction(v, 'cloudflare-d1', 'query', { statements, target: rest[1], hints: [env], ...(remote ? { host: 'cloudflare (remote)' } : {}) });
    const sources = [...(o.values.get('--file') ?? [])];
    if (sources.length) a.sources = sources;
    return [a];
  }
  const op = rest[0] && /^(d1|r2|kv|kv:namespace|queues|secret|versions|deployments|vectorize|hyperdrive|pages)$/.test(sub) ? [sub, ...rest.slice(0, sub === 'r2' || sub === 'kv' ? 2 : 1)] : [sub];
  return [act(v, 'wrangler', op, o, rest.slice(op.length - 1), [env])];
};

const serverless = (tool: string): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['-s', '--stage', '-r', '--region', '--aws-profile', '-c', '--config', '-f', '--function', '--app', '--org', '--param', '--package'] });
  const [sub, ...rest] = o.positionals;
  if (!sub) return [];
  // The default stage is `dev`.
  const stage = o.value.get('-s') ?? o.value.get('--stage');
  if (sub === 'deploy') return [act(v, tool, ['deploy', ...rest.slice(0, 1)], o, rest.slice(1), [stage, o.value.get('--aws-profile')], stage && isProductionName(stage) ? 'production' : 'preview')];
  return [act(v, tool, [sub], o, rest, [stage, o.value.get('--aws-profile')])];
};

const cdk: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-a', '--app', '-c', '--context', '--profile', '--require-approval', '-o', '--output', '--parameters', '--role-arn', '--toolkit-stack-name', '-e', '--exclusively', '--method', '--outputs-file', '--concurrency', '--build-exclude', '--change-set-name', '--progress', '--hotswap-fallback'] });
  const [sub, ...stacks] = o.positionals;
  if (!sub) return [];
  const env = [o.value.get('--profile'), ...(o.values.get('-c') ?? []), ...(o.values.get('--context') ?? []), ...stacks];
  if (sub === 'deploy') return [act(v, 'cdk', ['deploy'], o, stacks, env, stacks.length && stacks.every((s) => isNonProductionName(s) && !isProductionName(s)) ? 'preview' : 'production')];
  return [act(v, 'cdk', [sub], o, stacks, env)];
};

const ansiblePlaybook: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-i', '--inventory', '--inventory-file', '-l', '--limit', '-e', '--extra-vars', '-t', '--tags', '--skip-tags', '-u', '--user', '-b', '--become-user', '--become-method', '-f', '--forks', '--vault-password-file', '--vault-id', '-M', '--module-path', '--private-key', '--key-file', '-c', '--connection', '-T', '--timeout', '--start-at-task'] });
  if (o.flags.has('--check') || o.flags.has('-C') || o.flags.has('--syntax-check') || o.flags.has('--list-tasks') || o.flags.has('--list-hosts')) return [];
  const env = [...(o.values.get('-i') ?? []), ...(o.values.get('--inventory') ?? []), ...(o.values.get('-l') ?? []), ...(o.values.get('--limit') ?? []), ...(o.values.get('-e') ?? []).filter((e) => /\b(env|environment|stage)=/.test(e))];
  const prod = env.some((e) => isProductionName(e));
  return [act(v, 'ansible-playbook', ['run'], o, o.positionals, env, prod ? 'production' : undefined)];
};

/** `cap production deploy` (Capistrano), `eb deploy [env]`, `railway up`, `kamal deploy`, `sst deploy --stage`, `amplify publish`. */
const cap: CommandHandler = (v) => {
  const o = parseOptions(v.args, {});
  const [stage, task, ...rest] = o.positionals;
  if (!stage || !task) return [];
  return [act(v, 'capistrano', [task], o, rest, [stage], task.startsWith('deploy') ? liveUnless(stage) : undefined)];
};

function stagedTool(tool: string, deployVerbs: string[], withValue: string[], envOptions: string[], defaultLive: boolean): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue: [...withValue, ...envOptions] });
    const [sub, ...rest] = o.positionals;
    if (!sub) return [];
    const env = [...envOptions.map((e) => o.value.get(e)), ...(tool === 'eb' ? rest.slice(0, 1) : [])];
    const named = env.find((e) => e !== undefined);
    if (deployVerbs.includes(sub)) return [act(v, tool, [sub], o, rest, env, defaultLive ? liveUnless(named) : named && isProductionName(named) ? 'production' : 'preview')];
    return [act(v, tool, [sub], o, rest, env)];
  };
}

export const DEPLOY_COMMANDS: Record<string, CommandHandler> = {
  vercel,
  vc: vercel,
  netlify,
  fly,
  flyctl: fly,
  heroku,
  firebase,
  wrangler,
  serverless: serverless('serverless'),
  sls: serverless('serverless'),
  cdk,
  'ansible-playbook': ansiblePlaybook,
  cap,
  eb: stagedTool('eb', ['deploy'], ['-l', '--label', '-m', '--message', '--profile', '-r', '--region', '--timeout'], ['--environment'], true),
  railway: stagedTool('railway', ['up', 'redeploy'], ['-s', '--service', '-d', '--detach'], ['-e', '--environment'], true),
  kamal: stagedTool('kamal', ['deploy', 'redeploy', 'rollback'], ['-c', '--config-file', '-h', '--hosts', '-r', '--roles', '--version'], ['-d', '--destination'], true),
  sst: stagedTool('sst', ['deploy'], ['--profile', '--config'], ['--stage'], false),
  amplify: stagedTool('amplify', ['publish', 'push'], ['--yes', '--profile'], ['--envName'], true),
};

