/**
 * Redis dies mid-stream and comes back (a private redis-server with AOF, SIGKILLed): the
 * collector reports not-ready, ends the stream with UNAVAILABLE instead of acking what it could
 * not store, recovers without a restart of its own, and nothing it acked is lost.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { once } from 'node:events';
import { connectRedis, type RedisClient } from '../../common/redis.js';
import { RedisKeys } from '../../common/redis-keys.js';
import { RedisUsageStore } from '../../collector/storage/redis-usage-store.js';
import {
  AdminClient,
  ReportStreamClient,
  deliver,
  hello,
  segment,
  type Batch,
} from '../helpers/agent-client.js';
import { startTestCollector, type TestCollector } from '../helpers/collector.js';
import { PrivateRedisServer } from '../helpers/redis.js';

let server: PrivateRedisServer;
let redis: RedisClient;
let c: TestCollector;

beforeEach(async () => {
  server = await PrivateRedisServer.start({ aof: true });
  // The production connection settings: reconnect forever, fail a command after its timeout.
  redis = connectRedis(server.url, { name: 'gpuwatch-collector', commandTimeoutMs: 500 });
  redis.on('error', () => undefined);
  const keys = new RedisKeys('gwtest');
  c = await startTestCollector({
    redis,
    keys,
    usageStore: new RedisUsageStore({ redis, keys, durability: 'auto' }),
    config: { storeTimeoutMs: 2_000 },
  });
});

afterEach(async () => {
  await c.stop();
  redis.disconnect();
  await server.stop();
});

it('recovers from a Redis restart without losing anything it acked', async () => {
  const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
  const batches: Batch[] = Array.from({ length: 40 }, (_, i) => ({
    seq: i + 1,
    segments: [segment('node-1', 'tenant-r', base + i * 60_000, base + (i + 1) * 60_000)],
  }));
  const stream = ReportStreamClient.open({ address: c.address });
  stream.sendHello(hello('node-1'));
  for (const b of batches.slice(0, 10)) stream.sendBatch(b.seq, b.segments);
  await stream.waitForAck(10);

  const notReady = once(c.collector.readiness, 'change');
  await server.kill();
  expect(await notReady).toEqual([false]);
  expect((await fetch(`${c.httpUrl}/readyz`)).status).toBe(503);
  for (const b of batches.slice(10, 20)) stream.sendBatch(b.seq, b.segments);
  const end = await stream.status;
  expect(end.code).toBe(status.UNAVAILABLE);
  expect(end.details).toMatch(
    /^storage unavailable: batch 11: .*; batch 11 was not acknowledged, resend from seq 11$/,
  );
  expect(stream.ackedSeq).toBe(10);

  await server.restart();
  await expect.poll(() => c.collector.readiness.ready, { timeout: 10_000 }).toBe(true);
  expect(c.collector.readiness.report().durability).toMatchObject({
    mode: 'appendfsync-always',
    durable: true,
  });
  // The agent resends everything after its last ack, on a new stream to the same process.
  await deliver({ address: () => c.address, hello: hello('node-1'), batches: batches.slice(10) });

  const admin = new AdminClient({ address: c.address });
  try {
    expect((await admin.tenantUsage({ tenant_id: 'tenant-r' })).total_gpu_seconds).toBe(40 * 60);
  } finally {
    admin.close();
  }
});
