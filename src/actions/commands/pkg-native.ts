// Language package tools outside JavaScript and Python: cargo, go, gem, bundler, composer, dotnet,
// and the publish goals of maven and gradle.
import type { Action } from '../types.js';
import { dbAction } from './db.js';
import { allValues, firstValue, pkg } from './pkg-common.js';
import { hasAny, parseOptions, type CommandHandler } from './view.js';

const CARGO_WITH_VALUE = ['--manifest-path', '-p', '--package', '--features', '-F', '--target', '--target-dir', '--profile', '-j', '--jobs', '--color', '--config', '-Z', '--vers', '--version', '--git', '--branch', '--tag', '--rev', '--path', '--registry', '--index', '--root', '--bin', '--example', '--rename', '--token', '--add', '--remove', '-a', '-r', '--lockfile-path'];

const cargo: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: CARGO_WITH_VALUE });
  const [sub, ...rest] = o.positionals;
  const registries = allValues(o, '--registry', '--index');
  // `--git URL` and `--path DIR` name where the crate comes from.
  const sources = [...allValues(o, '--git').map((g) => (g.startsWith('git+') ? g : `git+${g}`)), ...allValues(o, '--path').map((p) => (p.startsWith('.') || p.startsWith('/') ? p : `./${p}`))];
  switch (sub) {
    case 'add':
      return [pkg(v, 'cargo', 'install', sources.length ? sources : rest, { registries })];
    case 'remove':
    case 'rm':
      return [pkg(v, 'cargo', 'remove', rest)];
    case 'install':
      return [pkg(v, 'cargo', 'install', sources.length ? sources : rest, { global: true, registries })];
    case 'uninstall':
      return [pkg(v, 'cargo', 'remove', rest, { global: true })];
    case 'publish':
      return [pkg(v, 'cargo', hasAny(o, '--dry-run', '-n') ? 'other' : 'publish', [], { registries })];
    case 'yank':
      return [pkg(v, 'cargo', 'yank', rest, { registries })];
    case 'login':
    case 'logout':
    case 'owner':
      return [pkg(v, 'cargo', sub === 'owner' && hasAny(o, '-l', '--list') ? 'other' : 'login', rest)];
    case 'update':
      return [pkg(v, 'cargo', 'update', rest)];
    case 'fetch':
    case 'vendor':
      return [pkg(v, 'cargo', 'install-all')];
    default:
      return [];
  }
};

/** Go takes single-dash long flags; these take a value unless written `-flag=value`. */
const GO_WITH_VALUE = new Set(['-C', '-o', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-p', '-exec', '-overlay', '-pgo', '-toolexec', '-buildmode', '-compiler', '-installsuffix', '-pkgdir', '-run', '-bench', '-count', '-timeout', '-coverprofile', '-cpu', '-covermode', '-coverpkg', '-json', '-require', '-droprequire', '-replace', '-dropreplace', '-go', '-toolchain', '-exclude', '-retract']);

function goArgs(args: readonly string[]): { flags: string[]; positionals: string[] } {
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      const name = a.replace(/^--?/, '-').split('=')[0]!;
      flags.push(name);
      if (!a.includes('=') && GO_WITH_VALUE.has(name)) i++;
      continue;
    }
    positionals.push(a);
  }
  return { flags, positionals };
}

const isLocalGo = (p: string) => p === '.' || p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === 'all' || p.endsWith('.go');

const go: CommandHandler = (v) => {
  const [sub, ...rest] = v.args;
  const { flags, positionals } = goArgs(rest);
  switch (sub) {
    case 'get': {
      const remote = positionals.filter((p) => !isLocalGo(p));
      if (!remote.length) return [pkg(v, 'go', flags.includes('-u') ? 'update' : 'install-all')];
      return [pkg(v, 'go', flags.includes('-u') && remote.every((p) => !p.includes('@')) ? 'update' : 'install', remote)];
    }
    case 'install': {
      const remote = positionals.filter((p) => !isLocalGo(p) && p.includes('@'));
      return remote.length ? [pkg(v, 'go', 'install', remote, { global: true })] : [];
    }
    case 'run': {
      // `go run module@version` downloads and runs code that is not the project's.
      const target = positionals[0];
      return target && target.includes('@') && !isLocalGo(target) ? [pkg(v, 'go', 'exec', [target])] : [];
    }
    case 'mod':
      return positionals[0] === 'download' || positionals[0] === 'tidy' || positionals[0] === 'vendor' ? [pkg(v, 'go', 'install-all')] : [];
    default:
      return [];
  }
};

const GEM_WITH_VALUE = ['-v', '--version', '-s', '--source', '-i', '--install-dir', '-n', '--bindir', '--platform', '-k', '--key', '--otp', '--host', '-a', '--add', '-r', '--remove', '--config-file'];

const gem: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: GEM_WITH_VALUE });
  const [sub, ...rest] = o.positionals;
  const registries = allValues(o, '-s', '--source', '--host');
  switch (sub) {
    case 'install':
    case 'i':
      return [pkg(v, 'gem', 'install', rest, { global: true, registries })];
    case 'update':
      return [pkg(v, 'gem', 'update', rest, { global: true })];
    case 'uninstall':
      return [pkg(v, 'gem', 'remove', rest, { global: true })];
    case 'push':
      return [pkg(v, 'gem', 'publish', rest, { registries })];
    case 'yank':
      return [pkg(v, 'gem', 'unpublish', rest, { registries })];
    case 'owner':
    case 'signin':
    case 'signout':
      return [pkg(v, 'gem', sub === 'owner' && !hasAny(o, '-a', '--add', '-r', '--remove') ? 'other' : 'login', rest)];
    case 'sources':
      return hasAny(o, '-a', '--add') ? [pkg(v, 'gem', 'source', [], { setting: { key: 'sources', value: firstValue(o, '-a', '--add') ?? '' } })] : [pkg(v, 'gem', 'other')];
    default:
      return sub ? [pkg(v, 'gem', 'other', rest)] : [];
  }
};

const bundle: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--gemfile', '--path', '--jobs', '-j', '--retry', '--without', '--with', '--version', '-v', '--group', '-g', '--source', '--git', '--branch', '--ref', '--github', '--require'] });
  const [sub, ...rest] = o.positionals;
  switch (sub) {
    case undefined:
    case 'install':
    case 'i':
      return [pkg(v, 'bundler', 'install-all')];
    case 'add': {
      const git = firstValue(o, '--git', '--github');
      return [pkg(v, 'bundler', 'install', git ? [git.includes('://') || git.startsWith('git') ? `git+${git}` : `github:${git}`] : rest, { registries: allValues(o, '--source') })];
    }
    case 'remove':
      return [pkg(v, 'bundler', 'remove', rest)];
    case 'update':
      return [pkg(v, 'bundler', 'update', rest)];
    default:
      return [];
  }
};

const composer: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-d', '--working-dir', '--repository', '--repository-url', '--stability', '-s'] });
  const [sub, ...rest] = o.positionals;
  const one = (args: string[], global = false): Action[] => {
    const [s, ...r] = args;
    switch (s) {
      case 'require':
      case 'req':
      case 'r':
        return [pkg(v, 'composer', 'install', r, { global })];
      case 'remove':
      case 'rm':
      case 'uninstall':
        return [pkg(v, 'composer', 'remove', r, { global })];
      case 'install':
      case 'i':
        return [pkg(v, 'composer', 'install-all', [], { global })];
      case 'update':
      case 'u':
      case 'upgrade':
        return [pkg(v, 'composer', 'update', r, { global })];
      case 'create-project':
        // Fetches a package and runs its install scripts.
        return r[0] ? [pkg(v, 'composer', 'exec', [r[0]], { registries: allValues(o, '--repository', '--repository-url') })] : [];
      case 'config':
        return r.length >= 2 && !hasAny(o, '--list', '-l') ? [pkg(v, 'composer', 'source', [], { setting: { key: r[0]!, value: r.slice(1).join(' ') }, global })] : [pkg(v, 'composer', 'other')];
      default:
        return s ? [pkg(v, 'composer', 'other', r)] : [];
    }
  };
  return sub === 'global' || sub === 'g' ? one(rest, true) : one(o.positionals);
};

const dotnet: CommandHandler = (v) => {
  const [sub, ...rest] = v.args;
  const o = parseOptions(rest, { withValue: ['-v', '--version', '-s', '--source', '-k', '--api-key', '--framework', '-f', '--package-directory', '--tool-path', '--configfile'] });
  // `dotnet add [PROJECT] package NAME`
  const at = o.positionals.indexOf('package');
  if (sub === 'add' && at >= 0) return [pkg(v, 'dotnet', 'install', o.positionals.slice(at + 1, at + 2), { registries: allValues(o, '-s', '--source') })];
  if (sub === 'remove' && at >= 0) return [pkg(v, 'dotnet', 'remove', o.positionals.slice(at + 1, at + 2))];
  if (sub === 'restore') return [pkg(v, 'dotnet', 'install-all')];
  // Entity Framework: `dotnet ef database drop` deletes the database behind the project.
  if (sub === 'ef' && o.positionals[0] === 'database' && o.positionals[1] === 'drop') return [dbAction(v, 'entity-framework', 'drop-database', {})];
  if (sub === 'tool' && o.positionals[0] === 'install') return [pkg(v, 'dotnet', 'install', o.positionals.slice(1), { global: hasAny(o, '-g', '--global') })];
  if (sub === 'nuget' && o.positionals[0] === 'push') return [pkg(v, 'dotnet', 'publish', o.positionals.slice(1), { registries: allValues(o, '-s', '--source') })];
  if (sub === 'nuget' && o.positionals[0] === 'delete') return [pkg(v, 'dotnet', 'unpublish', o.positionals.slice(1))];
  return [];
};

/** maven: the `deploy` phase and release:perform upload artifacts to a repository. */
const mvn: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-f', '--file', '-s', '--settings', '-P', '--activate-profiles', '-pl', '--projects', '-D', '-T', '--threads', '-gs', '-rf', '-l', '--log-file', '-t'] });
  return o.positionals.some((g) => g === 'deploy' || g === 'release:perform' || /^deploy:deploy(-file)?$/.test(g)) ? [pkg(v, 'maven', 'publish', [], {})] : [];
};

/** gradle: `publish`, `publishToSonatype`, `publishPlugins`… (but not publishToMavenLocal). */
const gradle: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-p', '--project-dir', '-b', '--build-file', '-c', '--settings-file', '-P', '-D', '-x', '--exclude-task', '-I', '--init-script', '-g', '--gradle-user-home'] });
  return o.positionals.some((t) => /(^|:)publish\w*$/i.test(t) && !/publishToMavenLocal$/i.test(t) && !/^publish\w*Local$/i.test(t)) ? [pkg(v, 'gradle', 'publish')] : [];
};

export const NATIVE_PACKAGE_COMMANDS: Record<string, CommandHandler> = {
  cargo,
  go,
  gem,
  bundle,
  bundler: bundle,
  composer,
  dotnet,
  mvn,
  mvnw: mvn,
  gradle,
  gradlew: gradle,
};

