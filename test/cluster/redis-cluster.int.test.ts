/**
 * Cluster mode piece by piece, on a 3-primary Redis Cluster of this file's own: URL parsing, the
 * hash-slot layout of every key family a script or transaction touches, pipelines across slots,
 * the per-primary durability check, BullMQ on a Cluster connection, and the test helpers'
 * cleanup across primaries. (Storing and reading usage across tenants on a Cluster is
 * cluster-e2e.test.ts.)
 */
import { Queue, Worker } from 'bullmq';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurabilityBarrier } from '../../collector/storage/durability.js';
import {
  checkRedisUrl,
  connectRedis,
  crossSlotPipeline,
  isCluster,
  parseRedisUrl,
  primaries,
} from '../../common/redis.js';
import { RedisKeys, queueNames } from '../../common/redis-keys.js';
import { deleteKeysWithPrefix } from '../../common/redis.js';
import { PrivateRedisCluster } from '../helpers/redis.js';

describe('parseRedisUrl', () => {
  it.each([
    [
      'redis://127.0.0.1:6379',
      { cluster: false, tls: false, nodes: [{ host: '127.0.0.1', port: 6379 }], password: undefined },
    ],
    ['rediss://:s3cret@redis:6380/0', { cluster: false, tls: true, password: 's3cret' }],
    [
      'redis+cluster://10.0.0.1:7000,10.0.0.2:7001',
      {
        cluster: true,
        tls: false,
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
        ],
      },
    ],
    [
      'rediss+cluster://app:p%40ss@redis-0.redis:6379,[::1]:6380/',
      {
        cluster: true,
        tls: true,
        username: 'app',
        password: 'p@ss',
        nodes: [
          { host: 'redis-0.redis', port: 6379 },
          { host: '::1', port: 6380 },
        ],
      },
    ],
  ])('%s', (url, expected) => {
    expect(parseRedisUrl(url)).toMatchObject(expected);
    expect(checkRedisUrl(url)).toBeUndefined();
  });

  it.each([
    ['http://redis:6379', /expected redis:\/\/, rediss:\/\/, redis\+cluster:\/\//],
    ['redis+cluster://redis', /expected host:port in the cluster seed list, got "redis"/],
    ['redis+cluster://a:1,b:99999', /got "b:99999"/],
    ['nonsense', /got "nonsense"/],
  ])('refuses %s, quoting the bad part', (url, message) => {
    expect(checkRedisUrl(url)).toMatch(message);
  });
});

describe('on a 3-primary Redis Cluster', () => {
  let cluster: PrivateRedisCluster;
  let redis: Cluster;
  const keys = new RedisKeys(`gwtest-${Math.random().toString(16).slice(2, 10)}`);

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start({ primaries: 3, aof: true });
    const client = connectRedis(cluster.url, { name: 'test' });
    if (!isCluster(client)) throw new Error('redis+cluster:// gave no Cluster client');
    redis = client;
    await redis.ping();
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  const slot = async (key: string): Promise<number> => Number(await redis.call('CLUSTER', 'KEYSLOT', key));

  it('keeps every key a script or transaction touches together in one slot', async () => {
    // usage-script.ts storeSegments: one tenant's keys; finishBatch: one agent's keys.
    const tenantKeys = [
      keys.watermarks('acme'),
      keys.audit('acme'),
      keys.allocations('acme'),
      keys.usageDays('acme'),
      keys.workloads('acme'),
      keys.hourly('acme', '2026-01-01'),
      keys.daily('acme', '2026-01'),
      keys.profile('acme'),
    ];
    const groups = [
      tenantKeys,
      [keys.batchSeq('node-1'), keys.nodeGpus('node-1'), keys.node('node-1')],
      // alert-store.ts CAS script and outbox; dead-letter-store.ts; screening RENAME.
      [
        keys.alert('al-1'),
        keys.alertHistory('al-1'),
        keys.openAlerts(),
        keys.alertsBySeen(),
        keys.alertOutbox(),
      ],
      [keys.webhookDeadLetters(), keys.webhookDeadLetterIndex(), keys.webhookDisabledEndpoints()],
      [keys.screeningList(), keys.screeningList('abc')],
      // BullMQ: every key of one queue under the prefix, tagged by the queue name.
      [`${keys.queuePrefix}:${queueNames.evaluate}:wait`, `${keys.queuePrefix}:${queueNames.evaluate}:meta`],
      [`${keys.queuePrefix}:${queueNames.deliver}:wait`, `${keys.queuePrefix}:${queueNames.deliver}:events`],
    ];
    for (const group of groups) {
      const slots = new Set(await Promise.all(group.map(slot)));
      expect({ group, slots: slots.size }).toEqual({ group, slots: 1 });
    }
    // ...while different tenants spread over the slots (the point of a Cluster).
    const spread = new Set(await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => slot(keys.profile(t)))));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('answers a pipeline across slots in order, with errors in place', async () => {
    const tenants = Array.from({ length: 20 }, (_, i) => `p-${i}`);
    const pipeline = crossSlotPipeline(redis);
    for (const t of tenants) pipeline.set(keys.profile(t), t);
    pipeline.hget(keys.profile('p-0'), 'x'); // WRONGTYPE: a string, not a hash
    for (const t of tenants) pipeline.get(keys.profile(t));
    expect(pipeline.length).toBe(41);
    const replies = (await pipeline.exec()) ?? [];
    expect(replies.slice(0, 20)).toEqual(tenants.map(() => [null, 'OK']));
    expect(String(replies[20]?.[0])).toMatch(/WRONGTYPE/);
    expect(replies.slice(21)).toEqual(tenants.map((t) => [null, t]));
    // A plain pipeline could not do this: its keys live on different primaries.
    const plain = redis.pipeline();
    for (const t of tenants) plain.get(keys.profile(t));
    await expect(plain.exec()).rejects.toThrow(/same slots allocation group|same slot/);
  });

  it('checks durability on every primary and waits for each with the barrier', async () => {
    expect(primaries(redis)).toHaveLength(3);
    const barrier = new DurabilityBarrier({ redis });
    const report = await barrier.detect();
    // Redis 7.0 has no WAITAOF; 7.2+ has. Either way every primary fsyncs every write (aof: true).
    expect(report.durable).toBe(true);
    expect(report.detail).toMatch(/each of the 3 cluster primaries/);
    await barrier.wait();

    // One primary that would lose acked writes makes the whole report say so, naming it.
    const [weak] = cluster.nodes;
    const admin = weak?.client();
    await admin?.config('SET', 'appendfsync', 'everysec');
    try {
      const again = await barrier.refresh();
      if (again.mode !== 'waitaof') {
        expect(again.durable).toBe(false);
        expect(again.detail).toMatch(new RegExp(`cluster primary 127\\.0\\.0\\.1:${weak?.port}`));
      }
    } finally {
      await admin?.config('SET', 'appendfsync', 'always');
    }
  });

  it('runs BullMQ queues and workers on Cluster connections (tagged queue names)', async () => {
    const prefix = keys.queuePrefix;
    const queue = new Queue(queueNames.evaluate, { connection: redis, prefix });
    const done: string[] = [];
    const workerConnection = connectRedis(cluster.url, { name: 'test-worker', maxRetriesPerRequest: null });
    const worker = new Worker(
      queueNames.evaluate,
      (job) => {
        done.push(String((job.data as { tenant: string }).tenant));
        return Promise.resolve();
      },
      { connection: workerConnection, prefix },
    );
    try {
      await queue.addBulk(['t1', 't2', 't3'].map((tenant) => ({ name: 'evaluate', data: { tenant } })));
      const deadline = Date.now() + 10_000;
      while (done.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(done.sort()).toEqual(['t1', 't2', 't3']);
    } finally {
      await worker.close();
      await queue.close();
      workerConnection.disconnect();
    }
  });

  it("cleans a test's prefix up on every primary", async () => {
    const prefix = `gwtest-${Math.random().toString(16).slice(2, 10)}`;
    const k = new RedisKeys(prefix);
    await Promise.all(Array.from({ length: 30 }, (_, i) => redis.set(k.profile(`t${i}`), '1')));
    const perNode = await Promise.all(
      redis.nodes('master').map(async (n) => (await n.keys(`${prefix}:*`)).length),
    );
    expect(perNode.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(await deleteKeysWithPrefix(redis, prefix)).toBe(30);
    expect(await deleteKeysWithPrefix(redis, prefix)).toBe(0);
  });
});
