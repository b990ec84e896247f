// `sandbox run` with real bubblewrap: every canary is stopped, ordinary work succeeds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxBwrapBackend } from '../../src/sandbox/backends/linux-bwrap.js';
import { ENV_SECRET, SSH_SECRET, cli, git, makeWorld, sandboxed, sh, type World } from './helpers.js';

const bwrapWorks = (await linuxBwrapBackend().available()).ok;
const TOKEN = 'net-canary-token-7c21';

describe.skipIf(!bwrapWorks)('sandbox run (bubblewrap): canaries are stopped', () => {
  let w: World;
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    w = makeWorld();
    server = createServer((_q, r) => r.end(TOKEN));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('cannot write outside the project', async () => {
    const r = await sandboxed(w, sh(`echo x > "$HOME/outside.txt"; echo y > /etc/gatehouse-canary`));
    expect(existsSync(join(w.home, 'outside.txt'))).toBe(false);
    expect(existsSync('/etc/gatehouse-canary')).toBe(false);
    // (The test home lives under the host's /tmp, which the sandbox replaces with a private one:
    // that write lands in the private view, if anywhere, and never on the host.)
    expect(r.violations.filter((v) => v.kind === 'write-denied').map((v) => v.target)).toEqual(['/etc/gatehouse-canary']);
  });

  it('cannot read ~/.ssh or ~/.aws', async () => {
    const r = await sandboxed(w, sh('cat ~/.ssh/id_test; cat ~/.aws/credentials; ls -a ~/.ssh'));
    expect(r.stdout + r.stderr).not.toContain(SSH_SECRET);
    expect(r.violations.some((v) => v.kind === 'read-denied' && v.target?.startsWith(join(w.home, '.ssh')))).toBe(true);
  });

  it('cannot read files the ignore file hides, by any route', async () => {
    const r = await sandboxed(w, sh('cat .env; cat secrets/key.txt; grep -r canary . ; node -e "process.stdout.write(require(\'fs\').readFileSync(\'.\'+\'/.e\'+\'nv\',\'utf8\'))"'));
    expect(r.stdout + r.stderr).not.toContain(ENV_SECRET);
  });

  it('cannot reach a host on the loopback of the machine', async () => {
    const r = await sandboxed(w, ['node', '-e', `require('net').connect(${port},'127.0.0.1').on('data',d=>process.stdout.write(d)).on('connect',function(){this.write('GET / HTTP/1.0\\r\\n\\r\\n')}).on('error',e=>{console.error(e.code);process.exit(3)})`]);
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.code).toBe(3);
  });

  it("cannot reach the host's unix sockets under /run (container engines, system bus)", async () => {
    const { createServer: netServer } = await import('node:net');
    const sock = `/run/gatehouse-test-${process.pid}.sock`;
    const srv = netServer((c) => c.end('hello-from-host'));
    await new Promise<void>((r) => srv.listen(sock, () => r()));
    try {
      const r = await sandboxed(w, ['node', '-e', `require('net').connect(${JSON.stringify(sock)}).on('data',d=>process.stdout.write(d)).on('error',e=>{console.log(e.code)})`]);
      expect(r.stdout).not.toContain('hello-from-host');
      expect(r.stdout).toContain('ENOENT');
    } finally {
      srv.close();
    }
  });

  it('cannot create a user namespace', async () => {
    const r = await sandboxed(w, ['unshare', '--user', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.violations.map((v) => v.kind)).toContain('userns-denied');
  });

  it('cannot write .git/hooks or .git/config, nor plant .claude/settings.json', async () => {
    const r = await sandboxed(w, sh('echo evil > .git/hooks/pre-commit; echo "[core]" >> .git/config; mkdir -p .claude && echo {} > .claude/settings.json'));
    expect(existsSync(join(w.project, '.git/hooks/pre-commit'))).toBe(false);
    expect(readFileSync(join(w.project, '.git/config'), 'utf8')).not.toMatch(/\[core\]\s*$/);
    // .claude was pinned as an empty read-only directory: it stays, empty
    expect(readdirSync(join(w.project, '.claude'))).toEqual([]);
    expect(r.violations.filter((v) => v.kind === 'write-denied').length).toBeGreaterThanOrEqual(2);
  });

  it('reports a protected file that the command created', async () => {
    const r = await sandboxed(w, sh('echo \'{"mcpServers":{}}\' > .mcp.json'));
    expect(r.violations).toContainEqual(expect.objectContaining({ kind: 'protected-path-created', target: join(w.project, '.mcp.json') }));
  });

  it('has no capabilities, no new privileges, a new session, no host secrets in the environment', async () => {
    const r = await sandboxed(w, sh('grep -E "^(CapEff|NoNewPrivs)" /proc/self/status; echo "sid=$(cut -d" " -f6 /proc/$$/stat) pid=$$"; echo "key=${ANTHROPIC_API_KEY:-none} agent=${SSH_AUTH_SOCK:-none} db=${DATABASE_URL:-none} pw=${MY_SERVICE_PASSWORD:-none} opaque=${OPAQUE:-none} author=${GIT_AUTHOR_NAME:-none}"'), {
      env: { ...w.env, ANTHROPIC_API_KEY: 'sk-ant-should-not-pass', SSH_AUTH_SOCK: '/tmp/agent.sock', DATABASE_URL: 'postgres://app:hunter2pass@db/x', MY_SERVICE_PASSWORD: 'x', OPAQUE: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz' },
    });
    expect(r.stdout).toMatch(/CapEff:\s+0+\n/);
    expect(r.stdout).toMatch(/NoNewPrivs:\s+1/);
    // bwrap's init (pid 1 of the sandbox) leads a new session: not the caller's terminal session.
    expect(r.stdout).toMatch(/sid=1 pid=2/);
    expect(r.stdout).toContain('key=none agent=none db=none pw=none opaque=none author=me');
  });

  it('passes the exit status through (codes and signals)', async () => {
    expect((await sandboxed(w, sh('exit 42'))).code).toBe(42);
    expect((await sandboxed(w, sh('kill -TERM $$'))).code).toBe(143);
  });
});

describe.skipIf(!bwrapWorks)('sandbox run (bubblewrap): ordinary work succeeds', () => {
  let w: World;
  beforeAll(() => {
    w = makeWorld();
  });

  it('runs node, a build step and a test suite in the project', async () => {
    const r = await sandboxed(w, sh('node -e "require(\'fs\').writeFileSync(\'made-by-node.txt\', \'ok\')" && npm run -s build && npm test -s'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(w.project, 'made-by-node.txt'), 'utf8')).toBe('ok');
    expect(readFileSync(join(w.project, 'dist/out.js'), 'utf8')).toBe('built');
  });

  it('commits to the project repository, and creates new repositories', async () => {
    const r = await sandboxed(w, sh('echo more >> README.md && git add README.md && git commit -q -m "from the sandbox" && mkdir sub && cd sub && git init -q && git commit -q --allow-empty -m first'));
    expect(r.code, r.stderr).toBe(0);
    expect(git(w.project, 'log', '--format=%s', '-n', '1').trim()).toBe('from the sandbox');
    expect(r.violations).toEqual([]);
  });

  it('commits in a git worktree whose git directory lives outside the project', async () => {
    const wt = join(w.root, 'worktree');
    git(w.project, 'worktree', 'add', '-q', '-b', 'feature', wt);
    const r = await sandboxed(w, sh('echo wt > wt.txt && git add wt.txt && git commit -q -m "in the worktree"'), { projectDir: wt, cwd: wt });
    expect(r.code, r.stderr).toBe(0);
    expect(git(w.project, 'log', '--format=%s', '-n', '1', 'feature').trim()).toBe('in the worktree');
    // the shared hooks stay out of reach
    const r2 = await sandboxed(w, sh(`echo evil > ${join(w.project, '.git/hooks/post-commit')}`), { projectDir: wt, cwd: wt });
    expect(r2.code).not.toBe(0);
  });

  it('readonly keeps the project read-only, with a private /tmp', async () => {
    const r = await sandboxed(w, sh('echo x > /tmp/scratch && cat /tmp/scratch && echo y > ro.txt'), { profile: 'readonly' });
    expect(r.stdout).toContain('x');
    expect(existsSync(join(w.project, 'ro.txt'))).toBe(false);
    expect(existsSync('/tmp/scratch')).toBe(false);
  });

  it('strict shows an empty home and only system directories', async () => {
    writeFileSync(join(w.home, 'notes.txt'), 'private');
    const r = await sandboxed(w, sh('ls -A "$HOME" | wc -l; ls /root >/dev/null 2>&1 && echo root-visible; node -e "console.log(1+1)"; echo "lang=$LANG token=${GITHUB_TOKEN:-none}"'), { profile: 'strict', env: { ...w.env, GITHUB_TOKEN: 'ghp_x' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]!.trim()).toBe('0');
    expect(r.stdout).not.toContain('root-visible');
    expect(r.stdout).toContain('2');
    expect(r.stdout).toContain('token=none');
  });

  it('--allow-write opens one more path', async () => {
    const extra = join(w.root, 'cache');
    mkdirSync(extra);
    const r = await sandboxed(w, sh(`echo c > ${extra}/c.txt`), { allowWrite: [extra] });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(extra, 'c.txt'))).toBe(true);
  });
});

describe.skipIf(!bwrapWorks || !existsSync('/usr/bin/socat'))('sandbox run: network allowlist through the proxy', () => {
  let w: World;
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    w = makeWorld({ git: false });
    server = createServer((_q, r) => r.end(TOKEN));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const viaProxy = (target: string) => ['node', '-e', `const s=require('net').connect(3128,'127.0.0.1',()=>s.write('GET ${target} HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n'));let d='';s.on('data',c=>d+=c).on('end',()=>process.stdout.write(d)).on('error',e=>{console.error(e.code);process.exit(3)})`];

  it('reaches an allowed host and is refused another', async () => {
    const ok = await sandboxed(w, viaProxy(`http://127.0.0.1:${port}/`), { allowNet: [`127.0.0.1:${port}`] });
    expect(ok.stdout).toContain(TOKEN);
    const no = await sandboxed(w, viaProxy(`http://127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}/`), { allowNet: [`127.0.0.1:${port}`] });
    expect(no.stdout).toMatch(/^HTTP\/1\.1 403/);
    expect(no.violations).toContainEqual(expect.objectContaining({ kind: 'network-denied' }));
  });

  it('refuses a name that resolves to a private address unless it was listed literally', async () => {
    const r = await sandboxed(w, viaProxy(`http://localhost.gatehouse-test.invalid:${port}/`), { allowNet: ['*.gatehouse-test.invalid'] });
    expect(r.stdout).toMatch(/^HTTP\/1\.1 403/);
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('gives curl the proxy variables, and direct connections still fail', async () => {
    const r = await sandboxed(w, sh(`curl -s http://127.0.0.1:${port}/ ; echo; curl -s --noproxy '*' --max-time 3 http://127.0.0.1:${port}/ || echo direct-failed`), { allowNet: [`127.0.0.1:${port}`] });
    expect(r.stdout).toContain(TOKEN);
    expect(r.stdout).toContain('direct-failed');
  });
});

describe.skipIf(!bwrapWorks)('the gatehouse sandbox run command', () => {
  it('runs a command as a real process, propagates its status and records violations', () => {
    const w = makeWorld();
    const bin = join(process.cwd(), 'bin', 'gatehouse.mjs');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'sandbox', 'run', '--json', '--', 'sh', '-c', 'echo hi > /etc/gatehouse-x; exit 5'], { cwd: w.project, env: w.env, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(5);
    const summary = JSON.parse(stderr.trim().split('\n').pop()!).sandbox;
    expect(summary.violations[0]).toMatchObject({ kind: 'write-denied', target: '/etc/gatehouse-x' });
    // Recorded in the tamper-evident audit log, violations included.
    const log = readFileSync(join(w.state, 'audit', 'current.jsonl'), 'utf8');
    const last = JSON.parse(log.trim().split('\n').pop()!);
    expect(last).toMatchObject({ event: 'SandboxRun', verdict: 'deny', extra: { exit_code: 5, profile: 'workspace' } });
    expect(last.extra.violations[0]).toMatchObject({ kind: 'write-denied', target: '/etc/gatehouse-x' });
  });
});

describe('when the sandbox cannot run', () => {
  it('exits 4 with a clear message instead of running the command unsandboxed', () => {
    const w = makeWorld({ git: false });
    const r = cli(['sandbox', 'run', '--', 'sh', '-c', 'echo ran > ran.txt'], { env: { ...w.env, PATH: '/nonexistent' }, cwd: w.project });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('sandbox/unavailable');
    expect(existsSync(join(w.project, 'ran.txt'))).toBe(false);
  });
  it('exits 4 when bubblewrap itself fails to start', () => {
    const w = makeWorld({ git: false });
    const bin = join(w.root, 'fakebin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'bwrap'), '#!/bin/sh\necho "bwrap: Creating new namespace failed: Operation not permitted" >&2\nexit 1\n', { mode: 0o755 });
    const r = cli(['sandbox', 'run', '--', 'true'], { env: { ...w.env, PATH: `${bin}:${w.env.PATH}` }, cwd: w.project });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('could not start: Creating new namespace failed');
  });
});

describe.skipIf(!bwrapWorks)('sandbox run follows the gatehouse policy', () => {
  it('hides what `protect:` names and built-in secret files, and refuses to run on an invalid policy', () => {
    const w = makeWorld({ git: false });
    mkdirSync(join(w.project, '.gatehouse'));
    writeFileSync(join(w.project, '.gatehouse', 'policy.yaml'), 'version: 1\nprotect:\n  - notes/private.md\n');
    mkdirSync(join(w.project, 'notes'));
    writeFileSync(join(w.project, 'notes', 'private.md'), 'private-notes-canary');
    writeFileSync(join(w.project, 'server.key'), 'key-canary');
    const r = cli(['sandbox', 'run', '--', 'sh', '-c', 'cat notes/private.md server.key; echo done'], { env: w.env, cwd: w.project });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('done');
    expect(r.stdout).not.toContain('private-notes-canary');
    expect(r.stdout).not.toContain('key-canary');
    writeFileSync(join(w.project, '.gatehouse', 'policy.yaml'), 'version: 1\nprotect: [unclosed\n');
    const bad = cli(['sandbox', 'run', '--', 'sh', '-c', 'echo ran > ran.txt'], { env: w.env, cwd: w.project });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('policy is invalid');
    expect(existsSync(join(w.project, 'ran.txt'))).toBe(false);
  });
});
