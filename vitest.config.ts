import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start servers and child processes; two cores cannot run many at once.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
