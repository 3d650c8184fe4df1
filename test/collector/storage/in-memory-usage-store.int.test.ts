/** InMemoryUsageStore against RedisUsageStore on the same scenarios: they must answer alike. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAuditEntry, type AuditSegment } from '../../../collector/storage/audit-record.js';
import { InMemoryUsageStore } from '../../../collector/storage/in-memory-usage-store.js';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import type { AgentContext, ValidSegment } from '../../../collector/storage/usage-store.js';
import { workloadFingerprintDigest } from '../../../common/tenants/workload-fingerprints.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { agent, hour, minute, t, tile } from '../usage-fixtures.js';
import type { Redis } from 'ioredis';

/** Every segment in a tenant's audit stream, in order. */
async function auditSegments(redis: Redis, key: string): Promise<AuditSegment[]> {
  const entries = await redis.xrangeBuffer(key, '-', '+');
  return entries.flatMap(([, fields]) => decodeAuditEntry(fields));
}

const now = t('2026-02-10T00:00:00Z');

let tr: TestRedis;
let store: RedisUsageStore;

beforeEach(async () => {
  tr = await openTestRedis();
  store = new RedisUsageStore({ redis: tr.redis, keys: tr.keys });
});
afterEach(() => tr.cleanup());

describe('InMemoryUsageStore answers as RedisUsageStore does', () => {
  interface Step {
    readonly agent: AgentContext;
    readonly seq: number;
    readonly segments: readonly ValidSegment[];
  }
  const start = t('2026-01-31T22:50:00Z');
  const scenarios: { name: string; steps: Step[]; tenants: string[]; ranges: [number, number][] }[] = [
    {
      name: 'replays, re-batching and a late old batch',
      steps: [
        { agent: agent(), seq: 1, segments: tile(30, start, minute) },
        { agent: agent(), seq: 1, segments: tile(30, start, minute) },
        { agent: agent(), seq: 2, segments: tile(60, start, minute) },
        { agent: agent(), seq: 1, segments: tile(90, start, minute) },
        { agent: agent(), seq: 3, segments: tile(90, start, minute) },
      ],
      tenants: ['tenant-a'],
      ranges: [
        [0, 0],
        [t('2026-01-31T23:10:00Z'), t('2026-02-01T00:05:00Z')],
      ],
    },
    {
      name: 'three tenants, two agents, MIG and unknown GPUs across midnight',
      steps: [
        {
          agent: agent('node-1'),
          seq: 1,
          segments: [
            ...tile(20, start, 5 * minute, { tenantId: 'a', gpuUuids: ['MIG-a100-0', 'MIG-a100-1'] }),
            ...tile(20, start, 5 * minute, {
              tenantId: 'b',
              allocationId: 'j',
              gpuUuids: ['GPU-x', 'GPU-l20-0'],
            }),
          ],
        },
        {
          agent: agent('node-2'),
          seq: 1,
          segments: tile(20, start + 7 * minute, 3 * minute, {
            tenantId: 'c',
            gpuUuids: ['GPU-h100-0', 'GPU-h100-1'],
          }),
        },
        {
          agent: agent('node-1'),
          seq: 2,
          segments: tile(25, start, 5 * minute, { tenantId: 'a', gpuUuids: ['MIG-a100-0', 'MIG-a100-1'] }),
        },
      ],
      tenants: ['a', 'b', 'c', 'nobody'],
      ranges: [
        [0, 0],
        [t('2026-02-01T00:00:00Z'), 0],
        [0, t('2026-02-01T00:00:00Z')],
      ],
    },
  ];

  it.each(scenarios)('for $name', async ({ steps, tenants, ranges }) => {
    const memory = new InMemoryUsageStore();
    for (const step of steps) {
      const fromRedis = await store.storeBatch(step.agent, step.seq, step.segments, now);
      const fromMemory = await memory.storeBatch(step.agent, step.seq, step.segments, now);
      expect(fromMemory).toEqual(fromRedis);
    }
    for (const tenant of tenants) {
      for (const [from, to] of ranges) {
        expect(await memory.tenantUsage(tenant, from, to, now)).toEqual(
          await store.tenantUsage(tenant, from, to, now),
        );
      }
      expect(memory.audit(tenant).length).toBe((await auditSegments(tr.redis, tr.keys.audit(tenant))).length);
      const fromRedis = await tr.redis.hgetall(tr.keys.workloads(tenant));
      // Redis keeps the last-seen time to the hour, memory exactly.
      const hourOf = (ms: number | string): number => Math.floor(Number(ms) / hour);
      expect(Object.fromEntries([...memory.workloads(tenant)].map(([fp, ms]) => [fp, hourOf(ms)]))).toEqual(
        Object.fromEntries(Object.entries(fromRedis).map(([fp, ms]) => [fp, hourOf(ms)])),
      );
      for (const fp of Object.keys(fromRedis)) {
        const d = workloadFingerprintDigest(fp);
        expect(memory.tenantsWithWorkload(d)).toEqual(
          (await tr.redis.smembers(tr.keys.identity('workload_fingerprint', d))).sort(),
        );
      }
    }
  });
});
