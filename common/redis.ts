/** Redis connections for every program: one place that turns a URL into an ioredis client. */
import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectOptions {
  /** Client name shown by CLIENT LIST, e.g. "gpuwatch-collector". */
  readonly name: string;
  /**
   * Reject a command that got no reply within this many ms (the command may still run later:
   * every write of ours is idempotent). Default: none.
   */
  readonly commandTimeoutMs?: number;
  /** BullMQ needs `null` here; default null (commands wait for a reconnect). */
  readonly maxRetriesPerRequest?: number | null;
}

/** Creates a client for `redis://[:password@]host:port[/db]` or `rediss://…` (TLS). */
export function connectRedis(url: string, options: RedisConnectOptions): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    enableAutoPipelining: false,
    // Reconnect forever with a capped backoff: a Redis restart must not need a restart of ours.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    ...(options.commandTimeoutMs !== undefined ? { commandTimeout: options.commandTimeoutMs } : {}),
  };
  return new Redis(url, redisOptions);
}

/** Checks a Redis URL's form without connecting. */
export function checkRedisUrl(value: string): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
      return `expected redis:// or rediss:// URL, got ${JSON.stringify(value)}`;
    return undefined;
  } catch {
    return `expected a redis://host:port URL, got ${JSON.stringify(value)}`;
  }
}
