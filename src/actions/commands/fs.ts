// File commands: what each reads, writes, deletes or lists, from its own argument syntax.
// Programs not listed here still produce an exec action; programs listed as data consumers
// (echo, printf) produce nothing else, so their arguments never look like file access.
import type { Action, PathAction } from '../types.js';
import { hasAny, parseOptions, pathOf, type CommandHandler, type CommandView, type ParsedOptions } from './view.js';

type Op = PathAction['kind'];

function each(v: CommandView, op: Op, paths: readonly string[], extra: Partial<PathAction> = {}): Action[] {
  return paths.filter((p) => p !== '' && p !== '-').map((p) => pathOf(v, op, p, extra));
}

/** Readers: every positional argument is a file read (after skipping the options that take values). */
function reader(withValue: string[] = [], skip = 0): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue });
    return each(v, 'read', o.positionals.slice(skip));
  };
}

function metaOnly(withValue: string[] = []): CommandHandler {
  return (v) => each(v, 'meta', parseOptions(v.args, { withValue }).positionals);
}

const grepLike: CommandHandler = (v) => {
  const prog = v.program!;
  const withValue = ['-e', '-f', '-m', '-A', '-B', '-C', '--regexp', '--file', '--include', '--exclude', '--exclude-dir', '--max-count', '--context', '--after-context', '--before-context', '--color', '--colour', '--label', '-g', '--glob', '-t', '--type', '-T', '--type-not', '--iglob', '-d', '--directories', '-D', '--devices', '-M', '--max-columns', '-j', '--threads', '--pre', '--ignore-file', '-E', '--encoding'];
  const o = parseOptions(v.args, { withValue: prog === 'rg' || prog === 'ag' ? withValue : withValue.filter((x) => x !== '-E') });
  const patternGiven = hasAny(o, '-e', '--regexp', '-f', '--file');
  const pattern = patternGiven ? (o.value.get('-e') ?? o.value.get('--regexp') ?? '') : (o.positionals[0] ?? '');
  const paths = patternGiven ? o.positionals : o.positionals.slice(1);
  const out: Action[] = [];
  for (const f of [...(o.values.get('-f') ?? []), ...(o.values.get('--file') ?? [])]) out.push(pathOf(v, 'read', f));
  const isRg = prog === 'rg' || prog === 'ag' || prog === 'ack';
  const recursive = isRg || hasAny(o, '-r', '-R', '--recursive', '--dereference-recursive');
  // rg/ag skip hidden and gitignored files unless told otherwise; grep -r reads everything.
  const hidden = !isRg || hasAny(o, '--hidden', '-u', '--unrestricted', '--no-ignore', '-uu', '-uuu', '--hidden', '-a', '--all-types', '--skip-vcs-ignores');
  const filter = o.value.get('--include') ?? o.value.get('-g') ?? o.value.get('--glob') ?? o.value.get('--iglob');
  // Only names, counts or an exit status come out, never matching lines.
  const namesOnly = hasAny(o, '-l', '--files-with-matches', '-L', '--files-without-match', '-c', '--count', '-q', '--quiet', '--silent', '--files', '--count-matches');
  const targets = paths.length ? paths : recursive ? ['.'] : [];
  for (const p of targets) {
    out.push(
      pathOf(v, recursive ? 'search' : 'read', p, {
        ...(recursive ? { recursive: true } : {}),
        ...(filter ? { filter } : {}),
        ...(recursive && !hidden ? { skipsHidden: true } : {}),
        ...(pattern ? { searchPattern: pattern } : {}),
        ...(namesOnly ? { namesOnly: true } : {}),
      }),
    );
  }
  return out;
};

const sed: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-e', '-f', '--expression', '--file', '-l', '--line-length', '-s'] });
  const scriptGiven = hasAny(o, '-e', '--expression', '-f', '--file');
  const files = scriptGiven ? o.positionals : o.positionals.slice(1);
  const inPlace = [...o.flags].some((f) => f === '-i' || f === '--in-place');
  const out: Action[] = [];
  for (const f of [...(o.values.get('-f') ?? []), ...(o.values.get('--file') ?? [])]) out.push(pathOf(v, 'read', f));
  out.push(...each(v, 'read', files));
  if (inPlace) out.push(...each(v, 'write', files, { mode: 'edit' }));
  // `w file` / `W file` commands in a sed script write files.
  const scripts = [...(o.values.get('-e') ?? []), ...(o.values.get('--expression') ?? []), ...(scriptGiven ? [] : o.positionals.slice(0, 1))];
  for (const s of scripts) for (const m of s.matchAll(/(?:^|;|\n)\s*[wW]\s+(\S+)/g)) out.push(pathOf(v, 'write', m[1]!));
  return out;
};

const awk: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-f', '-v', '-F', '--file', '--assign', '--field-separator'] });
  const progGiven = hasAny(o, '-f', '--file');
  const out: Action[] = [];
  for (const f of [...(o.values.get('-f') ?? []), ...(o.values.get('--file') ?? [])]) out.push(pathOf(v, 'read', f));
  const files = progGiven ? o.positionals : o.positionals.slice(1);
  out.push(...each(v, 'read', files.filter((f) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(f))));
  const program = progGiven ? '' : (o.positionals[0] ?? '');
  for (const m of program.matchAll(/>>?\s*"([^"]+)"/g)) out.push(pathOf(v, 'write', m[1]!));
  for (const m of program.matchAll(/getline\s*<\s*"([^"]+)"/g)) out.push(pathOf(v, 'read', m[1]!));
  return out;
};

/** cp/mv/install/ln: sources then destination (`-t DIR` puts the destination first). */
function copyLike(kind: 'cp' | 'mv' | 'ln' | 'install'): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue: ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '--backup', '--reflink', '--sparse'] });
    const target = o.value.get('-t') ?? o.value.get('--target-directory');
    const pos = o.positionals;
    const dest = target ?? (pos.length >= 2 ? pos[pos.length - 1] : undefined);
    const sources = target ? pos : pos.slice(0, -1);
    const recursive = hasAny(o, '-r', '-R', '-a', '--recursive', '--archive') || kind === 'mv';
    const out: Action[] = [];
    if (kind === 'ln') {
      if (dest) out.push(pathOf(v, 'write', dest, { mode: 'link' }));
      out.push(...each(v, 'meta', sources));
      return out;
    }
    out.push(...each(v, 'read', sources, recursive ? { recursive: true } : {}));
    if (kind === 'mv') out.push(...each(v, 'delete', sources, { recursive: true, mode: 'move' }));
    if (dest) out.push(pathOf(v, 'write', dest, { mode: 'move' }));
    // The destination directory receives each source's name.
    if (dest && sources.length) for (const s of sources) out.push(pathOf(v, 'write', `${dest.replace(/\/+$/, '')}/${s.split('/').pop()}`, { mode: 'move' }));
    return out;
  };
}

const rm: CommandHandler = (v) => {
  const o = parseOptions(v.args);
  const recursive = hasAny(o, '-r', '-R', '--recursive');
  return each(v, 'delete', o.positionals, recursive ? { recursive: true } : {});
};

const shred: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-n', '--iterations', '-s', '--size', '--random-source'] });
  return each(v, hasAny(o, '-u', '--remove') ? 'delete' : 'write', o.positionals, { mode: 'overwrite' });
};

/** chmod takes symbolic modes that look like options (`-x`, `-w`, `-rwx`): they are the mode. */
const SYMBOLIC_MODE = /^[-+=][rwxXst]+$/;

const permission: CommandHandler = (v) => {
  const modeAt = v.program === 'chmod' ? v.args.findIndex((a) => SYMBOLIC_MODE.test(a) && !/^-[cfvR]+$/.test(a)) : -1;
  if (modeAt >= 0) {
    const rest = [...v.args.slice(0, modeAt), ...v.args.slice(modeAt + 1)];
    const o = parseOptions(rest, { withValue: ['--reference'] });
    return each(v, 'write', o.positionals, { mode: 'perm', ...(hasAny(o, '-R', '--recursive') ? { recursive: true } : {}), filter: v.args[modeAt]! });
  }
  const o = parseOptions(v.args, { withValue: ['--reference', '--from'] });
  const recursive = hasAny(o, '-R', '--recursive');
  // The first positional is the mode/owner, the rest are paths.
  const mode = o.positionals[0] ?? '';
  return each(v, 'write', o.positionals.slice(1), { mode: 'perm', ...(recursive ? { recursive: true } : {}), filter: mode });
};

const dd: CommandHandler = (v) => {
  const out: Action[] = [];
  for (const a of v.args) {
    if (a.startsWith('if=')) out.push(pathOf(v, 'read', a.slice(3)));
    if (a.startsWith('of=')) out.push(pathOf(v, 'write', a.slice(3), { mode: 'overwrite' }));
  }
  return out;
};

const tee: CommandHandler = (v) => {
  const o = parseOptions(v.args);
  return each(v, 'write', o.positionals, { mode: hasAny(o, '-a', '--append') ? 'append' : 'overwrite' });
};

const touchLike = (mode: PathAction['mode']): CommandHandler => (v) => {
  const o = parseOptions(v.args, { withValue: ['-d', '--date', '-r', '--reference', '-t', '-m', '--mode', '-s', '--size'] });
  return each(v, 'write', o.positionals, { mode });
};

const truncate: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-s', '--size', '-r', '--reference'] });
  return each(v, 'write', o.positionals, { mode: 'truncate' });
};

const find: CommandHandler = (v) => {
  // find [paths…] [expression]: paths come before the first expression word.
  const paths: string[] = [];
  let i = 0;
  for (; i < v.args.length; i++) {
    const a = v.args[i]!;
    if (a.startsWith('-') || a === '(' || a === '!' || a === ')') break;
    paths.push(a);
  }
  if (!paths.length) paths.push('.');
  const expr = v.args.slice(i);
  const names: string[] = [];
  for (let j = 0; j < expr.length; j++) if (/^-i?(name|path|wholename|regex)$/.test(expr[j]!) && expr[j + 1]) names.push(expr[j + 1]!);
  const out: Action[] = [];
  const filter = names[0];
  const deletes = expr.includes('-delete');
  for (const p of paths) {
    out.push(pathOf(v, 'list', p, { recursive: true, ...(filter ? { filter } : {}) }));
    if (deletes) out.push(pathOf(v, 'delete', p, { recursive: true, ...(filter ? { filter } : {}) }));
  }
  for (let j = 0; j < expr.length; j++) {
    if (/^-f(print0?|printf|ls)$/.test(expr[j]!) && expr[j + 1]) out.push(pathOf(v, 'write', expr[j + 1]!));
  }
  return out;
};

const tar: CommandHandler = (v) => {
  // Old-style bundled first argument (`tar czf out.tgz dir`) is normal; normalize to dashed form.
  const args = [...v.args];
  if (args[0] && !args[0].startsWith('-') && /^[A-Za-z]+$/.test(args[0])) args[0] = '-' + args[0];
  const o = parseOptions(args, { withValue: ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '--exclude', '-I', '--use-compress-program', '-b', '--blocking-factor'] });
  const archive = o.value.get('-f') ?? o.value.get('--file');
  const dir = o.value.get('-C') ?? o.value.get('--directory');
  const out: Action[] = [];
  const create = hasAny(o, '-c', '--create', '-r', '--append', '-u', '--update');
  const extract = hasAny(o, '-x', '--extract', '--get');
  if (create) {
    if (archive) out.push(pathOf(v, 'write', archive));
    const base = dir ? (p: string) => `${dir.replace(/\/+$/, '')}/${p}` : (p: string) => p;
    out.push(...each(v, 'read', o.positionals.map(base), { recursive: true }));
  } else if (extract) {
    if (archive) out.push(pathOf(v, 'read', archive));
    out.push(pathOf(v, 'write', dir ?? '.', { recursive: true, mode: 'create' }));
  } else if (archive) {
    out.push(pathOf(v, 'read', archive));
  }
  return out;
};

const zip: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-x', '-i', '-P', '--password', '-b', '-n', '-t', '-tt'] });
  const [archive, ...files] = o.positionals;
  const out: Action[] = [];
  if (archive) out.push(pathOf(v, 'write', archive));
  out.push(...each(v, 'read', files, hasAny(o, '-r', '--recurse-paths') ? { recursive: true } : {}));
  return out;
};

const unzip: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-d', '-x', '-P'] });
  const out: Action[] = [];
  if (o.positionals[0]) out.push(pathOf(v, 'read', o.positionals[0]));
  out.push(pathOf(v, 'write', o.value.get('-d') ?? '.', { recursive: true, mode: 'create' }));
  return out;
};

const compressor: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-S', '--suffix', '-T', '--threads'] });
  const out = each(v, 'read', o.positionals);
  if (!hasAny(o, '-c', '--stdout', '-k', '--keep', '-l', '--list', '-t', '--test')) out.push(...each(v, 'delete', o.positionals));
  return out;
};

const editor: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-c', '-u', '-S'] });
  return [...each(v, 'read', o.positionals), ...each(v, 'write', o.positionals, { mode: 'edit' })];
};

const openssl: CommandHandler = (v) => {
  const out: Action[] = [];
  for (let i = 0; i < v.args.length - 1; i++) {
    const a = v.args[i]!;
    if (a === '-in' || a === '-inkey' || a === '-CAkey' || a === '-key' || a === '-kfile' || a === '-pass' && v.args[i + 1]!.startsWith('file:')) {
      const val = v.args[i + 1]!;
      out.push(pathOf(v, 'read', val.startsWith('file:') ? val.slice(5) : val));
    }
    if (a === '-out') out.push(pathOf(v, 'write', v.args[i + 1]!));
  }
  return out;
};

const gpg: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-o', '--output', '-r', '--recipient', '-u', '--local-user', '--homedir', '--passphrase-file'] });
  const out = each(v, 'read', o.positionals);
  const output = o.value.get('-o') ?? o.value.get('--output');
  if (output) out.push(pathOf(v, 'write', output));
  if (hasAny(o, '--export-secret-keys', '--export-secret-subkeys')) out.push(pathOf(v, 'read', '~/.gnupg/private-keys-v1.d'));
  return out;
};

const sshKeygen: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-f', '-t', '-b', '-C', '-N', '-P', '-E', '-Y', '-n', '-I', '-s', '-O', '-V', '-z', '-a', '-m', '-R', '-F', '-Z', '-w'] });
  const f = o.value.get('-f');
  if (!f) return [];
  // -y prints the public key from a private key; -p changes a passphrase: both read the private key.
  if (hasAny(o, '-y', '-p', '-e', '-l')) return [pathOf(v, 'read', f)];
  return [pathOf(v, 'write', f, { mode: 'create' })];
};

const hashers: CommandHandler = reader(['-c', '--check']);
const metaCommands = ['ls', 'stat', 'file', 'test', '[', 'realpath', 'readlink', 'du', 'basename', 'dirname', 'wc', 'exa', 'eza', 'tree', 'lsattr', 'namei'];
const readers = ['cat', 'tac', 'head', 'tail', 'less', 'more', 'bat', 'batcat', 'nl', 'od', 'xxd', 'hexdump', 'hd', 'strings', 'base64', 'base32', 'sort', 'uniq', 'cut', 'paste', 'diff', 'cmp', 'comm', 'fold', 'fmt', 'column', 'rev', 'expand', 'unexpand', 'iconv', 'dos2unix', 'unix2dos', 'pr', 'look', 'jq', 'yq', 'csvlook', 'xmllint', 'mdcat', 'glow', 'pygmentize', 'source', '.', 'zcat', 'zless', 'bzcat', 'xzcat', 'zstdcat', 'lz4cat', 'split', 'csplit', 'uuencode', 'sum', 'cksum'];

export const FS_COMMANDS: Record<string, CommandHandler> = {
  ...Object.fromEntries(readers.map((r) => [r, reader(r === 'head' || r === 'tail' ? ['-n', '-c', '--lines', '--bytes', '-s', '--sleep-interval', '--pid'] : r === 'cut' ? ['-d', '-f', '-b', '-c', '--delimiter', '--fields'] : r === 'sort' ? ['-k', '-t', '-o', '-S', '-T', '--key', '--field-separator', '--output'] : r === 'jq' || r === 'yq' ? ['--arg', '--argjson', '--slurpfile', '--rawfile', '-L', '--indent', '--tab'] : r === 'base64' || r === 'base32' ? ['-w', '--wrap'] : [], r === 'jq' || r === 'yq' ? 1 : 0)])),
  ...Object.fromEntries(['md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'shasum'].map((h) => [h, hashers])),
  ...Object.fromEntries(metaCommands.map((m) => [m, metaOnly(m === 'ls' ? ['-I', '--ignore', '-w', '--width', '--format', '--sort', '--time', '--color', '--hide', '-T', '--tabsize', '--block-size', '--time-style', '--indicator-style', '--quoting-style'] : m === 'du' ? ['-d', '--max-depth', '-B', '--block-size', '-t', '--threshold', '--exclude', '-X', '--exclude-from', '--time-style'] : m === 'tree' ? ['-L', '-P', '-I', '-o', '--filelimit', '--charset', '--sort', '--timefmt'] : m === 'stat' ? ['-c', '--format', '--printf', '-f'] : [])])),
  grep: grepLike,
  egrep: grepLike,
  fgrep: grepLike,
  zgrep: grepLike,
  rg: grepLike,
  ag: grepLike,
  ack: grepLike,
  sed,
  gsed: sed,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
  cp: copyLike('cp'),
  mv: copyLike('mv'),
  install: copyLike('install'),
  ln: copyLike('ln'),
  rm,
  unlink: (v) => each(v, 'delete', v.args.filter((a) => !a.startsWith('-'))),
  rmdir: (v) => each(v, 'delete', parseOptions(v.args).positionals),
  shred,
  chmod: permission,
  chown: permission,
  chgrp: permission,
  chattr: permission,
  setfacl: (v) => each(v, 'write', parseOptions(v.args, { withValue: ['-m', '-x', '-M', '-X', '--modify', '--remove', '--set', '--set-file'] }).positionals, { mode: 'perm' }),
  dd,
  tee,
  touch: touchLike('create'),
  mkdir: touchLike('create'),
  mkfifo: touchLike('create'),
  truncate,
  find,
  tar,
  bsdtar: tar,
  zip,
  unzip,
  gzip: compressor,
  gunzip: compressor,
  bzip2: compressor,
  bunzip2: compressor,
  xz: compressor,
  unxz: compressor,
  zstd: compressor,
  vi: editor,
  vim: editor,
  nvim: editor,
  nano: editor,
  emacs: editor,
  ed: editor,
  code: metaOnly(['-g', '--goto', '--user-data-dir', '--extensions-dir']),
  openssl,
  gpg,
  gpg2: gpg,
  'ssh-keygen': sshKeygen,
  'ssh-add': reader(['-t', '-E', '-S', '-h']),
  // Data consumers: their arguments are text, not files.
  echo: () => [],
  tr: () => [],
  printf: () => [],
  true: () => [],
  false: () => [],
  ':': () => [],
};

export type { ParsedOptions };
