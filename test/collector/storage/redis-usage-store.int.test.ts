import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAuditEntry, type AuditSegment } from '../../../collector/storage/audit-record.js';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import type { RedisUsageStoreOptions } from '../../../collector/storage/redis-usage-store-config.js';
import type { UsageStore } from '../../../collector/storage/usage-store.js';
import { ConfigError } from '../../../common/errors.js';
import { RedisKeys } from '../../../common/redis-keys.js';
import { openTestRedis, PrivateRedisServer, type TestRedis } from '../../helpers/redis.js';
import { agent, hour, minute, seg, t, tile } from '../usage-fixtures.js';
import type { Redis } from 'ioredis';
import { pb } from '../../../common/proto.js';
import { workloadFingerprintDigest } from '../../../common/tenants/workload-fingerprints.js';

/** Every segment in a tenant's audit stream, in order. */
async function auditSegments(redis: Redis, key: string): Promise<AuditSegment[]> {
  const entries = await redis.xrangeBuffer(key, '-', '+');
  return entries.flatMap(([, fields]) => decodeAuditEntry(fields));
}

const now = t('2026-02-10T00:00:00Z');

let tr: TestRedis;
let store: RedisUsageStore;

function newStore(options: Partial<RedisUsageStoreOptions> = {}): RedisUsageStore {
  return new RedisUsageStore({ redis: tr.redis, keys: tr.keys, ...options });
}

beforeEach(async () => {
  tr = await openTestRedis();
  store = newStore();
});
afterEach(() => tr.cleanup());

async function totalSeconds(s: UsageStore, tenantId: string): Promise<number> {
  return Number((await s.tenantUsage(tenantId, 0, 0, now)).total_gpu_seconds);
}

describe('RedisUsageStore.storeBatch', () => {
  it('stores every segment once and reports what it stored', async () => {
    const segments = tile(10, t('2026-01-31T10:00:00Z'), minute, { gpuUuids: ['GPU-h100-0', 'GPU-l20-0'] });
    const result = await store.storeBatch(agent(), 1, segments, now);
    expect(result).toEqual({
      duplicateBatch: false,
      accepted: 10,
      duplicates: 0,
      rejected: [],
      changedTenants: ['tenant-a'],
      gpuSecondsByClass: { '3A090.a': 600, 'not-controlled': 600 },
    });
    expect(await tr.redis.hgetall(tr.keys.hourly('tenant-a', '2026-01-31'))).toEqual({
      'H100 SXM|10': String(10 * minute),
      'L20|10': String(10 * minute),
    });
    expect(await tr.redis.hgetall(tr.keys.daily('tenant-a', '2026-01'))).toEqual({
      'H100 SXM|31': String(10 * minute),
      'L20|31': String(10 * minute),
    });
    expect(await tr.redis.hgetall(tr.keys.usageDays('tenant-a'))).toEqual({ '2026-01-31': '1' });
    expect(await tr.redis.hget(tr.keys.watermarks('tenant-a'), 'node-1\x1fpod-1')).toBe(
      String(t('2026-01-31T10:10:00Z')),
    );
    expect(await tr.redis.hget(tr.keys.batchSeq('node-1'), 'spool-1')).toBe('1');
    expect(await tr.redis.smembers(tr.keys.tenants())).toEqual(['tenant-a']);
  });

  it('writes one audit entry per tenant and batch with the stored segments and the agent id', async () => {
    const [a, b] = tile(2, t('2026-01-31T10:00:00Z'), minute);
    if (a === undefined || b === undefined) throw new Error('fixture');
    await store.storeBatch(
      agent(),
      1,
      [a, { ...b, gpuUtilization: undefined, memoryUsedBytes: undefined }],
      now,
    );
    expect(await tr.redis.xlen(tr.keys.audit('tenant-a'))).toBe(1);
    const records = await auditSegments(tr.redis, tr.keys.audit('tenant-a'));
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({
      tenant_id: 'tenant-a',
      allocation_id: 'pod-1',
      gpu_uuids: ['GPU-h100-0'],
      gpu_shares: [],
      start_unix_ms: a.startMs,
      end_unix_ms: a.endMs,
      gpu_utilization: 0.5,
      memory_used_bytes: 1_000_000,
      source: 'kubernetes',
      workload_fingerprint: 'sha256:feed',
      labels: { team: 'x' },
      agent_id: 'node-1',
    });
    expect(records[1]).not.toHaveProperty('gpu_utilization');
    expect(records[1]).not.toHaveProperty('memory_used_bytes');
  });

  it('keeps the bytes the agent sent, unchanged, as the audit record', async () => {
    const [a] = tile(1, t('2026-01-31T10:00:00Z'), minute);
    if (a === undefined) throw new Error('fixture');
    // A newer agent may send fields this version does not know (here field 100): kept as sent.
    const inner = Buffer.concat([
      pb.UsageSegment.encode({
        tenant_id: 'tenant-a',
        allocation_id: 'pod-1',
        gpu_uuids: ['GPU-h100-0'],
      }).finish(),
      Buffer.from([0xa0, 0x06, 0x01]),
    ]);
    const framed = Buffer.concat([Buffer.from([0x12, inner.length]), inner]);
    await store.storeBatch(agent(), 1, [{ ...a, encoded: framed }], now);
    const entries = await tr.redis.xrangeBuffer(tr.keys.audit('tenant-a'), '-', '+');
    expect(entries[0]?.[1][3]).toEqual(framed);
    expect(pb.UsageBatch.decode(framed).segments[0]?.allocation_id).toBe('pod-1');
  });

  it('changes nothing when the same batch is replayed, and says it was a duplicate', async () => {
    const segments = tile(5, t('2026-01-31T10:00:00Z'), minute);
    await store.storeBatch(agent(), 1, segments, now);
    const before = await store.tenantUsage('tenant-a', 0, 0, now);
    const replay = await store.storeBatch(agent(), 1, segments, now);
    expect(replay).toMatchObject({ duplicateBatch: true, accepted: 0, duplicates: 5, changedTenants: [] });
    expect(await store.tenantUsage('tenant-a', 0, 0, now)).toEqual(before);
    expect(await auditSegments(tr.redis, tr.keys.audit('tenant-a'))).toHaveLength(5);
  });

  it('counts re-batched segments under new seq numbers once', async () => {
    const segments = tile(6, t('2026-01-31T10:00:00Z'), minute);
    await store.storeBatch(agent(), 1, segments.slice(0, 4), now);
    // After a crash the agent sends 3..5 again in a new batch, and then all of them once more.
    const second = await store.storeBatch(agent(), 2, segments.slice(2), now);
    expect(second).toMatchObject({ duplicateBatch: false, accepted: 2, duplicates: 2 });
    expect(second.gpuSecondsByClass).toEqual({ '3A090.a': 120 });
    const third = await store.storeBatch(agent(), 3, segments, now);
    expect(third).toMatchObject({ duplicateBatch: false, accepted: 0, duplicates: 6, changedTenants: [] });
    expect(third.gpuSecondsByClass).toEqual({});
    expect(await totalSeconds(store, 'tenant-a')).toBe(6 * 60);
    expect(await auditSegments(tr.redis, tr.keys.audit('tenant-a'))).toHaveLength(6);
    expect(await tr.redis.hget(tr.keys.batchSeq('node-1'), 'spool-1')).toBe('3');
  });

  it('rejects new content under a known (agent, spool, seq), naming the stored seq, and stores none of it', async () => {
    await store.storeBatch(agent(), 7, tile(1, t('2026-01-31T10:00:00Z'), minute), now);
    const other = tile(1, t('2026-01-31T11:00:00Z'), minute, { allocationId: 'pod-2' });
    const sameSeq = await store.storeBatch(agent(), 7, other, now);
    expect(sameSeq).toMatchObject({ duplicateBatch: true, accepted: 0, duplicates: 0 });
    expect(sameSeq.rejected.map((r) => [r.index, r.field])).toEqual([[0, 'batch.seq']]);
    expect(sameSeq.rejected[0]?.reason).toMatch(
      /^expected more than 7 \(the last batch stored for spool "spool-1"; .*\), got 7$/,
    );
    expect((await store.storeBatch(agent(), 5, other, now)).rejected).toHaveLength(1);
    expect(await totalSeconds(store, 'tenant-a')).toBe(60);
    // Another spool of the same agent (a reinstalled node) starts over at seq 1.
    expect(await store.storeBatch(agent('node-1', 'spool-2'), 1, other, now)).toMatchObject({
      duplicateBatch: false,
      accepted: 1,
    });
    expect(await totalSeconds(store, 'tenant-a')).toBe(120);
  });

  it('acks an exact replay of an old batch as duplicates, and rejects only the new segment mixed into it', async () => {
    const start = t('2026-01-31T10:00:00Z');
    const first = tile(3, start, minute);
    await store.storeBatch(agent(), 1, first, now);
    await store.storeBatch(agent(), 2, tile(1, start + 3 * minute, minute), now);
    const replay = await store.storeBatch(agent(), 1, first, now);
    expect(replay).toMatchObject({ duplicateBatch: true, accepted: 0, duplicates: 3, rejected: [] });
    const mixed = await store.storeBatch(
      agent(),
      1,
      [first[0], seg({ startMs: start + 10 * minute, endMs: start + 11 * minute }, 1), first[2]].filter(
        (s) => s !== undefined,
      ),
      now,
    );
    expect(mixed).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(mixed.rejected.map((r) => [r.index, r.field])).toEqual([[1, 'batch.seq']]);
    expect(await totalSeconds(store, 'tenant-a')).toBe(4 * 60);
  });

  it('rejects segments of an allocation that overlap its stored usage, naming the stored end', async () => {
    const start = t('2026-01-31T10:00:00Z');
    // A client sending one segment per GPU for the same allocation and window.
    const perGpu = await store.storeBatch(
      agent(),
      1,
      [
        seg({ startMs: start, endMs: start + minute, gpuUuids: ['GPU-h100-0'] }, 0),
        seg({ startMs: start, endMs: start + minute, gpuUuids: ['GPU-h100-1'] }, 1),
      ],
      now,
    );
    expect(perGpu).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(perGpu.rejected.map((r) => [r.index, r.field])).toEqual([[1, 'start_unix_ms']]);
    expect(perGpu.rejected[0]?.reason).toContain(
      `expected ≥ 2026-01-31T10:01:00.000Z (the end of allocation "pod-1"'s stored usage;`,
    );
    expect(perGpu.rejected[0]?.reason).toMatch(/, got 1769853600000 \(2026-01-31T10:00:00\.000Z\)$/);
    // Segments out of order: the later one first; the earlier one is refused, not dropped.
    const outOfOrder = await store.storeBatch(
      agent(),
      2,
      [
        seg({ startMs: start + 2 * minute, endMs: start + 3 * minute }, 0),
        seg({ startMs: start + minute, endMs: start + 2 * minute }, 1),
      ],
      now,
    );
    expect(outOfOrder).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(outOfOrder.rejected.map((r) => r.index)).toEqual([1]);
    expect(outOfOrder.rejected[0]?.reason).toContain('expected ≥ 2026-01-31T10:03:00.000Z');
    expect(await totalSeconds(store, 'tenant-a')).toBe(120);
    expect(outOfOrder.gpuSecondsByClass).toEqual({ '3A090.a': 60 });
  });

  it("keeps each stored segment's digest for the replay window, under the tenant's hash tag", async () => {
    const s = newStore({ replayWindowMs: 2 * hour });
    await s.storeBatch(agent(), 1, tile(3, t('2026-01-31T10:58:00Z'), minute), now);
    const keys = [
      tr.keys.segmentDigests('tenant-a', t('2026-01-31T10:00:00Z')),
      tr.keys.segmentDigests('tenant-a', t('2026-01-31T11:00:00Z')),
    ];
    expect(keys[0]).toContain('{t:tenant-a}');
    expect(await tr.redis.strlen(keys[0] ?? '')).toBe(2 * 12);
    expect(await tr.redis.strlen(keys[1] ?? '')).toBe(12);
    for (const key of keys) {
      const ttl = await tr.redis.ttl(key);
      expect(ttl).toBeGreaterThan(2 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(2 * 3600);
    }
    // Once the window has passed (the digests are gone), a replay is refused, never counted again.
    await tr.redis.del(...keys);
    const late = await s.storeBatch(agent(), 2, tile(3, t('2026-01-31T10:58:00Z'), minute), now);
    expect(late).toMatchObject({ accepted: 0, duplicates: 0 });
    expect(late.rejected).toHaveLength(3);
    expect(await totalSeconds(s, 'tenant-a')).toBe(180);
  });

  it('counts GPU shares exactly: four 25 % sharers of one GPU for an hour make one GPU-hour', async () => {
    const start = t('2026-01-31T10:00:00Z');
    const sharers = [0, 1, 2, 3].map((i) =>
      seg(
        {
          allocationId: `pod-${i}`,
          startMs: start,
          endMs: start + hour,
          gpuUuids: ['GPU-h100-0'],
          gpuShares: [0.25],
        },
        i,
      ),
    );
    const result = await store.storeBatch(agent(), 1, sharers, now);
    expect(result).toMatchObject({ accepted: 4, rejected: [] });
    expect(result.gpuSecondsByClass).toEqual({ '3A090.a': 3600 });
    expect(await totalSeconds(store, 'tenant-a')).toBe(3600);
    // A MIG slice at a third: weight × share; a whole GPU beside a half of another.
    await store.storeBatch(
      agent(),
      2,
      [
        seg({
          allocationId: 'mig',
          startMs: start,
          endMs: start + 7 * minute,
          gpuUuids: ['MIG-a100-0'],
          gpuShares: [1 / 3],
        }),
        seg({
          allocationId: 'pair',
          startMs: start,
          endMs: start + minute,
          gpuUuids: ['GPU-l40-0', 'GPU-l20-0'],
          gpuShares: [1, 0.5],
        }),
      ],
      now,
    );
    expect(await totalSeconds(store, 'tenant-a')).toBe(3600 + 60 + 60 + 30);
    const audit = await auditSegments(tr.redis, tr.keys.audit('tenant-a'));
    expect(audit.map((a) => a.gpu_shares)).toEqual([[0.25], [0.25], [0.25], [0.25], [1 / 3], [1, 0.5]]);
  });

  it('keeps the batch seq at its highest when an older batch arrives late', async () => {
    await store.storeBatch(agent(), 5, [], now);
    const late = await store.storeBatch(agent(), 3, tile(1, t('2026-01-31T10:00:00Z'), minute), now);
    expect(late.duplicateBatch).toBe(true);
    expect(late.rejected).toHaveLength(1);
    expect(await tr.redis.hget(tr.keys.batchSeq('node-1'), 'spool-1')).toBe('5');
  });

  it('splits a segment at hour, day and month edges exactly', async () => {
    const s = seg({
      startMs: t('2026-01-31T23:30:00Z'),
      endMs: t('2026-02-01T00:30:00Z'),
      gpuUuids: ['GPU-h100-0', 'GPU-h100-1'],
    });
    await store.storeBatch(agent(), 1, [s], now);
    const halfHour2 = String(2 * 30 * minute);
    expect(await tr.redis.hgetall(tr.keys.hourly('tenant-a', '2026-01-31'))).toEqual({
      'H100 SXM|23': halfHour2,
    });
    expect(await tr.redis.hgetall(tr.keys.hourly('tenant-a', '2026-02-01'))).toEqual({
      'H100 SXM|00': halfHour2,
    });
    expect(await tr.redis.hgetall(tr.keys.daily('tenant-a', '2026-01'))).toEqual({
      'H100 SXM|31': halfHour2,
    });
    expect(await tr.redis.hgetall(tr.keys.daily('tenant-a', '2026-02'))).toEqual({
      'H100 SXM|01': halfHour2,
    });
    const usage = await store.tenantUsage('tenant-a', 0, 0, now);
    expect(usage.rows).toEqual([
      {
        day: '2026-01-31',
        chip_model: 'H100 SXM',
        control_class: '3A090.a',
        gpu_seconds: 3600,
        h100e_seconds: 3600,
      },
      {
        day: '2026-02-01',
        chip_model: 'H100 SXM',
        control_class: '3A090.a',
        gpu_seconds: 3600,
        h100e_seconds: 3600,
      },
    ]);
    expect(usage.total_gpu_seconds).toBe(7200);
    const january = await store.tenantUsage(
      'tenant-a',
      t('2026-01-01T00:00:00Z'),
      t('2026-02-01T00:00:00Z'),
      now,
    );
    expect(january.total_gpu_seconds).toBe(3600);
    expect(january.rows?.map((r) => r.day)).toEqual(['2026-01-31']);
  });

  it('rounds a range that is not hour-aligned outwards and reports the range it answered', async () => {
    await store.storeBatch(agent(), 1, tile(4 * 60, t('2026-01-31T22:00:00Z'), minute), now);
    const usage = await store.tenantUsage(
      'tenant-a',
      t('2026-01-31T23:45:00Z'),
      t('2026-02-01T00:10:00Z'),
      now,
    );
    expect(usage.effective_from_unix_ms).toBe(t('2026-01-31T23:00:00Z'));
    expect(usage.effective_to_unix_ms).toBe(t('2026-02-01T01:00:00Z'));
    expect(usage.total_gpu_seconds).toBe(2 * 3600);
    // to = 0 means up to now, rounded up to the hour.
    const upToNow = await store.tenantUsage('tenant-a', 0, 0, t('2026-02-01T00:20:00Z'));
    expect(upToNow.effective_to_unix_ms).toBe(t('2026-02-01T01:00:00Z'));
    expect(upToNow.effective_from_unix_ms).toBe(0);
    expect(upToNow.total_gpu_seconds).toBe(3 * 3600);
  });

  it('weighs MIG slices and counts unknown GPUs as unclassified', async () => {
    const segments = [
      seg({
        startMs: t('2026-01-31T10:00:00Z'),
        endMs: t('2026-01-31T10:01:00Z'),
        gpuUuids: ['MIG-a100-0', 'MIG-a100-1'],
      }),
      seg({
        startMs: t('2026-01-31T10:00:00Z'),
        endMs: t('2026-01-31T10:01:00Z'),
        allocationId: 'pod-2',
        gpuUuids: ['GPU-not-in-inventory'],
      }),
    ];
    const result = await store.storeBatch(agent(), 1, segments, now);
    const migMs = 2 * Math.round((3 / 7) * minute);
    expect(result.gpuSecondsByClass).toEqual({ '3A090.a': migMs / 1000, unclassified: 60 });
    const usage = await store.tenantUsage('tenant-a', 0, 0, now);
    expect(usage.rows).toEqual([
      {
        day: '2026-01-31',
        chip_model: 'A100',
        control_class: '3A090.a',
        gpu_seconds: migMs / 1000,
        h100e_seconds: (migMs / 1000) * (4992 / 15832),
      },
      {
        day: '2026-01-31',
        chip_model: 'unknown',
        control_class: 'unclassified',
        gpu_seconds: 60,
        h100e_seconds: 60,
      },
    ]);
  });

  it('stores a batch spanning three tenants, each in its own slot', async () => {
    const start = t('2026-01-31T10:00:00Z');
    const segments = [
      ...tile(3, start, minute, { tenantId: 'tenant-a', allocationId: 'a1' }),
      ...tile(2, start, minute, { tenantId: 'tenant-b', allocationId: 'b1', gpuUuids: ['GPU-h100-1'] }),
      ...tile(1, start, minute, { tenantId: 'tenant-c', allocationId: 'c1', gpuUuids: ['GPU-l40-0'] }),
      ...tile(1, start + 3 * minute, minute, { tenantId: 'tenant-a', allocationId: 'a1' }),
    ];
    const result = await store.storeBatch(agent(), 1, segments, now);
    expect(result).toMatchObject({
      accepted: 7,
      duplicates: 0,
      changedTenants: ['tenant-a', 'tenant-b', 'tenant-c'],
    });
    expect(result.gpuSecondsByClass).toEqual({ '3A090.a': 360, '3A090.b': 60 });
    expect(await totalSeconds(store, 'tenant-a')).toBe(240);
    expect(await totalSeconds(store, 'tenant-b')).toBe(120);
    expect(await totalSeconds(store, 'tenant-c')).toBe(60);
    expect((await tr.redis.smembers(tr.keys.tenants())).sort()).toEqual(['tenant-a', 'tenant-b', 'tenant-c']);
    // Only tenants with something new are reported the next time.
    const next = await store.storeBatch(
      agent(),
      2,
      [
        ...tile(1, start, minute, { tenantId: 'tenant-b', allocationId: 'b1', gpuUuids: ['GPU-h100-1'] }),
        seg({ tenantId: 'tenant-c', allocationId: 'c1', startMs: start + minute, endMs: start + 2 * minute }),
      ],
      now,
    );
    expect(next).toMatchObject({ accepted: 1, duplicates: 1, changedTenants: ['tenant-c'] });
  });

  it('keeps the current allocation per GPU and per allocation, newest only', async () => {
    const start = t('2026-01-31T10:00:00Z');
    await store.storeBatch(agent(), 1, tile(2, start, minute, { allocationId: 'pod-new' }), now);
    // A late batch of an older allocation on the same GPU must not take it back.
    await store.storeBatch(agent(), 2, tile(1, start - hour, minute, { allocationId: 'pod-old' }), now);
    const holder = JSON.parse(
      (await tr.redis.hget(tr.keys.nodeGpus('node-1'), 'GPU-h100-0')) ?? '{}',
    ) as unknown;
    expect(holder).toEqual({ tenant_id: 'tenant-a', allocation_id: 'pod-new', end: start + 2 * minute });
    const alloc = JSON.parse(
      (await tr.redis.hget(tr.keys.allocations('tenant-a'), 'node-1\x1fpod-new')) ?? '{}',
    ) as unknown;
    expect(alloc).toEqual({
      agent: 'node-1',
      gpu_uuids: ['GPU-h100-0'],
      start: start + minute,
      end: start + 2 * minute,
    });
  });

  it('sets retention TTLs once per key, and none on the audit stream when archiving', async () => {
    await store.storeBatch(agent(), 1, tile(2, t('2026-01-31T10:00:00Z'), minute), now);
    const ttl = (key: string) => tr.redis.ttl(key);
    expect(await ttl(tr.keys.hourly('tenant-a', '2026-01-31'))).toBeGreaterThan(119 * 86400);
    expect(await ttl(tr.keys.hourly('tenant-a', '2026-01-31'))).toBeLessThanOrEqual(120 * 86400);
    expect(await ttl(tr.keys.daily('tenant-a', '2026-01'))).toBeGreaterThan(6 * 365 * 86400);
    expect(await ttl(tr.keys.watermarks('tenant-a'))).toBeGreaterThan(399 * 86400);
    expect(await ttl(tr.keys.audit('tenant-a'))).toBeGreaterThan(6 * 86400);

    const archiving = newStore({ archiveEnabled: true });
    await archiving.storeBatch(
      agent(),
      2,
      tile(1, t('2026-01-31T11:00:00Z'), minute, { tenantId: 'tenant-z' }),
      now,
    );
    expect(await ttl(tr.keys.audit('tenant-z'))).toBe(-1);
  });

  it('trims the audit stream by age unless archiving is on', async () => {
    // Enough entries for XTRIM's approximate mode to drop whole nodes (100 entries each).
    // One entry per tenant and batch: 300 batches of one segment make 300 entries.
    const store1s = newStore({ auditRetentionMs: 1000, maintenanceIntervalMs: 0 });
    const archiving = newStore({ auditRetentionMs: 1000, archiveEnabled: true });
    const first = tile(300, t('2026-01-31T00:00:00Z'), minute);
    const firstZ = tile(300, t('2026-01-31T00:00:00Z'), minute, { tenantId: 'tenant-z' });
    for (let i = 0; i < 300; i++) {
      await store1s.storeBatch(agent(), i + 1, first.slice(i, i + 1), now);
      await archiving.storeBatch(agent('node-2'), i + 1, firstZ.slice(i, i + 1), now);
    }
    await new Promise((r) => setTimeout(r, 1100));
    await store1s.storeBatch(agent(), 301, tile(1, t('2026-01-31T05:00:00Z'), minute), now);
    await archiving.storeBatch(
      agent('node-2'),
      301,
      tile(1, t('2026-01-31T05:00:00Z'), minute, { tenantId: 'tenant-z' }),
      now,
    );
    expect(await tr.redis.xlen(tr.keys.audit('tenant-a'))).toBeLessThan(100);
    expect(await tr.redis.xlen(tr.keys.audit('tenant-z'))).toBe(301);
    // Trimming the log never touches the aggregates.
    expect(await totalSeconds(store1s, 'tenant-a')).toBe(301 * 60);
  });

  it('refuses a seq that is not a positive integer, naming it', async () => {
    await expect(store.storeBatch(agent(), 0, [], now)).rejects.toThrow(
      /seq: expected a positive integer, got 0/,
    );
  });

  it('refuses bad options, listing each', () => {
    expect(() => newStore({ auditRetentionMs: -1, durability: 'sometimes' as never })).toThrow(ConfigError);
    expect(() => newStore({ hourlyRetentionMs: 1.5 })).toThrow(/hourlyRetentionMs: expected an integer/);
  });
});

describe('RedisUsageStore workload fingerprints', () => {
  const workloads = async (tenantId: string): Promise<Record<string, string>> =>
    tr.redis.hgetall(tr.keys.workloads(tenantId));
  const indexed = async (fingerprint: string): Promise<string[]> =>
    (
      await tr.redis.smembers(
        tr.keys.identity('workload_fingerprint', workloadFingerprintDigest(fingerprint)),
      )
    ).sort();

  it('keeps the latest end per fingerprint of stored segments and indexes the tenant under its digest', async () => {
    const start = t('2026-01-31T10:00:00Z');
    await store.storeBatch(
      agent(),
      1,
      [
        ...tile(3, start, minute, { workloadFingerprint: ' sha256:aa ' }),
        ...tile(2, start, minute, { allocationId: 'pod-2', workloadFingerprint: 'sha256:bb' }),
        ...tile(2, start, minute, { allocationId: 'pod-3', workloadFingerprint: '' }),
        ...tile(1, start, minute, { tenantId: 'tenant-b', workloadFingerprint: 'sha256:aa' }),
      ],
      now,
    );
    expect(await workloads('tenant-a')).toEqual({
      'sha256:aa': String(start + 3 * minute),
      'sha256:bb': String(start + 2 * minute),
    });
    expect(await workloads('tenant-b')).toEqual({ 'sha256:aa': String(start + minute) });
    expect(await indexed('sha256:aa')).toEqual(['tenant-a', 'tenant-b']);
    expect(await indexed('sha256:bb')).toEqual(['tenant-a']);
    expect(await tr.redis.ttl(tr.keys.workloads('tenant-a'))).toBeGreaterThan(399 * 86400);
  });

  it('records nothing for replayed segments and never moves a last-seen time back', async () => {
    const start = t('2026-01-31T10:00:00Z');
    await store.storeBatch(agent(), 1, tile(5, start, minute, { workloadFingerprint: 'sha256:aa' }), now);
    // The same segments again under a new seq, claiming another image: all replays.
    const replay = await store.storeBatch(
      agent(),
      2,
      tile(5, start, minute, { workloadFingerprint: 'sha256:cc' }),
      now,
    );
    expect(replay.accepted).toBe(0);
    // An older segment of another allocation arrives late.
    await store.storeBatch(
      agent(),
      3,
      tile(1, start - hour, minute, { allocationId: 'late', workloadFingerprint: 'sha256:aa' }),
      now,
    );
    expect(await workloads('tenant-a')).toEqual({ 'sha256:aa': String(start + 5 * minute) });
    expect(await indexed('sha256:cc')).toEqual([]);
  });

  it('writes a last-seen time once per hour per process, never lowering it', async () => {
    const start = t('2026-01-31T10:00:00Z');
    await store.storeBatch(agent(), 1, tile(1, start, minute), now);
    await store.storeBatch(agent(), 2, tile(1, start + minute, minute), now);
    // Same hour, same process: the first write stands (the index is to the hour).
    expect(await workloads('tenant-a')).toEqual({ 'sha256:feed': String(start + minute) });
    await store.storeBatch(agent(), 3, tile(1, start + hour, minute), now);
    expect(await workloads('tenant-a')).toEqual({ 'sha256:feed': String(start + hour + minute) });
    // Another process knows nothing of it and writes, but never below what is there.
    await newStore().storeBatch(agent('node-2'), 1, tile(1, start + 30 * minute, minute), now);
    expect(await workloads('tenant-a')).toEqual({ 'sha256:feed': String(start + hour + minute) });
    await newStore().storeBatch(agent('node-3'), 1, tile(1, start + hour + 5 * minute, minute), now);
    expect(await workloads('tenant-a')).toEqual({ 'sha256:feed': String(start + hour + 6 * minute) });
    // A call whose later segments reach the next hour: the latest end counts, not the first.
    await store.storeBatch(agent(), 4, tile(3, start + hour + 58 * minute, minute), now);
    expect(await workloads('tenant-a')).toEqual({ 'sha256:feed': String(start + 2 * hour + minute) });
  });
});

describe('RedisUsageStore.recordHello', () => {
  it('keeps the node inventory and registers the agent', async () => {
    const gpus = [{ uuid: 'GPU-h100-0', name: 'NVIDIA H100 80GB HBM3', index: 0 }];
    await store.recordHello(agent(), { cluster: 'c1', site: 'fra1', agentVersion: '1.2.3', gpus }, now);
    expect(await tr.redis.hgetall(tr.keys.node('node-1'))).toEqual({
      cluster: 'c1',
      site: 'fra1',
      agent_version: '1.2.3',
      spool_id: 'spool-1',
      gpus: JSON.stringify(gpus),
      last_hello_ms: String(now),
    });
    expect(await tr.redis.smembers(tr.keys.agents())).toEqual(['node-1']);
  });
});

describe('durability', () => {
  it('reports that the shared test Redis (no appendfsync always) does not make acks durable', async () => {
    const report = await store.checkDurability();
    const [, fsync] = (await tr.redis.config('GET', 'appendfsync')) as [string, string];
    const [, aof] = (await tr.redis.config('GET', 'appendonly')) as [string, string];
    expect(report.durable).toBe(aof === 'yes' && fsync === 'always');
    expect(store.durabilityReport()).toEqual(report);
  });

  it('keeps everything storeBatch resolved when Redis is SIGKILLed, with AOF and appendfsync always', async () => {
    const server = await PrivateRedisServer.start({ aof: true, appendfsync: 'always' });
    try {
      const redis = server.client();
      const keys = new RedisKeys('gwtest');
      const s = new RedisUsageStore({ redis, keys });
      expect(await s.checkDurability()).toMatchObject({ mode: 'appendfsync-always', durable: true });
      const start = t('2026-01-31T20:00:00Z');
      const tenants = ['k1', 'k2', 'k3'];
      // Several agents' batches in flight at once, as a busy collector has them.
      const results = await Promise.all(
        [1, 2, 3, 4].map(async (n) => {
          let accepted = 0;
          for (let seq = 1; seq <= 5; seq++) {
            const segments = tenants.flatMap((tenant) =>
              tile(20, start + (seq - 1) * 20 * minute, minute, { tenantId: tenant, allocationId: `p${n}` }),
            );
            accepted += (await s.storeBatch(agent(`node-${n}`), seq, segments, now)).accepted;
          }
          return accepted;
        }),
      );
      expect(results).toEqual([300, 300, 300, 300]);
      const before = await Promise.all(tenants.map((tenant) => s.tenantUsage(tenant, 0, 0, now)));

      await server.kill('SIGKILL');
      await server.restart();

      for (const [i, tenant] of tenants.entries()) {
        expect(await s.tenantUsage(tenant, 0, 0, now)).toEqual(before[i]);
        expect(before[i]?.total_gpu_seconds).toBe(4 * 100 * 60);
        expect(await auditSegments(redis, keys.audit(tenant))).toHaveLength(400);
      }
      // Watermarks and batch seqs survived too: a full replay adds nothing. The script cache did
      // not survive: this also shows the NOSCRIPT fallback.
      const replay = await s.storeBatch(
        agent('node-1'),
        6,
        tenants.flatMap((tenant) => tile(100, start, minute, { tenantId: tenant, allocationId: 'p1' })),
        now,
      );
      expect(replay).toMatchObject({ accepted: 0, duplicates: 300 });
      expect(await s.storeBatch(agent('node-1'), 5, [], now)).toMatchObject({ duplicateBatch: true });
    } finally {
      await server.stop();
    }
  });
});
