import { bool, defineCommand, list, str } from '../command.js';

export default defineCommand({
  meta: {
    name: 'doctor',
    summary: 'Prove the sandbox boundary with canary operations; check hooks fire and the audit log verifies',
    usage: ['doctor [--json] [--project DIR] [--profile readonly|workspace|strict [--allow-net HOSTS]]'],
    description:
      "Without --profile it tests the boundary Claude Code's Bash tool gets from the merged settings: its sandbox\n" +
      '(emulated with the sandbox-runtime library Claude Code embeds), or no sandbox at all when it is off or cannot\n' +
      'start. With --profile it tests `gatehouse sandbox run` instead. Canaries: write outside the project, read a\n' +
      'planted secret under ~/.ssh, reach a loopback test server that is not allowed, create a user namespace, write\n' +
      ".git/hooks, read a planted ignored file. Everything planted is removed afterwards. Then: gatehouse's hooks\n" +
      'installed and refusing a synthetic `rm -rf /`, the audit log writable and verifying, settings lint.',
    options: {
      json: { type: 'boolean', description: 'Machine-readable output' },
      project: { type: 'string', value: 'DIR', description: 'Project directory (default: the current directory)' },
      profile: { type: 'string', value: 'NAME', description: 'Test a `gatehouse sandbox run` profile instead of Claude Code' },
      'allow-net': { type: 'string', multiple: true, value: 'HOSTS', description: 'With --profile: hosts the profile allows' },
      backend: { type: 'string', value: 'NAME', description: 'With --profile: bubblewrap (default) | sandbox-runtime' },
    },
    notes: ['Exit 1 when a protection the configuration claims is not real, hooks do not fire, or the audit log does not verify; 4 when the boundary cannot be tested here.'],
    positionals: false,
  },
  async run(p, io) {
    const { doctorCommand } = await import('../../sandbox/cli-doctor.js');
    return doctorCommand({ json: bool(p, 'json'), project: str(p, 'project'), profile: str(p, 'profile'), allowNet: list(p, 'allow-net'), backend: str(p, 'backend') }, io);
  },
});
