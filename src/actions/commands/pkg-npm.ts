// npm and what the other JavaScript managers share with it: the subcommand table, config writes,
// and the package runner grammar of npx / npm exec / dlx / bunx, which also hands the program it
// runs to its own table (prisma, wrangler, vercel…).
import type { Action, PackageAction, PackageOp } from '../types.js';
import { delegate, type Lookup } from './delegate.js';
import { allValues, firstValue, packageName, pkg } from './pkg-common.js';
import { hasAny, parseOptions, type CommandView, type ParsedOptions } from './view.js';

/** npm options that take a value, wherever they appear. */
const NPM_WITH_VALUE = ['--registry', '--prefix', '-w', '--workspace', '--userconfig', '--globalconfig', '--cache', '--loglevel', '--tag', '--access', '--otp', '--omit', '--include', '--install-strategy', '--before', '--scope', '--auth-type', '--script-shell', '--package', '--call', '-c', '--save-prefix', '--location', '--os', '--cpu', '--libc', '--depth', '--message', '-m', '--preid', '--fetch-retries', '--fetch-timeout', '--userconfig', '--node-options', '--init-module'];

export const NPM_OPS: Record<string, PackageOp> = {};
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
export function configWrite(manager: string, v: CommandView, o: ParsedOptions, sub: string): PackageAction {
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

export function installExtras(o: ParsedOptions): Partial<PackageAction> {
  return {
    global: hasAny(o, '-g', '--global') || firstValue(o, '--location') === 'global',
    registries: allValues(o, '--registry'),
    ignoreScripts: hasAny(o, '--ignore-scripts'),
  };
}

/** npx / npm exec / pnpm dlx / yarn dlx / bunx: `[options] <pkg> [args…]`, or `-p pkg… <cmd> [args…]`. */
export function runner(manager: string, v: CommandView, start: number, lookup: Lookup, label: string, pkgOptions: string[], shellOptions: string[] = []): Action[] {
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
export function npmLike(manager: string, v: CommandView, lookup: Lookup): Action[] {
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
