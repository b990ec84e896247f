import { describe, expect, it } from 'vitest';
import type { SystemAction } from '../../../src/actions/types.js';
import { of } from './helpers.js';

type Expect = Partial<Omit<SystemAction, 'via' | 'kind'>>;

const CASES: [string, Expect | null][] = [
  ['shutdown -h now', { program: 'shutdown', op: 'power', verb: 'poweroff' }],
  ['shutdown -r +5 "maintenance"', { op: 'power', verb: 'reboot' }],
  ['shutdown -c', { op: 'power', readOnly: true }],
  ['init 6', { op: 'power', verb: 'runlevel 6' }],
  ['init --version', null],
  ['systemctl kexec', { op: 'power', verb: 'kexec' }],
  ['systemctl stop firewalld.service', { op: 'security', verb: 'stop', targets: ['firewalld.service'] }],
  ['systemctl stop nginx', null],
  ['kill -9 -1', { op: 'kill', signal: '9', targets: ['-1'] }],
  ['kill -s TERM 12 13', { op: 'kill', signal: 'TERM', targets: ['12', '13'] }],
  ['kill -1 4242', { op: 'kill', signal: '1', targets: ['4242'] }],
  ['kill -- -4242', { op: 'kill', targets: ['-4242'] }],
  ['kill -l', null],
  ['killall -9 -u bob', { program: 'killall', op: 'kill', signal: '9', targets: ['-u bob'] }],
  ['pkill -KILL -f "node server"', { program: 'pkill', signal: 'KILL', verb: 'pattern-full', targets: ['node server'] }],
  ['crontab -r', { op: 'scheduler', verb: '-r' }],
  ['crontab -l', null],
  ['mkfs -t ext4 /dev/sdb1', { op: 'disk', targets: ['/dev/sdb1'] }],
  ['mkfs.ext4 -L data /dev/sdc', { op: 'disk', targets: ['/dev/sdc'] }],
  ['parted /dev/sda print', { op: 'disk', readOnly: true }],
  ['sgdisk -Z /dev/sda', { op: 'disk', targets: ['/dev/sda'] }],
  ['diskutil list', { op: 'disk', readOnly: true }],
  ['diskutil eraseVolume APFS X disk2s1', { op: 'disk', verb: 'eraseVolume' }],
  ['iptables -t nat -F', { op: 'firewall', verb: '-F' }],
  ['iptables -L -n', { op: 'firewall', readOnly: true }],
  ['ufw --force reset', { op: 'firewall', verb: 'reset' }],
  ['setenforce Permissive', { op: 'security', verb: 'permissive' }],
  ['setenforce 1', null],
  ['spctl --global-disable', { op: 'security', verb: '--global-disable' }],
  ['usermod -aG sudo,docker dev', { op: 'sudoers', verb: 'grant-admin' }],
  ['usermod -d /home/x dev', { op: 'account', verb: 'usermod' }],
  ['gpasswd -a dev wheel', { op: 'sudoers', verb: 'grant-admin' }],
  ['gpasswd -d dev wheel', { op: 'account' }],
  ['adduser dev sudo', { op: 'sudoers' }],
  ['adduser --disabled-password dev', { op: 'account' }],
  ['visudo -c', { op: 'sudoers', readOnly: true }],
  ['mount', { op: 'mount', readOnly: true }],
  ['mount -t tmpfs tmpfs /mnt/x', { op: 'mount', targets: ['tmpfs', '/mnt/x'] }],
  ['swapoff -a', { op: 'mount', targets: ['all'] }],
  ['sysctl -w vm.overcommit_memory=1', { op: 'kernel', verb: 'sysctl-write' }],
  ['sysctl -a', { op: 'kernel', readOnly: true }],
  ['insmod ./m.ko', { op: 'kernel', verb: 'load' }],
  ['launchctl bootout system/com.example.agent', { op: 'service', verb: 'bootout' }],
  ['launchctl bootout gui/501/com.example.agent', null],
  ['history -c', { op: 'history', verb: '-c' }],
  ['unset HISTFILE HISTSIZE', { op: 'history', targets: ['HISTFILE', 'HISTSIZE'] }],
  ['export PATH=/x:$PATH', null],
  ['set -euo pipefail', null],
  ['journalctl --vacuum-time=1s', { op: 'history', verb: 'journal-vacuum' }],
];

describe('system command tables', () => {
  it.each(CASES)('%s', (command, expected) => {
    const got = of(command, 'system');
    if (expected === null) return expect(got).toEqual([]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject(expected);
  });
});
