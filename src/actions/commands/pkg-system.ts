// System package managers: they change the machine, not the project. brew, apt, dnf/yum, apk,
// pacman and AUR helpers, zypper, port, snap, flatpak, nix, dpkg/rpm, and package-source tools
// (add-apt-repository, apt-key).
import type { Action, PackageOp } from '../types.js';
import { allValues, pkg } from './pkg-common.js';
import { parseOptions, type CommandHandler, type CommandView } from './view.js';

function sys(v: CommandView, manager: string, op: PackageOp, packages: readonly string[] = [], registries: string[] = []): Action[] {
  return [pkg(v, manager, op, packages, { system: true, registries })];
}

/** A table of subcommand → op for managers with `<tool> [options] <verb> [packages…]` grammar. */
function verbs(manager: string, table: Record<string, PackageOp>, withValue: string[] = [], registryOptions: string[] = []): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue });
    const [verb, ...rest] = o.positionals;
    if (!verb) return [];
    const op = table[verb] ?? 'other';
    return sys(v, manager, op, rest, allValues(o, ...registryOptions));
  };
}

const APT: Record<string, PackageOp> = { install: 'install', reinstall: 'install', 'build-dep': 'install', remove: 'remove', purge: 'remove', autoremove: 'remove', autopurge: 'remove', upgrade: 'update', 'full-upgrade': 'update', 'dist-upgrade': 'update' };
const DNF: Record<string, PackageOp> = { install: 'install', in: 'install', reinstall: 'install', localinstall: 'install', groupinstall: 'install', remove: 'remove', erase: 'remove', rm: 'remove', autoremove: 'remove', groupremove: 'remove', update: 'update', upgrade: 'update', 'distro-sync': 'update', 'upgrade-minimal': 'update' };
const BREW: Record<string, PackageOp> = { install: 'install', reinstall: 'install', uninstall: 'remove', remove: 'remove', rm: 'remove', upgrade: 'update', tap: 'source' };
const APK: Record<string, PackageOp> = { add: 'install', del: 'remove', upgrade: 'update', fix: 'install' };
const ZYPPER: Record<string, PackageOp> = { install: 'install', in: 'install', remove: 'remove', rm: 'remove', update: 'update', up: 'update', 'dist-upgrade': 'update', dup: 'update', addrepo: 'source', ar: 'source' };
const PORT: Record<string, PackageOp> = { install: 'install', uninstall: 'remove', upgrade: 'update' };
const SNAP: Record<string, PackageOp> = { install: 'install', remove: 'remove', refresh: 'update' };
const FLATPAK: Record<string, PackageOp> = { install: 'install', uninstall: 'remove', update: 'update', 'remote-add': 'source' };

const dnf = (manager: string): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['--enablerepo', '--disablerepo', '--add-repo', '-c', '--config', '--releasever', '--installroot', '--setopt', '--repofrompath', '--repo', '--from-repo'] });
  const [verb, ...rest] = o.positionals;
  if (!verb) return [];
  if (verb === 'config-manager' && (o.flags.has('--add-repo') || rest[0] === 'addrepo')) return sys(v, manager, 'source', [], [...allValues(o, '--add-repo'), ...rest.slice(1)]);
  if (verb === 'copr' && rest[0] === 'enable') return sys(v, manager, 'source', rest.slice(1));
  return sys(v, manager, DNF[verb] ?? 'other', rest, allValues(o, '--repofrompath'));
};

/** pacman and the AUR helpers: the operation is an upper-case letter option (-S, -R, -U, -Q). */
const pacman = (manager: string): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['--root', '-r', '--dbpath', '-b', '--cachedir', '--config', '--arch', '--gpgdir', '--hookdir', '--logfile', '--overwrite', '--assume-installed', '--ignore', '--ignoregroup'] });
  const has = (f: string) => o.flags.has(f);
  const pkgs = o.positionals;
  if (has('-S') || has('--sync')) {
    if (has('-s') || has('-i') || has('-c') || has('-l') || has('-g') || has('-p')) return sys(v, manager, 'other', pkgs);
    if (!pkgs.length) return sys(v, manager, has('-u') ? 'update' : 'other');
    return sys(v, manager, 'install', pkgs);
  }
  if (has('-U') || has('--upgrade')) return sys(v, manager, 'install', pkgs);
  if (has('-R') || has('--remove')) return sys(v, manager, 'remove', pkgs);
  return sys(v, manager, 'other', pkgs);
};

const dpkg: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--root', '--admindir', '--instdir', '--force', '--status-fd'] });
  if (o.flags.has('-i') || o.flags.has('--install')) return sys(v, 'dpkg', 'install', o.positionals);
  if (o.flags.has('-r') || o.flags.has('-P') || o.flags.has('--remove') || o.flags.has('--purge')) return sys(v, 'dpkg', 'remove', o.positionals);
  return [];
};

const rpm: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--root', '--dbpath', '--define', '-D', '--qf', '--queryformat'] });
  if (o.flags.has('-i') || o.flags.has('-U') || o.flags.has('--install') || o.flags.has('--upgrade')) return sys(v, 'rpm', 'install', o.positionals);
  if (o.flags.has('-e') || o.flags.has('--erase')) return sys(v, 'rpm', 'remove', o.positionals);
  if (o.flags.has('--import')) return sys(v, 'rpm', 'source', o.positionals);
  return [];
};

const nixEnv: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-f', '--file', '-p', '--profile', '-I', '--attr', '-A'] });
  if (o.flags.has('-i') || o.flags.has('--install')) return [pkg(v, 'nix', 'install', [...o.positionals, ...allValues(o, '-A', '--attr')], { global: true })];
  if (o.flags.has('-e') || o.flags.has('--uninstall')) return [pkg(v, 'nix', 'remove', o.positionals, { global: true })];
  return [];
};

const nix: CommandHandler = (v) => {
  const [group, verb, ...rest] = parseOptions(v.args, { withValue: ['--profile', '-I', '--option', '--extra-experimental-features'] }).positionals;
  if (group === 'profile' && (verb === 'install' || verb === 'add')) return [pkg(v, 'nix', 'install', rest, { global: true })];
  if (group === 'profile' && verb === 'remove') return [pkg(v, 'nix', 'remove', rest, { global: true })];
  // `nix run github:owner/repo` fetches and runs a flake.
  if (group === 'run' && verb && /^(github|gitlab|git\+|https?|tarball|sourcehut):/.test(verb)) return [pkg(v, 'nix', 'exec', [verb])];
  return [];
};

/** `add-apt-repository ppa:x/y` and `apt-key add -`: new places packages are trusted from. */
const addAptRepository: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-k', '--keyserver', '-s', '--enable-source', '-c', '--component', '-p', '--pocket'] });
  if (o.flags.has('-r') || o.flags.has('--remove') || o.flags.has('-L') || o.flags.has('--list')) return [];
  return sys(v, 'apt', 'source', o.positionals);
};

const aptKey: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['--keyring', '--keyserver', '--recv-keys'] });
  const verb = o.positionals[0];
  return verb === 'add' || verb === 'adv' || o.flags.has('--recv-keys') ? sys(v, 'apt', 'source', o.positionals.slice(1)) : [];
};

export const SYSTEM_PACKAGE_COMMANDS: Record<string, CommandHandler> = {
  apt: verbs('apt', APT, ['-o', '--option', '-t', '--target-release', '-c', '--config-file']),
  'apt-get': verbs('apt', APT, ['-o', '--option', '-t', '--target-release', '-c', '--config-file']),
  aptitude: verbs('apt', APT, ['-o', '-t', '--target-release']),
  nala: verbs('apt', APT, ['-o', '--option', '-t', '--target-release']),
  'add-apt-repository': addAptRepository,
  'apt-key': aptKey,
  dpkg,
  rpm,
  yum: dnf('yum'),
  dnf: dnf('dnf'),
  dnf5: dnf('dnf'),
  microdnf: dnf('dnf'),
  tdnf: dnf('dnf'),
  brew: verbs('brew', BREW, [], []),
  apk: verbs('apk', APK, ['-X', '--repository', '-p', '--root', '--keys-dir', '--arch', '--repositories-file'], ['-X', '--repository']),
  pacman: pacman('pacman'),
  yay: pacman('yay'),
  paru: pacman('paru'),
  zypper: verbs('zypper', ZYPPER, ['-r', '--repo', '--from', '-t', '--type', '--root']),
  port: verbs('port', PORT),
  snap: verbs('snap', SNAP, ['--channel', '--revision']),
  flatpak: verbs('flatpak', FLATPAK, ['--arch', '--installation', '--from']),
  'nix-env': nixEnv,
  nix,
};
