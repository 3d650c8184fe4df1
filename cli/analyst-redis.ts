/**
 * Redis for the analyst's commands (`alerts`, `tenants explain`, `report`): one client per
 * command, closed afterwards, and failures that name the server instead of ioredis' bare
 * "max retries per request".
 */
import { AppError, errorMessage } from '../common/errors.js';
import { connectRedis, type RedisClient } from '../common/redis.js';

/** `url` with any password replaced by `***`, fit for a message. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    // redis+cluster://:pw@h1:p1,h2:p2 is no WHATWG URL: redact its userinfo by hand.
    if (/^rediss?\+cluster:\/\//.test(url)) return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    return '(unparsable URL)';
  }
}

/**
 * Runs `fn` with a Redis client for an analyst command (`alerts`, `tenants explain`, `report`) and closes
 * it. When Redis cannot be reached the failure names the server (password redacted) and the
 * connection error, instead of ioredis' bare "max retries per request".
 */
export async function withAnalystRedis<T>(
  url: string,
  name: string,
  fn: (redis: RedisClient) => Promise<T>,
): Promise<T> {
  const redis = connectRedis(url, { name, commandTimeoutMs: 60_000, maxRetriesPerRequest: 2 });
  let lastError: string | undefined;
  redis.on('error', (err: unknown) => {
    lastError = errorMessage(err);
  });
  try {
    return await fn(redis);
  } catch (err: unknown) {
    if (lastError !== undefined && !(err instanceof AppError)) {
      throw new AppError(
        'UNAVAILABLE',
        `cannot use Redis at ${redactRedisUrl(url)}: ${lastError} (${errorMessage(err)})`,
        {
          cause: err,
        },
      );
    }
    throw err;
  } finally {
    redis.disconnect();
  }
}
