import { describe, expect, it } from 'vitest';
import { label, packTable, type Case } from './table.js';

const t = packTable('supply-chain');

// command → the supply-chain rules it must fire (none: ordinary work that must pass untouched)
const CASES: Case[] = [
  ['npm install', []],
  ['npm ci --ignore-scripts', []],
  ['npm i', []],
  ['pnpm i --frozen-lockfile', []],
  ['yarn install --immutable', []],
  ['bun install', []],
  ['pip install -r requirements-dev.txt', []],
  ['pip install -e ".[dev]"', []],
  ['python -m pip install --upgrade pip', []],
  ['poetry install --no-root', []],
  ['uv sync --frozen', []],
  ['cargo build', []],
  ['go mod tidy', []],
  ['bundle install', []],
  ['composer install', []],
  ['npm run build', []],
  ['pnpm test', []],
  ['npx tsc -p .', []],
  ['npm uninstall left-pad', []],
  ['echo "npm i left-pad"', []],
  ['git commit -m "pip install requests"', []],
  ['npm i left-pad', ['supply-chain/new-dependency']],
  ['npm install --ignore-scripts left-pad', ['supply-chain/new-dependency']],
  ['cd web && pnpm add -D @types/node', ['supply-chain/new-dependency']],
  ['pip install "requests==2.32.3"', ['supply-chain/new-dependency']],
  ['sudo pip install requests', ['supply-chain/new-dependency']],
  ['dotnet add package Newtonsoft.Json', ['supply-chain/new-dependency']],
  ['npm i -g typescript', ['supply-chain/global-install']],
  ['go install github.com/example/tool@v1.2.3', ['supply-chain/global-install']],
  ['pipx install poetry', ['supply-chain/global-install']],
  ['npm i https://example.com/pkg.tgz', ['supply-chain/install-from-url']],
  ['pip install -e git+https://github.com/example/lib#egg=lib', ['supply-chain/install-from-url']],
  ['npx cowsay moo', ['supply-chain/unknown-package-exec']],
  ['npx --no-install cowsay moo', []],
  ['uvx --from httpie http example.com', ['supply-chain/unknown-package-exec']],
  ['pnpm create vite my-app', ['supply-chain/unknown-package-exec']],
  ['pip install --index-url https://pypi.example.net/simple -r requirements.txt', ['supply-chain/untrusted-source']],
  ['pip install --extra-index-url https://pypi.example.net/simple internal-lib', ['supply-chain/new-dependency', 'supply-chain/untrusted-source']],
  ['npm config set registry https://npm.example.com/', ['supply-chain/package-source-change']],
  ['npm config get registry', []],
  ['yarn config set npmRegistryServer https://npm.example.com', ['supply-chain/package-source-change']],
  ['conda config --add channels someuser', ['supply-chain/package-source-change']],
  ['sudo add-apt-repository -y ppa:example/ppa', ['supply-chain/package-source-change']],
  ['sudo apt-get install -y build-essential', ['supply-chain/system-package-change']],
  ['brew install --cask docker', ['supply-chain/system-package-change']],
  ['sudo apt-get update', []],
  ['apt-cache search libssl', []],
  [{ Write: '.npmrc', content: 'registry=https://npm.example.com/' }, ['supply-chain/package-source-change']],
  [{ Read: '.npmrc' }, []],
];

describe('supply-chain pack edge cases', () => {
  it.each(CASES.map(([i, e]) => [label(i), i, e] as const))('%s', (_l, input, expected) => {
    expect(t.fired(input)).toEqual([...expected].sort());
  });
});
