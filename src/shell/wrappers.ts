// Programs that run another command given in their arguments (sudo, env, timeout, xargs,
// find -exec, …). unwrapCommand() says what runs inside: an argv, or a string for a shell.
import type { Word } from './types.js';

export interface Inner {
  /** How the inner command is reached, for SimpleCommand.wrappers (`sudo`, `find -exec`). */
  label: string;
  argv?: Word[];
  /** A command string the wrapper hands to a shell (`su -c`, `watch`, `flock -c`, ssh). */
  script?: Word;
  /** `env VAR=x`, `sudo VAR=x`. */
  assignments?: { name: string; value: Word }[];
  /** Directory the inner command runs in (`env -C`, `sudo -D`, `find -execdir`). */
  chdir?: Word | null;
}

export interface Unwrapped {
  inner: Inner[];
  /** Also report the wrapper itself as a command (its own argv matters: find -delete, ssh host). */
  keepOuter: boolean;
}

interface Spec {
  /** Short options that take an argument. */
  args?: string;
  /** Long options that take a separate argument (unless written `--x=y`). */
  long?: string[];
  /** Words to skip after the options (timeout's duration, taskset's mask). */
  positional?: number;
  /** Options that mean "no command follows" (`sudo -l`, `command -v`). */
  noCommand?: string;
  /** Options whose argument is a shell command string. */
  script?: string[];
  /** Accepts NAME=value words before the command. */
  assignments?: boolean;
  /** Option that sets the working directory. */
  chdir?: string[];
}

const SPECS: Record<string, Spec> = {
  sudo: { args: 'ugCDhprtTU', long: ['--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--command-timeout', '--other-user'], noCommand: 'elvkKV', assignments: true, chdir: ['-D', '--chdir'] },
  doas: { args: 'uC' },
  run0: { args: 'uDg', long: ['--user', '--group', '--chdir', '--setenv', '--property', '--unit', '--description', '--slice', '--nice'], chdir: ['-D', '--chdir'] },
  pkexec: { long: ['--user'] },
  env: { args: 'uCS', long: ['--unset', '--chdir', '--split-string', '--block-signal', '--default-signal', '--ignore-signal'], assignments: true, chdir: ['-C', '--chdir'] },
  nice: { args: 'n', long: ['--adjustment'] },
  nohup: {},
  timeout: { args: 'sk', long: ['--signal', '--kill-after'], positional: 1 },
  time: { args: 'fo', long: ['--format', '--output'] },
  command: { noCommand: 'vV' },
  builtin: {},
  exec: { args: 'a' },
  stdbuf: { args: 'ioe', long: ['--input', '--output', '--error'] },
  ionice: { args: 'cnp', long: ['--class', '--classdata', '--pid', '--pgid', '--uid'], noCommand: 'pPu' },
  chrt: { args: 'TPD', long: ['--sched-runtime', '--sched-period', '--sched-deadline'], noCommand: 'pm', positional: 1 },
  taskset: { noCommand: 'p', positional: 1 },
  setsid: {},
  unbuffer: {},
  caffeinate: { args: 'tw' },
  strace: { args: 'abeEIoOpPsSuUX', long: ['--output', '--attach', '--user', '--env', '--trace', '--signal', '--string-limit'] },
  ltrace: { args: 'aAeEFlLnopsuwxX', long: ['--output', '--library'] },
  chroot: { long: ['--userspec', '--groups'], positional: 1 },
  runuser: { args: 'ugGsw', long: ['--user', '--group', '--supp-group', '--shell', '--whitelist-environment'], script: ['-c', '--command'] },
  su: { args: 'gGsw', long: ['--group', '--supp-group', '--shell', '--whitelist-environment'], script: ['-c', '--command', '--session-command'] },
  sg: {},
  script: { args: 'EIOmT', long: ['--echo', '--log-in', '--log-out', '--log-io', '--log-timing', '--logging-format'], script: ['-c', '--command'] },
  unshare: { args: 'S', long: ['--map-user', '--map-group', '--setuid', '--setgid', '--wd', '--root'] },
  nsenter: { args: 'tSGwr', long: ['--target', '--setuid', '--setgid', '--wd', '--root'] },
  firejail: {},
  proxychains: { args: 'f' },
  proxychains4: { args: 'f' },
  torsocks: { args: 'uapP' },
  tsocks: {},
  faketime: { args: 'f', positional: 1 },
  catchsegv: {},
  valgrind: {},
};
SPECS['systemd-run'] = { args: 'pEMu', long: ['--unit', '--property', '--setenv', '--machine', '--uid', '--gid', '--working-directory', '--description', '--slice'] };
SPECS.gtimeout = SPECS.timeout!;
SPECS.gstdbuf = SPECS.stdbuf!;

/** `uv run`, `poetry run`… : program + subcommand that run their remaining arguments. */
const RUNNERS: Record<string, { sub: string; long: string[] }> = {
  uv: { sub: 'run', long: ['--with', '--python', '-p', '--project', '--directory', '--env-file', '--extra', '--group', '--package', '--index', '--from'] },
  poetry: { sub: 'run', long: [] },
  pipenv: { sub: 'run', long: [] },
  bundle: { sub: 'exec', long: [] },
  pixi: { sub: 'run', long: ['--environment', '-e', '--manifest-path'] },
};

const unknownArg = (raw: string): Word => ({ value: null, raw, pattern: '*', dynamic: true });

export function programName(w: Word | undefined): string | null {
  if (!w || w.value === null) return null;
  const i = w.value.lastIndexOf('/');
  return i >= 0 ? w.value.slice(i + 1) : w.value;
}

/** What a wrapper runs, or null when argv[0] is not a wrapper (or runs nothing here). */
export function unwrapCommand(argv: Word[]): Unwrapped | null {
  const name = programName(argv[0]);
  if (!name) return null;
  if (name === 'xargs') return xargs(argv);
  if (name === 'find') return find(argv);
  if (name === 'parallel') return parallel(argv);
  if (name === 'watch') return watch(argv);
  if (name === 'flock') return flock(argv);
  if (name === 'busybox') return argv.length > 1 ? { inner: [{ label: 'busybox', argv: argv.slice(1) }], keepOuter: false } : null;
  if (name === 'ssh') return ssh(argv);
  if (name === 'git') return gitAlias(argv);
  const runner = RUNNERS[name];
  if (runner) {
    if (argv[1]?.value !== runner.sub) return null;
    const rest = generic(argv.slice(1), { long: runner.long });
    return rest && rest.argv?.length ? { inner: [{ ...rest, label: `${name} ${runner.sub}` }], keepOuter: false } : null;
  }
  const spec = Object.prototype.hasOwnProperty.call(SPECS, name) ? SPECS[name] : undefined;
  if (!spec) return null;
  if (name === 'sg') return argv.length > 2 ? { inner: [{ label: 'sg', script: joinWords(argv.slice(argv[2]?.value === '-c' ? 3 : 2)) }], keepOuter: false } : null;
  const inner = generic(argv, spec);
  if (!inner) return null;
  if (name === 'env' && inner.split) {
    return { inner: [{ label: 'env -S', script: joinWords([inner.split, ...(inner.argv ?? [])]), ...(inner.assignments ? { assignments: inner.assignments } : {}) }], keepOuter: false };
  }
  delete inner.split;
  if (inner.script) delete inner.argv; // `su -c 'cmd' user`: the rest names the user, not a command
  else if (name === 'su' || name === 'script') return null; // an interactive shell or a session log
  if (!inner.argv?.length && !inner.script) return null;
  return { inner: [{ ...inner, label: name }], keepOuter: false };
}

/** Parses `wrapper [options] [NAME=v…] [positional…] command…` per its spec. */
function generic(argv: Word[], spec: Spec): (Inner & { split?: Word }) | null {
  const out: Inner & { split?: Word } = { label: '' };
  let i = 1;
  const takeArg = (opt: string, inline: string): Word | undefined => {
    const w = inline ? { value: inline, raw: inline } : argv[++i];
    if (spec.chdir?.includes(opt)) out.chdir = w ?? null;
    if (spec.script?.includes(opt) && w) out.script = w;
    if (opt === '-S' || opt === '--split-string') out.split = w;
    return w;
  };
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const opt = eq < 0 ? v : v.slice(0, eq);
      if (spec.noCommand && (opt === '--list' || opt === '--version' || opt === '--help')) return null;
      if (eq >= 0) takeArg(opt, v.slice(eq + 1));
      else if (spec.long?.includes(opt) || spec.script?.includes(opt)) takeArg(opt, '');
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      for (let j = 1; j < v.length; j++) {
        const c = v[j]!;
        if (spec.noCommand?.includes(c)) return null;
        if (spec.args?.includes(c) || spec.script?.includes(`-${c}`)) {
          takeArg(`-${c}`, v.slice(j + 1));
          break;
        }
      }
      continue;
    }
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      const eq = v.indexOf('=');
      (out.assignments ??= []).push({ name: v.slice(0, eq), value: { ...argv[i]!, value: v.slice(eq + 1) } });
      continue;
    }
    break;
  }
  i += spec.positional ?? 0;
  const rest = argv.slice(i);
  if (rest.length) out.argv = rest;
  return out;
}

function joinWords(ws: Word[]): Word {
  const raw = ws.map((w) => w.raw).join(' ');
  if (ws.some((w) => w.value === null)) return { value: null, raw, pattern: ws.map((w) => w.value ?? w.pattern ?? '*').join(' '), dynamic: true };
  return { value: ws.map((w) => w.value).join(' '), raw };
}

const XARGS_ARGS = 'adEILnPs';
function xargs(argv: Word[]): Unwrapped {
  let replace: string | null = null;
  let i = 1;
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--')) {
      const [opt, val] = v.split(/=(.*)/s) as [string, string | undefined];
      if (opt === '--replace' || opt === '-i') replace = val ?? '{}';
      else if (val === undefined && ['--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-chars', '--max-lines', '--process-slot-var'].includes(opt)) i++;
      continue;
    }
    if (!v.startsWith('-') || v.length === 1) break;
    for (let j = 1; j < v.length; j++) {
      const c = v[j]!;
      if (c === 'i') {
        replace = v.slice(j + 1) || '{}';
        break;
      }
      if (c === 'e' || c === 'l') break;
      if (XARGS_ARGS.includes(c)) {
        const val = v.slice(j + 1) || argv[++i]?.value || '';
        if (c === 'I') replace = val;
        break;
      }
    }
  }
  const cmd = argv.slice(i);
  if (!cmd.length) return { inner: [{ label: 'xargs', argv: [{ value: 'echo', raw: 'xargs' }, unknownArg('{xargs input}')] }], keepOuter: false };
  return { inner: [{ label: 'xargs', argv: substitute(cmd, replace, '*') }], keepOuter: false };
}

/** Replaces `{}`-style placeholders with unknown values, or appends one unknown argument. */
function substitute(cmd: Word[], placeholder: string | null, pattern: string): Word[] {
  let used = false;
  const out = cmd.map((w, k) => {
    if (k === 0 || !placeholder || w.value === null || !w.value.includes(placeholder)) return w;
    used = true;
    return { value: null, raw: w.raw, pattern: w.value.split(placeholder).join(pattern), dynamic: true } as Word;
  });
  if (!used) out.push({ ...unknownArg('{input}'), pattern });
  return out;
}

function find(argv: Word[]): Unwrapped {
  const roots: string[] = [];
  let i = 1;
  while (i < argv.length && argv[i]!.value !== null && /^-[HLP]$|^-D$|^-O\d$/.test(argv[i]!.value!)) i += argv[i]!.value === '-D' ? 2 : 1;
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null || v.startsWith('-') || v === '(' || v === '!') break;
    roots.push(v);
  }
  const nameIdx = argv.findIndex((w) => w.value === '-name' || w.value === '-iname');
  const nameVal = nameIdx > 0 ? argv[nameIdx + 1]?.value : undefined;
  const root = (roots[0] ?? '.').replace(/\/+$/, '');
  const pattern = `${root}/**${nameVal ? `/${nameVal}` : ''}`;
  const inner: Inner[] = [];
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v !== '-exec' && v !== '-execdir' && v !== '-ok' && v !== '-okdir') continue;
    let j = i + 1;
    while (j < argv.length && argv[j]!.value !== ';' && !(argv[j]!.value === '+' && argv[j - 1]?.value === '{}')) j++;
    const cmd = argv.slice(i + 1, j);
    if (cmd.length) {
      const words = cmd.map((w, k) => (k > 0 && w.value?.includes('{}') ? ({ value: null, raw: w.raw, pattern: w.value.split('{}').join(pattern), dynamic: true } as Word) : w));
      inner.push({ label: `find ${v}`, argv: words, ...(v.endsWith('dir') ? { chdir: null } : {}) });
    }
    i = j;
  }
  return { inner, keepOuter: true };
}

const PARALLEL_ARGS = new Set(['-j', '--jobs', '-S', '--sshlogin', '-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-N', '-n', '--max-args', '-L', '--max-lines', '--colsep', '-C', '--joblog', '--results', '--tmpdir', '--timeout', '--tagstring', '--workdir', '--wd', '--halt', '--delay', '--retries', '--memfree', '--load', '-P', '--max-procs', '--env', '--sshloginfile', '--slf', '--basefile', '--bf']);
function parallel(argv: Word[]): Unwrapped {
  let i = 1;
  let placeholder = '{}';
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null || v === ':::' || v === '::::' || !v.startsWith('-')) break;
    if (v === '--') {
      i++;
      break;
    }
    if (PARALLEL_ARGS.has(v)) {
      if (v === '-I') placeholder = argv[i + 1]?.value ?? placeholder;
      i++;
    }
  }
  let end = i;
  while (end < argv.length && !(argv[end]!.value ?? '').startsWith('::::') && argv[end]!.value !== ':::') end++;
  const cmd = argv.slice(i, end);
  if (!cmd.length) return { inner: [], keepOuter: true };
  if (cmd.length === 1 && /\s/.test(cmd[0]!.value ?? '')) {
    const w = cmd[0]!;
    // The placeholder becomes an unknown variable, so the script still parses into commands.
    return { inner: [{ label: 'parallel', script: { value: w.value!.split(placeholder).join('"$__parallel_arg"'), raw: w.raw } }], keepOuter: false };
  }
  return { inner: [{ label: 'parallel', argv: substitute(cmd, placeholder, '*') }], keepOuter: false };
}

function watch(argv: Word[]): Unwrapped | null {
  let i = 1;
  let exec = false;
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null || !v.startsWith('-')) break;
    if (v === '--') {
      i++;
      break;
    }
    if (v === '-x' || v === '--exec') exec = true;
    else if (v === '-n' || v === '--interval' || v === '-q' || v === '--equexit') i++;
  }
  const cmd = argv.slice(i);
  if (!cmd.length) return null;
  return { inner: [exec ? { label: 'watch', argv: cmd } : { label: 'watch', script: joinWords(cmd) }], keepOuter: false };
}

function flock(argv: Word[]): Unwrapped | null {
  const c = argv.findIndex((w, k) => k > 0 && (w.value === '-c' || w.value === '--command'));
  if (c > 0 && argv[c + 1]) return { inner: [{ label: 'flock', script: argv[c + 1]! }], keepOuter: false };
  const inner = generic(argv, { args: 'wE', long: ['--timeout', '--conflict-exit-code'], positional: 1 });
  return inner?.argv?.length ? { inner: [{ label: 'flock', argv: inner.argv }], keepOuter: false } : null;
}

const SSH_ARGS = 'BbcDEeFIiJLlmOopQRSWw';
function ssh(argv: Word[]): Unwrapped | null {
  let i = 1;
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null || !v.startsWith('-')) break;
    const last = v[v.length - 1]!;
    if (v.length === 2 && SSH_ARGS.includes(last)) i++;
  }
  const rest = argv.slice(i + 1);
  if (!rest.length) return null;
  return { inner: [{ label: 'ssh', script: joinWords(rest), chdir: null }], keepOuter: true };
}

/** `git -c alias.x='!cmd' x` runs cmd through a shell. */
function gitAlias(argv: Word[]): Unwrapped | null {
  const inner: Inner[] = [];
  for (let i = 1; i < argv.length - 1; i++) {
    if (argv[i]!.value !== '-c') continue;
    const v = argv[i + 1]!;
    const m = /^alias\.[^=]+=\s*!(.*)$/s.exec(v.value ?? '');
    if (m) inner.push({ label: 'git alias', script: { value: m[1]!, raw: v.raw } });
    else if (v.value === null && /alias\./.test(v.pattern ?? '')) inner.push({ label: 'git alias', script: { value: null, raw: v.raw, pattern: '*', dynamic: true } });
  }
  return inner.length ? { inner, keepOuter: true } : null;
}
