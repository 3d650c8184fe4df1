/**
 * The Lua of usage-script.ts against the TypeScript it must agree with, run in the real Redis
 * through RedisUsageStore (the script text the collector registers, not a copy of it), and the
 * in-memory twin held to the same table.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryUsageStore } from '../../../collector/storage/in-memory-usage-store.js';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import { verdictOf, type SegmentVerdict } from '../../../collector/storage/segment-replay.js';
import { isNewSegment } from '../../../collector/storage/usage-aggregates.js';
import type { StoreBatchResult, UsageStore } from '../../../collector/storage/usage-store.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { agent, newSegmentCases, seg, t } from '../usage-fixtures.js';

let tr: TestRedis;

beforeEach(async () => {
  tr = await openTestRedis();
});
afterEach(() => tr.cleanup());

const now = t('2026-02-10T00:00:00Z');

/**
 * Each case of the shared table as the store sees it: the segment either was stored before
 * (only possible when it is not new: a stored segment lies below the watermark) or not.
 */
const verdictCases = newSegmentCases.flatMap((c) => {
  const fresh: typeof c & { storedBefore: boolean; verdict: SegmentVerdict } = {
    ...c,
    storedBefore: false,
    verdict: c.want ? 'new' : 'overlap',
  };
  if (c.want) return [fresh];
  return [fresh, { ...c, storedBefore: true, verdict: 'replay' }];
});

function verdictOfResult(r: StoreBatchResult): SegmentVerdict {
  if (r.accepted === 1) return 'new';
  if (r.duplicates === 1) return 'replay';
  expect(r.rejected).toHaveLength(1);
  return 'overlap';
}

/** Brings the allocation to the case's state, then sends the case's segment. */
async function sendCase(store: UsageStore, c: (typeof verdictCases)[number]): Promise<StoreBatchResult> {
  const segment = seg({ startMs: c.start, endMs: c.end });
  if (c.storedBefore) {
    // The segment itself was stored: the watermark is at least its end.
    await store.storeBatch(agent(), 1, [segment], now);
  } else if (c.wm !== undefined) {
    // Something else of the allocation was stored, ending at the watermark.
    await store.storeBatch(
      agent(),
      1,
      [seg({ startMs: c.wm - 1, endMs: c.wm, gpuUuids: ['GPU-h100-1'] })],
      now,
    );
  }
  return store.storeBatch(agent(), 2, [segment], now);
}

describe('the verdicts of storeSegmentsLua and InMemoryUsageStore', () => {
  it.each(verdictCases)(
    'makes $verdict of the segment for $why (stored before: $storedBefore), as isNewSegment and verdictOf say',
    async (c) => {
      expect(verdictOf(isNewSegment(c.start, c.end, c.wm), c.storedBefore)).toBe(c.verdict);
      const redis = await sendCase(new RedisUsageStore({ redis: tr.redis, keys: tr.keys }), c);
      const memory = await sendCase(new InMemoryUsageStore(), c);
      expect(verdictOfResult(redis)).toBe(c.verdict);
      expect(verdictOfResult(memory)).toBe(c.verdict);
      expect(redis.rejected).toEqual(memory.rejected);
      if (c.verdict === 'overlap' && c.wm !== undefined) {
        expect(redis.rejected[0]).toMatchObject({ index: 0, field: 'start_unix_ms' });
        expect(redis.rejected[0]?.reason).toContain(`expected ≥ ${new Date(c.wm).toISOString()}`);
      }
    },
  );
});
