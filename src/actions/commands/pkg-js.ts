// JavaScript package managers besides npm: pnpm, yarn, bun, bunx, deno (npm and the runner grammar
// they share are in pkg-npm.ts). `yarn x` and `pnpm x` run a script or a local binary, so they
// also hand a known program to its own table.
import { delegate, type Lookup } from './delegate.js';
import { allValues, pkg } from './pkg-common.js';
import { configWrite, installExtras, npmLike, NPM_OPS, runner } from './pkg-npm.js';
import { hasAny, parseOptions, type CommandHandler } from './view.js';

const PNPM_BUILTINS = new Set(['add', 'install', 'i', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'publish', 'run', 'test', 't', 'start', 'exec', 'dlx', 'create', 'link', 'ln', 'unlink', 'import', 'rebuild', 'rb', 'prune', 'fetch', 'install-test', 'it', 'patch', 'patch-commit', 'patch-remove', 'audit', 'list', 'ls', 'outdated', 'why', 'licenses', 'store', 'root', 'bin', 'env', 'setup', 'init', 'deploy', 'pack', 'recursive', 'm', 'multi', 'server', 'config', 'c', 'get', 'set', 'approve-builds', 'ignored-builds', 'self-update', 'cat-file', 'cat-index', 'find-hash', 'doctor', 'dedupe', 'help']);
const PNPM_WITH_VALUE = ['--filter', '-F', '--dir', '-C', '--reporter', '--store-dir', '--registry', '--virtual-store-dir', '--modules-dir', '--lockfile-dir', '--loglevel', '--workspace-concurrency', '--resolution-mode', '--node-linker', '--package-import-method', '--config-dir', '--changed-files-ignore-pattern', '--test-pattern', '--tag', '--access', '--otp', '--allow-build'];

const pnpm = (lookup: Lookup): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: PNPM_WITH_VALUE });
  const sub = o.positionals[0];
  const extras = () => ({ ...installExtras(o), global: hasAny(o, '-g', '--global') });
  if (!sub) return [pkg(v, 'pnpm', 'install-all')];
  const args = o.positionals.slice(1);
  const at = v.args.indexOf(sub);
  switch (sub) {
    case 'add':
      return [pkg(v, 'pnpm', 'install', args, extras())];
    case 'install':
    case 'i':
      return [pkg(v, 'pnpm', args.length ? 'install' : 'install-all', args, extras())];
    case 'install-test':
    case 'it':
    case 'fetch':
      return [pkg(v, 'pnpm', 'install-all', [], extras())];
    case 'remove':
    case 'rm':
    case 'uninstall':
    case 'un':
      return [pkg(v, 'pnpm', 'remove', args, { global: hasAny(o, '-g', '--global') })];
    case 'update':
    case 'up':
    case 'upgrade':
      return [pkg(v, 'pnpm', 'update', args, { global: hasAny(o, '-g', '--global') })];
    case 'publish':
      return [pkg(v, 'pnpm', hasAny(o, '--dry-run') ? 'other' : 'publish', args, { registries: allValues(o, '--registry') })];
    case 'dlx':
      return runner('pnpm', v, at + 1, lookup, 'pnpm dlx', ['--package'], ['-c', '--shell-mode']);
    case 'create': {
      const init = args[0];
      return init ? [pkg(v, 'pnpm', 'exec', [init.startsWith('create-') || init.startsWith('@') ? init : `create-${init}`])] : [];
    }
    case 'exec':
      return [pkg(v, 'pnpm', 'run', args.slice(0, 1)), ...delegate(v, v.args.indexOf(args[0] ?? '\u0000', at + 1), 'pnpm exec', lookup)];
    case 'run':
    case 'test':
    case 't':
    case 'start':
      return [pkg(v, 'pnpm', 'run', sub === 'run' ? args.slice(0, 1) : [sub])];
    case 'config':
    case 'c':
    case 'set':
      return [configWrite('pnpm', v, o, sub)];
    default:
      if (PNPM_BUILTINS.has(sub)) return [pkg(v, 'pnpm', 'other', args)];
      if (NPM_OPS[sub] && !['install', 'install-all', 'remove', 'update', 'run'].includes(NPM_OPS[sub]!)) return npmLike('pnpm', v, lookup);
      // `pnpm <script-or-bin> …`: a project script, or a binary from node_modules/.bin.
      return [pkg(v, 'pnpm', 'run', [sub]), ...delegate(v, at, 'pnpm', lookup)];
  }
};

const YARN_WITH_VALUE = ['--cwd', '--registry', '--modules-folder', '--cache-folder', '--network-timeout', '--mutex', '--use-yarnrc', '--global-folder', '--link-folder', '--otp', '--tag', '--access', '--new-version', '--message', '-m'];

const yarn = (lookup: Lookup): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: YARN_WITH_VALUE });
  const [sub, ...args] = o.positionals;
  const at = sub ? v.args.indexOf(sub) : -1;
  const extras = () => ({ registries: allValues(o, '--registry'), ignoreScripts: hasAny(o, '--ignore-scripts', '--mode=skip-build') });
  switch (sub) {
    case undefined:
    case 'install':
      return [pkg(v, 'yarn', 'install-all', [], extras())];
    case 'add':
      return [pkg(v, 'yarn', 'install', args, extras())];
    case 'global':
      if (args[0] === 'add' || args[0] === 'upgrade') return [pkg(v, 'yarn', 'install', args.slice(1), { ...extras(), global: true })];
      if (args[0] === 'remove') return [pkg(v, 'yarn', 'remove', args.slice(1), { global: true })];
      return [pkg(v, 'yarn', 'other', args)];
    case 'remove':
      return [pkg(v, 'yarn', 'remove', args)];
    case 'upgrade':
    case 'up':
    case 'upgrade-interactive':
      return [pkg(v, 'yarn', 'update', args)];
    case 'publish':
      return [pkg(v, 'yarn', 'publish', args, extras())];
    case 'unpublish':
    case 'deprecate':
      return [pkg(v, 'yarn', sub, args)];
    case 'login':
    case 'logout':
    case 'owner':
      return [pkg(v, 'yarn', 'login', args)];
    case 'tag':
      return [pkg(v, 'yarn', args[0] === 'add' || args[0] === 'remove' || args[0] === 'rm' ? 'dist-tag' : 'other', args.slice(1))];
    case 'npm':
      // Yarn 2+: `yarn npm publish|login|tag add|info|audit`.
      if (args[0] === 'publish') return [pkg(v, 'yarn', 'publish', [], extras())];
      if (args[0] === 'login' || args[0] === 'logout') return [pkg(v, 'yarn', 'login')];
      if (args[0] === 'tag') return [pkg(v, 'yarn', args[1] === 'add' || args[1] === 'remove' ? 'dist-tag' : 'other', args.slice(2))];
      return [pkg(v, 'yarn', 'other', args)];
    case 'dlx':
      return runner('yarn', v, at + 1, lookup, 'yarn dlx', ['-p', '--package']);
    case 'create': {
      const init = args[0];
      return init ? [pkg(v, 'yarn', 'exec', [init.startsWith('@') ? init : `create-${init}`])] : [];
    }
    case 'run':
      return [pkg(v, 'yarn', 'run', args.slice(0, 1)), ...delegate(v, v.args.indexOf(args[0] ?? '\u0000', at + 1), 'yarn run', lookup)];
    case 'config':
      return [configWrite('yarn', v, o, sub)];
    case 'exec':
    case 'node':
      return [pkg(v, 'yarn', 'run', args.slice(0, 1))];
    case 'workspace':
      // `yarn workspace <name> <command…>`: the same grammar one level down.
      return at >= 0 && args.length >= 2 ? yarn(lookup)({ ...v, args: v.args.slice(v.args.indexOf(args[0]!, at + 1) + 1), words: v.words.slice(v.args.indexOf(args[0]!, at + 1) + 1) }) : [];
    default:
      if (['info', 'why', 'list', 'outdated', 'audit', 'cache', 'check', 'licenses', 'pack', 'link', 'unlink', 'init', 'test', 'version', 'versions', 'bin', 'dedupe', 'explain', 'constraints', 'plugin', 'set', 'workspaces', 'rebuild', 'patch', 'patch-commit', 'unplug', 'up', 'stage', 'import', 'generate-lock-entry', 'policies', 'autoclean', 'help'].includes(sub)) {
        if (sub === 'test') return [pkg(v, 'yarn', 'run', ['test'])];
        if (sub === 'version') return [pkg(v, 'yarn', 'version', args)];
        return [pkg(v, 'yarn', 'other', args)];
      }
      return [pkg(v, 'yarn', 'run', [sub]), ...delegate(v, at, 'yarn', lookup)];
  }
};

const bun = (lookup: Lookup): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['--cwd', '--registry', '--backend', '--cache-dir', '-c', '--config', '--filter', '--tag', '--access', '--otp', '--env-file', '--preload', '-r'] });
  const [sub, ...args] = o.positionals;
  const at = sub ? v.args.indexOf(sub) : -1;
  const extras = () => ({ global: hasAny(o, '-g', '--global'), registries: allValues(o, '--registry'), ignoreScripts: hasAny(o, '--ignore-scripts') });
  switch (sub) {
    case undefined:
      return [];
    case 'add':
    case 'a':
      return [pkg(v, 'bun', 'install', args, extras())];
    case 'install':
    case 'i':
      return [pkg(v, 'bun', args.length ? 'install' : 'install-all', args, extras())];
    case 'remove':
    case 'rm':
      return [pkg(v, 'bun', 'remove', args, { global: hasAny(o, '-g', '--global') })];
    case 'update':
      return [pkg(v, 'bun', 'update', args)];
    case 'publish':
      return [pkg(v, 'bun', hasAny(o, '--dry-run') ? 'other' : 'publish', args, extras())];
    case 'x':
      return runner('bun', v, at + 1, lookup, 'bunx', ['-p', '--package']);
    case 'create':
    case 'c': {
      const init = args[0];
      return init && !init.startsWith('.') && !init.startsWith('/') ? [pkg(v, 'bun', 'exec', [init.startsWith('create-') || init.startsWith('@') ? init : `create-${init}`])] : [];
    }
    case 'run':
      return [pkg(v, 'bun', 'run', args.slice(0, 1)), ...delegate(v, v.args.indexOf(args[0] ?? '\u0000', at + 1), 'bun run', lookup)];
    case 'pm':
    case 'link':
    case 'unlink':
    case 'build':
    case 'test':
    case 'init':
    case 'upgrade':
    case 'outdated':
    case 'patch':
      return [pkg(v, 'bun', 'other', args)];
    default:
      return [pkg(v, 'bun', 'run', [sub])];
  }
};

const deno: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--config', '-c', '--import-map', '--lock', '--cert', '--location', '--seed', '--v8-flags', '--env-file', '-n', '--name', '--root', '--allow-read', '--allow-write', '--allow-net', '--allow-env', '--allow-run', '--allow-ffi', '--allow-sys', '--deny-read', '--deny-write', '--deny-net'] });
  const [sub, ...args] = o.positionals;
  switch (sub) {
    case 'add':
      return [pkg(v, 'deno', 'install', args)];
    case 'install':
    case 'i':
      return [pkg(v, 'deno', args.length ? 'install' : 'install-all', args, { global: hasAny(o, '-g', '--global') })];
    case 'remove':
    case 'uninstall':
      return [pkg(v, 'deno', 'remove', args, { global: hasAny(o, '-g', '--global') })];
    case 'publish':
      return [pkg(v, 'deno', hasAny(o, '--dry-run') ? 'other' : 'publish')];
    case 'run': {
      // `deno run https://…` and `deno run npm:x` fetch the code they run.
      const target = args[0];
      return target && /^(https?:|npm:|jsr:)/.test(target) ? [pkg(v, 'deno', 'exec', [target])] : [];
    }
    default:
      return [];
  }
};

export function jsCommands(lookup: Lookup): Record<string, CommandHandler> {
  const npm: CommandHandler = (v) => npmLike('npm', v, lookup);
  return {
    npm,
    npx: (v) => runner('npm', v, 0, lookup, 'npx', ['-p', '--package'], ['-c', '--call']),
    pnpm: pnpm(lookup),
    pnpx: (v) => runner('pnpm', v, 0, lookup, 'pnpx', ['-p', '--package']),
    yarn: yarn(lookup),
    yarnpkg: yarn(lookup),
    bun: bun(lookup),
    bunx: (v) => runner('bun', v, 0, lookup, 'bunx', ['-p', '--package']),
    deno,
  };
}
