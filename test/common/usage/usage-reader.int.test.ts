import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import { chipByModel } from '../../../common/chips/chips.js';
import { ConfigError } from '../../../common/errors.js';
import type { HourlyUsage } from '../../../common/usage/tenant-usage.js';
import { latestUsageEndMs, RedisUsageReader } from '../../../common/usage/usage-reader.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { agent, hour, minute, seg, t, tile } from '../../collector/usage-fixtures.js';

const now = t('2026-03-10T00:00:00Z');

let tr: TestRedis;
let store: RedisUsageStore;
let reader: RedisUsageReader;

beforeEach(async () => {
  tr = await openTestRedis();
  store = new RedisUsageStore({ redis: tr.redis, keys: tr.keys });
  reader = new RedisUsageReader({ redis: tr.redis, keys: tr.keys, batchSize: 2, concurrency: 2 });
});
afterEach(() => tr.cleanup());

const h100 = (hourStartMs: number, gpuSeconds: number): HourlyUsage => ({
  hourStartMs,
  chipModel: 'H100 SXM',
  controlClass: '3A090.a',
  gpuSeconds,
  h100eSeconds: gpuSeconds,
  peakFlop: gpuSeconds * 1979e12,
});

describe('RedisUsageReader.tenantUsage', () => {
  it('reads back what the collector stored, exactly, across hour, day and month edges', async () => {
    // One H100 from 23:30 on 31 January to 00:30 on 1 February (crosses an hour, a day and a
    // month), in 1-minute segments; two H100s for 10 minutes at 12:00 on 28 February.
    await store.storeBatch(agent(), 1, tile(60, t('2026-01-31T23:30:00Z'), minute), now);
    await store.storeBatch(
      agent(),
      2,
      [
        seg({
          startMs: t('2026-02-28T12:00:00Z'),
          endMs: t('2026-02-28T12:10:00Z'),
          gpuUuids: ['GPU-h100-0', 'GPU-h100-1'],
        }),
      ],
      now,
    );
    const usage = await reader.tenantUsage('tenant-a', t('2026-01-01T00:00:00Z'), t('2026-04-01T00:00:00Z'));
    expect(usage).toEqual({
      tenantId: 'tenant-a',
      hours: [
        h100(t('2026-01-31T23:00:00Z'), 1800),
        h100(t('2026-02-01T00:00:00Z'), 1800),
        h100(t('2026-02-28T12:00:00Z'), 1200),
      ],
    });
    expect(latestUsageEndMs([usage])).toBe(t('2026-02-28T13:00:00Z'));
  });

  it('keeps only the hours overlapping [from, to), and reads only the days in usageDays', async () => {
    await store.storeBatch(agent(), 1, tile(3 * 60, t('2026-01-31T22:00:00Z'), minute), now);
    // A stray day hash the usage-days index does not list is not read.
    await tr.redis.hset(tr.keys.hourly('tenant-a', '2026-01-30'), 'H100 SXM|05', '3600000');
    const usage = await reader.tenantUsage('tenant-a', t('2026-01-31T23:30:00Z'), t('2026-02-01T00:00:00Z'));
    expect(usage.hours).toEqual([h100(t('2026-01-31T23:00:00Z'), 3600)]);
    const all = await reader.tenantUsage('tenant-a', 0, t('2027-01-01T00:00:00Z'));
    expect(all.hours.map((h) => h.hourStartMs)).toEqual([
      t('2026-01-31T22:00:00Z'),
      t('2026-01-31T23:00:00Z'),
      t('2026-02-01T00:00:00Z'),
    ]);
    expect((await reader.tenantUsage('tenant-a', t('2026-02-01T01:00:00Z'), now)).hours).toEqual([]);
  });

  it('weights MIG slices, classifies every model and counts unknown chips as unclassified H100s', async () => {
    const start = t('2026-02-10T10:00:00Z');
    await store.storeBatch(
      agent(),
      1,
      [
        seg(
          {
            startMs: start,
            endMs: start + hour,
            gpuUuids: ['MIG-a100-0', 'MIG-a100-1'],
            allocationId: 'mig',
          },
          0,
        ),
        seg({ startMs: start, endMs: start + hour, gpuUuids: ['GPU-l40-0'], allocationId: 'l40' }, 1),
        seg({ startMs: start, endMs: start + hour, gpuUuids: ['GPU-l20-0'], allocationId: 'l20' }, 2),
        seg(
          { startMs: start, endMs: start + hour, gpuUuids: ['GPU-not-in-inventory'], allocationId: 'x' },
          3,
        ),
      ],
      now,
    );
    const usage = await reader.tenantUsage('tenant-a', start, start + hour);
    const a100 = chipByModel('A100');
    const migSeconds = (2 * Math.round((3 / 7) * hour)) / 1000;
    expect(usage.hours).toEqual([
      {
        hourStartMs: start,
        chipModel: 'A100',
        controlClass: '3A090.a',
        gpuSeconds: migSeconds,
        h100eSeconds: migSeconds * a100.h100e,
        peakFlop: migSeconds * (a100.densePeakFlops ?? NaN),
      },
      {
        hourStartMs: start,
        chipModel: 'L20',
        controlClass: 'not-controlled',
        gpuSeconds: 3600,
        h100eSeconds: 3600 * (1912 / 15832),
        peakFlop: 3600 * 239e12,
      },
      {
        hourStartMs: start,
        chipModel: 'L40',
        controlClass: '3A090.b',
        gpuSeconds: 3600,
        h100eSeconds: 3600 * (2896 / 15832),
        peakFlop: 3600 * 362e12,
      },
      {
        hourStartMs: start,
        chipModel: 'unknown',
        controlClass: 'unclassified',
        gpuSeconds: 3600,
        h100eSeconds: 3600,
        peakFlop: 0,
      },
    ]);
  });

  it('answers no hours for a tenant without usage or an empty range', async () => {
    await store.storeBatch(agent(), 1, tile(60, t('2026-02-10T10:00:00Z'), minute), now);
    expect(await reader.tenantUsage('nobody', 0, now)).toEqual({ tenantId: 'nobody', hours: [] });
    expect((await reader.tenantUsage('tenant-a', now, now)).hours).toEqual([]);
    expect(latestUsageEndMs([])).toBe(0);
  });
});

describe('RedisUsageReader.manyTenantUsage', () => {
  it('reads many tenants in order, in batches, each as tenantUsage would', async () => {
    const tenants = ['t-1', 't-2', 't-3', 't-4', 't-5'];
    const segments = tenants.flatMap((tenantId, i) =>
      tile(i + 1, t('2026-02-20T00:00:00Z') + i * 10 * hour, hour, {
        tenantId,
        allocationId: `a-${tenantId}`,
      }),
    );
    await store.storeBatch(agent(), 1, segments, now);
    const ids = ['t-5', 'nobody', ...tenants, 't-1'];
    const from = t('2026-02-01T00:00:00Z');
    const many = await reader.manyTenantUsage(ids, from, now);
    expect(many.map((u) => u.tenantId)).toEqual(ids);
    expect(many.map((u) => u.hours.length)).toEqual([5, 0, 1, 2, 3, 4, 5, 1]);
    for (const [i, id] of ids.entries()) expect(many[i]).toEqual(await reader.tenantUsage(id, from, now));
    // t-5: 5 hours from 20 Feb 40:00, i.e. 21 Feb 16:00–21:00.
    expect(latestUsageEndMs(many)).toBe(t('2026-02-21T21:00:00Z'));
    expect(await reader.manyTenantUsage([], from, now)).toEqual([]);
  });

  it('refuses a batch size or concurrency that is not a positive integer, listing each', () => {
    expect(() => new RedisUsageReader({ redis: tr.redis, keys: tr.keys, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new RedisUsageReader({ redis: tr.redis, keys: tr.keys, concurrency: 1.5 })).toThrow(
      /concurrency/,
    );
    const error = (() => {
      try {
        return new RedisUsageReader({ redis: tr.redis, keys: tr.keys, batchSize: 0, concurrency: -1 });
      } catch (err: unknown) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { field: 'batchSize', reason: 'expected a positive integer, got 0' },
      { field: 'concurrency', reason: 'expected a positive integer, got -1' },
    ]);
  });
});

describe('RedisUsageReader.manyTenantDailyUsage', () => {
  it('reads the whole days inside the range from the daily aggregates, past the hourly retention', async () => {
    // Two H100s from 22:00 on 31 January to 02:00 on 1 February; an L20 on 10 February.
    await store.storeBatch(
      agent(),
      1,
      [
        ...tile(4, t('2026-01-31T22:00:00Z'), hour, { gpuUuids: ['GPU-h100-0', 'GPU-h100-1'] }),
        ...tile(2, t('2026-02-10T00:00:00Z'), hour, { allocationId: 'l20', gpuUuids: ['GPU-l20-0'] }),
      ],
      now,
    );
    // Hourly hashes past their retention do not matter: days come from the daily ones.
    await tr.redis.del(tr.keys.hourly('tenant-a', '2026-01-31'));
    // Fields the collector never writes are skipped.
    await tr.redis.hset(tr.keys.daily('tenant-a', '2026-02'), {
      'H100 SXM|1': '5',
      '|02': '5',
      'L20|03': '0',
    });
    const [a, nobody] = await reader.manyTenantDailyUsage(
      ['tenant-a', 'nobody'],
      t('2026-01-01T00:00:00Z'),
      t('2026-03-01T00:00:00Z'),
    );
    expect(a).toEqual({
      tenantId: 'tenant-a',
      days: [
        { day: '2026-01-31', chipModel: 'H100 SXM', gpuMs: 4 * hour },
        { day: '2026-02-01', chipModel: 'H100 SXM', gpuMs: 4 * hour },
        { day: '2026-02-10', chipModel: 'L20', gpuMs: 2 * hour },
      ],
    });
    expect(nobody).toEqual({ tenantId: 'nobody', days: [] });
    // Only whole days: from 1 February, to (exclusive) 10 February.
    const [cut] = await reader.manyTenantDailyUsage(
      ['tenant-a'],
      t('2026-02-01T00:00:00Z'),
      t('2026-02-10T00:00:00Z'),
    );
    expect(cut?.days).toEqual([{ day: '2026-02-01', chipModel: 'H100 SXM', gpuMs: 4 * hour }]);
    expect(await reader.manyTenantDailyUsage(['tenant-a'], now, now)).toEqual([
      { tenantId: 'tenant-a', days: [] },
    ]);
  });
});
