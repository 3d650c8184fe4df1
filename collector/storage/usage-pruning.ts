/**
 * Pruning of a tenant's long-lived usage state in Redis (RedisUsageStore.pruneTenant): the
 * fields of hashes that outlive their entries. Whole keys expire by themselves (their TTLs are
 * refreshed on write); this trims the fields of tenants that stay active for years.
 */
import type { RedisClient } from '../../common/redis.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { dayMs, dayStartMs } from '../../common/usage/usage-time.js';

/** What pruneTenantState needs besides the tenant and the time. */
export interface UsagePruningOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Age past which watermark, allocation and workload fields go, ms (RedisUsageStoreConfig). */
  readonly watermarkRetentionMs: number;
  /** Age past which usage-day entries go, ms (RedisUsageStoreConfig). */
  readonly dailyRetentionMs: number;
  /** The identity-index digest of a normalized workload fingerprint. */
  readonly workloadDigest: (fingerprint: string) => string;
  /** Told the workload fingerprints the tenant no longer has, once their index entries are gone. */
  readonly onWorkloadsGone: (tenantId: string, fingerprints: readonly string[]) => void;
}

/**
 * Drops state that can no longer matter: watermark and allocation fields whose last segment
 * ended more than `watermarkRetentionMs` before `nowMs` (segments that old are refused by
 * validation, so forgetting their watermark cannot count anything twice), workload
 * fingerprints last run that long ago (and the tenant's identity-index entry for each), and
 * usage-day entries older than `dailyRetentionMs`.
 * @returns the number of fields removed
 */
export async function pruneTenantState(
  options: UsagePruningOptions,
  tenantId: string,
  nowMs: number,
): Promise<number> {
  const { redis, keys } = options;
  const stateCutoff = nowMs - options.watermarkRetentionMs;
  let removed = 0;
  removed += await pruneHash(redis, keys.watermarks(tenantId), (v) => Number(v) < stateCutoff);
  removed += await pruneHash(redis, keys.allocations(tenantId), (v) => {
    try {
      const end = (JSON.parse(v) as { end?: unknown }).end;
      return typeof end === 'number' && end < stateCutoff;
    } catch {
      return false;
    }
  });
  const gone: string[] = [];
  removed += await pruneHash(redis, keys.workloads(tenantId), (v, field) => {
    const stale = Number(v) < stateCutoff;
    if (stale) gone.push(field);
    return stale;
  });
  // The index entries of fingerprints the tenant no longer has (not one slot: one by one).
  await Promise.all(
    gone.map((fingerprint) =>
      redis.srem(keys.identity('workload_fingerprint', options.workloadDigest(fingerprint)), tenantId),
    ),
  );
  options.onWorkloadsGone(tenantId, gone);
  const dayCutoff = nowMs - options.dailyRetentionMs;
  removed += await pruneHash(
    redis,
    keys.usageDays(tenantId),
    (_v, field) => dayStartMs(field) + dayMs < dayCutoff,
  );
  return removed;
}

/** HDELs the fields of `key` that `stale` picks, scanning 1000 at a time; returns how many. */
async function pruneHash(
  redis: RedisClient,
  key: string,
  stale: (value: string, field: string) => boolean,
): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', 1000);
    cursor = next;
    const fields: string[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i] ?? '';
      if (stale(flat[i + 1] ?? '', field)) fields.push(field);
    }
    if (fields.length > 0) removed += await redis.hdel(key, ...fields);
  } while (cursor !== '0');
  return removed;
}
