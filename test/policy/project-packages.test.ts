import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decideToolCall } from '../../src/policy/engine.js';
import { needsProjectPackages, readProjectPackages } from '../../src/policy/project-packages.js';

const root = mkdtempSync(join(tmpdir(), 'gh-project-packages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const PYPROJECT = `[project]
name = "shop"
dependencies = [
  "httpx>=0.27",
  "Django_Rest_Framework[extra] ; python_version > '3.8'",
]

[dependency-groups]
dev = [
  "ruff==0.5.0",
]

[tool.poetry.group.dev.dependencies]
black = "^24"
pytest = { version = "^8" }

[tool.other]
notadep = "x"
`;

describe('project packages', () => {
  it('reads package.json, node_modules/.bin, pyproject.toml and requirements files', () => {
    const dir = project('mixed', {
      'package.json': JSON.stringify({ name: 'shop', bin: { shopctl: 'bin/x.js' }, dependencies: { react: '18' }, devDependencies: { '@vitejs/plugin-react': '4' }, peerDependencies: { vue: '3' } }),
      'node_modules/.bin/vite': '',
      'pyproject.toml': PYPROJECT,
      'requirements-dev.txt': '# tools\nmypy==1.10\n-r requirements.txt\ngit+https://x/y#egg=z\n',
    });
    const got = readProjectPackages(dir);
    for (const name of ['react', '@vitejs/plugin-react', 'vue', 'shop', 'shopctl', 'vite', 'httpx', 'django-rest-framework', 'ruff', 'black', 'pytest', 'mypy']) expect(got.has(name), name).toBe(true);
    expect(got.has('notadep')).toBe(false);
    expect(got.has('git+https')).toBe(false);
  });

  it('survives a missing or broken project', () => {
    expect(readProjectPackages(join(root, 'missing')).size).toBe(0);
    expect(readProjectPackages(project('broken', { 'package.json': '{not json', 'pyproject.toml': '\u0000' })).size).toBe(0);
  });

  it('is only read when a call runs a package', () => {
    expect(needsProjectPackages([{ kind: 'package', manager: 'npm', op: 'exec', packages: ['x'], args: [], via: { tool: 'Bash' } }])).toBe(true);
    expect(needsProjectPackages([{ kind: 'package', manager: 'npm', op: 'install-all', packages: [], args: [], via: { tool: 'Bash' } }])).toBe(false);
  });

  it('lets the project run its own tools and asks for anything else', () => {
    const dir = project('tools', { 'package.json': JSON.stringify({ devDependencies: { 'aws-cdk': '2', prettier: '3' } }), 'node_modules/.bin/cdk': '', 'pyproject.toml': PYPROJECT });
    const ctx = { cwd: dir, home: root, projectDir: dir, stateDir: join(root, 'state'), installDir: join(root, 'install'), env: { HOME: root }, now: 0 };
    const fired = (command: string) => decideToolCall({ tool: 'Bash', input: { command } }, ctx).hits.map((h) => h.ruleId);
    expect(fired('uvx ruff check .')).not.toContain('supply-chain/unknown-package-exec');
    expect(fired('npx cdk synth')).not.toContain('supply-chain/unknown-package-exec');
    expect(fired('npx aws-cdk@2 synth')).not.toContain('supply-chain/unknown-package-exec');
    expect(fired('uvx pycowsay')).toContain('supply-chain/unknown-package-exec');
    expect(fired('npx cdk-typo synth')).toContain('supply-chain/unknown-package-exec');
    // Declared but not installed: `npx prettier` resolves the declared package; a bin name that is
    // not installed would fetch whatever package has that name.
    expect(fired('npx prettier --check .')).not.toContain('supply-chain/unknown-package-exec');
    const bare = project('declared-only', { 'package.json': JSON.stringify({ devDependencies: { 'aws-cdk': '2' } }) });
    const firedBare = (command: string) => decideToolCall({ tool: 'Bash', input: { command } }, { ...ctx, cwd: bare, projectDir: bare }).hits.map((h) => h.ruleId);
    expect(firedBare('npx cdk synth')).toContain('supply-chain/unknown-package-exec');
  });
});
