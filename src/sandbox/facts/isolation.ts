// Which isolation actually works here, proven by running something small rather than by finding
// a binary: a bwrap sandbox with a user namespace, a container engine that answers, runsc.
import { linuxBwrapBackend } from '../backends/linux-bwrap.js';
import { macosSeatbeltBackend } from '../backends/macos-seatbelt.js';
import { execProbe, findExecutable } from '../probe.js';
import type { Env } from './environment.js';
import type { Fact, IsolationFacts } from './types.js';

export async function probeIsolation(env: Env, platform: NodeJS.Platform): Promise<IsolationFacts> {
  const bwrapP: Promise<Fact<boolean>> =
    platform === 'linux'
      ? linuxBwrapBackend({ env }).available().then((a) => ({ value: a.ok, evidence: a.evidence }))
      : Promise.resolve({ value: false, evidence: [`bubblewrap is Linux-only (platform ${platform})`] });
  const socatPath = findExecutable('socat', env);
  const socat: Fact<boolean> = socatPath ? { value: true, evidence: [`socat at ${socatPath}`] } : { value: false, evidence: ['socat not found on PATH'] };
  const seP: Promise<Fact<boolean>> =
    platform === 'darwin'
      ? macosSeatbeltBackend({ env }).available().then((a) => ({ value: a.ok, evidence: a.evidence }))
      : Promise.resolve({ value: false, evidence: ['sandbox-exec is macOS-only'] });
  const containerP = (async (): Promise<Fact<{ engine?: 'docker' | 'podman'; works: boolean }>> => {
    const ev: string[] = [];
    for (const engine of ['podman', 'docker'] as const) {
      const bin = findExecutable(engine, env);
      if (!bin) continue;
      const r = await execProbe(bin, ['info', '--format', engine === 'docker' ? '{{.ServerVersion}}' : '{{.Host.OCIRuntime.Name}}'], { timeoutMs: 8000, env });
      if (r.code === 0 && r.stdout.trim()) {
        ev.push(`${bin} info answered (${engine === 'docker' ? 'server' : 'OCI runtime'} ${r.stdout.trim()}); a container run was not attempted`);
        return { value: { engine, works: true }, evidence: ev };
      }
      ev.push(`${bin} is installed but its engine does not answer: ${(r.stderr || r.error || `exit ${r.code}`).trim().split('\n')[0]}`);
    }
    if (!ev.length) ev.push('no podman or docker client on PATH');
    return { value: { works: false }, evidence: ev };
  })();
  const gvisorP = (async (): Promise<Fact<boolean>> => {
    const bin = findExecutable('runsc', env);
    if (!bin) return { value: false, evidence: ['runsc (gVisor) not found'] };
    const r = await execProbe(bin, ['--network=none', '--platform=ptrace', 'do', 'true'], { timeoutMs: 15_000, env });
    return r.code === 0 ? { value: true, evidence: [`${bin} --platform=ptrace do true exited 0`] } : { value: false, evidence: [`${bin} found, but \`runsc do true\` failed: ${(r.stderr || r.error || (r.timedOut ? 'timed out' : `exit ${r.code}`)).trim().split('\n')[0]}`] };
  })();
  const [bwrap, sandboxExec, container, gvisor] = await Promise.all([bwrapP, seP, containerP, gvisorP]);
  return { bwrap, socat, sandboxExec, container, gvisor };
}
