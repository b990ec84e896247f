import { describe, expect, it } from 'vitest';
import { label, packTable, type Case } from './table.js';

const t = packTable('system');
const SUDO = 'system/privilege-escalation';

const CASES: Case[] = [
  ['whoami', []],
  ['ps -ef | grep node', []],
  ['kill -TERM 4242', []],
  ['kill -s HUP 4242', []],
  ['kill -9 $(pgrep -f "vite")', []],
  ['pkill -u alice node', []],
  ['killall -9 node', []],
  ['shutdown --help', []],
  ['systemctl --user stop app', []],
  ['systemctl stop nginx', []],
  ['crontab -e', []],
  ['fdisk -l /dev/sda', []],
  ['mkfs.ext4 -F ./build/rootfs.img', []],
  ['iptables -L INPUT -n -v', []],
  ['ufw app list', []],
  ['sysctl -n kernel.hostname', []],
  ['modinfo e1000', []],
  ['mount -l', []],
  ['chmod u+x run.sh', []],
  ['chmod -R g+s team-share', []],
  ['history 20', []],
  ['export HISTCONTROL=ignoredups', []],
  ['tail -n 100 /var/log/nginx/access.log', []],
  ['cp /var/log/app.log ./debug/', []],
  ['echo "shutdown -h now"', []],
  ['git commit -m "fix: kill -9 -1 in docs"', []],
  ['f() { f; }', []],
  ['sudo systemctl restart nginx', [SUDO]],
  ['doas -u www cat /var/www/x', [SUDO]],
  ['sudo shutdown -r now', ['system/power-off', SUDO]],
  ['systemctl poweroff', ['system/power-off']],
  ['telinit 6', ['system/power-off']],
  ['loginctl reboot', ['system/power-off']],
  ['kill -KILL -1', ['system/kill-all-processes']],
  ['pkill -u "$USER"', ['system/kill-all-processes']],
  ['killall -u bob', ['system/kill-all-processes']],
  ['crontab -r -i', ['system/remove-crontab']],
  ['sudo wipefs --all /dev/sdc', ['system/format-disk', SUDO]],
  ['sfdisk /dev/sda < layout.txt', ['system/format-disk']],
  ['mkfs.vfat $DEVICE', ['system/format-disk']],
  ['diskutil zeroDisk disk3', ['system/format-disk']],
  ['ip6tables --flush', ['system/disable-protection']],
  ['ufw default allow incoming', ['system/disable-protection']],
  ['firewall-cmd --set-default-zone=trusted', ['system/disable-protection']],
  ['spctl --add /Applications/Tool.app', ['system/disable-protection']],
  ['sudo systemctl mask auditd', ['system/disable-protection', SUDO]],
  ['sudo useradd -G wheel ops', ['system/grant-admin', SUDO]],
  ['sudo dscl . -append /Groups/admin GroupMembership ops', ['system/grant-admin', SUDO]],
  [{ Edit: '/etc/sudoers' }, ['system/grant-admin']],
  ['passwd -d root', ['system/account-change']],
  ['sudo swapoff /swapfile', ['system/mount-or-swap', SUDO]],
  ['modprobe -r kvm_intel', ['system/kernel-change']],
  ['chmod u=rwxs,go=rx /usr/local/bin/x', ['system/setuid-bit']],
  ['chmod 04755 ./tool', ['system/setuid-bit']],
  ['go() { go | go & }; go', ['system/fork-bomb']],
  ['history -d 120', ['system/erase-history-or-logs']],
  ['export HISTSIZE=0', ['system/erase-history-or-logs']],
  ['rm -f ~/.zsh_history ~/.python_history', ['system/erase-history-or-logs']],
  ['> /var/log/wtmp', ['system/erase-history-or-logs']],
  ['journalctl --rotate --vacuum-size=1K', ['system/erase-history-or-logs']],
];

describe('system pack edge cases', () => {
  it.each(CASES.map(([i, e]) => [label(i), i, e] as const))('%s', (_l, input, expected) => {
    expect(t.fired(input)).toEqual([...expected].sort());
  });
});
