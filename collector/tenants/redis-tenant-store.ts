/**
 * Tenant profiles in Redis (docs/design.md §5): one hash per tenant in the tenant's slot, with names and
 * dates readable (screening needs them) and linkage attributes only as keyed digests; plus the
 * identity index, a set of tenant ids per (kind, digest), which the detector reads to link
 * tenants that share a value.
 *
 * An upsert adds the tenant to the sets of its new values before it writes the profile, and
 * removes it from the sets of values it no longer has afterwards. The index keys live in other
 * slots than the profile, so this is not one atomic step: an upsert interrupted half-way leaves
 * at worst a stale or a missing index entry, which the next upsert of the same tenant (they are
 * idempotent) repairs. Commands are sent one by one, not in a MULTI or a pipeline object, so
 * the same code runs on a Redis Cluster. Reading goes through common/tenants/tenant-profiles.ts, which
 * the detector shares, so the hash's format is parsed in one place.
 */
import type { RedisClient } from '../../common/redis.js';
import { ConfigError, ValidationError } from '../../common/errors.js';
import { digest, emailDomain, type IdentityKind } from '../../common/tenants/identity-digest.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { TenantProfileReader, type ProfileIdentity } from '../../common/tenants/tenant-profiles.js';
import type { StoredTenant, TenantInput, TenantStore } from './tenant-store.js';

export interface RedisTenantStoreOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Key of the HMAC-SHA256 digests of linkage attributes (from config; keep it secret and stable). */
  readonly hmacKey: Buffer;
}

/** One linkage value of a tenant, as the identity index holds it. */
export type TenantIdentity = ProfileIdentity;

/** Every linkage digest of a tenant, without empties and duplicates, in a stable order. */
export function tenantIdentities(tenant: TenantInput, hmacKey: Buffer): TenantIdentity[] {
  const out: TenantIdentity[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentityKind, value: string): void => {
    const d = digest(kind, value, hmacKey);
    if (d === '' || seen.has(`${kind} ${d}`)) return;
    seen.add(`${kind} ${d}`);
    out.push({ kind, digest: d });
  };
  add('payment_fingerprint', tenant.payment_fingerprint);
  add('email', tenant.email);
  add('email_domain', emailDomain(tenant.email));
  add('phone', tenant.phone);
  add('address', tenant.address);
  for (const ip of tenant.admin_ips) add('admin_ip', ip);
  for (const fp of tenant.ssh_key_fingerprints) add('ssh_key', fp);
  add('registration_number', tenant.registration_number);
  for (const owner of tenant.beneficial_owners) add('beneficial_owner', owner);
  return out;
}

function digestList(kind: IdentityKind, values: readonly string[], hmacKey: Buffer): string[] {
  return [...new Set(values.map((v) => digest(kind, v, hmacKey)).filter((d) => d !== ''))];
}

const identityKey = (i: TenantIdentity): string => `${i.kind} ${i.digest}`;

export class RedisTenantStore implements TenantStore {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;
  private readonly hmacKey: Buffer;
  private readonly reader: TenantProfileReader;

  constructor(options: RedisTenantStoreOptions) {
    if (options.hmacKey.length === 0) {
      throw new ConfigError([
        { field: 'hmacKey', reason: 'expected a non-empty key for the identity digests' },
      ]);
    }
    this.redis = options.redis;
    this.keys = options.keys;
    this.hmacKey = options.hmacKey;
    this.reader = new TenantProfileReader({ redis: this.redis, keys: this.keys });
  }

  async upsert(tenants: readonly TenantInput[], nowMs: number): Promise<void> {
    // The last profile of a tenant in one call wins, as if they had come one by one.
    const byId = new Map<string, TenantInput>();
    tenants.forEach((tenant, i) => {
      if (tenant.tenant_id === '') {
        throw new ValidationError([
          { field: `tenants[${i}].tenant_id`, reason: 'expected a tenant id, got ""' },
        ]);
      }
      byId.set(tenant.tenant_id, tenant);
    });
    if (byId.size === 0) return;
    const ids = [...byId.keys()];
    const before = await Promise.all(ids.map((id) => this.identities(id)));

    const writes: Promise<unknown>[] = [];
    ids.forEach((id, i) => {
      const tenant = byId.get(id);
      if (tenant === undefined) return;
      const next = tenantIdentities(tenant, this.hmacKey);
      const nextSet = new Set(next.map(identityKey));
      for (const identity of next)
        writes.push(this.redis.sadd(this.keys.identity(identity.kind, identity.digest), id));
      writes.push(this.redis.hset(this.keys.profile(id), this.profileFields(tenant, next, nowMs)));
      for (const old of before[i] ?? []) {
        if (!nextSet.has(identityKey(old)))
          writes.push(this.redis.srem(this.keys.identity(old.kind, old.digest), id));
      }
    });
    writes.push(this.redis.sadd(this.keys.tenants(), ids));
    await Promise.all(writes);
  }

  async get(tenantId: string): Promise<StoredTenant | undefined> {
    return (await this.reader.get(tenantId))?.fields;
  }

  /**
   * The linkage digests of a tenant as last upserted (the email domain included, which the
   * profile does not show); [] for an unknown tenant.
   */
  identities(tenantId: string): Promise<TenantIdentity[]> {
    return this.reader.identities(tenantId);
  }

  /** The tenants holding a linkage value (the identity index), sorted. */
  tenantsWithIdentity(kind: IdentityKind, digestValue: string): Promise<string[]> {
    return this.reader.tenantsWithIdentity(kind, digestValue);
  }

  private profileFields(
    tenant: TenantInput,
    identities: readonly TenantIdentity[],
    nowMs: number,
  ): Record<string, string> {
    const k = this.hmacKey;
    // Every field is written every time, so a replaced profile keeps nothing of the old one.
    return {
      tenant_id: tenant.tenant_id,
      legal_name: tenant.legal_name,
      aliases: JSON.stringify(tenant.aliases),
      country: tenant.country,
      account_created_unix_ms: String(tenant.account_created_unix_ms),
      incorporated_unix_ms: String(tenant.incorporated_unix_ms),
      registration_number: tenant.registration_number,
      beneficial_owners: JSON.stringify(tenant.beneficial_owners),
      reseller_id: tenant.reseller_id,
      kyc_verified: tenant.kyc_verified ? '1' : '0',
      attributes: JSON.stringify(tenant.attributes),
      updated_ms: String(nowMs),
      payment_fingerprint: digest('payment_fingerprint', tenant.payment_fingerprint, k),
      email: digest('email', tenant.email, k),
      email_domain: digest('email_domain', emailDomain(tenant.email), k),
      phone: digest('phone', tenant.phone, k),
      address: digest('address', tenant.address, k),
      admin_ips: JSON.stringify(digestList('admin_ip', tenant.admin_ips, k)),
      ssh_key_fingerprints: JSON.stringify(digestList('ssh_key', tenant.ssh_key_fingerprints, k)),
      identities: JSON.stringify(identities.map((i) => [i.kind, i.digest])),
    };
  }
}
