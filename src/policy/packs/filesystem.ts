// Destructive filesystem operations: deletes, permission changes and raw device writes that are
// catastrophic or reach far outside the project.
import { tmpdir } from 'node:os';
import type { Action, PathAction } from '../../actions/types.js';
import { isWithin } from '../../actions/paths.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'filesystem';

const SYSTEM_ROOTS = /^\/(bin|boot|dev|etc|home|lib|lib32|lib64|libx32|opt|proc|root|run|sbin|srv|sys|usr|var|Users|System|Library|Applications|Volumes|private|mnt|media|snap|nix)$/;

/** Directories whose recursive deletion is catastrophic: /, the home directory, system roots, and
 * the parents of the project. */
export function isCriticalDir(path: string, env: DecideEnv): boolean {
  if (path === '/' || path === env.home) return true;
  if (isWithin(path, env.home) && path !== env.home) return false;
  if (SYSTEM_ROOTS.test(path)) return true;
  // /usr/lib, /etc/ssl… one level below a system root is just as fatal.
  return /^\/(bin|boot|etc|lib|lib64|sbin|usr|var|System|Library)\/[^/]+$/.test(path) && !/^\/var\/(tmp|folders)$/.test(path);
}

const TEMP_ROOTS = ['/tmp', '/var/tmp', '/private/tmp', '/dev/shm', tmpdir()];
/** Inside a temporary directory (but not the home directory or project that happen to live there). */
export function isTemp(path: string, env: DecideEnv): boolean {
  return TEMP_ROOTS.some((t) => isWithin(t, path) && path !== t) && !isWithin(env.home, path) && !isWithin(path, env.home) && !isWithin(env.projectDir, path);
}

/** Inside a per-user cache directory: rebuilt on demand, so clearing it loses nothing. */
export function isCache(path: string, env: DecideEnv): boolean {
  return ['.cache', 'Library/Caches', '.npm/_cacache', '.npm/_npx', '.gradle/caches', '.m2/repository'].some((c) => {
    const root = `${env.home}/${c}`;
    return isWithin(root, path) && path !== root;
  });
}

export function isInProject(path: string, env: DecideEnv): boolean {
  return isWithin(env.projectDir, path) || env.allowedDirs.some((d) => isWithin(d, path));
}

const targets = (a: PathAction) => (a.literal ? [a.path, a.literal] : [a.path]);

export const recursiveDeleteCritical = defineRule({
  id: 'filesystem/recursive-delete-critical',
  verdict: 'deny',
  summary: 'Recursive delete of the filesystem root, the home directory or a system directory',
  why: 'One command here destroys the machine or every unpushed project in the home directory.',
  fix: 'Delete the specific folder you mean (e.g. ./dist), or ask the user to run it themselves.',
  on: ['delete'],
  match: (a: Action, env) => a.kind === 'delete' && a.recursive === true && !a.filter && targets(a).some((p) => isCriticalDir(p, env)),
  examples: {
    match: [{ Bash: 'rm -rf /' }, { Bash: 'rm -rf ~' }, { Bash: 'rm -fr /etc' }, { Bash: 'rm --recursive --force /usr/lib' }, { Bash: 'sudo rm -rf --no-preserve-root /' }, { Bash: 'cd ~ && rm -rf .' }, { Bash: 'mv ~ /tmp/old-home' }, { Bash: 'rsync -a --delete /tmp/empty/ ~/' }, { Bash: 'find ~ -maxdepth 1 -exec rm -rf {} +' }, { Bash: "python3 -c \"import shutil,os; shutil.rmtree(os.path.expanduser('~'))\"" }, { Bash: 'echo ~ | xargs rm -rf' }, { tool: 'mcp__fs__delete_directory', input: { path: '~' } }, { tool: 'mcp__shell__run_command', input: { command: 'rm -rf ~' } }],
    pass: [{ Bash: 'rm -rf ./dist' }, { Bash: 'rm -rf ~/project/build' }, { Bash: 'echo "rm -rf /"' }, { Bash: 'git commit -m "rm -rf / is bad"' }, { Bash: 'rm -rf /tmp/gatehouse-test' }],
  },
});

export const deleteProject = defineRule({
  id: 'filesystem/delete-project',
  verdict: 'deny',
  summary: 'Recursive delete of the whole project or a directory above it',
  why: 'This removes every uncommitted change and untracked file of the project at once.',
  fix: 'Delete the build output or the folder you mean; use `git clean -n` to preview what is untracked.',
  on: ['delete'],
  match: (a, env) => a.kind === 'delete' && a.recursive === true && !a.filter && targets(a).some((p) => isWithin(p, env.projectDir)),
  examples: {
    match: [{ Bash: 'rm -rf .' }, { Bash: 'rm -rf ..' }, { Bash: 'rm -rf "$PWD"' }, { Bash: 'cd .. && rm -rf project' }, { Bash: 'find . -exec rm -rf {} +' }, { Bash: 'git rm -rf .' }],
    pass: [{ Bash: 'rm -rf node_modules' }, { Bash: 'rm -rf ./dist ./coverage' }, { Bash: 'rm -r src/old' }],
  },
});

export const deleteOutsideProject = defineRule({
  id: 'filesystem/delete-outside-project',
  verdict: 'ask',
  summary: 'Recursive delete outside the project and temporary directories',
  why: 'The agent works on this project; deleting elsewhere is rarely intended and cannot be undone by project checkpoints.',
  fix: 'Confirm the path with the user, or add the directory to `directories.allowed` in the policy.',
  on: ['delete'],
  match: (a, env) =>
    a.kind === 'delete' && a.recursive === true && !a.pattern && targets(a).every((p) => !isInProject(p, env) && !isTemp(p, env) && !isCache(p, env) && !isWithin(p, env.projectDir)) && !targets(a).some((p) => isCriticalDir(p, env)),
  examples: {
    match: [{ Bash: 'rm -rf ~/Documents/old' }, { Bash: 'rm -r ../other-project/src' }, { Bash: 'find ~/Downloads -delete' }, { Bash: 'rm -rf ~/.cache/../.config' }],
    pass: [{ Bash: 'rm -rf build' }, { Bash: 'rm -rf /tmp/scratch' }, { Bash: 'rm ~/notes.md' }, { Bash: 'rm -rf ~/.cache/pip' }],
  },
});

/** The project's repository, or a repository the project sits in. */
function isOwnGitDir(path: string, env: DecideEnv): boolean {
  return /\/\.git$/.test(path) && isWithin(path.slice(0, -'/.git'.length), env.projectDir);
}

export const deleteGitHistory = defineRule({
  id: 'filesystem/delete-git-history',
  verdict: 'deny',
  summary: "Deletes the project's .git directory",
  why: 'Every commit, branch and stash that was not pushed is gone, and no git command can bring it back.',
  fix: 'Leave .git alone; to start over, the user can re-clone or run `git init` in a fresh directory.',
  on: ['delete'],
  match: (a, env) => a.kind === 'delete' && !a.filter && targets(a).some((p) => isOwnGitDir(p, env)),
  examples: {
    match: [{ Bash: 'rm -rf .git' }, { Bash: 'rm -rf ./.git/' }, { Bash: 'cd src && rm -rf ../.git' }],
    pass: [{ Bash: 'rm -rf vendor/lib/.git' }, { Bash: 'rm -rf .github/old' }, { Bash: 'rm .gitignore' }],
  },
});

export const deleteUnknownTarget = defineRule({
  id: 'filesystem/delete-unknown-target',
  verdict: 'ask',
  summary: 'Recursive delete of a path only known at run time',
  why: 'An empty or unexpected variable turns `rm -rf "$DIR/"` into `rm -rf /`.',
  fix: 'Write the path out, or guard it: `rm -rf "${DIR:?}/"` with a known DIR.',
  on: ['delete'],
  match: (a) => a.kind === 'delete' && a.recursive === true && a.dynamic === true,
  examples: {
    match: [{ Bash: 'rm -rf "$BUILD_DIR/"' }, { Bash: 'rm -rf $(cat dirs.txt)' }, { Bash: 'rm -rf "$(pwd)"' }, { Bash: 'python3 -c "import shutil,sys; shutil.rmtree(sys.argv[1])" x' }],
    pass: [{ Bash: 'rm -rf dist/*' }, { Bash: 'rm -rf ./build' }, { Bash: 'find . -name __pycache__ -type d -exec rm -rf {} +' }, { Bash: 'echo dist | xargs rm -rf' }],
  },
});

export const findDeleteBroad = defineRule({
  id: 'filesystem/broad-find-delete',
  verdict: 'ask',
  summary: 'find … -delete over the home directory or a system directory',
  why: 'A filter on a huge tree deletes more than intended, and the deleted files are outside the project.',
  fix: 'Run it on the project path, or preview with -print first and confirm with the user.',
  on: ['delete'],
  match: (a, env) => a.kind === 'delete' && a.recursive === true && a.filter !== undefined && targets(a).some((p) => isCriticalDir(p, env)),
  examples: {
    match: [{ Bash: "find ~ -name '*.log' -delete" }, { Bash: "find / -name '*.tmp' -delete" }],
    pass: [{ Bash: "find . -name '*.pyc' -delete" }, { Bash: "find ~ -name '*.log'" }],
  },
});

/** chmod modes that make files writable (or everything) for everyone. */
export function isWorldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return (parseInt(mode.slice(-1), 8) & 2) === 2;
  return /(^|,)(a|o|ugo|)[+=][rwxXst]*w/.test(mode);
}

export const worldWritable = defineRule({
  id: 'filesystem/world-writable',
  verdict: 'deny',
  summary: 'Makes files world-writable recursively, or makes system or home directories world-writable',
  why: 'Any user or process can then replace code, keys or configuration: a permanent privilege hole.',
  fix: 'Grant the access that is needed: `chmod -R u+rwX,go+rX dir` or `chmod 755 script.sh`.',
  on: ['write'],
  match: (a, env) => a.kind === 'write' && a.mode === 'perm' && isWorldWritable(a.filter ?? '') && (a.recursive === true || targets(a).some((p) => isCriticalDir(p, env))),
  examples: {
    match: [{ Bash: 'chmod -R 777 /' }, { Bash: 'chmod -R 777 .' }, { Bash: 'sudo chmod 777 /etc' }, { Bash: 'chmod -R a+w ~/project' }],
    pass: [{ Bash: 'chmod +x scripts/build.sh' }, { Bash: 'chmod 755 bin/cli' }, { Bash: 'chmod -R u+rwX,go+rX public' }, { Bash: 'chmod 600 ~/.ssh/id_ed25519' }],
  },
});

export const recursiveChownSystem = defineRule({
  id: 'filesystem/recursive-chown-system',
  verdict: 'deny',
  summary: 'Recursive ownership or permission change of the root, the home directory or a system directory',
  why: 'Changing ownership of system trees breaks sudo, ssh and package managers.',
  fix: 'Change ownership of the project folder only.',
  on: ['write'],
  match: (a, env) => a.kind === 'write' && a.mode === 'perm' && a.recursive === true && !isWorldWritable(a.filter ?? '') && targets(a).some((p) => isCriticalDir(p, env)),
  examples: {
    match: [{ Bash: 'sudo chown -R $USER /usr' }, { Bash: 'chown -R nobody ~' }],
    pass: [{ Bash: 'chown -R $USER ./data' }, { Bash: 'chmod -R go-w ./public' }],
  },
});

export const writeBlockDevice = defineRule({
  id: 'filesystem/write-block-device',
  verdict: 'deny',
  summary: 'Writes to a raw disk or memory device',
  why: 'Writing a disk device destroys its filesystem and everything on it.',
  fix: 'Write to a file instead; disk imaging is for the user to run.',
  on: ['write'],
  match: (a) => a.kind === 'write' && /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|mapper\/|md\d|loop\d|dm-\d|mem$|kmem$|port$)/.test(a.path),
  examples: {
    match: [{ Bash: 'dd if=/dev/zero of=/dev/sda bs=1M' }, { Bash: 'cat image.iso > /dev/sdb' }, { Bash: 'echo x > /dev/nvme0n1' }],
    pass: [{ Bash: 'dd if=/dev/zero of=./disk.img bs=1M count=10' }, { Bash: 'echo hi > /dev/null' }],
  },
});

export const truncateCritical = defineRule({
  id: 'filesystem/overwrite-system-file',
  verdict: 'deny',
  summary: 'Overwrites or truncates a system file',
  why: 'System files under /etc, /boot and /usr control boot, login and every installed program.',
  fix: 'Change project files; system configuration is for the user to edit.',
  on: ['write', 'delete'],
  match: (a) => (a.kind === 'write' || a.kind === 'delete') && /^\/(etc|boot|usr|bin|sbin|lib|lib64|System)\//.test(a.path) && a.mode !== 'perm',
  examples: {
    match: [{ Bash: 'echo "127.0.0.1 x" > /etc/hosts' }, { Bash: ': > /etc/passwd' }, { Bash: 'rm /usr/bin/python3' }, { Write: '/etc/sudoers.d/agent' }],
    pass: [{ Bash: 'cat /etc/hosts' }, { Write: 'etc/config.yaml' }],
  },
});

export const rules = [recursiveDeleteCritical, deleteProject, deleteOutsideProject, deleteGitHistory, deleteUnknownTarget, findDeleteBroad, worldWritable, recursiveChownSystem, writeBlockDevice, truncateCritical];
