// Python package tools: pip (and `python -m pip`, `uv pip`), pipx, uv, uvx, poetry, pdm, conda.
// `python -m X` and `python script.py` hand over to X's (or the script's) own table.
import type { Action } from '../types.js';
import { delegate, type Lookup } from './delegate.js';
import { allValues, pkg } from './pkg-common.js';
import { hasAny, parseOptions, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

const PIP_WITH_VALUE = ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--prefix', '--root', '--src', '--platform', '--python-version', '--implementation', '--abi', '--no-binary', '--only-binary', '--progress-bar', '--trusted-host', '--upgrade-strategy', '-C', '--config-settings', '--global-option', '--cert', '--client-cert', '--proxy', '--retries', '--timeout', '--exists-action', '--log', '--cache-dir', '--report', '--python', '-p', '--index', '--default-index', '--index-strategy', '--keyring-provider', '--group', '--extra', '--resolution', '--prerelease', '--exclude-newer', '--python-platform', '-d', '--dest', '--format', '--path'];

/** Packaging tools a virtual environment upgrades routinely: not a new dependency of the project. */
const TOOLING = new Set(['pip', 'setuptools', 'wheel']);

function pipLike(manager: string, v: CommandView, args: readonly string[]): Action[] {
  const o = parseOptions(args, { withValue: PIP_WITH_VALUE });
  const [sub, ...rest] = o.positionals;
  const registries = allValues(o, '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--index', '--default-index');
  const global = hasAny(o, '--user', '--break-system-packages', '--system');
  switch (sub) {
    case 'install': {
      const specs = [...rest, ...allValues(o, '-e', '--editable')];
      const upgradeTooling = hasAny(o, '-U', '--upgrade') && specs.length > 0 && specs.every((s) => TOOLING.has(s.toLowerCase()));
      if (!specs.length || upgradeTooling) return [pkg(v, manager, 'install-all', [], { registries, global })];
      return [pkg(v, manager, 'install', specs, { registries, global })];
    }
    case 'sync':
      return [pkg(v, manager, 'install-all', [], { registries })];
    case 'uninstall':
      return [pkg(v, manager, 'remove', rest, { global })];
    case 'config':
      if (rest[0] === 'set' || rest[0] === 'unset') return [pkg(v, manager, 'source', [], { setting: { key: rest[1] ?? '', ...(rest[2] !== undefined ? { value: rest[2] } : {}) } })];
      return [pkg(v, manager, 'other')];
    default:
      return sub ? [pkg(v, manager, 'other', rest)] : [];
  }
}

const pip: CommandHandler = (v) => pipLike('pip', v, v.args);

/** `python [options] (-m module | script | -c code) args…` */
const python = (lookup: Lookup): CommandHandler => (v) => {
  for (let i = 0; i < v.args.length; i++) {
    const a = v.args[i]!;
    if (a === '-c' || a.startsWith('-c')) return []; // inline code: the shell analysis scans it
    if (a === '-m' || (a.startsWith('-m') && a.length > 2)) {
      const module = a === '-m' ? v.args[i + 1] : a.slice(2);
      const at = a === '-m' ? i + 1 : i;
      if (!module) return [];
      if (a !== '-m') return []; // `-mpip`: rare; the exec action is still there
      return delegate(v, at, `python -m`, lookup, module);
    }
    if (a === '-W' || a === '-X' || a === '--check-hash-based-pycs') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return delegate(v, i, 'python', lookup);
  }
  return [];
};

const pipx = (lookup: Lookup): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['--spec', '--python', '--pip-args', '--index-url', '--suffix', '--include-deps', '--preinstall'] });
  const [sub, ...rest] = o.positionals;
  const registries = allValues(o, '--index-url');
  switch (sub) {
    case 'install':
    case 'inject':
    case 'install-all':
      return [pkg(v, 'pipx', 'install', sub === 'inject' ? rest.slice(1) : rest, { global: true, registries })];
    case 'upgrade':
    case 'upgrade-all':
      return [pkg(v, 'pipx', 'update', rest, { global: true })];
    case 'uninstall':
    case 'uninstall-all':
      return [pkg(v, 'pipx', 'remove', rest, { global: true })];
    case 'run': {
      const spec = o.value.get('--spec');
      const cmd = rest[0];
      const at = cmd ? v.args.indexOf(cmd, v.args.indexOf('run') + 1) : -1;
      return [pkg(v, 'pipx', 'exec', spec ? [spec] : cmd ? [cmd] : [], { registries }), ...(at >= 0 ? delegate(v, at, 'pipx run', lookup, cmd!.split(/[=<>@[]/)[0]) : [])];
    }
    default:
      return sub ? [pkg(v, 'pipx', 'other', rest)] : [];
  }
};

const UVX_WITH_VALUE = ['--from', '--with', '--with-editable', '--with-requirements', '--python', '-p', '--index', '--default-index', '--index-url', '--extra-index-url', '-f', '--find-links', '--directory', '--project', '--cache-dir', '--config-file', '--env-file'];

/** uvx / `uv tool run`: `[options] <command>[@version] [args…]`. */
function uvx(v: CommandView, start: number, lookup: Lookup, label: string): Action[] {
  const rest = v.args.slice(start);
  let from: string | undefined;
  let i = 0;
  for (; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name === '--from') from = eq > 0 ? a.slice(eq + 1) : rest[i + 1];
    if (UVX_WITH_VALUE.includes(name) && eq < 0) i++;
  }
  const o = parseOptions(rest.slice(0, i), { withValue: UVX_WITH_VALUE });
  const cmd = rest[i];
  const registries = allValues(o, '--index', '--default-index', '--index-url', '--extra-index-url', '-f', '--find-links');
  const packages = from ? [from] : cmd ? [cmd] : [];
  return [pkg(v, 'uv', 'exec', packages, { registries }), ...(cmd ? delegate(v, start + i, label, lookup, cmd.split(/[=<>@[]/)[0]) : [])];
}

const UV_WITH_VALUE = ['--group', '--optional', '--extra', '--index', '--default-index', '--index-url', '--extra-index-url', '-f', '--find-links', '--python', '-p', '--directory', '--project', '--package', '--tag', '--branch', '--rev', '--bounds', '--script', '--frozen-with', '--publish-url', '--token', '-t', '--username', '-u', '--password', '--trusted-publishing', '--check-url', '--cache-dir', '--config-file', '--with', '--from', '--env-file'];

const uv = (lookup: Lookup): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: UV_WITH_VALUE });
  const [sub, ...rest] = o.positionals;
  const at = sub ? v.args.indexOf(sub) : -1;
  const registries = allValues(o, '--index', '--default-index', '--index-url', '--extra-index-url', '-f', '--find-links');
  switch (sub) {
    case 'add':
      return [pkg(v, 'uv', 'install', rest, { registries })];
    case 'remove':
      return [pkg(v, 'uv', 'remove', rest)];
    case 'sync':
      return [pkg(v, 'uv', 'install-all', [], { registries })];
    case 'lock':
      return [pkg(v, 'uv', hasAny(o, '--upgrade', '-U', '--upgrade-package', '-P') ? 'update' : 'other')];
    case 'pip':
      return pipLike('uv', v, v.args.slice(at + 1));
    case 'tool': {
      const [verb, ...names] = rest;
      if (verb === 'install') return [pkg(v, 'uv', 'install', names, { global: true, registries })];
      if (verb === 'upgrade') return [pkg(v, 'uv', 'update', names, { global: true })];
      if (verb === 'uninstall') return [pkg(v, 'uv', 'remove', names, { global: true })];
      if (verb === 'run') return uvx(v, v.args.indexOf('run', at + 1) + 1, lookup, 'uv tool run');
      return [pkg(v, 'uv', 'other')];
    }
    case 'publish':
      return [pkg(v, 'uv', hasAny(o, '--dry-run') ? 'other' : 'publish', [], { registries: allValues(o, '--publish-url') })];
    case 'run': {
      // The shell analysis usually unwraps `uv run`; this covers the rest.
      const cmd = rest[0];
      return cmd ? [pkg(v, 'uv', 'run', [cmd]), ...delegate(v, v.args.indexOf(cmd, at + 1), 'uv run', lookup)] : [];
    }
    default:
      return sub ? [pkg(v, 'uv', 'other', rest)] : [];
  }
};

const POETRY_WITH_VALUE = ['-C', '--directory', '-P', '--project', '-G', '--group', '--source', '-E', '--extras', '-r', '--repository', '-u', '--username', '-p', '--password', '--cert', '--client-cert', '--dist-dir', '--only', '--with', '--without', '--python', '--priority'];

const poetry: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: POETRY_WITH_VALUE });
  const [sub, ...rest] = o.positionals;
  switch (sub) {
    case 'add':
      return [pkg(v, 'poetry', 'install', rest, { registries: allValues(o, '--source') })];
    case 'remove':
    case 'rm':
      return [pkg(v, 'poetry', 'remove', rest)];
    case 'install':
    case 'sync':
      return [pkg(v, 'poetry', 'install-all')];
    case 'update':
      return [pkg(v, 'poetry', 'update', rest)];
    case 'publish':
      return [pkg(v, 'poetry', hasAny(o, '--dry-run') ? 'other' : 'publish', [], { registries: allValues(o, '-r', '--repository') })];
    case 'config': {
      const key = rest[0] ?? '';
      if (hasAny(o, '--list') || rest.length < 2) return [pkg(v, 'poetry', 'other')];
      return [pkg(v, 'poetry', /^(pypi-token|http-basic|certificates)\./.test(key) ? 'login' : 'source', [], { setting: { key, value: rest.slice(1).join(' ') } })];
    }
    case 'source':
      return [pkg(v, 'poetry', rest[0] === 'add' ? 'source' : 'other', [], rest[0] === 'add' ? { setting: { key: `source.${rest[1] ?? ''}`, value: rest[2] ?? '' } } : {})];
    case 'self':
      return rest[0] === 'add' || rest[0] === 'install' ? [pkg(v, 'poetry', 'install', rest.slice(1), { global: true })] : [pkg(v, 'poetry', 'other')];
    case 'version':
      return [pkg(v, 'poetry', rest.length ? 'version' : 'other', rest)];
    default:
      return sub ? [pkg(v, 'poetry', 'other', rest)] : [];
  }
};

const pdm = (lookup: Lookup): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['-p', '--project', '-G', '--group', '-r', '--repository', '-u', '--username', '-P', '--password', '-L', '--lockfile', '--venv'] });
  const [sub, ...rest] = o.positionals;
  switch (sub) {
    case 'add':
      return [pkg(v, 'pdm', 'install', rest)];
    case 'remove':
      return [pkg(v, 'pdm', 'remove', rest)];
    case 'install':
    case 'sync':
      return [pkg(v, 'pdm', 'install-all')];
    case 'update':
      return [pkg(v, 'pdm', 'update', rest)];
    case 'publish':
      return [pkg(v, 'pdm', hasAny(o, '--dry-run') ? 'other' : 'publish', [], { registries: allValues(o, '-r', '--repository') })];
    case 'config':
      return rest.length >= 2 ? [pkg(v, 'pdm', /^pypi\./.test(rest[0]!) && !/url$/.test(rest[0]!) ? 'login' : 'source', [], { setting: { key: rest[0]!, value: rest[1]! } })] : [pkg(v, 'pdm', 'other')];
    case 'self':
      return rest[0] === 'add' ? [pkg(v, 'pdm', 'install', rest.slice(1), { global: true })] : [pkg(v, 'pdm', 'other')];
    case 'run': {
      const cmd = rest[0];
      return cmd ? [pkg(v, 'pdm', 'run', [cmd]), ...delegate(v, v.args.indexOf(cmd, v.args.indexOf('run') + 1), 'pdm run', lookup)] : [];
    }
    default:
      return sub ? [pkg(v, 'pdm', 'other', rest)] : [];
  }
};

const CONDA_WITH_VALUE = ['-n', '--name', '-p', '--prefix', '-c', '--channel', '-f', '--file', '--solver', '--repodata-fn', '--platform', '--subdir', '--json-file'];

function conda(manager: string): CommandHandler {
  return (v) => {
    const o: ParsedOptions = parseOptions(v.args, { withValue: CONDA_WITH_VALUE });
    const [sub, ...rest] = o.positionals;
    const registries = allValues(o, '-c', '--channel');
    switch (sub) {
      case 'install':
      case 'create':
        return [pkg(v, manager, rest.length ? 'install' : 'install-all', rest, { registries })];
      case 'remove':
      case 'uninstall':
        return [pkg(v, manager, 'remove', rest)];
      case 'update':
      case 'upgrade':
        return [pkg(v, manager, 'update', rest)];
      case 'env':
        return [pkg(v, manager, rest[0] === 'create' || rest[0] === 'update' ? 'install-all' : 'other')];
      case 'config':
        if (hasAny(o, '--add', '--append', '--prepend', '--set')) {
          const key = o.value.get('--add') ?? o.value.get('--append') ?? o.value.get('--prepend') ?? o.value.get('--set') ?? rest[0] ?? '';
          return [pkg(v, manager, 'source', [], { setting: { key, value: rest.join(' ') } })];
        }
        return [pkg(v, manager, 'other')];
      default:
        return sub ? [pkg(v, manager, 'other', rest)] : [];
    }
  };
}

const PYTHONS = ['python', 'python3', 'py', 'pypy', 'pypy3', ...['8', '9', '10', '11', '12', '13', '14'].map((m) => `python3.${m}`)];

export function pythonCommands(lookup: Lookup): Record<string, CommandHandler> {
  const py = python(lookup);
  return {
    pip,
    pip3: pip,
    ...Object.fromEntries(PYTHONS.map((p) => [p, py])),
    pipx: pipx(lookup),
    uv: uv(lookup),
    uvx: (v) => uvx(v, 0, lookup, 'uvx'),
    poetry,
    pdm: pdm(lookup),
    conda: conda('conda'),
    mamba: conda('mamba'),
    micromamba: conda('micromamba'),
  };
}
