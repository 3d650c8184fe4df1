import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit` (`npm run test:unit`): `*.test.ts` files that need no Redis, no server and
 * no build — pure logic, files in temp dirs, fake binaries at most; they pass with Redis stopped
 * (.ci/run checks that). `integration`: `*.int.test.ts`, which talk to a real Redis, real servers
 * or the built CLI; test/global-setup.ts names whatever they need that is missing. `npm test`
 * builds and runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start servers and child processes; two cores cannot run many at once.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.int.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
