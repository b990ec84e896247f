#!/usr/bin/env node
// Launcher. `gatehouse hook` goes straight to the single-file hook bundle, so a tool call never
// pays for loading the rest of the CLI. (`gatehouse init` points Claude Code at dist/hook.cjs
// directly, which also skips this file.)
import { existsSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('hook.cjs', dist))) {
  process.stderr.write('gatehouse: dist/ is missing; run `npm run build` (or `npm ci`, which builds).\n');
  // Exit 2 so a Claude Code hook configured with this launcher blocks rather than silently allowing.
  process.exit(2);
}
// `gatehouse … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
if (process.argv[2] === 'hook' && process.argv.length === 3) {
  await import(new URL('hook.cjs', dist).href);
} else {
  const { main } = await import(new URL('cli/main.js', dist).href);
  process.exitCode = await main(process.argv.slice(2));
}
