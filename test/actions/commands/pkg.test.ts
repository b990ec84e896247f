import { describe, expect, it } from 'vitest';
import { packageName, specSource } from '../../../src/actions/commands/pkg-common.js';
import { actions, of } from './helpers.js';

type Expect = { manager: string; op: string; packages?: string[]; global?: boolean; system?: boolean; registries?: string[]; noInstall?: boolean; ignoreScripts?: boolean; setting?: { key: string; value?: string } };

// command → the package action it must produce (or none)
const CASES: [string, Expect | null][] = [
  ['npm install', { manager: 'npm', op: 'install-all', packages: [] }],
  ['npm ci', { manager: 'npm', op: 'install-all' }],
  ['npm --registry https://r.example.com i left-pad', { manager: 'npm', op: 'install', packages: ['left-pad'], registries: ['https://r.example.com'] }],
  ['npm i -D --ignore-scripts vitest@4 @types/node', { manager: 'npm', op: 'install', packages: ['vitest@4', '@types/node'], ignoreScripts: true }],
  ['npm install -g pnpm', { manager: 'npm', op: 'install', packages: ['pnpm'], global: true }],
  ['npm -w packages/app add zod', { manager: 'npm', op: 'install', packages: ['zod'] }],
  ['npm rm left-pad', { manager: 'npm', op: 'remove', packages: ['left-pad'] }],
  ['npm run test -- --watch', { manager: 'npm', op: 'run', packages: ['test'] }],
  ['npm test', { manager: 'npm', op: 'run', packages: ['test'] }],
  ['npm publish --tag next', { manager: 'npm', op: 'publish' }],
  ['npm publish --dry-run', { manager: 'npm', op: 'other' }],
  ['npm unpublish pkg@1.0.0', { manager: 'npm', op: 'unpublish', packages: ['pkg@1.0.0'] }],
  ['npm dist-tag add pkg@2 latest', { manager: 'npm', op: 'dist-tag' }],
  ['npm dist-tag ls pkg', { manager: 'npm', op: 'other' }],
  ['npm token create', { manager: 'npm', op: 'login' }],
  ['npm config set registry=https://r.example.com', { manager: 'npm', op: 'source', setting: { key: 'registry', value: 'https://r.example.com' } }],
  ['npm set @acme:registry https://r.example.com', { manager: 'npm', op: 'source', setting: { key: '@acme:registry', value: 'https://r.example.com' } }],
  ['npm init vite@latest app', { manager: 'npm', op: 'exec', packages: ['create-vite@latest'] }],
  ['npm create @scope/app', { manager: 'npm', op: 'exec', packages: ['@scope/create-app'] }],
  ['npx -y cowsay@1.6 moo', { manager: 'npm', op: 'exec', packages: ['cowsay@1.6'] }],
  ['npx -p typescript tsc --version', { manager: 'npm', op: 'exec', packages: ['typescript'] }],
  ['npx --no-install eslint .', { manager: 'npm', op: 'exec', packages: ['eslint'], noInstall: true }],
  ['npm exec --package=left-pad -- left-pad', { manager: 'npm', op: 'exec', packages: ['left-pad'] }],
  ['pnpm', { manager: 'pnpm', op: 'install-all' }],
  ['pnpm --filter web add -D vite', { manager: 'pnpm', op: 'install', packages: ['vite'] }],
  ['pnpm dlx create-next-app@latest', { manager: 'pnpm', op: 'exec', packages: ['create-next-app@latest'] }],
  ['pnpm lint', { manager: 'pnpm', op: 'run', packages: ['lint'] }],
  ['pnpm deprecate pkg@1 "old"', { manager: 'pnpm', op: 'deprecate' }],
  ['yarn', { manager: 'yarn', op: 'install-all' }],
  ['yarn --cwd app add react', { manager: 'yarn', op: 'install', packages: ['react'] }],
  ['yarn global add serve', { manager: 'yarn', op: 'install', packages: ['serve'], global: true }],
  ['yarn workspace web add zod', { manager: 'yarn', op: 'install', packages: ['zod'] }],
  ['yarn npm publish', { manager: 'yarn', op: 'publish' }],
  ['yarn dlx degit user/repo app', { manager: 'yarn', op: 'exec', packages: ['degit'] }],
  ['bun add -g typescript', { manager: 'bun', op: 'install', packages: ['typescript'], global: true }],
  ['bunx prettier .', { manager: 'bun', op: 'exec', packages: ['prettier'] }],
  ['pip install -r requirements.txt', { manager: 'pip', op: 'install-all' }],
  ['pip install -c constraints.txt requests', { manager: 'pip', op: 'install', packages: ['requests'] }],
  ['pip install --user -i https://p.example.com/simple httpie', { manager: 'pip', op: 'install', packages: ['httpie'], global: true, registries: ['https://p.example.com/simple'] }],
  ['pip uninstall -y requests', { manager: 'pip', op: 'remove', packages: ['requests'] }],
  ['python3 -m pip install -U pip', { manager: 'pip', op: 'install-all' }],
  ['pip config set global.index-url https://p.example.com', { manager: 'pip', op: 'source', setting: { key: 'global.index-url', value: 'https://p.example.com' } }],
  ['uv add --dev pytest', { manager: 'uv', op: 'install', packages: ['pytest'] }],
  ['uv pip install --system ruff', { manager: 'uv', op: 'install', packages: ['ruff'], global: true }],
  ['uv tool install ruff', { manager: 'uv', op: 'install', packages: ['ruff'], global: true }],
  ['uvx --from "ruff==0.5" ruff check', { manager: 'uv', op: 'exec', packages: ['ruff==0.5'] }],
  ['pipx run --spec black==24.1 black .', { manager: 'pipx', op: 'exec', packages: ['black==24.1'] }],
  ['poetry add -G dev pytest', { manager: 'poetry', op: 'install', packages: ['pytest'] }],
  ['poetry config pypi-token.pypi TOKEN', { manager: 'poetry', op: 'login' }],
  ['conda create -n py311 python=3.11 numpy', { manager: 'conda', op: 'install', packages: ['python=3.11', 'numpy'] }],
  ['cargo add serde --features derive', { manager: 'cargo', op: 'install', packages: ['serde'] }],
  ['cargo add --git https://github.com/x/y', { manager: 'cargo', op: 'install', packages: ['git+https://github.com/x/y'] }],
  ['cargo install --version 14.1.0 ripgrep', { manager: 'cargo', op: 'install', packages: ['ripgrep'], global: true }],
  ['cargo publish --dry-run', { manager: 'cargo', op: 'other' }],
  ['go get -u ./...', { manager: 'go', op: 'update' }],
  ['go get -ldflags=-s example.com/mod@v1.2.3', { manager: 'go', op: 'install', packages: ['example.com/mod@v1.2.3'] }],
  ['go install ./cmd/tool', null],
  ['go run example.com/tools/cmd/stringer@latest -type=Kind', { manager: 'go', op: 'exec', packages: ['example.com/tools/cmd/stringer@latest'] }],
  ['gem install bundler -v 2.5.0', { manager: 'gem', op: 'install', packages: ['bundler'], global: true }],
  ['gem yank mygem -v 1.0.0', { manager: 'gem', op: 'unpublish', packages: ['mygem'] }],
  ['bundle add rack --version "~> 3.0"', { manager: 'bundler', op: 'install', packages: ['rack'] }],
  ['composer global require laravel/installer', { manager: 'composer', op: 'install', packages: ['laravel/installer'], global: true }],
  ['sudo apt-get -o Dpkg::Options::=--force-confnew install -y nginx', { manager: 'apt', op: 'install', packages: ['nginx'], system: true }],
  ['brew uninstall --cask docker', { manager: 'brew', op: 'remove', packages: ['docker'], system: true }],
  ['sudo dnf config-manager --add-repo https://repo.example.com/x.repo', { manager: 'dnf', op: 'source', system: true, registries: ['https://repo.example.com/x.repo'] }],
  ['sudo pacman -Syu', { manager: 'pacman', op: 'update', system: true }],
  ['yay -S visual-studio-code-bin', { manager: 'yay', op: 'install', packages: ['visual-studio-code-bin'], system: true }],
  ['twine upload -r testpypi dist/*', { manager: 'twine', op: 'publish', registries: ['testpypi'] }],
  ['docker push example/app:1', { manager: 'docker', op: 'publish', packages: ['example/app:1'] }],
  ['gh release create v1.0.0 ./dist/app.tgz', { manager: 'gh', op: 'publish', packages: ['v1.0.0'] }],
  ['helm repo add example https://charts.example.com/stable', { manager: 'helm', op: 'source', setting: { key: 'repository example', value: 'https://charts.example.com/stable' } }],
  ['./gradlew publishToMavenLocal', null],
  ['ls -la', null],
];

describe('package command tables', () => {
  it.each(CASES)('%s', (command, expected) => {
    const got = of(command, 'package');
    if (expected === null) return expect(got).toEqual([]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject(expected);
  });

  it('hands the program a runner runs to its own table', () => {
    const got = actions('npx prisma migrate reset --force');
    expect(got.find((a) => a.kind === 'db')).toMatchObject({ engine: 'prisma', op: 'reset', via: { chain: ['npx'] } });
    expect(got.find((a) => a.kind === 'exec' && a.program === 'prisma')).toBeTruthy();
    expect(of('python -m twine upload dist/x.whl', 'package')).toMatchObject([{ manager: 'twine', op: 'publish' }]);
    expect(of('yarn wrangler deploy', 'cloud')).toMatchObject([{ tool: 'wrangler', deploy: 'production' }]);
    expect(of('php artisan migrate:fresh', 'db')).toMatchObject([{ engine: 'laravel', op: 'reset' }]);
  });

  it('reads package names and spec sources', () => {
    expect(packageName('@scope/pkg@^2')).toBe('@scope/pkg');
    expect(packageName('requests>=2')).toBe('requests');
    expect(specSource('git+ssh://git@github.com/x/y.git')).toBe('git');
    expect(specSource('user/repo', 'npm')).toBe('git');
    expect(specSource('vendor/package', 'composer')).toBe('registry');
    expect(specSource('lib @ https://example.com/lib.whl')).toBe('url');
    expect(specSource('./pkg.tgz')).toBe('local-file');
    expect(specSource('.[dev]')).toBe('local-dir');
    expect(specSource('file:../shared')).toBe('local-dir');
  });
});
