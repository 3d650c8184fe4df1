/**
 * `deleteKeysWithPrefix` (common/redis.ts) runs against shared servers — the test Redis, a demo
 * or a benchmark beside other people's data — so a prefix that would reach beyond its own keys is
 * refused before a key is read, and a good one deletes exactly `<prefix>:*`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '../../common/redis.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';

let t: TestRedis;
beforeEach(async () => {
  t = await openTestRedis();
});
afterEach(() => t.cleanup());

describe('deleteKeysWithPrefix', () => {
  // Each starts with the test's own random prefix (P), so that were the guard gone, the glob could
  // only reach this test's keys — and the assertion that they are still there would fail.
  it.each(['P*', 'P?', 'P[-_]', 'P\\', 'P:kept', 'P kept'])(
    'refuses the prefix %j and deletes nothing',
    async (template) => {
      const prefix = template.replace('P', t.prefix);
      await t.redis.set(`${t.prefix}:kept`, '1');
      await expect(deleteKeysWithPrefix(t.redis, prefix)).rejects.toThrow(
        `deleteKeysWithPrefix: expected a prefix of letters, digits, _ and -, got ${JSON.stringify(prefix)}`,
      );
      expect(await t.redis.exists(`${t.prefix}:kept`)).toBe(1);
    },
  );

  it('deletes the keys under <prefix>: and no key of a longer prefix or the bare prefix', async () => {
    const own = Array.from({ length: 2500 }, (_, i) => `${t.prefix}:k${i}`);
    for (let i = 0; i < own.length; i += 500)
      await t.redis.mset(...own.slice(i, i + 500).flatMap((k) => [k, '1']));
    // Keys that share the random prefix's characters but are not under `<prefix>:`.
    const beside = [`${t.prefix}x:k`, `${t.prefix}`, `${t.prefix}-2:k`];
    await t.redis.set(`${t.prefix}:sub:k`, '1');
    for (const k of beside) await t.redis.set(k, '1');
    try {
      expect(await deleteKeysWithPrefix(t.redis, t.prefix)).toBe(own.length + 1);
      expect(await t.redis.exists(...own, `${t.prefix}:sub:k`)).toBe(0);
      expect(await t.redis.exists(...beside)).toBe(beside.length);
    } finally {
      await t.redis.unlink(...beside);
    }
  });
});
