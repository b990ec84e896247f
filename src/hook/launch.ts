// dist/hook.cjs, what Claude Code runs for every hook event. It reads the event, asks the
// resident hook process when one is running (the whole decision then costs a socket round trip
// instead of loading and compiling gatehouse), and otherwise loads the hook bundle itself. Either
// way the same code decides; when the resident process is unavailable, slow to accept or serving
// another build, the launcher decides in-process. After deciding in-process twice within a minute
// it starts the resident process in the background for the calls that follow.
import { closeSync, mkdirSync, openSync, readSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { coreIdentity, CoreLoadError, loadCore, stateDirOf } from './load-core.js';
import type { HookAnswer } from './output.js';
import { PROTOCOL, residentEnabled, runDir, socketPath, usableSocket, type ResidentReply } from './resident-protocol.js';

declare const __filename: string;

const MAX_EVENT = 10 * 1024 * 1024;
const ACCEPT_TIMEOUT_MS = 400;

function refuse(problem: string): never {
  process.stderr.write(`gatehouse could not check this call: ${problem}. It was refused because gatehouse fails closed.\n`);
  process.exit(2);
}

function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  const buf = Buffer.allocUnsafe(65536);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code === 'EAGAIN') {
        // Non-blocking stdin: wait a moment for more.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      refuse(`stdin could not be read (${code ?? 'error'})`);
    }
    if (n === 0) break;
    size += n;
    if (size > MAX_EVENT) refuse('the event is larger than 10 MB');
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

function write(a: HookAnswer): void {
  if (a.stdout) process.stdout.write(a.stdout);
  if (a.stderr) process.stderr.write(a.stderr);
  process.exitCode = a.exitCode;
}

/** Asks the resident process. Rejects (so the launcher decides itself) unless it took the request. */
function askResident(sock: string, bytes: Buffer, identity: string): Promise<HookAnswer> {
  return new Promise((resolve, reject) => {
    const net = process.getBuiltinModule('node:net');
    // The whole environment: the event is handled as if this process decided it (paths, switches,
    // and what rollback or the stop gate pass on to git and the project's tools).
    const env: Record<string, string> = {};
    for (const k in process.env) {
      const v = process.env[k];
      if (v !== undefined) env[k] = v;
    }
    const conn = net.createConnection(sock);
    let taken = false;
    let buffer = '';
    const timer = setTimeout(() => {
      if (!taken) {
        conn.destroy();
        reject(new Error('slow'));
      }
    }, ACCEPT_TIMEOUT_MS);
    conn.on('connect', () => {
      conn.write(JSON.stringify({ v: PROTOCOL, core: identity, env, cwd: process.cwd(), event: bytes.toString('base64') }) + '\n');
    });
    conn.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!taken) {
          if (line === 'ok') {
            taken = true;
            clearTimeout(timer);
            continue;
          }
          conn.destroy();
          return reject(new Error('stale'));
        }
        // Once the request was taken it is answered here, never decided a second time.
        conn.destroy();
        try {
          const reply = JSON.parse(line) as ResidentReply;
          if ('answer' in reply) return resolve(reply.answer);
        } catch {
          // fall through
        }
        return resolve({ stdout: '', stderr: 'gatehouse could not check this call: the resident hook process gave an unreadable answer.\n', exitCode: 2 });
      }
    });
    conn.on('error', (e) => {
      clearTimeout(timer);
      if (taken) resolve({ stdout: '', stderr: `gatehouse could not check this call: the resident hook process failed (${(e as NodeJS.ErrnoException).code ?? 'error'}).\n`, exitCode: 2 });
      else reject(e);
    });
    conn.on('close', () => {
      clearTimeout(timer);
      if (taken) resolve({ stdout: '', stderr: 'gatehouse could not check this call: the resident hook process stopped while deciding.\n', exitCode: 2 });
      else reject(new Error('closed'));
    });
  });
}

/** Starts the resident process when calls come often enough to be worth it. */
function maybeStartResident(dist: string, stateDir: string): void {
  const dir = runDir(stateDir);
  const marker = join(dir, 'recent');
  try {
    const st = statSync(marker, { throwIfNoEntry: false });
    const now = Date.now();
    if (!st) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      closeSync(openSync(marker, 'w', 0o600));
      return;
    }
    utimesSync(marker, now / 1000, now / 1000);
    if (now - st.mtimeMs > 60_000) return;
    const { spawn } = process.getBuiltinModule('node:child_process');
    spawn(process.execPath, [join(dist, 'hookd.cjs'), stateDir], { detached: true, stdio: 'ignore', env: process.env }).unref();
  } catch {
    // the resident process is an optimisation only
  }
}

async function main(): Promise<void> {
  const dist = dirname(__filename);
  const bytes = readStdin();
  const stateDir = stateDirOf(process.env);
  const sock = stateDir ? socketPath(stateDir) : null;
  const resident = !!sock && residentEnabled(process.env) && usableSocket(sock);
  let startResident = false;
  if (resident) {
    if (statSync(sock, { throwIfNoEntry: false })) {
      try {
        write(await askResident(sock, bytes, coreIdentity(join(dist, 'hook-core.cjs'))));
        // Nothing else to wait for. On Linux, writes to pipes and files are synchronous, so exiting
        // now loses nothing; elsewhere (macOS pipes are asynchronous) let the writes drain.
        if (process.platform === 'linux') process.exit();
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        startResident = code === 'ECONNREFUSED' || code === 'ENOENT';
      }
    } else startResident = true;
  }
  let core;
  try {
    core = loadCore(dist, process.env, process.getBuiltinModule('node:module').createRequire(__filename));
  } catch (e) {
    refuse(e instanceof CoreLoadError ? e.message : `the hook failed to start (${(e as Error).name})`);
  }
  write(await core.handleEvent(bytes, process.env));
  if (startResident && stateDir) maybeStartResident(dist, stateDir);
}

main().catch((e: unknown) => refuse(`internal error (${e instanceof Error ? e.message : String(e)})`));
