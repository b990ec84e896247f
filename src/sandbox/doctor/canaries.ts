// Canary operations, run inside the boundary under test by one small Node script. Each probe
// reports what happened; the host then checks side effects itself (a file that appeared, a token
// that came back), so a probe cannot claim "stopped" for something that got through.

export type CanaryId = 'write-outside-project' | 'read-canary-secret' | 'reach-non-allowed-host' | 'create-user-namespace' | 'write-git-hooks' | 'read-ignored-file';

export const CANARIES: { id: CanaryId; title: string }[] = [
  { id: 'write-outside-project', title: 'write a file outside the project' },
  { id: 'read-canary-secret', title: 'read a planted secret under ~/.ssh' },
  { id: 'reach-non-allowed-host', title: 'reach a host that is not allowed (loopback test server)' },
  { id: 'create-user-namespace', title: 'create a user namespace' },
  { id: 'write-git-hooks', title: 'write into .git/hooks' },
  { id: 'read-ignored-file', title: 'read a file the ignore file hides' },
];

export interface CanaryPlan {
  /** Positive control: writing here must work, or the boundary did not really run the probes. */
  insideFile: string;
  outsideFile: string;
  secretFile?: string;
  secretHash?: string;
  url?: string;
  netToken?: string;
  gitHookFile?: string;
  ignoredFile?: string;
  ignoredHash?: string;
  unshare?: string;
}

export interface ProbeResult {
  id: CanaryId | 'write-inside-project';
  /** The operation completed (for reads: the secret came back). */
  succeeded: boolean;
  detail: string;
}

/** The probe script (CommonJS for `node -e`); its only argument is the plan as JSON. */
export const PROBE_SCRIPT = String.raw`
const fs = require('fs'), crypto = require('crypto'), net = require('net'), cp = require('child_process');
const plan = JSON.parse(process.argv[1]);
const out = [];
const err = (e) => { const m = String(e && e.message || e).split('\n')[0].slice(0, 200); return e && e.code && !m.startsWith(e.code) ? e.code + ': ' + m : m; };
const hash = (b) => crypto.createHash('sha256').update(b).digest('hex');
function write(id, file) {
  if (!file) return;
  try { fs.writeFileSync(file, 'gatehouse doctor canary\n'); out.push({ id, succeeded: true, detail: 'wrote ' + file }); }
  catch (e) { out.push({ id, succeeded: false, detail: err(e) }); }
}
function read(id, file, want) {
  if (!file) return;
  try { const b = fs.readFileSync(file); const ok = hash(b) === want; out.push({ id, succeeded: ok, detail: ok ? 'read the planted content of ' + file : 'read ' + b.length + ' bytes, not the planted content (masked)' }); }
  catch (e) { out.push({ id, succeeded: false, detail: err(e) }); }
}
function httpGet(host, port, path, viaProxy) {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    let data = '';
    const t = setTimeout(() => { s.destroy(); resolve('timeout'); }, 3000);
    s.on('connect', () => s.write('GET ' + path + ' HTTP/1.0\r\nHost: ' + (viaProxy || host) + '\r\n\r\n'));
    s.on('data', (d) => { data += d; });
    s.on('end', () => { clearTimeout(t); resolve(data); });
    s.on('error', (e) => { clearTimeout(t); resolve(err(e)); });
  });
}
(async () => {
  write('write-inside-project', plan.insideFile);
  write('write-outside-project', plan.outsideFile);
  read('read-canary-secret', plan.secretFile, plan.secretHash);
  read('read-ignored-file', plan.ignoredFile, plan.ignoredHash);
  write('write-git-hooks', plan.gitHookFile);
  if (plan.url) {
    const u = new URL(plan.url);
    const direct = await httpGet(u.hostname, Number(u.port), u.pathname);
    let via = 'no proxy variable set';
    const proxy = process.env.HTTP_PROXY || process.env.http_proxy;
    if (proxy) { const p = new URL(proxy); via = await httpGet(p.hostname, Number(p.port || 80), plan.url, u.host); }
    const got = [direct, via].some((r) => r.includes(plan.netToken));
    const short = (r) => r.startsWith('HTTP/') ? r.split('\r\n')[0] : r;
    out.push({ id: 'reach-non-allowed-host', succeeded: got, detail: 'direct: ' + short(direct).slice(0, 80) + '; via proxy: ' + short(via).slice(0, 80) });
  }
  if (plan.unshare) {
    const r = cp.spawnSync(plan.unshare, ['--user', 'true'], { encoding: 'utf8', timeout: 5000 });
    out.push({ id: 'create-user-namespace', succeeded: r.status === 0, detail: r.status === 0 ? 'unshare --user true exited 0' : (r.stderr || String(r.error || 'exit ' + r.status)).trim().split('\n')[0] });
  }
  process.stdout.write('GATEHOUSE-DOCTOR ' + JSON.stringify(out) + '\n');
})();
`;

/** Pulls the probe results out of the script's stdout. */
export function parseProbeOutput(stdout: string): ProbeResult[] | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('GATEHOUSE-DOCTOR '));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice('GATEHOUSE-DOCTOR '.length)) as ProbeResult[];
  } catch {
    return undefined;
  }
}
