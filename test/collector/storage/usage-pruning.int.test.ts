/** RedisUsageStore.pruneTenant (usage-pruning.ts) against the real Redis. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import { workloadFingerprintDigest } from '../../../common/tenants/workload-fingerprints.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { agent, minute, t, tile } from '../usage-fixtures.js';

const now = t('2026-02-10T00:00:00Z');

let tr: TestRedis;
let store: RedisUsageStore;

beforeEach(async () => {
  tr = await openTestRedis();
  store = new RedisUsageStore({ redis: tr.redis, keys: tr.keys });
});
afterEach(() => tr.cleanup());

describe('RedisUsageStore.pruneTenant', () => {
  it('drops watermarks and allocations older than the retention, and only those', async () => {
    const old = t('2025-01-01T00:00:00Z');
    await store.storeBatch(agent(), 1, tile(1, old, minute, { allocationId: 'old' }), now);
    await store.storeBatch(
      agent(),
      2,
      tile(1, t('2026-01-31T00:00:00Z'), minute, { allocationId: 'new' }),
      now,
    );
    expect(await store.pruneTenant('tenant-a', now)).toBe(2);
    expect(await tr.redis.hkeys(tr.keys.watermarks('tenant-a'))).toEqual(['node-1\x1fnew']);
    expect(await tr.redis.hkeys(tr.keys.allocations('tenant-a'))).toEqual(['node-1\x1fnew']);
  });
});

describe('RedisUsageStore.pruneTenant and workload fingerprints', () => {
  const workloads = async (tenantId: string): Promise<Record<string, string>> =>
    tr.redis.hgetall(tr.keys.workloads(tenantId));
  const indexed = async (fingerprint: string): Promise<string[]> =>
    (
      await tr.redis.smembers(
        tr.keys.identity('workload_fingerprint', workloadFingerprintDigest(fingerprint)),
      )
    ).sort();

  it('forgets fingerprints last run before the retention, with their index entries', async () => {
    await store.storeBatch(
      agent(),
      1,
      tile(1, t('2025-01-01T00:00:00Z'), minute, { allocationId: 'old', workloadFingerprint: 'sha256:old' }),
      now,
    );
    await store.storeBatch(
      agent(),
      2,
      tile(1, t('2026-01-31T00:00:00Z'), minute, { allocationId: 'new', workloadFingerprint: 'sha256:new' }),
      now,
    );
    expect(await store.pruneTenant('tenant-a', now)).toBe(3);
    expect(Object.keys(await workloads('tenant-a'))).toEqual(['sha256:new']);
    expect(await indexed('sha256:old')).toEqual([]);
    expect(await indexed('sha256:new')).toEqual(['tenant-a']);
  });
});
