/**
 * The sweep's linkage in a worker thread (detector/linkage/linkage-thread.ts) gives what the
 * in-process resolver gives over the same Redis. The thread runs compiled code, so the module is
 * imported from dist/ (npm test builds first).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisTenantStore } from '../../../collector/tenants/redis-tenant-store.js';
import type { TenantInput } from '../../../collector/tenants/tenant-store.js';
import { RedisIdentityGraph } from '../../../detector/linkage/identity-graph.js';
import { linkageDefaults } from '../../../detector/linkage/linkage-options.js';
import { LinkageResolver } from '../../../detector/linkage/linkage-resolver.js';
import type * as threadModule from '../../../detector/linkage/linkage-thread.js';
import { freePort } from '../../../common/free-port.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../../helpers/redis.js';
import { tenantInput } from '../../helpers/tenant-fixtures.js';

const { linkPopulationInThread } = (await import(
  new URL('../../../dist/detector/linkage/linkage-thread.js', import.meta.url).href
)) as typeof threadModule;

let n = 0;
function tenant(tenantId: string, fields: Partial<TenantInput> = {}): TenantInput {
  n++;
  return tenantInput(tenantId, {
    legal_name: `${tenantId} Ltd`,
    country: 'SG',
    account_created_unix_ms: Date.UTC(2025, 0, 1) + n * 86_400_000,
    registration_number: `REG-${tenantId}`,
    address: `${n} Unique Street`,
    payment_fingerprint: `card-${tenantId}`,
    email: `ops@${tenantId}.example`,
    ...fields,
  });
}

let tr: TestRedis;
beforeEach(async () => {
  tr = await openTestRedis();
});
afterEach(() => tr.cleanup());

describe('linkPopulationInThread', () => {
  it('links the population as the in-process resolver does: clusters, links and every tenant id', async () => {
    const store = new RedisTenantStore({
      redis: tr.redis,
      keys: tr.keys,
      hmacKey: Buffer.from('thread-test'),
    });
    await store.upsert(
      [
        // A ring by a shared card, one more joined to it by an SSH key.
        tenant('ring-a', { payment_fingerprint: 'card-ring' }),
        tenant('ring-b', { payment_fingerprint: 'card-ring' }),
        tenant('ring-c', { payment_fingerprint: 'card-ring', ssh_key_fingerprints: ['SHA256:k'] }),
        tenant('ring-d', { ssh_key_fingerprints: ['SHA256:k'] }),
        // A pair by phone and email, two medium identifiers.
        tenant('pair-a', { phone: '+65 6000 1111', email: 'x@pair.example' }),
        tenant('pair-b', { phone: '+65 6000 1111', email: 'x@pair.example' }),
        // Alone, although on a free-mail domain.
        tenant('solo-a', { email: 'a@gmail.com' }),
        tenant('solo-b', { email: 'b@gmail.com' }),
      ],
      Date.UTC(2026, 0, 1),
    );
    const fromThread = await linkPopulationInThread(testRedisUrl, tr.prefix, linkageDefaults);
    const inProcess = await new LinkageResolver({
      source: new RedisIdentityGraph({ redis: tr.redis, keys: tr.keys }),
      linkage: linkageDefaults,
    }).clusterAll();

    expect(fromThread.clusters.map((c) => c.tenantIds)).toEqual([
      ...inProcess.clusters.map((c) => c.tenantIds),
    ]);
    expect(fromThread.clusters.map((c) => c.tenantIds).sort()).toEqual([
      ['pair-a', 'pair-b'],
      ['ring-a', 'ring-b', 'ring-c', 'ring-d'],
    ]);
    expect(fromThread.clusters).toEqual(
      inProcess.clusters.map(({ clusterId, tenantIds, anchorTenantId, links }) => ({
        clusterId,
        tenantIds,
        anchorTenantId,
        links,
      })),
    );
    expect([...fromThread.tenantIds].sort()).toEqual([
      'pair-a',
      'pair-b',
      'ring-a',
      'ring-b',
      'ring-c',
      'ring-d',
      'solo-a',
      'solo-b',
    ]);
  });

  it('rejects, naming the problem, when the thread cannot read Redis', async () => {
    const port = await freePort();
    await expect(
      linkPopulationInThread(`redis://127.0.0.1:${port}`, tr.prefix, linkageDefaults),
    ).rejects.toThrow(/^linkage thread: Redis: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
  });
});
