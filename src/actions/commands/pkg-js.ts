// JavaScript package managers: npm, npx, pnpm, yarn, bun, bunx, deno. Runners (`npx x`, `pnpm dlx x`,
// `yarn x`) also hand the program they run to its own table (prisma, wrangler, vercel…).
import type { Action, PackageAction, PackageOp } from '../types.js';
import { delegate, type Lookup } from './delegate.js';
import { allValues, firstValue, packageName, pkg } from './pkg-common.js';
import { hasAny, parseOptions, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

/** npm options that take a value, wherever they appear. */
const NPM_WITH_VALUE = ['--registry', '--prefix', '-w', '--workspace', '--userconfig', '--globalconfig', '--cache', '--loglevel', '--tag', '--access', '--otp', '--omit', '--include', '--install-strategy', '--before', '--scope', '--auth-type', '--script-shell', '--package', '--call', '-c', '--save-prefix', '--location', '--os', '--cpu', '--libc', '--depth', '--message', '-m', '--preid', '--fetch-retries', '--fetch-timeout', '--userconfig', '--node-options', '--init-module'];

const NPM_OPS: Record<string, PackageOp> = {};
const alias = (op: PackageOp, ...names: string[]) => names.forEach((n) => (NPM_OPS[n] = op));
alias('install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'install', 'isnt', 'isnta', 'isntal', 'isntall', 'add');
alias('install-all', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'it', 'install-test', 'install-ci-test', 'cit');
alias('remove', 'uninstall', 'un', 'unlink', 'remove', 'rm', 'r');
alias('update', 'update', 'up', 'upgrade', 'udpate');
alias('run', 'run', 'run-script', 'rum', 'urn', 'test', 't', 'tst', 'start', 'stop', 'restart');
alias('exec', 'exec', 'x');
alias('publish', 'publish');
alias('unpublish', 'unpublish');
alias('deprecate', 'deprecate', 'undeprecate');
alias('dist-tag', 'dist-tag', 'dist-tags');
alias('version', 'version', 'verison');
alias('login', 'login', 'adduser', 'add-user', 'token', 'owner', 'author', 'access', 'team', 'profile');
alias('source', 'config', 'c', 'set');

/** Config keys whose write changes where packages come from or how they are trusted. */
function configWrite(manager: string, v: CommandView, o: ParsedOptions, sub: string): PackageAction {
  const pos = o.positionals.slice(o.positionals.indexOf(sub) + 1);
  // `npm set k v` / `npm config set k v` / `npm config set k=v`; get/list/delete are reads or removals.
  const verb = sub === 'set' ? 'set' : pos.shift();
  if (verb !== 'set' && verb !== 'delete' && verb !== 'edit') return pkg(v, manager, 'other');
  const [k = '', ...rest] = pos;
  const eq = k.indexOf('=');
  const key = eq > 0 ? k.slice(0, eq) : k;
  const value = eq > 0 ? k.slice(eq + 1) : rest.join(' ') || undefined;
  return pkg(v, manager, 'source', [], { setting: { key, ...(value !== undefined ? { value } : {}) } });
}

function installExtras(o: ParsedOptions): Partial<PackageAction> {
  return {
    global: hasAny(o, '-g', '--global') || firstValue(o, '--location') === 'global',
    registries: allValues(o, '--registry'),
    ignoreScripts: hasAny(o, '--ignore-scripts'),
  };
}

/** npx / npm exec / pnpm dlx / yarn dlx / bunx: `[options] <pkg> [args…]`, or `-p pkg… <cmd> [args…]`. */
function runner(manager: string, v: CommandView, start: number, lookup: Lookup, label: string, pkgOptions: string[], shellOptions: string[] = []): Action[] {
  const rest = v.args.slice(start);
  let i = 0;
  const packages: string[] = [];
  let shell: string | undefined;
  let noInstall = false;
  for (; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (pkgOptions.includes(name)) packages.push(eq > 0 ? a.slice(eq + 1) : (rest[++i] ?? ''));
    else if (shellOptions.includes(name)) shell = eq > 0 ? a.slice(eq + 1) : rest[++i];
    else if (name === '--no-install' || name === '--no' || name === '--offline') noInstall = true;
    else if (['--registry', '--cache', '--prefix', '--userconfig', '--node-options', '-w', '--workspace'].includes(name) && eq < 0) i++;
  }
  const command = rest[i];
  if (!packages.length && command) packages.push(command);
  const out: Action[] = [pkg(v, manager, 'exec', packages, { noInstall })];
  if (shell !== undefined) out.push({ kind: 'unknown', reason: 'unsupported', detail: `${label} runs a shell command string`, via: v.via });
  if (command) out.push(...delegate(v, start + i, label, lookup, binName(command)));
  return out;
}

/** The binary a package spec runs by default (`aws-cdk@2` → `cdk`). */
const PACKAGE_BINS: Record<string, string> = {
  'aws-cdk': 'cdk',
  'netlify-cli': 'netlify',
  'firebase-tools': 'firebase',
  'sequelize-cli': 'sequelize',
  '@vscode/vsce': 'vsce',
  vsce: 'vsce',
  '@changesets/cli': 'changeset',
  'typeorm-ts-node-commonjs': 'typeorm',
  'typeorm-ts-node-esm': 'typeorm',
  '@railway/cli': 'railway',
  '@cloudflare/wrangler': 'wrangler',
  '@nestjs/cli': 'nest',
  'prisma': 'prisma',
};

export function binName(spec: string): string {
  const name = packageName(spec);
  return PACKAGE_BINS[name] ?? name.split('/').pop() ?? name;
}

/** `npm <sub>` and the npm commands pnpm and yarn pass through to npm. */
function npmLike(manager: string, v: CommandView, lookup: Lookup): Action[] {
  const o = parseOptions(v.args, { withValue: NPM_WITH_VALUE });
  const sub = o.positionals[0];
  if (!sub) return [];
  const op = NPM_OPS[sub] ?? 'other';
  const args = o.positionals.slice(1);
  switch (op) {
    case 'install': {
      const specs = args;
      return [pkg(v, manager, specs.length ? 'install' : 'install-all', specs, installExtras(o))];
    }
    case 'install-all':
      return [pkg(v, manager, 'install-all', [], installExtras(o))];
    case 'remove':
    case 'update':
      return [pkg(v, manager, op, args, { global: hasAny(o, '-g', '--global') })];
    case 'exec':
      return runner(manager, v, v.args.indexOf(sub) + 1, lookup, `${manager} exec`, ['--package', '-p'], ['-c', '--call']);
    case 'run':
      return [pkg(v, manager, 'run', sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn' ? args.slice(0, 1) : [sub])];
    case 'publish':
      return [pkg(v, manager, hasAny(o, '--dry-run') ? 'other' : 'publish', args, { registries: allValues(o, '--registry') })];
    case 'dist-tag':
      return [pkg(v, manager, args[0] === 'ls' || args[0] === 'list' || args.length === 0 ? 'other' : 'dist-tag', args.slice(1))];
    case 'login':
      return [pkg(v, manager, args[0] === 'ls' || args[0] === 'list' || (sub === 'owner' && args.length === 0) ? 'other' : 'login', [], { registries: allValues(o, '--registry') })];
    case 'source':
      return [configWrite(manager, v, o, sub)];
    default: {
      if (sub === 'init' || sub === 'create' || sub === 'innit') {
        // `npm init <initializer>` runs `create-<initializer>` from the registry.
        const init = args.find((a) => !a.startsWith('-'));
        if (!init) return [pkg(v, manager, 'other')];
        const full = init.startsWith('@') ? (init.includes('/') ? init.replace('/', '/create-') : `${init}/create`) : `create-${init}`;
        return [pkg(v, manager, 'exec', [full])];
      }
      return [pkg(v, manager, op, args)];
    }
  }
}

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
    case 'login':
    case 'logout':
    case 'owner':
    case 'tag':
      return [pkg(v, 'yarn', sub === 'tag' ? (args[0] === 'add' || args[0] === 'remove' || args[0] === 'rm' ? 'dist-tag' : 'other') : sub === 'owner' || sub === 'logout' ? 'login' : (NPM_OPS[sub] ?? 'other'), args.slice(sub === 'tag' ? 1 : 0))];
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
