// dist/hookd.cjs: the resident hook process. It loads the hook bundle once and answers hook events
// over a Unix socket in the user's state directory, so a hook call costs a Node start and a round
// trip instead of loading and compiling gatehouse each time. Each event is handled exactly as the
// launcher would: with the calling process's environment and working directory, one at a time.
// It serves only the bundle it loaded (a rebuilt gatehouse makes it step aside), exits when idle,
// and exits when its state directory disappears.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { coreIdentity, loadCore } from './load-core.js';
import { PROTOCOL, runDir, socketPath, usableSocket, type ResidentRequest } from './resident-protocol.js';

declare const __filename: string;

const stateDir = process.argv[2];
if (!stateDir) process.exit(2);
const dist = dirname(__filename);
const corePath = join(dist, 'hook-core.cjs');
const sock = socketPath(stateDir);
const pidFile = join(runDir(stateDir), 'hookd.pid');
const idleMs = Math.max(5, Number(process.env.GATEHOUSE_DAEMON_IDLE ?? 120)) * 1000;
if (!usableSocket(sock)) process.exit(0);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One resident process per state directory: the pid file is taken with O_EXCL. */
function claim(): boolean {
  mkdirSync(runDir(stateDir!), { recursive: true, mode: 0o700 });
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(pidFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const pid = Number(readFileSync(pidFile, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) return false;
      try {
        unlinkSync(pidFile);
      } catch {
        return false;
      }
    }
  }
  return false;
}

if (!claim()) process.exit(0);
const identity = coreIdentity(corePath);
const core = loadCore(dist, process.env, process.getBuiltinModule('node:module').createRequire(__filename));

function cleanup(): void {
  for (const f of [sock, pidFile]) {
    try {
      if (f === pidFile && readFileSync(pidFile, 'utf8') !== String(process.pid)) continue;
      unlinkSync(f);
    } catch {
      // already gone
    }
  }
}

let idle: NodeJS.Timeout;
function touch(): void {
  clearTimeout(idle);
  idle = setTimeout(() => {
    cleanup();
    process.exit(0);
  }, idleMs);
}

// One event at a time: the process environment and working directory are the caller's while its
// event is handled, exactly as if the launcher had decided in its own process.
let queue: Promise<void> = Promise.resolve();
const ownEnv = process.env;

async function serve(conn: Socket, req: ResidentRequest): Promise<void> {
  // Let pending socket events land first: a launcher that gave up waiting (and decided the event
  // itself) has closed its connection, and its event must not be decided a second time.
  await new Promise((r) => setImmediate(r));
  if (conn.destroyed || !conn.writable) return;
  touch();
  if (req.v !== PROTOCOL || req.core !== identity || coreIdentity(corePath) !== identity) {
    conn.end(JSON.stringify({ stale: true }) + '\n');
    cleanup();
    setTimeout(() => process.exit(0), 50);
    return;
  }
  conn.write('ok\n');
  const before = process.cwd();
  try {
    process.env = { ...req.env };
    try {
      process.chdir(req.cwd);
    } catch {
      // a deleted directory: the event's own cwd field is what the hook uses anyway
    }
    const answer = await core.handleEvent(Buffer.from(req.event, 'base64'), process.env);
    conn.end(JSON.stringify({ answer }) + '\n');
  } finally {
    process.env = ownEnv;
    try {
      process.chdir(before);
    } catch {
      // ignore
    }
  }
}

const server = createServer((conn) => {
  let buffer = '';
  conn.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const nl = buffer.indexOf('\n');
    if (nl < 0) {
      if (buffer.length > 16 * 1024 * 1024) conn.destroy();
      return;
    }
    const line = buffer.slice(0, nl);
    buffer = '';
    let req: ResidentRequest;
    try {
      req = JSON.parse(line) as ResidentRequest;
    } catch {
      conn.destroy();
      return;
    }
    queue = queue.then(() => serve(conn, req)).catch(() => {
      conn.destroy();
    });
  });
  conn.on('error', () => conn.destroy());
});

try {
  unlinkSync(sock);
} catch {
  // no stale socket
}
server.listen(sock, () => {
  chmodSync(sock, 0o600);
  touch();
});
server.on('error', () => {
  cleanup();
  process.exit(0);
});
// Tests and uninstalls remove the state directory: then there is nothing left to serve.
setInterval(() => {
  if (!existsSync(sock)) {
    cleanup();
    process.exit(0);
  }
}, 2000).unref();
process.on('uncaughtException', () => {
  cleanup();
  process.exit(1);
});
process.on('SIGTERM', () => {
  cleanup();
  process.exit(0);
});
