// Node built-ins that cost milliseconds to load (child_process pulls in net and dgram; crypto
// pulls in streams), loaded on first use so that hook events which never need them never pay.
let cp: typeof import('node:child_process') | undefined;
let cr: typeof import('node:crypto') | undefined;

export function childProcess(): typeof import('node:child_process') {
  return (cp ??= process.getBuiltinModule('node:child_process'));
}

export function crypto(): typeof import('node:crypto') {
  return (cr ??= process.getBuiltinModule('node:crypto'));
}
