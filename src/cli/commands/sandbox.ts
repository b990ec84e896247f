import { bool, defineCommand, defineGroup, list, str } from '../command.js';

const project = { type: 'string' as const, value: 'DIR', description: 'Project directory (default: the current directory)' };
const json = { type: 'boolean' as const, description: 'Machine-readable output' };

const run = defineCommand({
  meta: {
    name: 'sandbox run',
    summary: 'Run a command under OS isolation (bubblewrap on Linux)',
    usage: ['sandbox run [--profile readonly|workspace|strict] [--allow-net host,…] [--project DIR] -- <command> [args…]'],
    description:
      'Writable: the project (except .git/hooks, .git/config, .claude/, .gatehouse/, .mcp.json, shell rc files) and a\n' +
      'private /tmp. Hidden: ~/.ssh, ~/.aws, ~/.gnupg, cloud and registry credentials, files the project\'s\n' +
      '.claudeignore lists. No network, unless hosts are allowed (then through a filtering proxy). No new\n' +
      'privileges, no user namespaces, a new session, dies with its parent. Denials are summarised on stderr\n' +
      'and recorded in the audit log.',
    options: {
      profile: { type: 'string', value: 'NAME', description: 'readonly | workspace | strict', default: 'workspace' },
      'allow-net': { type: 'string', multiple: true, value: 'HOSTS', description: 'Hosts reachable through the proxy (host, *.domain, host:port)' },
      'allow-write': { type: 'string', multiple: true, value: 'PATH', description: 'Extra writable path (repeatable)' },
      'allow-read': { type: 'string', multiple: true, value: 'PATH', description: 'Leave a normally hidden path readable (repeatable)' },
      'pass-env': { type: 'string', multiple: true, value: 'NAME', description: 'Pass a variable that is normally dropped (tokens, proxies)' },
      backend: { type: 'string', value: 'NAME', description: 'bubblewrap (default on Linux) | sandbox-runtime' },
      project,
      json: { type: 'boolean', description: 'Print a JSON summary on stderr after the command' },
    },
    examples: ['gatehouse sandbox run -- npm test', 'gatehouse sandbox run --allow-net packages.example.com -- npm ci   # your registry', 'gatehouse sandbox run --profile strict -- node script.js'],
    notes: ['The command\'s own exit status is passed through; 4 means the sandbox itself is unavailable here.'],
  },
  async run(p, io) {
    const { sandboxRun } = await import('../../sandbox/cli-run.js');
    return sandboxRun(
      {
        profile: str(p, 'profile'),
        allowNet: list(p, 'allow-net'),
        allowWrite: list(p, 'allow-write'),
        allowRead: list(p, 'allow-read'),
        passEnv: list(p, 'pass-env'),
        project: str(p, 'project'),
        backend: str(p, 'backend'),
        json: bool(p, 'json'),
        command: [...p.positionals, ...p.rest],
      },
      io,
    );
  },
});

const profile = defineCommand({
  meta: {
    name: 'sandbox profile',
    summary: 'Emit a Seatbelt profile (macOS), a bwrap command (Linux) or a container command line',
    usage: ['sandbox profile --platform macos|linux [--profile NAME] [-- <command>]', 'sandbox profile --engine podman|docker [--image IMAGE] [--rootfs DIR] [-- <command>]'],
    options: {
      platform: { type: 'string', value: 'NAME', description: 'macos | linux' },
      engine: { type: 'string', value: 'NAME', description: 'podman | docker' },
      profile: { type: 'string', value: 'NAME', description: 'readonly | workspace | strict', default: 'workspace' },
      image: { type: 'string', value: 'IMAGE', description: 'Container image (default node:20-bookworm-slim)' },
      rootfs: { type: 'string', value: 'DIR', description: 'podman: run from a root filesystem directory instead of an image' },
      project,
      json,
    },
    examples: ['gatehouse sandbox profile --platform macos > agent.sb && sandbox-exec -f agent.sb claude', 'gatehouse sandbox profile --engine podman -- claude'],
  },
  async run(p, io) {
    const { sandboxProfile } = await import('../../sandbox/cli-run.js');
    return sandboxProfile(
      { platform: str(p, 'platform'), engine: str(p, 'engine'), profile: str(p, 'profile'), project: str(p, 'project'), image: str(p, 'image'), rootfs: str(p, 'rootfs'), json: bool(p, 'json'), command: [...p.positionals, ...p.rest] },
      io,
    );
  },
});

export default defineGroup({
  meta: { name: 'sandbox', summary: 'Advise on, run under and emit OS-level sandboxes', usage: ['sandbox advise|run|profile …'] },
  subcommands: {
    advise: async () => (await import('../../sandbox/cli-advise.js')).adviseCommand,
    run,
    profile,
  },
});
