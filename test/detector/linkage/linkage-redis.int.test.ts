import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisTenantStore } from '../../../collector/tenants/redis-tenant-store.js';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import type { TenantInput } from '../../../collector/tenants/tenant-store.js';
import { digest, type IdentityKind } from '../../../common/tenants/identity-digest.js';
import { workloadFingerprintDigest } from '../../../common/tenants/workload-fingerprints.js';
import { clusterIdOf } from '../../../detector/linkage/clusters.js';
import { RedisIdentityGraph } from '../../../detector/linkage/identity-graph.js';
import { LinkageResolver } from '../../../detector/linkage/linkage-resolver.js';
import { RedisTenantProfileReader } from '../../../detector/tenant-profile-reader.js';
import { agent, minute, t, tile } from '../../collector/usage-fixtures.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';

const hmacKey = Buffer.from('linkage-test-key');
const now = t('2026-03-01T00:00:00Z');

let nextTenant = 0;
/** A profile sharing nothing with any other unless told. */
function tenant(tenantId: string, fields: Partial<TenantInput> = {}): TenantInput {
  const n = ++nextTenant;
  return {
    tenant_id: tenantId,
    legal_name: `${tenantId} Ltd`,
    aliases: [],
    country: 'SG',
    account_created_unix_ms: t('2025-01-01T00:00:00Z') + n * 86_400_000,
    incorporated_unix_ms: 0,
    registration_number: `REG-${tenantId}-${n}`,
    address: `${n} Unique Street`,
    payment_fingerprint: `card-${tenantId}-${n}`,
    email: `ops-${n}@${tenantId}-${n}.example`,
    phone: `+65 6000 ${String(n).padStart(4, '0')}`,
    admin_ips: [`198.51.100.${n % 250}`, `2001:db8::${n.toString(16)}`],
    ssh_key_fingerprints: [`SHA256:${tenantId}-${n}`],
    beneficial_owners: [`Owner ${tenantId} ${n}`],
    reseller_id: '',
    kyc_verified: false,
    attributes: {},
    ...fields,
  };
}

let tr: TestRedis;
let tenants: RedisTenantStore;
let resolver: LinkageResolver;
beforeEach(async () => {
  tr = await openTestRedis();
  tenants = new RedisTenantStore({ redis: tr.redis, keys: tr.keys, hmacKey });
  resolver = new LinkageResolver({ source: new RedisIdentityGraph({ redis: tr.redis, keys: tr.keys }) });
});
afterEach(() => tr.cleanup());

const members = async (tenantId: string): Promise<readonly string[]> =>
  (await resolver.clusterOf(tenantId)).tenantIds;

describe('linkage over the identity index in Redis', () => {
  it.each([
    ['payment fingerprint', { payment_fingerprint: 'tok_visa_4242' }, 'payment_fingerprint', 'tok_visa_4242'],
    ['SSH key', { ssh_key_fingerprints: ['SHA256:shared-key'] }, 'ssh_key', 'SHA256:shared-key'],
    ['registration number', { registration_number: 'HRB 123 456' }, 'registration_number', 'HRB123456'],
  ] as const)('links two tenants sharing a %s', async (_name, shared, kind, value) => {
    await tenants.upsert([tenant('a', shared), tenant('b', shared), tenant('c')], now);
    const cluster = await resolver.clusterOf('a');
    expect(cluster.tenantIds).toEqual(['a', 'b']);
    expect(cluster.anchorTenantId).toBe('a');
    expect(cluster.links).toEqual([
      {
        a: 'a',
        b: 'b',
        score: resolver.linkage.weights[kind],
        evidence: [
          {
            kind,
            digest: digest(kind as IdentityKind, value, hmacKey),
            weight: resolver.linkage.weights[kind],
            sharedBy: 2,
          },
        ],
      },
    ]);
    expect(await members('c')).toEqual(['c']);
  });

  it.each([
    ['a phone alone', false, { phone: '+1 555 0100' }, false],
    ['an address alone', false, { address: '9 Shared Road' }, false],
    ['a beneficial owner alone', false, { beneficial_owners: ['Zhang San'] }, false],
    ['a phone and an address', true, { phone: '+1 555 0100', address: '9 Shared Road' }, false],
    [
      'an email (with its domain) and an admin IP',
      true,
      { email: 'x@corp.example', admin_ips: ['203.0.113.9'] },
      false,
    ],
    ['a corporate email domain and a phone', false, { phone: '+1 555 0100' }, true],
    ['a corporate email domain and an address', false, { address: '9 Shared Road' }, true],
  ] as const)('%s → linked: %s', async (_name, linked, shared, sameDomain) => {
    // Different addresses at one corporate domain: only the domain is shared.
    const own = (local: string): Partial<TenantInput> =>
      sameDomain ? { email: `${local}@corp.example` } : {};
    await tenants.upsert(
      [tenant('a', { ...shared, ...own('alice') }), tenant('b', { ...shared, ...own('bob') })],
      now,
    );
    expect(await members('a')).toEqual(linked ? ['a', 'b'] : ['a']);
  });

  it('does not link on a free-mail domain shared by many, and lists it as ignored', async () => {
    await tenants.upsert(
      Array.from({ length: 25 }, (_, i) => tenant(`free-${i}`, { email: `user${i}@gmail.com` })),
      now,
    );
    const cluster = await resolver.clusterOf('free-0');
    expect(cluster.tenantIds).toEqual(['free-0']);
    expect(cluster.ignored).toEqual([
      { kind: 'email_domain', digest: digest('email_domain', 'gmail.com', hmacKey), sharedBy: 25 },
    ]);
    expect((await resolver.clusterAll()).clusters).toEqual([]);
  });

  it('does not link on a NAT address shared by more than 20 tenants, even with a medium value beside it', async () => {
    const nat = { admin_ips: ['100.64.0.1'] };
    await tenants.upsert(
      [
        tenant('a', { ...nat, phone: '+1 555 0100' }),
        tenant('b', { ...nat, phone: '+1 555 0100' }),
        ...Array.from({ length: 19 }, (_, i) => tenant(`nat-${i}`, nat)),
      ],
      now,
    );
    const cluster = await resolver.clusterOf('a');
    expect(cluster.tenantIds).toEqual(['a']);
    expect(cluster.ignored).toEqual([
      { kind: 'admin_ip', digest: digest('admin_ip', '100.64.0.1', hmacKey), sharedBy: 21 },
    ]);
    // At exactly 20 holders the address still counts: with the phone it is a link.
    await tr.redis.srem(tr.keys.identity('admin_ip', digest('admin_ip', '100.64.0.1', hmacKey)), 'nat-0');
    expect(await members('a')).toEqual(['a', 'b']);
  });

  it('forms transitive clusters and keeps the evidence of each link as kinds and digests only', async () => {
    await tenants.upsert(
      [
        tenant('A', { payment_fingerprint: 'tok_shared_card' }),
        tenant('B', { payment_fingerprint: 'tok_shared_card', ssh_key_fingerprints: ['SHA256:ring-key'] }),
        tenant('C', { ssh_key_fingerprints: ['SHA256:ring-key'] }),
        tenant('D'),
      ],
      now,
    );
    const fromC = await resolver.clusterOf('C');
    expect(fromC.tenantIds).toEqual(['A', 'B', 'C']);
    expect(fromC.clusterId).toBe(clusterIdOf(['A', 'B', 'C']));
    expect(fromC.anchorTenantId).toBe('C');
    expect(fromC.truncated).toBe(false);
    expect(fromC.links.map((l) => [l.a, l.b, l.evidence.map((e) => e.kind)])).toEqual([
      ['A', 'B', ['payment_fingerprint']],
      ['B', 'C', ['ssh_key']],
    ]);
    expect(fromC.links[0]?.evidence[0]?.digest).toBe(
      digest('payment_fingerprint', 'tok_shared_card', hmacKey),
    );
    const text = JSON.stringify(fromC);
    for (const clear of ['tok_shared_card', 'ring-key', 'SHA256:']) expect(text).not.toContain(clear);

    const sweep = await resolver.clusterAll();
    expect(sweep.clusters).toHaveLength(1);
    expect(sweep.clusterOf('A')).toEqual({ ...fromC, anchorTenantId: 'A' });
    expect(sweep.clusterOf('D').tenantIds).toEqual(['D']);
  });

  it('splits the cluster on the next evaluation when a profile change removes the shared value', async () => {
    await tenants.upsert(
      [
        tenant('A', { payment_fingerprint: 'tok_shared_card' }),
        tenant('B', { payment_fingerprint: 'tok_shared_card', ssh_key_fingerprints: ['SHA256:ring-key'] }),
        tenant('C', { ssh_key_fingerprints: ['SHA256:ring-key'] }),
      ],
      now,
    );
    expect(await members('A')).toEqual(['A', 'B', 'C']);
    await tenants.upsert(
      [tenant('B', { payment_fingerprint: 'tok_new_card', ssh_key_fingerprints: ['SHA256:ring-key'] })],
      now + 1,
    );
    expect(await members('A')).toEqual(['A']);
    expect(await members('C')).toEqual(['B', 'C']);
    expect((await resolver.clusterAll()).clusters.map((c) => c.tenantIds)).toEqual([['B', 'C']]);
  });

  it('ignores a stale index entry: a candidate must really hold the value', async () => {
    await tenants.upsert([tenant('a', { payment_fingerprint: 'tok_1' }), tenant('b')], now);
    // An upsert cut short could leave b in a set it no longer belongs to.
    await tr.redis.sadd(
      tr.keys.identity('payment_fingerprint', digest('payment_fingerprint', 'tok_1', hmacKey)),
      'b',
    );
    expect(await members('a')).toEqual(['a']);
  });

  it('stops at maxClusterSize and says the cluster was cut short', async () => {
    // A chain: t0 –card– t1 –key– t2 –card– t3 …
    const chain = Array.from({ length: 8 }, (_, i) =>
      tenant(`t${i}`, {
        payment_fingerprint: `tok_${Math.floor((i + 1) / 2)}`,
        ssh_key_fingerprints: [`SHA256:k${Math.floor(i / 2)}`],
      }),
    );
    await tenants.upsert(chain, now);
    expect(await members('t0')).toEqual(chain.map((c) => c.tenant_id));
    const small = new LinkageResolver({
      source: new RedisIdentityGraph({ redis: tr.redis, keys: tr.keys }),
      maxClusterSize: 3,
    });
    const cut = await small.clusterOf('t0');
    expect(cut.tenantIds).toEqual(['t0', 't1', 't2']);
    expect(cut.truncated).toBe(true);
    expect(cut.links.every((l) => cut.tenantIds.includes(l.a) && cut.tenantIds.includes(l.b))).toBe(true);
  });

  it('answers for a tenant that has usage but no profile', async () => {
    expect(await resolver.clusterOf('ghost')).toMatchObject({ tenantIds: ['ghost'], links: [], ignored: [] });
  });
});

describe('workload fingerprints recorded by the collector', () => {
  let usage: RedisUsageStore;
  beforeEach(() => {
    usage = new RedisUsageStore({ redis: tr.redis, keys: tr.keys, durability: 'none' });
  });

  async function run(seq: number, tenantId: string, fingerprint: string): Promise<void> {
    await usage.storeBatch(
      agent(`node-${tenantId}`),
      seq,
      tile(2, t('2026-02-20T10:00:00Z'), minute, { tenantId, workloadFingerprint: fingerprint }),
      now,
    );
  }

  it('link two tenants running the same private image (with a medium value beside it)', async () => {
    const phone = { phone: '+1 555 0199' };
    await tenants.upsert([tenant('a', phone), tenant('b', phone), tenant('c')], now);
    expect(await members('a')).toEqual(['a']);
    await run(1, 'a', 'sha256:private-model-trainer');
    await run(1, 'b', 'sha256:private-model-trainer');
    const cluster = await resolver.clusterOf('a');
    expect(cluster.tenantIds).toEqual(['a', 'b']);
    expect(cluster.links[0]?.evidence.map((e) => [e.kind, e.digest])).toEqual([
      ['phone', digest('phone', '+15550199', hmacKey)],
      ['workload_fingerprint', workloadFingerprintDigest('sha256:private-model-trainer')],
    ]);
    const profiles = new RedisTenantProfileReader({ redis: tr.redis, keys: tr.keys });
    const profile = await profiles.get('a');
    expect(profile).toMatchObject({ tenantId: 'a', legalName: 'a Ltd', country: 'SG', kycVerified: false });
    expect(profile?.identities).toContainEqual({
      kind: 'workload_fingerprint',
      digest: workloadFingerprintDigest('sha256:private-model-trainer'),
    });
    expect(profile?.identities).toContainEqual({
      kind: 'phone',
      digest: digest('phone', '+15550199', hmacKey),
    });
    const many = await profiles.getMany(['b', 'ghost', 'a']);
    expect(many.map((p) => p?.tenantId)).toEqual(['b', undefined, 'a']);
    expect(many[2]).toEqual(profile);
  });

  it('do not link on a public image run by many', async () => {
    const phone = { phone: '+1 555 0199' };
    await tenants.upsert([tenant('a', phone), tenant('b', phone)], now);
    const image = 'nvcr.io/nvidia/pytorch@sha256:public';
    for (const id of ['a', 'b', ...Array.from({ length: 20 }, (_, i) => `other-${i}`)])
      await run(1, id, image);
    const cluster = await resolver.clusterOf('a');
    expect(cluster.tenantIds).toEqual(['a']);
    expect(cluster.ignored).toEqual([
      { kind: 'workload_fingerprint', digest: workloadFingerprintDigest(image), sharedBy: 22 },
    ]);
    expect((await resolver.clusterAll()).clusters).toEqual([]);
  });
});
