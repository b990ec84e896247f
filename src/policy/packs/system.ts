// The machine itself: privilege escalation, power, killing every process, wiping disks, removing
// crontabs, switching off firewalls and security features, accounts and sudoers, mounts and
// kernel settings, setuid binaries, fork bombs, and erasing shell history or system logs.
import { basename, join } from 'node:path';
import type { Action, ExecAction, PathAction, SystemAction } from '../../actions/types.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'system';

const isSys = (a: Action, ...ops: SystemAction['op'][]): a is SystemAction => a.kind === 'system' && ops.includes(a.op) && a.readOnly !== true;

/** Programs that run a command as another (usually the root) user. */
const PRIVILEGE = /^(sudo|doas|pkexec|su|run0|sudoedit|sudo-rs|runuser|ksu|gosu|su-exec|setpriv)$/;
/** sudo options that only list, validate nothing or drop cached credentials. */
const HARMLESS_SUDO = /^(-l|--list|-k|--reset-timestamp|-K|--remove-timestamp|-V|--version|-h|--help|-ll)$/;

export function viaPrivilege(a: ExecAction): string | undefined {
  const wrapper = (a.via.chain ?? []).map((c) => c.split(' ')[0]!).find((c) => PRIVILEGE.test(c));
  if (wrapper) return wrapper;
  if (a.program && PRIVILEGE.test(a.program) && !(a.argv.length > 1 && a.argv.slice(1).every((x) => HARMLESS_SUDO.test(x)))) return a.program;
  return undefined;
}

export const privilegeEscalation = defineRule({
  id: 'system/privilege-escalation',
  verdict: 'ask',
  summary: 'Runs a command as root or another user (sudo, doas, su, pkexec, run0)',
  why: 'As root a mistake — or an injected instruction — reaches the whole machine: system files, other users, every project.',
  fix: 'Do the task without root; if it needs root, tell the user the exact command.',
  on: ['exec'],
  match: (a) => a.kind === 'exec' && viaPrivilege(a) !== undefined,
  examples: {
    match: [{ Bash: 'sudo apt-get install -y jq' }, { Bash: 'sudo -i' }, { Bash: 'sudo -u postgres psql' }, { Bash: 'doas make install' }, { Bash: 'su - root' }, { Bash: 'pkexec visudo' }, { Bash: 'echo x | sudo tee /etc/motd' }],
    pass: [{ Bash: 'sudo -l' }, { Bash: 'sudo -k' }, { Bash: 'echo "run sudo make install"' }, { Bash: 'git commit -m "docs: needs sudo"' }, { Bash: 'grep sudo /etc/group' }],
  },
});

export const powerOff = defineRule({
  id: 'system/power-off',
  verdict: 'deny',
  summary: 'Shuts down, reboots or halts the machine (shutdown, reboot, init 0/6, systemctl poweroff)',
  why: 'Every running program, unsaved work and the session itself stop; on a server, everyone using it is cut off.',
  fix: 'Tell the user a restart is needed; they choose when.',
  on: ['system'],
  match: (a) => isSys(a, 'power'),
  examples: {
    match: [{ Bash: 'sudo shutdown -h now' }, { Bash: 'shutdown -r +5' }, { Bash: 'reboot' }, { Bash: 'halt' }, { Bash: 'poweroff' }, { Bash: 'init 0' }, { Bash: 'sudo init 6' }, { Bash: 'systemctl reboot' }, { Bash: 'systemctl isolate rescue.target' }],
    pass: [{ Bash: 'shutdown -c' }, { Bash: 'systemctl status nginx' }, { Bash: 'systemctl restart nginx' }, { Bash: 'echo reboot' }],
  },
});

const CRITICAL_PROCESSES = /^(systemd|init|launchd|kernel_task|sshd|dockerd|containerd|Xorg|Xwayland|gdm|gdm3|sddm|lightdm|WindowServer|loginwindow|Finder|Dock|SystemUIServer|explorer\.exe|polkitd|dbus-daemon|NetworkManager|journald|systemd-journald|udevd|systemd-logind)$/;

export function killsEverything(a: SystemAction): boolean {
  if (a.op !== 'kill') return false;
  const targets = a.targets ?? [];
  if (targets.includes('-1') || a.verb === 'all') return true;
  // pkill -u USER / killall -u USER with no name: every process of that user.
  if ((a.program === 'pkill' || a.program === 'killall') && targets.length > 0 && targets.every((t) => t.startsWith('-u '))) return true;
  if (a.program === 'pkill' && targets.some((t) => /^(\.|\.\*|\.\+|\^|\$|'')$/.test(t))) return true;
  return a.program === 'kill' && targets.includes('1');
}

export const killAll = defineRule({
  id: 'system/kill-all-processes',
  verdict: 'deny',
  summary: 'Kills every process (kill -9 -1, killall5, pkill -u USER, kill 1)',
  why: 'It ends the session, the editor, the agent and every other program of the user — or of the machine, as root.',
  fix: 'Kill the specific process by its PID or exact name (`pkill -f "node server.js"`).',
  on: ['system'],
  match: (a) => a.kind === 'system' && killsEverything(a),
  examples: {
    match: [{ Bash: 'kill -9 -1' }, { Bash: 'kill -1' }, { Bash: 'kill -- -1' }, { Bash: 'killall5 -9' }, { Bash: 'pkill -9 -u alice' }, { Bash: 'sudo kill -9 1' }],
    pass: [{ Bash: 'kill 12345' }, { Bash: 'kill -9 12345' }, { Bash: 'kill -1 12345' }, { Bash: 'pkill -f "node server.js"' }, { Bash: 'killall node' }, { Bash: 'kill -l' }],
  },
});

export const killCritical = defineRule({
  id: 'system/kill-system-process',
  verdict: 'ask',
  summary: 'Kills a system process (sshd, dockerd, systemd, WindowServer, Finder…)',
  why: 'Killing these drops remote access, containers or the desktop session.',
  fix: 'Restart the service properly (`systemctl restart …`), or confirm with the user.',
  on: ['system'],
  match: (a) => a.kind === 'system' && a.op === 'kill' && (a.program === 'killall' || a.program === 'pkill') && (a.targets ?? []).some((t) => CRITICAL_PROCESSES.test(t)),
  examples: {
    match: [{ Bash: 'sudo killall sshd' }, { Bash: 'pkill -9 dockerd' }, { Bash: 'killall Finder' }],
    pass: [{ Bash: 'killall node' }, { Bash: 'pkill -f vite' }],
  },
});

export const crontabRemove = defineRule({
  id: 'system/remove-crontab',
  verdict: 'deny',
  summary: 'Deletes the whole crontab (crontab -r)',
  why: 'Every scheduled job of the user goes, without a prompt and without a copy.',
  fix: 'Edit the one entry (`crontab -l > cron.txt`, change it, let the user install it).',
  on: ['system'],
  match: (a) => isSys(a, 'scheduler') && a.verb === '-r',
  examples: {
    match: [{ Bash: 'crontab -r' }, { Bash: 'sudo crontab -r -u www-data' }],
    pass: [{ Bash: 'crontab -l' }, { Bash: 'echo "crontab -r"' }],
  },
});

/** A disk target that is a device (or unknown), not a disk image file. */
const deviceTarget = (a: SystemAction) => a.program === 'diskutil' || a.program === 'blkdiscard' || (a.targets ?? []).length === 0 || (a.targets ?? []).some((t) => t.startsWith('/dev/') || t.includes('*') || /^disk\d/.test(t));

export const formatDisk = defineRule({
  id: 'system/format-disk',
  verdict: 'deny',
  summary: 'Formats, partitions or wipes a disk (mkfs, fdisk, parted, wipefs, sgdisk, diskutil erase…)',
  why: 'Everything on the disk is gone; on the system disk, the machine no longer boots.',
  fix: 'Disk work is for the user to do by hand. To experiment, use an image file (`mkfs.ext4 disk.img`).',
  on: ['system'],
  match: (a) => isSys(a, 'disk') && deviceTarget(a),
  examples: {
    match: [{ Bash: 'sudo mkfs.ext4 /dev/sdb1' }, { Bash: 'mkfs -t xfs /dev/nvme1n1' }, { Bash: 'sudo fdisk /dev/sda' }, { Bash: 'parted -s /dev/sda mklabel gpt' }, { Bash: 'wipefs -a /dev/sdb' }, { Bash: 'sgdisk --zap-all /dev/sda' }, { Bash: 'diskutil eraseDisk APFS Empty disk2' }, { Bash: 'blkdiscard /dev/nvme0n1' }],
    pass: [{ Bash: 'fdisk -l' }, { Bash: 'parted /dev/sda print' }, { Bash: 'lsblk' }, { Bash: 'diskutil list' }, { Bash: 'mkfs.ext4 -F disk.img' }, { Bash: 'sgdisk -p /dev/sda' }, { Bash: 'wipefs /dev/sdb' }],
  },
});

export const disableProtection = defineRule({
  id: 'system/disable-protection',
  verdict: 'ask',
  summary: 'Changes the firewall or switches off a security feature (iptables -F, ufw disable, setenforce 0, spctl --master-disable, stopping auditd)',
  why: 'It opens the machine to the network or removes a layer that stops malware — usually silently, and for good.',
  fix: 'Tell the user which rule or setting the task needs; they can change it deliberately.',
  on: ['system'],
  match: (a) => isSys(a, 'firewall', 'security'),
  examples: {
    match: [{ Bash: 'sudo iptables -F' }, { Bash: 'iptables -P INPUT ACCEPT' }, { Bash: 'sudo ufw disable' }, { Bash: 'ufw allow 22/tcp' }, { Bash: 'nft flush ruleset' }, { Bash: 'sudo setenforce 0' }, { Bash: 'sudo spctl --master-disable' }, { Bash: 'csrutil disable' }, { Bash: 'sudo systemctl stop firewalld' }, { Bash: 'systemctl disable --now apparmor' }, { Bash: 'auditctl -e 0' }, { Bash: 'sudo pfctl -d' }],
    pass: [{ Bash: 'sudo iptables -L -n' }, { Bash: 'ufw status verbose' }, { Bash: 'getenforce' }, { Bash: 'spctl --status' }, { Bash: 'setenforce 1' }, { Bash: 'systemctl status firewalld' }, { Bash: 'nft list ruleset' }],
  },
});

const SUDOERS = /^\/(private\/)?etc\/(sudoers(\.d(\/.*)?)?|doas\.conf)$/;

export const grantAdmin = defineRule({
  id: 'system/grant-admin',
  verdict: 'deny',
  summary: 'Gives a user root: sudoers edits, visudo, adding users to sudo/wheel/admin/docker',
  why: 'A new sudo rule or admin group membership is a permanent way back to root for whoever controls that account.',
  fix: 'Tell the user which access is needed; they can grant it.',
  on: ['system', 'write', 'delete'],
  match: (a) => {
    if (a.kind === 'write' || a.kind === 'delete') return SUDOERS.test(a.path) || (a.literal !== undefined && SUDOERS.test(a.literal));
    return isSys(a, 'sudoers');
  },
  examples: {
    match: [{ Bash: 'echo "dev ALL=(ALL) NOPASSWD: ALL" | sudo tee -a /etc/sudoers' }, { Write: '/etc/sudoers.d/dev' }, { Bash: 'sudo visudo' }, { Bash: 'sudo usermod -aG sudo dev' }, { Bash: 'sudo gpasswd -a dev wheel' }, { Bash: 'sudo adduser dev sudo' }, { Bash: 'sudo usermod -aG docker $USER' }, { Bash: 'sudo dseditgroup -o edit -a dev -t user admin' }],
    pass: [{ Bash: 'sudo visudo -c' }, { Bash: 'groups' }, { Bash: 'id -nG' }, { Read: '/etc/sudoers' }],
  },
});

export const accountChange = defineRule({
  id: 'system/account-change',
  verdict: 'ask',
  summary: 'Creates, changes or deletes user accounts and passwords (useradd, userdel, usermod, passwd, chpasswd)',
  why: 'Accounts decide who can log in; a new account or reset password is a way in that outlives the session.',
  fix: 'Tell the user which account change is needed.',
  on: ['system'],
  match: (a) => isSys(a, 'account'),
  examples: {
    match: [{ Bash: 'sudo useradd -m deploy' }, { Bash: 'sudo userdel -r olduser' }, { Bash: 'passwd' }, { Bash: 'echo "dev:secret" | sudo chpasswd' }, { Bash: 'sudo usermod -s /bin/zsh dev' }, { Bash: 'sudo dscl . -create /Users/dev' }],
    pass: [{ Bash: 'id dev' }, { Bash: 'passwd -S dev' }, { Bash: 'getent passwd dev' }, { Bash: 'whoami' }],
  },
});

export const mountChange = defineRule({
  id: 'system/mount-or-swap',
  verdict: 'ask',
  summary: 'Mounts or unmounts filesystems, or turns swap off (mount, umount, swapoff -a, diskutil unmount)',
  why: 'Unmounting a disk in use loses writes; mounting over a directory hides what is there; swapoff can exhaust memory.',
  fix: 'Tell the user what needs mounting; they can do it.',
  on: ['system'],
  match: (a) => isSys(a, 'mount'),
  examples: {
    match: [{ Bash: 'sudo mount /dev/sdb1 /mnt' }, { Bash: 'sudo umount /data' }, { Bash: 'sudo swapoff -a' }, { Bash: 'mount -o remount,rw /' }, { Bash: 'diskutil unmountDisk disk2' }],
    pass: [{ Bash: 'mount' }, { Bash: 'findmnt' }, { Bash: 'swapon --show' }, { Bash: 'df -h' }],
  },
});

export const kernelChange = defineRule({
  id: 'system/kernel-change',
  verdict: 'ask',
  summary: 'Changes kernel settings or modules, or stops system services (sysctl -w, modprobe, insmod, rmmod, launchctl bootout system/…)',
  why: 'Kernel parameters and modules change how the whole machine behaves, and a loaded module runs with full kernel rights.',
  fix: 'Tell the user which setting or module the task needs.',
  on: ['system'],
  match: (a) => isSys(a, 'kernel', 'service'),
  examples: {
    match: [{ Bash: 'sudo sysctl -w net.ipv4.ip_forward=1' }, { Bash: 'sysctl kernel.randomize_va_space=0' }, { Bash: 'sudo modprobe -r nouveau' }, { Bash: 'sudo insmod ./rootkit.ko' }, { Bash: 'sudo launchctl bootout system/com.apple.example' }],
    pass: [{ Bash: 'sysctl -a' }, { Bash: 'sysctl net.ipv4.ip_forward' }, { Bash: 'lsmod' }, { Bash: 'modprobe -n -v nouveau' }, { Bash: 'launchctl list' }],
  },
});

/** chmod modes that set the setuid bit: `u+s`, `+s`, `a+s`, `4755`, `6755`. */
export function setsSetuid(mode: string): boolean {
  if (/^0?[0-7]{4}$/.test(mode)) return (parseInt(mode.slice(-4, -3), 8) & 4) === 4;
  return mode.split(',').some((m) => /^[ugoa]*[+=][rwxXst]*s/.test(m) && (/^[+=]/.test(m) || /[ua]/.test(m.split(/[+=]/)[0]!)));
}

export const setuid = defineRule({
  id: 'system/setuid-bit',
  verdict: 'deny',
  summary: 'Sets the setuid bit on a file (chmod u+s, chmod 4755)',
  why: 'A setuid program runs as its owner — often root — for whoever starts it: a standing way to become root.',
  fix: 'Run the program normally; if it must run as root, the user can grant that deliberately.',
  on: ['write'],
  match: (a) => a.kind === 'write' && a.mode === 'perm' && a.filter !== undefined && setsSetuid(a.filter),
  examples: {
    match: [{ Bash: 'sudo chmod u+s /usr/local/bin/tool' }, { Bash: 'chmod 4755 ./helper' }, { Bash: 'chmod +s /tmp/sh' }, { Bash: 'chmod 6755 bin/run' }],
    pass: [{ Bash: 'chmod +x scripts/build.sh' }, { Bash: 'chmod g+s shared/' }, { Bash: 'chmod 0755 bin/run' }, { Bash: 'chmod 2775 shared' }],
  },
});

function selfCalls(a: ExecAction): boolean {
  return a.program !== null && (a.via.chain ?? []).includes(`function ${a.program}`);
}

export const forkBomb = defineRule({
  id: 'system/fork-bomb',
  verdict: 'deny',
  summary: 'Defines a function that calls itself twice or pipes into itself (a fork bomb)',
  why: 'The number of processes doubles until the machine stops responding; only a reboot helps.',
  fix: 'There is no legitimate use in a coding task; write the loop you need with a fixed bound.',
  on: ['exec'],
  match: (a, _env, all) => a.kind === 'exec' && selfCalls(a) && (a.stdinFrom === 'pipe' || all.filter((x) => x.kind === 'exec' && selfCalls(x) && x.program === a.program && (x.via.chain ?? []).join('>') === (a.via.chain ?? []).join('>')).length >= 2),
  examples: {
    match: [{ Bash: ':(){ :|:& };:' }, { Bash: 'bomb() { bomb | bomb & }; bomb' }, { Bash: 'f(){ f & f; }; f' }],
    pass: [{ Bash: 'f() { echo hi; }; f' }, { Bash: 'walk() { for d in "$@"; do ls "$d"; done; }; walk src' }, { Bash: 'echo ":(){ :|:& };:"' }],
  },
});

const HISTORY_FILES = ['.bash_history', '.zsh_history', '.zhistory', '.history', '.sh_history', '.local/share/fish/fish_history', '.python_history', '.node_repl_history', '.mysql_history', '.psql_history', '.sqlite_history', '.lesshst', '.rediscli_history', '.irb_history', '.viminfo'];

export function isHistoryOrLog(path: string, env: DecideEnv): boolean {
  if (/^\/(private\/)?var\/log(\/|$)/.test(path) || /^\/var\/(run|adm)\/(utmp|wtmp|btmp|lastlog)$/.test(path)) return true;
  if (HISTORY_FILES.some((f) => path === join(env.home, f))) return true;
  return /^\.(bash|zsh|sh)_history$/.test(basename(path)) && path.startsWith(env.home);
}

const erases = (a: PathAction) => a.kind === 'delete' || (a.kind === 'write' && a.mode !== 'append' && a.mode !== 'perm');

export const eraseTraces = defineRule({
  id: 'system/erase-history-or-logs',
  verdict: 'ask',
  summary: 'Erases shell history or system logs (history -c, unset HISTFILE, rm ~/.bash_history, > /var/log/…, journalctl --vacuum)',
  why: 'History and logs are how the user and an investigator find out what happened; wiping them is what an intruder does.',
  fix: 'Leave history and logs alone; rotate logs with the system\'s logrotate if space is the problem.',
  on: ['system', 'write', 'delete'],
  match: (a, env) => {
    if (a.kind === 'write' || a.kind === 'delete') return erases(a) && [a.path, ...(a.literal ? [a.literal] : [])].some((p) => isHistoryOrLog(p, env));
    return isSys(a, 'history');
  },
  examples: {
    match: [{ Bash: 'history -c' }, { Bash: 'unset HISTFILE' }, { Bash: 'export HISTFILE=/dev/null' }, { Bash: 'set +o history' }, { Bash: 'rm ~/.bash_history' }, { Bash: 'shred -u ~/.zsh_history' }, { Bash: 'sudo truncate -s 0 /var/log/auth.log' }, { Bash: ': > /var/log/syslog' }, { Bash: 'sudo rm -rf /var/log/nginx' }, { Bash: 'ln -sf /dev/null ~/.bash_history' }, { Bash: 'sudo journalctl --vacuum-time=1s' }],
    pass: [{ Bash: 'history | tail -20' }, { Bash: 'tail -f /var/log/syslog' }, { Bash: 'grep error /var/log/nginx/error.log' }, { Bash: 'echo "done" >> /var/log/myapp/run.log' }, { Bash: 'journalctl -u nginx --since today' }, { Bash: 'export HISTSIZE=10000' }],
  },
});

export const rules = [privilegeEscalation, powerOff, killAll, killCritical, crontabRemove, formatDisk, disableProtection, grantAdmin, accountChange, mountChange, kernelChange, setuid, forkBomb, eraseTraces];
