/**
 * Option specs that several commands share, so each is defined, described and checked once:
 * the Redis connection, the key prefix and the log level.
 */
import { checkOneOf } from './config-schema.js';
import { quote } from './errors.js';
import type { LogLevel } from './logger.js';
import { checkRedisUrl } from './redis.js';

export const logLevels: readonly LogLevel[] = Object.freeze(['debug', 'info', 'warn', 'error']);

export const redisOption = {
  type: 'string',
  description:
    'Redis URL: redis://[:password@]host:port[/db] or rediss:// for one server; redis+cluster://[:password@]host:port,host:port… (or rediss+cluster://) for a Redis Cluster through those seed nodes',
  default: 'redis://127.0.0.1:6379',
  check: checkRedisUrl,
} as const;

export const keyPrefixOption = {
  type: 'string',
  description: 'prefix of every Redis key (the same for every program of one deployment)',
  default: 'gpuwatch',
  check: (v: string) =>
    /^[A-Za-z0-9_.-]{1,64}$/.test(v) ? undefined : `expected 1-64 letters, digits, _ . or -, got ${quote(v)}`,
} as const;

export const logLevelOption = {
  type: 'string',
  description: 'debug, info, warn or error',
  default: 'info',
  check: (v: string) => checkOneOf(v, logLevels),
} as const;
