import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisTenantStore, tenantIdentities } from '../../../collector/tenants/redis-tenant-store.js';
import type { TenantInput } from '../../../collector/tenants/tenant-store.js';
import { ConfigError } from '../../../common/errors.js';
import { digest } from '../../../common/tenants/identity-digest.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';

const hmacKey = Buffer.from('tenant-store-test-key');
const now = Date.parse('2026-03-01T00:00:00Z');

function tenant(fields: Partial<TenantInput> = {}): TenantInput {
  return {
    tenant_id: 'acme',
    legal_name: 'Acme Compute Ltd',
    aliases: ['Acme'],
    country: 'SG',
    account_created_unix_ms: Date.parse('2025-06-01T00:00:00Z'),
    incorporated_unix_ms: Date.parse('2025-01-15T00:00:00Z'),
    registration_number: '2025-00123-k',
    address: '1 Harbour Road, Building 2',
    payment_fingerprint: 'card_fp_111',
    email: 'Ops+gpu@Acme.example',
    phone: '+65 6000 0001',
    admin_ips: ['203.0.113.7', '2001:DB8::0:1'],
    ssh_key_fingerprints: ['SHA256:aaa'],
    beneficial_owners: ['Li  Wei'],
    reseller_id: '',
    kyc_verified: true,
    attributes: { plan: 'reserved' },
    ...fields,
  };
}

let tr: TestRedis;
let store: RedisTenantStore;
beforeEach(async () => {
  tr = await openTestRedis();
  store = new RedisTenantStore({ redis: tr.redis, keys: tr.keys, hmacKey });
});
afterEach(() => tr.cleanup());

describe('RedisTenantStore', () => {
  it('returns names readable and linkage attributes as digests of their normalized form', async () => {
    await store.upsert([tenant()], now);
    expect(await store.get('acme')).toEqual({
      ...tenant(),
      address: digest('address', '1 harbour rd bldg 2', hmacKey),
      payment_fingerprint: digest('payment_fingerprint', 'card_fp_111', hmacKey),
      email: digest('email', 'ops@acme.example', hmacKey),
      phone: digest('phone', '+6560000001', hmacKey),
      admin_ips: [digest('admin_ip', '203.0.113.7', hmacKey), digest('admin_ip', '2001:db8::1', hmacKey)],
      ssh_key_fingerprints: [digest('ssh_key', 'SHA256:aaa', hmacKey)],
    });
    const raw = JSON.stringify(await tr.redis.hgetall(tr.keys.profile('acme')));
    for (const secret of [
      'card_fp_111',
      'cme.example',
      '+65 6000',
      '6560000001',
      '203.0.113.7',
      '2001:',
      'SHA256:aaa',
      'Harbour',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(await store.get('nobody')).toBeUndefined();
    expect(await tr.redis.smembers(tr.keys.tenants())).toEqual(['acme']);
  });

  it('indexes every identity, the email domain included, so shared values link tenants', async () => {
    await store.upsert(
      [
        tenant(),
        tenant({
          tenant_id: 'shell-1',
          legal_name: 'Harbour AI Pte',
          email: 'OPS@acme.example',
          phone: '+65-6000-0001',
          payment_fingerprint: 'card_fp_222',
          admin_ips: [],
          ssh_key_fingerprints: [],
        }),
      ],
      now,
    );
    const identities = await store.identities('acme');
    expect(identities.map((i) => i.kind)).toEqual([
      'payment_fingerprint',
      'email',
      'email_domain',
      'phone',
      'address',
      'admin_ip',
      'admin_ip',
      'ssh_key',
      'registration_number',
      'beneficial_owner',
    ]);
    expect(identities).toEqual(tenantIdentities(tenant(), hmacKey));
    const shared = async (kind: Parameters<typeof digest>[0], value: string) =>
      store.tenantsWithIdentity(kind, digest(kind, value, hmacKey));
    expect(await shared('email', 'ops@acme.example')).toEqual(['acme', 'shell-1']);
    expect(await shared('email_domain', 'acme.example')).toEqual(['acme', 'shell-1']);
    expect(await shared('phone', '+6560000001')).toEqual(['acme', 'shell-1']);
    expect(await shared('payment_fingerprint', 'card_fp_111')).toEqual(['acme']);
    expect(await shared('registration_number', '202500123K')).toEqual(['acme', 'shell-1']);
    expect(await shared('beneficial_owner', 'li wei')).toEqual(['acme', 'shell-1']);
  });

  it('removes the tenant from the index of values it no longer has, and keeps the rest', async () => {
    await store.upsert([tenant()], now);
    await store.upsert(
      [tenant({ email: 'new@other.example', admin_ips: ['203.0.113.7'], phone: '' })],
      now + 1,
    );
    const has = async (kind: Parameters<typeof digest>[0], value: string) =>
      (await store.tenantsWithIdentity(kind, digest(kind, value, hmacKey))).includes('acme');
    expect(await has('email', 'ops@acme.example')).toBe(false);
    expect(await has('email_domain', 'acme.example')).toBe(false);
    expect(await has('admin_ip', '2001:db8::1')).toBe(false);
    expect(await has('phone', '+6560000001')).toBe(false);
    expect(await has('email', 'new@other.example')).toBe(true);
    expect(await has('email_domain', 'other.example')).toBe(true);
    expect(await has('admin_ip', '203.0.113.7')).toBe(true);
    expect(await has('payment_fingerprint', 'card_fp_111')).toBe(true);
    const stored = await store.get('acme');
    expect(stored?.phone).toBe('');
    expect(stored?.admin_ips).toEqual([digest('admin_ip', '203.0.113.7', hmacKey)]);
    expect(await tr.redis.hget(tr.keys.profile('acme'), 'updated_ms')).toBe(String(now + 1));
    // Emptied sets disappear with their last member.
    expect(await tr.redis.exists(tr.keys.identity('phone', digest('phone', '+6560000001', hmacKey)))).toBe(0);
  });

  it('keeps the last profile when one call names a tenant twice', async () => {
    await store.upsert(
      [tenant({ legal_name: 'First' }), tenant({ legal_name: 'Second', email: 'b@b.example' })],
      now,
    );
    expect((await store.get('acme'))?.legal_name).toBe('Second');
    expect(await store.tenantsWithIdentity('email', digest('email', 'ops@acme.example', hmacKey))).toEqual(
      [],
    );
  });

  it('is idempotent', async () => {
    await store.upsert([tenant()], now);
    const first = await tr.redis.hgetall(tr.keys.profile('acme'));
    await store.upsert([tenant()], now);
    expect(await tr.redis.hgetall(tr.keys.profile('acme'))).toEqual(first);
    expect(await store.identities('acme')).toHaveLength(10);
  });

  it('refuses an empty tenant id and an empty key, naming them', async () => {
    await expect(store.upsert([tenant({ tenant_id: '' })], now)).rejects.toThrow(/tenants\[0\]\.tenant_id/);
    expect(() => new RedisTenantStore({ redis: tr.redis, keys: tr.keys, hmacKey: Buffer.alloc(0) })).toThrow(
      /hmacKey: expected a non-empty key/,
    );
    expect(() => new RedisTenantStore({ redis: tr.redis, keys: tr.keys, hmacKey: Buffer.alloc(0) })).toThrow(
      ConfigError,
    );
  });

  it('says which field is corrupt instead of returning garbage', async () => {
    await store.upsert([tenant()], now);
    await tr.redis.hset(tr.keys.profile('acme'), 'aliases', '{nope');
    await expect(store.get('acme')).rejects.toThrow(/field aliases: expected JSON, got "\{nope"/);
  });
});
