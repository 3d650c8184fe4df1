/**
 * `gpuwatch detector` keeps working across a Redis restart: its worker reconnects and evaluates
 * what is enqueued afterwards, without a restart of its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BullEvaluationQueue } from '../../collector/ingest/evaluation-queue.js';
import { RedisTenantStore } from '../../collector/tenants/redis-tenant-store.js';
import { RedisUsageStore } from '../../collector/storage/redis-usage-store.js';
import type { TenantInput } from '../../collector/tenants/tenant-store.js';
import type { AgentContext, InventoryGpu, ValidSegment } from '../../collector/storage/usage-store.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { RedisKeys } from '../../common/redis-keys.js';
import { PrivateRedisServer } from '../helpers/redis.js';
import { startDetector, type Detector } from './detector-process.js';
import { tenantInput } from '../helpers/tenant-fixtures.js';

const hourMs = 3_600_000;
const endMs = Math.floor(Date.now() / hourMs) * hourMs;
const gpus = Array.from({ length: 8 }, (_, i) => `GPU-r-${i}`);
const agent: AgentContext = {
  agentId: 'node-r',
  spoolId: 'spool-r',
  inventory: new Map(
    gpus.map((uuid): [string, InventoryGpu] => [
      uuid,
      { uuid, chipModel: 'H100 SXM', controlClass: '3A090.a', weight: 1 },
    ]),
  ),
};

function holderSegments(tenantId: string): ValidSegment[] {
  return Array.from({ length: 91 * 24 }, (_, k) => ({
    index: k,
    tenantId,
    allocationId: `${tenantId}-alloc`,
    gpuUuids: gpus,
    gpuUtilization: 0.9,
    memoryUsedBytes: 1,
    source: 'kubernetes',
    workloadFingerprint: '',
    labels: {},
    startMs: endMs - (91 * 24 - k) * hourMs,
    endMs: endMs - (91 * 24 - k - 1) * hourMs,
  }));
}

const tenant: TenantInput = tenantInput('after-restart', { legal_name: 'After Restart Ltd', country: 'RU' });

let server: PrivateRedisServer;
let detector: Detector | undefined;

beforeEach(async () => {
  server = await PrivateRedisServer.start({ aof: true });
});
afterEach(async () => {
  detector?.signal('SIGKILL');
  await detector?.exited;
  detector = undefined;
  await server.stop();
});

describe('gpuwatch detector across a Redis restart', () => {
  it('reconnects and evaluates what is enqueued after Redis came back', async () => {
    const keys = new RedisKeys('gwtest');
    detector = await startDetector(server.url, 'gwtest');
    await server.kill();
    await new Promise((r) => setTimeout(r, 300));
    await server.restart();

    const redis = server.client();
    await new RedisTenantStore({ redis, keys, hmacKey: Buffer.from('restart-test') }).upsert([tenant], endMs);
    await new RedisUsageStore({ redis, keys, durability: 'none' }).storeBatch(
      agent,
      1,
      holderSegments(tenant.tenant_id),
      endMs,
    );
    const queue = new BullEvaluationQueue({ redis, keys, clock: systemClock });
    try {
      await queue.enqueue([tenant.tenant_id], 'usage');
    } finally {
      await queue.close();
    }
    const store = new RedisAlertStore({ redis, keys, clock: systemClock });
    const deadline = Date.now() + 15_000;
    let alerts = await store.list({});
    while (alerts.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = await store.list({});
    }
    expect(alerts.map((a) => [a.rule, a.tenantIds])).toEqual([['effective_ownership', ['after-restart']]]);

    detector.signal('SIGTERM');
    expect(await detector.exited).toEqual({ code: 0, signal: null });
  }, 30_000);
});
