import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real processes (git, bubblewrap, the Claude Code CLI) run in tests; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
