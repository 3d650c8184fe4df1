/**
 * The Lua of usage-script.ts against the TypeScript it must agree with, run in the real Redis
 * through RedisUsageStore (the script text the collector registers, not a copy of it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import { allocationField, isNewSegment } from '../../../collector/storage/usage-aggregates.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { agent, newSegmentCases, seg, t } from '../usage-fixtures.js';

let tr: TestRedis;

beforeEach(async () => {
  tr = await openTestRedis();
});
afterEach(() => tr.cleanup());

describe('the new-segment test of storeSegmentsLua', () => {
  it.each(newSegmentCases)('stores the segment ($want) for $why, as isNewSegment says', async (c) => {
    const store = new RedisUsageStore({ redis: tr.redis, keys: tr.keys });
    if (c.wm !== undefined) {
      await tr.redis.hset(tr.keys.watermarks('tenant-a'), allocationField('node-1', 'pod-1'), c.wm);
    }
    const result = await store.storeBatch(
      agent(),
      1,
      [seg({ startMs: c.start, endMs: c.end })],
      t('2026-02-10T00:00:00Z'),
    );
    expect(result.accepted === 1).toBe(c.want);
    expect(result.duplicates).toBe(c.want ? 0 : 1);
    expect(isNewSegment(c.start, c.end, c.wm)).toBe(c.want);
  });
});
