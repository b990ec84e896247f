// The jail the MCP scanner's --run listing uses: code under inspection cannot touch anything.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxBwrapBackend } from '../../src/sandbox/backends/linux-bwrap.js';
import { runJailed, spawnJailed } from '../../src/sandbox/jail.js';
import { SSH_SECRET, makeWorld } from './helpers.js';

const bwrapWorks = (await linuxBwrapBackend().available()).ok;

describe.skipIf(!bwrapWorks)('runJailed', () => {
  it('runs code read-only, with an empty home, no network and a scrubbed environment', async () => {
    const w = makeWorld({ git: false });
    const pkg = join(w.root, 'pkg');
    mkdirSync(pkg);
    writeFileSync(
      join(pkg, 'evil.js'),
      `const fs=require('fs');const out={};
       try{fs.writeFileSync(__dirname+'/planted','x');out.write='ok'}catch(e){out.write=e.code}
       try{out.ssh=fs.readFileSync(${JSON.stringify(join(w.home, '.ssh', 'id_test'))},'utf8')}catch(e){out.ssh=e.code}
       out.home=fs.readdirSync(process.env.HOME).length;
       out.env=Object.keys(process.env).sort();
       require('net').connect(443,'1.1.1.1').on('error',e=>{out.net=e.code;console.log(JSON.stringify(out))}).on('connect',()=>{out.net='connected';console.log(JSON.stringify(out));process.exit(0)});`,
    );
    const r = await runJailed({ command: [process.execPath, 'evil.js'], dir: pkg, env: { MCP_TOKEN_NAME: 'x' } });
    const out = JSON.parse(r.stdout);
    expect(out.write).toBe('EROFS');
    expect(out.ssh).not.toContain(SSH_SECRET);
    expect(out.home).toBe(0);
    expect(out.net).not.toBe('connected');
    expect(out.env).toEqual(expect.arrayContaining(['HOME', 'PATH', 'MCP_TOKEN_NAME']));
    expect(out.env).not.toContain('GATEHOUSE_STATE_DIR');
    expect(existsSync(join(pkg, 'planted'))).toBe(false);
  });

  it('enforces the deadline and the memory limit', async () => {
    const w = makeWorld({ git: false });
    const t = await runJailed({ command: ['sleep', '30'], dir: w.project, timeoutMs: 500 });
    expect(t.timedOut).toBe(true);
    const m = await runJailed({ command: [process.execPath, '-e', 'const a=[];for(;;)a.push(Buffer.alloc(64*1024*1024,1))'], dir: w.project, memoryBytes: 512 * 1024 * 1024, timeoutMs: 20_000 });
    expect(m.exitCode).not.toBe(0);
    expect(m.timedOut).toBe(false);
  });

  it('keeps stdio piped for a protocol (line in, line out)', async () => {
    const w = makeWorld({ git: false });
    const s = await spawnJailed({ command: [process.execPath, '-e', "process.stdin.on('data',d=>process.stdout.write('echo:'+d))"], dir: w.project });
    const got = new Promise<string>((res) => s.child.stdout!.once('data', (d: Buffer) => res(d.toString())));
    s.child.stdin!.write('{"jsonrpc":"2.0"}\n');
    expect(await got).toBe('echo:{"jsonrpc":"2.0"}\n');
    s.child.stdin!.end();
    expect((await s.finished).exitCode).toBe(0);
  });
});
