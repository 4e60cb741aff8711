import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files spend their time waiting on a server process or a socket, so two files at a
    // time halve the wall time even on 2 cores (vitest would run one there); every test must hold
    // up with another file running beside it, as it must on any larger machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
