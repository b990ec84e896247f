// Who may do what on the machine: firewall rules, security switches (SELinux, Gatekeeper, SIP,
// auditing), user accounts, admin groups and sudoers.
import { parseOptions, type CommandHandler } from './view.js';
import { readOnly, sys } from './system-common.js';

/** iptables family: the command option says what it does. */
const iptables: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-t', '--table', '-j', '--jump', '-p', '--protocol', '-s', '--source', '-d', '--destination', '-i', '-o', '--dport', '--sport', '-m', '--match', '-w', '--wait', '-g', '--goto', '--to-destination', '--to-source', '--to-ports', '--state', '--ctstate', '--comment'] });
  const f = o.flags;
  if (f.has('-L') || f.has('--list') || f.has('-S') || f.has('--list-rules') || f.has('-C') || f.has('--check') || f.has('-V') || f.has('--version') || f.has('-h')) return readOnly(v, 'firewall', 'list');
  const verb = ['-F', '--flush', '-X', '--delete-chain', '-P', '--policy', '-D', '--delete', '-Z', '--zero', '-A', '--append', '-I', '--insert', '-R', '--replace', '-N', '--new-chain', '-E', '--rename-chain'].find((x) => f.has(x));
  if (!verb) return [];
  return [sys(v, 'firewall', verb, { targets: o.positionals })];
};

const nft: CommandHandler = (v) => {
  const words = v.args.filter((a) => !a.startsWith('-'));
  if (!words.length || words[0] === 'list' || words[0] === 'describe' || words[0] === 'monitor') return readOnly(v, 'firewall', 'list');
  return [sys(v, 'firewall', words.slice(0, 2).join(' '), { targets: words.slice(2) })];
};

const ufw: CommandHandler = (v) => {
  const words = v.args.filter((a) => !a.startsWith('-'));
  const verb = words[0];
  if (!verb || /^(status|show|version|app)$/.test(verb)) return readOnly(v, 'firewall', verb ?? 'status');
  return [sys(v, 'firewall', verb, { targets: words.slice(1) })];
};

const firewallCmd: CommandHandler = (v) => {
  const changes = v.args.filter((a) => /^--(add|remove|set|panic|change|new|delete|reset|runtime-to-permanent|load|complete-reload|reload|lockdown-off)/.test(a));
  if (!changes.length) return readOnly(v, 'firewall', 'query');
  return [sys(v, 'firewall', changes[0]!.split('=')[0]!, { targets: changes })];
};

const pfctl: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-f', '-F', '-a', '-s', '-t', '-T', '-k', '-K', '-x', '-D', '-i', '-p'] });
  if (o.flags.has('-d')) return [sys(v, 'firewall', 'disable')];
  if (o.flags.has('-F')) return [sys(v, 'firewall', `-F ${o.value.get('-F') ?? ''}`.trim())];
  if (o.flags.has('-f')) return [sys(v, 'firewall', 'load')];
  return readOnly(v, 'firewall', 'show');
};

const setenforce: CommandHandler = (v) => {
  const mode = v.args[0]?.toLowerCase();
  return mode === '0' || mode === 'permissive' ? [sys(v, 'security', 'permissive')] : [];
};

const csrutil: CommandHandler = (v) => {
  const words = v.args.filter((a) => !a.startsWith('-'));
  return words.includes('disable') || words.includes('clear') ? [sys(v, 'security', words.join(' '))] : readOnly(v, 'security', words[0] ?? 'status');
};

const spctl: CommandHandler = (v) => {
  const off = v.args.find((a) => /^--(master-disable|global-disable|disable|add|remove)$/.test(a));
  return off ? [sys(v, 'security', off)] : readOnly(v, 'security', 'assess');
};

const auditctl: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-e', '-f', '-b', '-r', '-a', '-A', '-d', '-w', '-W', '-k', '-p', '-F', '-S', '-R'] });
  if (o.value.get('-e') === '0' || o.flags.has('-D')) return [sys(v, 'security', o.flags.has('-D') ? '-D' : '-e 0')];
  return [];
};

/** Groups whose members can become root. */
export const ADMIN_GROUPS = /^(sudo|wheel|admin|root|adm|docker|lxd|libvirt|disk|shadow)$/;

const ACCOUNT_WITH_VALUE = ['-G', '--groups', '-g', '--gid', '-s', '--shell', '-d', '--home', '--home-dir', '-u', '--uid', '-c', '--comment', '-e', '--expiredate', '-f', '--inactive', '-k', '--skel', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix', '-Z', '--selinux-user', '-l', '--login', '-b', '--base-dir', '--ingroup', '--group'];

const account: CommandHandler = (v) => {
  const prog = v.program ?? '';
  // gpasswd's -a/-d/-M/-A take users; everywhere else -a is `--append`.
  const o = parseOptions(v.args, { withValue: prog === 'gpasswd' ? ['-a', '--add', '-d', '--delete', '-M', '--members', '-A', '--administrators', '-Q', '--root'] : ACCOUNT_WITH_VALUE });
  if (prog === 'passwd' && (o.flags.has('-S') || o.flags.has('--status'))) return readOnly(v, 'account', 'status');
  const groups = prog === 'gpasswd' ? o.positionals.slice(0, 1) : [...(o.values.get('-G') ?? []), ...(o.values.get('--groups') ?? []), ...(o.values.get('-g') ?? [])].flatMap((g) => g.split(','));
  // `adduser user sudo` adds an existing user to a group.
  if ((prog === 'adduser' || prog === 'addgroup') && o.positionals.length === 2) groups.push(o.positionals[1]!);
  const adds = prog === 'gpasswd' ? ['-a', '--add', '-M', '--members', '-A', '--administrators'].some((f) => o.flags.has(f)) : prog !== 'userdel' && prog !== 'deluser' && prog !== 'groupdel';
  const admin = adds && groups.some((g) => ADMIN_GROUPS.test(g));
  return [sys(v, admin ? 'sudoers' : 'account', admin ? 'grant-admin' : prog, { targets: o.positionals })];
};

const visudo: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-f', '--file'] });
  return o.flags.has('-c') || o.flags.has('--check') ? readOnly(v, 'sudoers', 'check') : [sys(v, 'sudoers', 'edit')];
};

/** macOS directory services: reads are fine; creating users or joining admin is not. */
const dscl: CommandHandler = (v) => {
  const verb = v.args.find((a) => /^-(create|append|merge|delete|passwd|change)$/.test(a));
  if (!verb) return readOnly(v, 'account', 'read');
  const admin = verb !== '-delete' && v.args.some((a) => /\/Groups\/(admin|wheel)$/.test(a));
  return [sys(v, admin ? 'sudoers' : 'account', admin ? 'grant-admin' : verb)];
};

const sysadminctl: CommandHandler = (v) => {
  const verb = v.args.find((a) => /^-(addUser|deleteUser|resetPasswordFor|newPassword|secureTokenOn|secureTokenOff|guestAccount|autologin)$/.test(a));
  if (!verb) return [];
  return [sys(v, v.args.includes('-admin') ? 'sudoers' : 'account', v.args.includes('-admin') ? 'grant-admin' : verb)];
};

const dseditgroup: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-o', '-a', '-d', '-t', '-n', '-u', '-P', '-r', '-c', '-s', '-m', '-q', '-i'] });
  const group = o.positionals[o.positionals.length - 1] ?? '';
  if (o.value.get('-o') === 'edit' && o.flags.has('-a') && ADMIN_GROUPS.test(group)) return [sys(v, 'sudoers', 'grant-admin', { targets: [group] })];
  return o.value.get('-o') === 'read' || o.value.get('-o') === 'checkmember' ? [] : [sys(v, 'account', o.value.get('-o') ?? 'edit')];
};

export const SYSTEM_ACCESS_COMMANDS: Record<string, CommandHandler> = {
  iptables,
  ip6tables: iptables,
  'iptables-legacy': iptables,
  'iptables-nft': iptables,
  'iptables-restore': (v) => (v.args.some((a) => a === '-t' || a === '--test') ? [] : [sys(v, 'firewall', 'restore')]),
  nft,
  ufw,
  'firewall-cmd': firewallCmd,
  pfctl,
  setenforce,
  csrutil,
  spctl,
  auditctl,
  useradd: account,
  adduser: account,
  userdel: account,
  deluser: account,
  usermod: account,
  passwd: account,
  chpasswd: account,
  chsh: account,
  groupadd: account,
  groupdel: account,
  groupmod: account,
  gpasswd: account,
  newusers: account,
  visudo,
  vipw: (v) => [sys(v, 'account', 'edit')],
  dscl,
  sysadminctl,
  dseditgroup,
};
