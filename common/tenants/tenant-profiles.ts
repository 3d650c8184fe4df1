/**
 * The read side of tenant profiles in Redis (docs/design.md §5), shared by the collector (Tenants.Get)
 * and the detector (linkage, rules): one hash per tenant (`keys.profile`) with names and dates
 * readable and linkage attributes as keyed digests, the identity index (a set of tenant ids per
 * kind and digest, `keys.identity`), and the workload fingerprints the collector stored usage for
 * (`keys.workloads`). The collector's RedisTenantStore writes profiles and the index;
 * RedisUsageStore writes the workloads; both read through this module.
 */
import { crossSlotPipeline, type RedisClient } from '../redis.js';
import { AppError, quote } from '../errors.js';
import { identityKinds, type IdentityKind } from './identity-digest.js';
import type { RedisKeys } from '../redis-keys.js';

/**
 * A tenant profile (docs/design.md §3 Tenant) with every field present (proto3 defaults for absent
 * ones), in the contract's snake_case names. As input the linkage attributes are clear values;
 * as stored they are keyed digests (`hmac-sha256:<hex>`), "" where empty.
 */
export interface TenantProfileFields {
  readonly tenant_id: string;
  readonly legal_name: string;
  readonly aliases: readonly string[];
  readonly country: string;
  readonly account_created_unix_ms: number;
  readonly incorporated_unix_ms: number;
  readonly registration_number: string;
  readonly address: string;
  readonly payment_fingerprint: string;
  readonly email: string;
  readonly phone: string;
  readonly admin_ips: readonly string[];
  readonly ssh_key_fingerprints: readonly string[];
  readonly beneficial_owners: readonly string[];
  readonly reseller_id: string;
  readonly kyc_verified: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One linkage value of a tenant as the profile lists it and the identity index holds it. */
export interface ProfileIdentity {
  readonly kind: IdentityKind;
  /** `hmac-sha256:<hex>`, never "". */
  readonly digest: string;
}

/** A stored profile as read back: the fields, every linkage digest, and when it was written. */
export interface StoredTenantProfile {
  /** The profile's fields, linkage attributes as digests. */
  readonly fields: TenantProfileFields;
  /** Every linkage digest, the email domain included (which `fields` do not show). */
  readonly identities: readonly ProfileIdentity[];
  /** Unix ms of the upsert that wrote it; 0 when unknown. */
  readonly updatedMs: number;
}

function corrupt(key: string, field: string, value: unknown, expected: string): AppError {
  return new AppError('INTERNAL', `${key} field ${field}: expected ${expected}, got ${quote(value)}`);
}

function parseJson(key: string, field: string, raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw corrupt(key, field, raw, 'JSON');
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * The `identities` field of a profile hash (JSON `[[kind, digest], …]`); [] when absent.
 * @param key the hash's key, for the error message when the field is corrupt
 */
export function parseProfileIdentities(key: string, raw: string | null | undefined): ProfileIdentity[] {
  if (raw === null || raw === undefined) return [];
  const value = parseJson(key, 'identities', raw);
  if (!Array.isArray(value)) throw corrupt(key, 'identities', raw, 'a JSON array of [kind, digest]');
  return value.map((pair: unknown) => {
    if (
      !Array.isArray(pair) ||
      !identityKinds.includes(pair[0] as IdentityKind) ||
      typeof pair[1] !== 'string'
    ) {
      throw corrupt(key, 'identities', raw, 'a JSON array of [kind, digest]');
    }
    return { kind: pair[0] as IdentityKind, digest: pair[1] };
  });
}

/**
 * A profile hash as HGETALL returns it, parsed; undefined for an empty hash (no such tenant).
 * @param key the hash's key, for error messages: a corrupt field is an `INTERNAL` AppError
 */
export function parseTenantProfile(
  key: string,
  h: Readonly<Record<string, string>>,
): StoredTenantProfile | undefined {
  if (Object.keys(h).length === 0) return undefined;
  const str = (field: string): string => h[field] ?? '';
  const list = (field: string): string[] => {
    const value = parseJson(key, field, h[field] ?? '[]');
    if (!isStringArray(value)) throw corrupt(key, field, h[field], 'a JSON array of strings');
    return value;
  };
  const attributes = parseJson(key, 'attributes', h.attributes ?? '{}');
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw corrupt(key, 'attributes', h.attributes, 'a JSON object');
  }
  return {
    fields: {
      tenant_id: str('tenant_id'),
      legal_name: str('legal_name'),
      aliases: list('aliases'),
      country: str('country'),
      account_created_unix_ms: Number(h.account_created_unix_ms ?? 0),
      incorporated_unix_ms: Number(h.incorporated_unix_ms ?? 0),
      registration_number: str('registration_number'),
      address: str('address'),
      payment_fingerprint: str('payment_fingerprint'),
      email: str('email'),
      phone: str('phone'),
      admin_ips: list('admin_ips'),
      ssh_key_fingerprints: list('ssh_key_fingerprints'),
      beneficial_owners: list('beneficial_owners'),
      reseller_id: str('reseller_id'),
      kyc_verified: h.kyc_verified === '1',
      attributes: attributes as Record<string, string>,
    },
    identities: parseProfileIdentities(key, h.identities),
    updatedMs: Number(h.updated_ms ?? 0) || 0,
  };
}

/** Options of TenantProfileReader. */
export interface TenantProfileReaderOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
}

/**
 * Reads profiles, the identity index and the workload fingerprints. The `…Many` methods send one
 * pipeline (one round trip) for many tenants or values; on a Redis Cluster the same commands
 * go out at once, each to its tenant's node (see crossSlotPipeline).
 */
export class TenantProfileReader {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;

  constructor(options: TenantProfileReaderOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  /** The stored profile of a tenant; undefined for an unknown tenant. */
  async get(tenantId: string): Promise<StoredTenantProfile | undefined> {
    const key = this.keys.profile(tenantId);
    return parseTenantProfile(key, await this.redis.hgetall(key));
  }

  /** The stored profiles of these tenants, in their order (undefined where unknown). */
  async getMany(tenantIds: readonly string[]): Promise<(StoredTenantProfile | undefined)[]> {
    const keys = tenantIds.map((id) => this.keys.profile(id));
    const replies = await this.hgetallMany(keys);
    return replies.map((h, i) => parseTenantProfile(keys[i] ?? '', (h ?? {}) as Record<string, string>));
  }

  /** The linkage digests of a tenant as last upserted; [] for an unknown tenant. */
  async identities(tenantId: string): Promise<ProfileIdentity[]> {
    const key = this.keys.profile(tenantId);
    return parseProfileIdentities(key, await this.redis.hget(key, 'identities'));
  }

  /** The tenants holding a value (the identity index), sorted. */
  async tenantsWithIdentity(kind: string, digestValue: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.identity(kind, digestValue))).sort();
  }

  /** The workload fingerprints a tenant ran → end ms of the last stored segment that ran each. */
  async workloads(tenantId: string): Promise<Map<string, number>> {
    return toWorkloads(await this.redis.hgetall(this.keys.workloads(tenantId)));
  }

  /** workloads() of many tenants in one round trip, in their order. */
  async workloadsOfMany(tenantIds: readonly string[]): Promise<Map<string, number>[]> {
    const replies = await this.hgetallMany(tenantIds.map((id) => this.keys.workloads(id)));
    return replies.map((h) => toWorkloads((h ?? {}) as Record<string, string>));
  }

  private async hgetallMany(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const pipeline = crossSlotPipeline(this.redis);
    for (const key of keys) pipeline.hgetall(key);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
  }
}

function toWorkloads(h: Readonly<Record<string, string>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [fingerprint, ms] of Object.entries(h)) out.set(fingerprint, Number(ms) || 0);
  return out;
}
