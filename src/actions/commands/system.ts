// Commands that change the machine itself: power, signals, disks, mounts and swap, kernel
// settings, system services, crontab removal and shell history (firewall, security switches and
// accounts are in system-access.ts). Read-only forms (`fdisk -l`, `mount`) are marked as such.
import { readOnly, sys } from './system-common.js';
import { parseOptions, type CommandHandler, type CommandView } from './view.js';


/** `./init`, `bin/reboot`: a project's own script that happens to share the name. */
const projectScript = (v: CommandView) => /^\.{0,2}\/|^[^/]+\//.test(v.cmd.argv[0]?.value ?? '') && !/^\/(usr\/)?s?bin\//.test(v.cmd.argv[0]?.value ?? '');

const power = (verb?: string): CommandHandler => (v) => {
  if (projectScript(v) || v.args.some((a) => a === '--help' || a === '-w' || a === '--wtmp-only')) return [];
  return [sys(v, 'power', verb ?? v.program ?? 'power')];
};

const shutdown: CommandHandler = (v) => {
  if (projectScript(v)) return [];
  const o = parseOptions(v.args);
  if (o.flags.has('-c') || o.flags.has('-k') || o.flags.has('--help') || o.flags.has('--show')) return readOnly(v, 'power', 'cancel');
  return [sys(v, 'power', o.flags.has('-r') || o.flags.has('--reboot') ? 'reboot' : o.flags.has('-H') || o.flags.has('--halt') ? 'halt' : 'poweroff')];
};

const init: CommandHandler = (v) => {
  if (projectScript(v)) return [];
  const level = v.args.find((a) => !a.startsWith('-'));
  return level && /^[0156sS]$/.test(level) ? [sys(v, 'power', `runlevel ${level}`)] : [];
};

/** Services that keep the machine protected or reachable. */
export const SECURITY_SERVICES = /^(ufw|firewalld|iptables|ip6tables|nftables|netfilter-persistent|apparmor|auditd|selinux|fail2ban|crowdsec|clamav-daemon|clamd|osqueryd|falcon-sensor|wazuh-agent|sshd?|ssh\.socket|systemd-resolved|unattended-upgrades)(\.service)?$/;

const systemctl: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-H', '--host', '-M', '--machine', '-t', '--type', '--state', '-p', '--property', '-s', '--signal', '--kill-whom', '-o', '--output', '-n', '--lines', '--root', '--what'] });
  if (o.flags.has('--user')) return [];
  const [verb, ...units] = o.positionals;
  if (!verb) return [];
  if (/^(poweroff|reboot|halt|kexec|soft-reboot|rescue|emergency|suspend|hibernate|hybrid-sleep|suspend-then-hibernate|default)$/.test(verb)) return [sys(v, 'power', verb)];
  if (verb === 'isolate' && units.some((u) => /^(rescue|emergency|poweroff|reboot|halt|runlevel[016])(\.target)?$/.test(u))) return [sys(v, 'power', `isolate ${units[0]}`)];
  if (/^(stop|disable|mask|kill)$/.test(verb) && units.some((u) => SECURITY_SERVICES.test(u))) return [sys(v, 'security', verb, { targets: units })];
  return [];
};

const loginctl: CommandHandler = (v) => {
  const [verb, ...rest] = parseOptions(v.args, { withValue: ['-H', '--host', '-M', '--machine', '-p', '--property', '-s', '--signal'] }).positionals;
  if (verb === 'poweroff' || verb === 'reboot' || verb === 'halt') return [sys(v, 'power', verb)];
  if (verb === 'terminate-user' || verb === 'kill-user' || verb === 'terminate-session' || verb === 'kill-session') return [sys(v, 'kill', verb, { targets: rest })];
  return [];
};

const SIGNAL = /^-(\d+|[A-Z][A-Z0-9+-]*|SIG[A-Z0-9]+)$/i;

/** kill [-s SIG | -n NUM | -SIG] [--] pid… ; a lone `-1` (pid or signal) is read as "every process". */
const kill: CommandHandler = (v) => {
  let signal: string | undefined;
  const targets: string[] = [];
  let i = 0;
  if (v.args.some((a) => a === '-l' || a === '-L' || a === '--list' || a === '--table')) return [];
  if (v.args.length === 1 && v.args[0] === '-1') return [sys(v, 'kill', 'signal', { targets: ['-1'] })];
  for (; i < v.args.length; i++) {
    const a = v.args[i]!;
    if (a === '--') {
      targets.push(...v.args.slice(i + 1));
      break;
    }
    if ((a === '-s' || a === '-n' || a === '--signal') && signal === undefined) {
      signal = v.args[++i];
      continue;
    }
    if (signal === undefined && targets.length === 0 && SIGNAL.test(a)) {
      signal = a.slice(1);
      continue;
    }
    targets.push(a);
  }
  return [sys(v, 'kill', 'signal', { targets, ...(signal ? { signal } : {}) })];
};

/** killall / pkill: signal, `-u user`, and the name or pattern. */
const killByName: CommandHandler = (v) => {
  let signal: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < v.args.length; i++) {
    const a = v.args[i]!;
    if (a === '-s' || a === '--signal') {
      signal = v.args[++i];
      continue;
    }
    if (signal === undefined && SIGNAL.test(a) && !/^-[uUtPgGsnoxfvqweIirZyOlV]$/.test(a)) {
      signal = a.slice(1);
      continue;
    }
    args.push(a);
  }
  const o = parseOptions(args, { withValue: ['-u', '--user', '-U', '--uid', '-t', '--terminal', '-P', '--parent', '-g', '--pgroup', '-G', '--group', '-s', '--session', '-y', '--younger-than', '-o', '--older-than', '-Z', '--context', '--ns', '--nslist', '-F', '--pidfile', '-c', '--cgroup'] });
  const users = [...(o.values.get('-u') ?? []), ...(o.values.get('--user') ?? []), ...(o.values.get('-U') ?? []), ...(o.values.get('--uid') ?? [])];
  return [sys(v, 'kill', o.flags.has('-f') || o.flags.has('--full') ? 'pattern-full' : 'name', { targets: [...o.positionals, ...users.map((u) => `-u ${u}`)], ...(signal ? { signal } : {}) })];
};

const crontab: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-u'] });
  if (o.flags.has('-r')) return [sys(v, 'scheduler', '-r', { targets: o.value.get('-u') ? [o.value.get('-u')!] : [] })];
  return [];
};

/** Disk tools: everything but their list/print/dry-run forms rewrites partitions or filesystems. */
function disk(readOnlyFlags: RegExp, readOnlyWords: RegExp = /^$/, withValue: string[] = []): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue });
    if ([...o.flags].some((f) => readOnlyFlags.test(f))) return readOnly(v, 'disk');
    const words = o.positionals.filter((p) => !p.startsWith('/dev/'));
    if (words.length && words.every((w) => readOnlyWords.test(w))) return readOnly(v, 'disk');
    if (!o.positionals.length && v.program !== 'mkfs') return readOnly(v, 'disk');
    return [sys(v, 'disk', 'write', { targets: o.positionals.filter((p) => !readOnlyWords.test(p)) })];
  };
}

const mkfs = disk(/^(-n|--help|-V|--version)$/, /^$/, ['-t', '--type', '-L', '-b', '-c', '-E', '-O', '-T', '-U', '-N', '-m', '-i', '-I', '-j', '-J', '-F', '-n', '-s', '-S', '-f']);

const diskutil: CommandHandler = (v) => {
  const [verb, ...rest] = v.args.filter((a) => !a.startsWith('-'));
  if (!verb) return [];
  if (/^(erase|zero|random|secureErase|reformat|partitionDisk|splitPartition|mergePartitions|resizeVolume)/i.test(verb) || (verb === 'apfs' && /^(delete|erase)/i.test(rest[0] ?? ''))) return [sys(v, 'disk', verb, { targets: rest })];
  if (/^(unmount|unmountDisk|mount|mountDisk|eject)$/i.test(verb)) return [sys(v, 'mount', verb, { targets: rest })];
  return readOnly(v, 'disk', verb);
};

const mount: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-t', '--types', '-o', '--options', '-O', '--test-opts', '-L', '--label', '-U', '--uuid', '-N', '--namespace'] });
  if (!o.positionals.length && !o.flags.has('-a') && !o.flags.has('--all')) return readOnly(v, 'mount', 'list');
  return [sys(v, 'mount', v.program ?? 'mount', { targets: o.positionals })];
};

const swap: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-p', '--priority', '-o', '--options'] });
  if (o.flags.has('-s') || o.flags.has('--show') || o.flags.has('--summary')) return readOnly(v, 'mount', 'show');
  return [sys(v, 'mount', v.program ?? 'swap', { targets: o.flags.has('-a') || o.flags.has('--all') ? ['all'] : o.positionals })];
};

const sysctl: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-p', '--load', '-f', '--pattern'] });
  const writes = o.positionals.filter((p) => p.includes('='));
  if (o.flags.has('-w') || o.flags.has('--write') || writes.length || o.flags.has('-p') || o.flags.has('--load') || o.flags.has('--system')) return [sys(v, 'kernel', 'sysctl-write', { targets: writes.length ? writes : o.positionals })];
  return readOnly(v, 'kernel', 'sysctl-read');
};

const modules: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-C', '--config', '-d', '--dirname', '-S', '--set-version', '-o'] });
  if (o.flags.has('-n') || o.flags.has('--dry-run') || o.flags.has('-c') || o.flags.has('--showconfig') || o.flags.has('-D') || o.flags.has('--show-depends')) return readOnly(v, 'kernel', 'query');
  return [sys(v, 'kernel', v.program === 'rmmod' || o.flags.has('-r') || o.flags.has('--remove') ? 'unload' : 'load', { targets: o.positionals })];
};

const launchctl: CommandHandler = (v) => {
  const [verb, ...rest] = v.args.filter((a) => !/^-[wFS]$/.test(a));
  if (!verb || !/^(unload|bootout|disable|remove|kill|stop)$/.test(verb)) return [];
  const system = rest.some((r) => /^(system(\/|$)|\/Library\/LaunchDaemons\/|\/System\/)/.test(r));
  return system ? [sys(v, 'service', verb, { targets: rest })] : [];
};

const HISTORY_VARS = /^(HISTFILE|HISTSIZE|HISTFILESIZE|SAVEHIST|HISTCONTROL|HISTIGNORE)$/;

const history: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-d'] });
  if (o.flags.has('-c') || o.flags.has('-d') || o.flags.has('-p')) return [sys(v, 'history', o.flags.has('-c') ? '-c' : '-d')];
  return [];
};

/** `unset HISTFILE`, `export HISTFILE=/dev/null`, `set +o history`, `HISTSIZE=0`. */
const shellState: CommandHandler = (v) => {
  if (v.program === 'set') return v.args.join(' ').match(/\+o\s+history/) ? [sys(v, 'history', 'set +o history')] : [];
  const hits = v.args.filter((a) => {
    const [name, value] = a.split('=', 2) as [string, string | undefined];
    if (!HISTORY_VARS.test(name)) return false;
    if (v.program === 'unset') return true;
    if (value === undefined) return false;
    return value === '/dev/null' || value === '0' || value === '' || (name === 'HISTIGNORE' && (value === '*' || value === '"*"'));
  });
  return hits.length ? [sys(v, 'history', v.program ?? 'set', { targets: hits })] : [];
};

const journalctl: CommandHandler = (v) => {
  const vacuum = v.args.find((a) => /^--(vacuum-(time|size|files)|rotate)/.test(a));
  return vacuum && v.args.some((a) => a.startsWith('--vacuum')) ? [sys(v, 'history', 'journal-vacuum', { targets: [vacuum] })] : [];
};

export const SYSTEM_COMMANDS: Record<string, CommandHandler> = {
  shutdown,
  reboot: power(),
  halt: power(),
  poweroff: power(),
  init,
  telinit: init,
  systemctl,
  loginctl,
  kill,
  killall: killByName,
  pkill: killByName,
  killall5: (v) => [sys(v, 'kill', 'all', { targets: ['-1'] })],
  crontab,
  mkfs,
  ...Object.fromEntries(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'vfat', 'fat', 'msdos', 'exfat', 'ntfs', 'f2fs', 'minix', 'bfs', 'cramfs', 'jfs', 'reiserfs', 'hfsplus', 'apfs'].map((t) => [`mkfs.${t}`, mkfs])),
  mke2fs: mkfs,
  newfs: mkfs,
  newfs_apfs: mkfs,
  newfs_hfs: mkfs,
  fdisk: disk(/^(-l|--list|-V|--version|-h|--help)$/),
  sfdisk: disk(/^(-l|--list|-d|--dump|-s|--show-size|-V|--verify|--json|-J|-h|--help|-n|--no-act)$/),
  cfdisk: disk(/^(-h|--help|-V|--version)$/),
  gdisk: disk(/^(-l)$/),
  sgdisk: disk(/^(-p|--print|-i|--info|-v|--verify|-P|--pretend|-h|--help|-V|--version|-O|--print-mbr|-L|--list-types)$/, /^$/, ['-i', '--info', '-n', '--new', '-d', '--delete', '-t', '--typecode', '-c', '--change-name', '-A', '--attributes', '-b', '--backup', '-l', '--load-backup', '-u', '--partition-guid', '-U', '--disk-guid', '-R', '--replicate']),
  parted: disk(/^(-l|--list|-h|--help|-v|--version)$/, /^(print|p|unit|help|version|quit)$/, ['-a', '--align']),
  wipefs: (v) => (v.args.some((a) => /^(-a|--all|-o|--offset|-b|--backup)$/.test(a) || /^-[a-z]*a/.test(a)) && !v.args.some((a) => a === '-n' || a === '--no-act') ? [sys(v, 'disk', 'wipe', { targets: v.args.filter((a) => !a.startsWith('-')) })] : readOnly(v, 'disk')),
  blkdiscard: (v) => [sys(v, 'disk', 'discard', { targets: v.args.filter((a) => !a.startsWith('-')) })],
  diskutil,
  mount,
  umount: mount,
  swapoff: swap,
  swapon: swap,
  sysctl,
  modprobe: modules,
  insmod: modules,
  rmmod: modules,
  kextload: modules,
  kextunload: modules,
  launchctl,
  history,
  unset: shellState,
  export: shellState,
  declare: shellState,
  typeset: shellState,
  set: shellState,
  journalctl,
};
