// `npx gatehouse …` in a fresh clone runs the package's own bin file directly (npm links and chmods
// bins only for dependencies), so the file must be executable in git, not just on one machine.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bins = Object.entries((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin);

describe('the package bin', () => {
  it.each(bins)('%s (%s) is committed executable, with a node shebang', (_name, file) => {
    const staged = spawnSync('git', ['ls-files', '-s', '--', file], { cwd: root, encoding: 'utf8' });
    expect(staged.status).toBe(0);
    expect(staged.stdout.split(' ')[0]).toBe('100755');
    expect(readFileSync(join(root, file), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it.each(bins)('%s (%s) runs when executed directly', (_name, file) => {
    const r = spawnSync(join(root, file), ['--version'], { cwd: root, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
