/**
 * RedisUsageStore's options, resolved once into a frozen RedisUsageStoreConfig: its defaults and
 * its checks live here only, and `gpuwatch collector` takes its flags' defaults and ranges from
 * them (collector/main.ts).
 */
import type { Clock } from '../../common/clock.js';
import { ConfigError, quote, type Problem } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { RedisClient } from '../../common/redis.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { checkDurabilityMode, durabilityBarrierDefaults, type DurabilityMode } from './durability.js';

/** Options of RedisUsageStore; every duration in milliseconds. */
export interface RedisUsageStoreOptions {
  /** Client to use; the store registers its scripts on it. Share one per process. */
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Default: silent. */
  readonly logger?: Logger;
  /**
   * How long raw segments stay in a tenant's audit stream (trimmed with `XTRIM MINID ~` on
   * write). Ignored when `archiveEnabled`. Default 7 days.
   */
  readonly auditRetentionMs?: number;
  /**
   * `gpuwatch archive` drains the audit streams: the store then never trims or expires them (the
   * archiver trims what it has archived). Default false.
   */
  readonly archiveEnabled?: boolean;
  /** TTL of a day's hourly aggregate hash after its last write. Default 120 days. */
  readonly hourlyRetentionMs?: number;
  /** TTL of a month's daily aggregate hash (and of the usage-days index). Default 6 × 366 days. */
  readonly dailyRetentionMs?: number;
  /**
   * TTL of a tenant's watermark and allocation hashes after their last write, and the age past
   * which pruneTenant drops single fields. Must be ≥ the collector's oldest accepted segment
   * (400 days), or replays of old segments would count again. Default 400 days.
   */
  readonly watermarkRetentionMs?: number;
  /**
   * How long the digest of a stored segment is kept after its last write to its hour's digest
   * string, so that a byte-identical replay counts as a duplicate (segment-replay.ts). A replay
   * arriving later is rejected as an overlap instead (its usage is stored already: nothing is
   * lost or counted twice, but the sender sees a rejection). Costs 12 bytes per stored segment
   * for this long. Default 24 hours.
   */
  readonly replayWindowMs?: number;
  /** How acks are made durable; see DurabilityMode. Default `auto`. */
  readonly durability?: DurabilityMode;
  /** How long WAITAOF may wait for the fsync before the batch fails. Default 5000 ms. */
  readonly waitAofTimeoutMs?: number;
  /**
   * How often, per tenant and process, the store refreshes the TTLs of the tenant's keys and
   * trims its audit stream (a new aggregate key gets its TTL at once). Between refreshes a TTL
   * may be this much short of "retention after the last write". 0 = on every write. Default
   * 60 000 ms.
   */
  readonly maintenanceIntervalMs?: number;
  /** Clock that paces the maintenance above. Default: the system clock. */
  readonly clock?: Clock;
}

/** RedisUsageStoreOptions resolved with defaults, frozen. */
export interface RedisUsageStoreConfig {
  readonly auditRetentionMs: number;
  readonly archiveEnabled: boolean;
  readonly hourlyRetentionMs: number;
  readonly dailyRetentionMs: number;
  readonly watermarkRetentionMs: number;
  readonly replayWindowMs: number;
  readonly durability: DurabilityMode;
  readonly waitAofTimeoutMs: number;
  readonly maintenanceIntervalMs: number;
}

const day = 86_400_000;

export const redisUsageStoreDefaults: RedisUsageStoreConfig = Object.freeze({
  auditRetentionMs: 7 * day,
  archiveEnabled: false,
  hourlyRetentionMs: 120 * day,
  dailyRetentionMs: 6 * 366 * day,
  watermarkRetentionMs: 400 * day,
  replayWindowMs: day,
  durability: durabilityBarrierDefaults.mode,
  waitAofTimeoutMs: durabilityBarrierDefaults.waitAofTimeoutMs,
  maintenanceIntervalMs: 60_000,
});

/**
 * The problem with a retention or timeout (`expected …, got …`), or undefined: a whole number of
 * ms of at least a second, since Redis TTLs are whole seconds.
 */
export function checkRetentionMs(ms: number): string | undefined {
  return Number.isSafeInteger(ms) && ms >= 1000
    ? undefined
    : `expected an integer number of ms ≥ 1000, got ${quote(ms)}`;
}

/** Resolves and checks the options; throws ConfigError listing every problem. */
export function resolveRedisUsageStoreConfig(options: RedisUsageStoreOptions): RedisUsageStoreConfig {
  const config: RedisUsageStoreConfig = {
    auditRetentionMs: options.auditRetentionMs ?? redisUsageStoreDefaults.auditRetentionMs,
    archiveEnabled: options.archiveEnabled ?? redisUsageStoreDefaults.archiveEnabled,
    hourlyRetentionMs: options.hourlyRetentionMs ?? redisUsageStoreDefaults.hourlyRetentionMs,
    dailyRetentionMs: options.dailyRetentionMs ?? redisUsageStoreDefaults.dailyRetentionMs,
    watermarkRetentionMs: options.watermarkRetentionMs ?? redisUsageStoreDefaults.watermarkRetentionMs,
    replayWindowMs: options.replayWindowMs ?? redisUsageStoreDefaults.replayWindowMs,
    durability: options.durability ?? redisUsageStoreDefaults.durability,
    waitAofTimeoutMs: options.waitAofTimeoutMs ?? redisUsageStoreDefaults.waitAofTimeoutMs,
    maintenanceIntervalMs: options.maintenanceIntervalMs ?? redisUsageStoreDefaults.maintenanceIntervalMs,
  };
  const problems: Problem[] = [];
  for (const field of [
    'auditRetentionMs',
    'hourlyRetentionMs',
    'dailyRetentionMs',
    'watermarkRetentionMs',
    'replayWindowMs',
    'waitAofTimeoutMs',
  ] as const) {
    const problem = checkRetentionMs(config[field]);
    if (problem !== undefined) problems.push({ field, reason: problem });
  }
  if (!Number.isSafeInteger(config.maintenanceIntervalMs) || config.maintenanceIntervalMs < 0) {
    problems.push({
      field: 'maintenanceIntervalMs',
      reason: `expected an integer number of ms ≥ 0, got ${quote(config.maintenanceIntervalMs)}`,
    });
  }
  const durabilityProblem = checkDurabilityMode(config.durability);
  if (durabilityProblem !== undefined) problems.push({ field: 'durability', reason: durabilityProblem });
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
