import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FleetWatermark } from '../../../common/usage/fleet-watermark.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';

let tr: TestRedis;
beforeEach(async () => {
  tr = await openTestRedis();
});
afterEach(() => tr.cleanup());

describe('FleetWatermark', () => {
  it('reads 0 before anything is stored', async () => {
    expect(await new FleetWatermark({ redis: tr.redis, key: tr.keys.fleetWatermark() }).read()).toBe(0);
  });

  it('only ever moves forward, whichever writer is behind', async () => {
    const key = tr.keys.fleetWatermark();
    const a = new FleetWatermark({ redis: tr.redis, key });
    const b = new FleetWatermark({ redis: tr.newClient(), key });
    expect(await a.advance(10_000)).toBe(10_000);
    // b has not seen a's write: its older end must not move the watermark back.
    expect(await b.advance(5_000)).toBe(10_000);
    expect(await a.read()).toBe(10_000);
    await Promise.all([a.advance(20_000), b.advance(30_000), a.advance(25_000)]);
    expect(await b.read()).toBe(30_000);
  });

  it('skips writes within its granularity of what it last wrote', async () => {
    const key = tr.keys.fleetWatermark();
    const w = new FleetWatermark({ redis: tr.redis, key, granularityMs: 1000 });
    await w.advance(100_000);
    expect(await w.advance(100_500)).toBe(100_000);
    expect(await w.read()).toBe(100_000);
    expect(await w.advance(101_000)).toBe(101_000);
    expect(await w.read()).toBe(101_000);
  });
});
