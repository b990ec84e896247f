// Entry point of the Stop-hook gate's own process: reads {cwd, stop_hook_active, project} on
// stdin, runs the gate, prints {block, reason, failed} as JSON. Started by the hook only when the
// gate is enabled (see stop-gate-optin.ts).
import { stopGate } from './stop-gate.js';

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { cwd: string; stop_hook_active?: boolean; project?: string };
const r = await stopGate({ cwd: input.cwd, stop_hook_active: input.stop_hook_active === true }, { env: process.env, project: input.project ?? input.cwd });
process.stdout.write(
  JSON.stringify({ block: r.block, ...(r.reason ? { reason: r.reason } : {}), failed: r.report?.checks.filter((c) => c.status === 'fail').map((c) => c.check) ?? [] }) + '\n',
);
