// Container engines (docker, podman, nerdctl) and compose: what a run can reach on the host
// (privileges, bind mounts — also reported as reads of the host paths), what a removal or prune
// destroys, and image pushes (a publish).
import type { Action } from '../types.js';
import { cloudAction } from './cloud-common.js';
import { insideContainer, type Lookup } from './delegate.js';
import { pkg } from './pkg-common.js';
import { parseOptions, pathOf, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

const GLOBAL_WITH_VALUE = ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--url', '--connection', '--root', '--runroot', '--storage-driver', '--namespace', '--address'];

const RUN_WITH_VALUE = ['-v', '--volume', '--mount', '-e', '--env', '--env-file', '-p', '--publish', '--name', '-w', '--workdir', '-u', '--user', '--network', '--net', '--pid', '--ipc', '--uts', '--userns', '--cap-add', '--cap-drop', '--security-opt', '--device', '--entrypoint', '-l', '--label', '--label-file', '-m', '--memory', '--memory-swap', '--memory-reservation', '--cpus', '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--restart', '--platform', '-h', '--hostname', '--add-host', '--dns', '--dns-search', '--dns-option', '--tmpfs', '--ulimit', '--log-driver', '--log-opt', '--health-cmd', '--health-interval', '--health-timeout', '--health-retries', '--health-start-period', '--gpus', '--runtime', '--shm-size', '--stop-signal', '--stop-timeout', '--cgroupns', '--cgroup-parent', '--cidfile', '--volumes-from', '--link', '--expose', '--mac-address', '--ip', '--ip6', '--group-add', '-a', '--attach', '--pull', '--oom-score-adj', '--sysctl', '--storage-opt', '--volume-driver', '--isolation', '--annotation', '--blkio-weight', '--device-cgroup-rule', '--pids-limit', '--domainname', '--detach-keys', '--network-alias', '--pod', '--secret', '--arch', '--os', '--variant', '--userns-uid-map', '--uidmap', '--gidmap', '--subuidname', '--subgidname', '--hooks-dir', '--image-volume', '--init-path', '--log-level', '--preserve-fds', '--requires', '--sdnotify', '--seccomp-policy', '--timeout', '--tz', '--umask', '--passwd-entry', '--chrootdirs', '--personality', '--rdt-class', '--health-on-failure', '--env-merge', '--decryption-key', '--platform'];

/** Options before the first positional; the first positional (the image) and what follows are the container's. */
function untilPositional(args: readonly string[], withValue: readonly string[]): { o: ParsedOptions; rest: string[] } {
  const wv = new Set(withValue);
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      if (!a.includes('=') && wv.has(a)) i++;
      continue;
    }
    // Combined short flags: the last one may take the value (`-itv /x:/y`, `-p8080:80`).
    for (let j = 1; j < a.length; j++) {
      if (wv.has(`-${a[j]}`)) {
        if (j === a.length - 1) i++;
        break;
      }
    }
  }
  return { o: parseOptions(args.slice(0, i), { withValue }), rest: args.slice(i) };
}

/** Host paths a container can see: `-v /host:/ctr[:ro]`, `--mount type=bind,source=/host,…` (paths only known at run time are left out). */
export function bindSources(o: ParsedOptions): string[] {
  const out: string[] = [];
  for (const v of [...(o.values.get('-v') ?? []), ...(o.values.get('--volume') ?? [])]) {
    const src = v.split(':')[0] ?? '';
    if (/^[/.~]/.test(src) && !src.includes('*')) out.push(src);
  }
  for (const m of o.values.get('--mount') ?? []) {
    const kv = Object.fromEntries(m.split(',').map((p) => p.split('=') as [string, string]));
    const src = kv.source ?? kv.src;
    if ((kv.type === 'bind' || !kv.type) && src && /^[/.~]/.test(src) && !src.includes('*')) out.push(src);
  }
  return out;
}

const RUN_KEEP = ['-v', '--volume', '--mount', '--pid', '--ipc', '--uts', '--userns', '--network', '--net', '--cap-add', '--security-opt', '--device', '--privileged'];

/** `run IMAGE cmd…` / `exec CONTAINER cmd…`: `args` is the tail of `v.args` after the verb. */
function run(v: CommandView, tool: string, op: string[], args: readonly string[], lookup: Lookup): Action[] {
  const { o, rest } = untilPositional(args, RUN_WITH_VALUE);
  const out: Action[] = [cloudAction(v, tool, { op, names: rest.slice(0, 1), o, keep: RUN_KEEP })];
  for (const src of bindSources(o)) out.push(pathOf(v, 'read', src, { recursive: true }));
  // The command after the image or container runs inside it.
  if (rest.length > 1) out.push(...insideContainer(v, v.args.length - rest.length + 1, `${tool} ${op[op.length - 1]}`, lookup));
  return out;
}

/** The management-command form (`docker container rm`) and the short form (`docker rm`) alike. */
const MANAGEMENT = new Set(['container', 'image', 'volume', 'network', 'system', 'builder', 'buildx', 'compose', 'context', 'plugin', 'secret', 'service', 'stack', 'swarm', 'node', 'config', 'manifest', 'trust', 'pod', 'machine', 'generate', 'kube']);

const engine = (tool: string, lookup: Lookup): CommandHandler => (v) => {
  const g = untilPositional(v.args, GLOBAL_WITH_VALUE);
  const [first, second] = g.rest;
  if (!first) return [];
  const group = MANAGEMENT.has(first) ? first : undefined;
  const verb = group ? second : first;
  const args = g.rest.slice(group ? 2 : 1);
  if (!verb) return [];
  if (group === 'compose') return compose(v, `${tool} compose`, g.rest.slice(1), lookup);
  const op = group ? [group, verb] : [verb];
  if (verb === 'run' || verb === 'create' || verb === 'exec') return run(v, tool, op, args, lookup);
  if (verb === 'push' && (!group || group === 'image' || group === 'manifest')) {
    const o = parseOptions(args, { withValue: ['--platform', '-q'] });
    return [pkg(v, tool, 'publish', o.positionals.slice(0, 1)), cloudAction(v, tool, { op, names: o.positionals, o })];
  }
  if (verb === 'build' && (group === 'buildx' || group === 'image' || !group)) {
    const o = parseOptions(args, { withValue: ['-t', '--tag', '-f', '--file', '--build-arg', '--platform', '--target', '--output', '-o', '--cache-from', '--cache-to', '--secret', '--ssh', '--label', '--progress', '--builder', '--network', '--iidfile', '--metadata-file', '--add-host', '--shm-size', '--ulimit', '--build-context', '--attest', '--sbom', '--provenance', '--annotation', '--allow'] });
    const pushes = o.flags.has('--push') || (o.values.get('--output') ?? o.values.get('-o') ?? []).some((x) => /(^|,)push=true|type=registry/.test(x));
    return pushes ? [pkg(v, tool, 'publish', [...(o.values.get('-t') ?? []), ...(o.values.get('--tag') ?? [])])] : [];
  }
  const o = parseOptions(args, { withValue: ['--filter', '--format', '--time', '-t', '-s', '--signal', '--until'] });
  return [cloudAction(v, tool, { op, names: o.positionals, o })];
};

const COMPOSE_RUN_WITH_VALUE = ['-e', '--env', '-w', '--workdir', '-u', '--user', '-v', '--volume', '--entrypoint', '-p', '--publish', '--name', '-l', '--label', '--index', '--env-from-file', '--cap-add', '--cap-drop'];

/** `docker compose [-f file] [-p name] <verb> …` */
function compose(v: CommandView, tool: string, args: readonly string[], lookup: Lookup): Action[] {
  const g = untilPositional(args, ['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--parallel', '--progress']);
  const [verb, ...rest] = g.rest;
  if (!verb) return [];
  if (verb === 'run' || verb === 'exec') {
    // `run|exec [options] SERVICE cmd…`: the command runs inside the service's container.
    const r = untilPositional(rest, COMPOSE_RUN_WITH_VALUE);
    const out: Action[] = [cloudAction(v, tool, { op: [verb], names: r.rest.slice(0, 1), o: r.o, keep: ['-v', '--volume'] })];
    for (const src of bindSources(r.o)) out.push(pathOf(v, 'read', src, { recursive: true }));
    if (r.rest.length > 1) out.push(...insideContainer(v, v.args.length - r.rest.length + 1, `${tool} ${verb}`, lookup));
    return out;
  }
  const o = parseOptions(rest, { withValue: ['-t', '--timeout', '--rmi', '--scale', ...COMPOSE_RUN_WITH_VALUE] });
  const merged = { ...o, flags: new Set([...g.o.flags, ...o.flags]) };
  const out: Action[] = [cloudAction(v, tool, { op: [verb], names: o.positionals, o: merged, keep: ['-v', '--volume', '--rmi'] })];
  if (verb === 'push') out.push(pkg(v, tool, 'publish', o.positionals));
  return out;
}

export function containerCommands(lookup: Lookup): Record<string, CommandHandler> {
  return {
    docker: engine('docker', lookup),
    podman: engine('podman', lookup),
    nerdctl: engine('nerdctl', lookup),
    'docker-compose': (v) => compose(v, 'docker-compose', v.args, lookup),
    'podman-compose': (v) => compose(v, 'podman-compose', v.args, lookup),
  };
}
