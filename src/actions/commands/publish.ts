// Publishing tools that are not package managers: twine, vsce/ovsx, gh (releases, repository
// visibility and deletion), and release automation (semantic-release, changesets, lerna,
// release-it, np, goreleaser).
import type { CloudAction } from '../types.js';
import { allValues, pkg } from './pkg-common.js';
import { hasAny, parseOptions, type CommandHandler, type CommandView } from './view.js';

const twine: CommandHandler = (v) => {
  const o = parseOptions(v.args, { withValue: ['-r', '--repository', '--repository-url', '-u', '--username', '-p', '--password', '-c', '--comment', '--config-file', '--cert', '--client-cert', '-s', '--sign-with', '-i', '--identity'] });
  const [sub, ...files] = o.positionals;
  if (sub !== 'upload' && sub !== 'register') return [];
  return [pkg(v, 'twine', 'publish', files, { registries: allValues(o, '--repository-url', '-r', '--repository') })];
};

/** vsce and ovsx: `publish`, `unpublish`, `login`. */
function extensionPublisher(manager: string): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue: ['-p', '--pat', '-i', '--packagePath', '--target', '--baseContentUrl', '--baseImagesUrl', '--githubBranch', '--gitlabBranch', '-r', '--registryUrl', '--pre-release-tag'] });
    const [sub, ...rest] = o.positionals;
    if (sub === 'publish') return [pkg(v, manager, 'publish', rest, { registries: allValues(o, '-r', '--registryUrl') })];
    if (sub === 'unpublish') return [pkg(v, manager, 'unpublish', rest)];
    if (sub === 'login' || sub === 'create-namespace') return [pkg(v, manager, 'login', rest)];
    return [];
  };
}

function ghCloud(v: CommandView, op: string[], names: string[], flags: string[], values: Record<string, string[]>): CloudAction {
  return { kind: 'cloud', tool: 'gh', op, args: v.args, flags, names, ...(Object.keys(values).length ? { values } : {}), via: v.via };
}

const GH_WITH_VALUE: Record<string, string[]> = {
  release: ['-R', '--repo', '-t', '--title', '-n', '--notes', '-F', '--notes-file', '--target', '--discussion-category', '--notes-start-tag', '--clobber'],
  repo: ['-R', '--repo', '--visibility', '-d', '--description', '-h', '--homepage', '--source', '-r', '--remote', '-p', '--template', '-l', '--license', '-g', '--gitignore', '--team', '--add-topic', '--remove-topic', '--default-branch'],
  secret: ['-R', '--repo', '-e', '--env', '-o', '--org', '-a', '--app', '-b', '--body', '-f', '--env-file', '-v', '--visibility', '-r', '--repos'],
  variable: ['-R', '--repo', '-e', '--env', '-o', '--org', '-b', '--body', '-f', '--env-file', '-v', '--visibility', '-r', '--repos'],
};

const gh: CommandHandler = (v) => {
  const group = v.args.find((a) => !a.startsWith('-'));
  const o = parseOptions(v.args, { withValue: ['--hostname', ...(GH_WITH_VALUE[group ?? ''] ?? [])] });
  const [, verb, ...rest] = o.positionals;
  const flags = [...o.flags];
  if (group === 'release') {
    if (verb === 'create' || verb === 'upload') return [pkg(v, 'gh', hasAny(o, '--draft', '-d') && verb === 'create' ? 'other' : 'publish', rest.slice(0, 1))];
    if (verb === 'delete' || verb === 'delete-asset') return [pkg(v, 'gh', 'yank', rest.slice(0, 1))];
    return [];
  }
  if (group === 'repo') {
    const values: Record<string, string[]> = {};
    const vis = o.value.get('--visibility');
    if (vis) values['--visibility'] = [vis];
    if (verb === 'delete' || verb === 'archive' || verb === 'rename') return [ghCloud(v, ['repo', verb], rest, flags, values)];
    if (verb === 'edit' && vis) return [ghCloud(v, ['repo', 'edit'], rest, flags, values)];
    if (verb === 'create' && hasAny(o, '--public')) return [ghCloud(v, ['repo', 'create'], rest, flags, { '--visibility': ['public'] })];
    return [];
  }
  if ((group === 'secret' || group === 'variable') && (verb === 'delete' || verb === 'remove')) return [ghCloud(v, [group, 'delete'], rest, flags, {})];
  return [];
};

/** Release automation: publishes unless it is a dry run. */
function releaseTool(manager: string, publishes: (o: ReturnType<typeof parseOptions>) => boolean, withValue: string[] = []): CommandHandler {
  return (v) => {
    const o = parseOptions(v.args, { withValue });
    if (hasAny(o, '--dry-run', '-d', '--preview', '--snapshot', '--help', '-h', '--version')) return [];
    return publishes(o) ? [pkg(v, manager, 'publish')] : [];
  };
}

export const PUBLISH_COMMANDS: Record<string, CommandHandler> = {
  twine,
  vsce: extensionPublisher('vsce'),
  ovsx: extensionPublisher('ovsx'),
  gh,
  'semantic-release': releaseTool('semantic-release', () => true, ['-b', '--branches', '-r', '--repository-url', '-t', '--tag-format', '-p', '--plugins', '-e', '--extends']),
  changeset: releaseTool('changesets', (o) => o.positionals[0] === 'publish', ['--tag', '--otp']),
  changesets: releaseTool('changesets', (o) => o.positionals[0] === 'publish', ['--tag', '--otp']),
  lerna: releaseTool('lerna', (o) => o.positionals[0] === 'publish', ['--dist-tag', '--registry', '--preid', '--otp', '-m', '--message']),
  'release-it': releaseTool('release-it', (o) => !hasAny(o, '--no-npm.publish', '--only-version', '--release-version', '--changelog'), ['-c', '--config', '-i', '--increment', '--preRelease']),
  np: releaseTool('np', (o) => !hasAny(o, '--no-publish'), ['--tag', '--message', '--contents', '--package-manager']),
  goreleaser: releaseTool('goreleaser', (o) => o.positionals[0] === 'release' && !o.positionals.includes('--skip=publish') && !(o.value.get('--skip') ?? '').includes('publish'), ['-f', '--config', '--skip', '-p', '--parallelism', '--timeout', '--release-notes']),
};

