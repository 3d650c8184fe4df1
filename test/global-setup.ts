/**
 * Runs once before the suite: integration tests need a reachable Redis (GPUWATCH_TEST_REDIS_URL,
 * default redis://127.0.0.1:6379; `.ci/run` starts a private one when none is reachable) and
 * the built CLI in dist/ (npm test builds first) for child-process tests.
 */
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';

export default async function setup(): Promise<void> {
  const url = process.env.GPUWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err: unknown) {
    throw new Error(
      `tests need Redis at ${url} (set GPUWATCH_TEST_REDIS_URL, or run bash .ci/run which starts one): ${String(err)}`,
      { cause: err },
    );
  } finally {
    redis.disconnect();
  }
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    throw new Error('dist/cli/main.js is missing: run `npm test` (it builds first) or `npm run build`');
  }
}
