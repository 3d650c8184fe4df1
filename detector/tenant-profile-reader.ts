/**
 * Tenant profiles as the detector reads them (detector/model.ts TenantProfile): the collector's
 * profile hash, parsed by the shared common/tenants/tenant-profiles.ts, with the digests of the workload
 * fingerprints the tenant ran added to its identities.
 */
import type { RedisClient } from '../common/redis.js';
import type { RedisKeys } from '../common/redis-keys.js';
import { TenantProfileReader, type StoredTenantProfile } from '../common/tenants/tenant-profiles.js';
import { workloadFingerprintDigest } from '../common/tenants/workload-fingerprints.js';
import type { TenantIdentity, TenantProfile } from './model.js';

/** The detector's TenantProfile from a stored profile and the tenant's workload fingerprints. */
export function toTenantProfile(
  stored: StoredTenantProfile,
  workloadFingerprints: Iterable<string>,
): TenantProfile {
  const f = stored.fields;
  const identities: TenantIdentity[] = [...stored.identities];
  const seen = new Set<string>();
  for (const fingerprint of workloadFingerprints) {
    const d = workloadFingerprintDigest(fingerprint);
    if (d === '' || seen.has(d)) continue;
    seen.add(d);
    identities.push({ kind: 'workload_fingerprint', digest: d });
  }
  return {
    tenantId: f.tenant_id,
    legalName: f.legal_name,
    aliases: f.aliases,
    country: f.country,
    accountCreatedMs: f.account_created_unix_ms,
    incorporatedMs: f.incorporated_unix_ms,
    registrationNumber: f.registration_number,
    beneficialOwners: f.beneficial_owners,
    resellerId: f.reseller_id,
    kycVerified: f.kyc_verified,
    identities,
    attributes: f.attributes,
  };
}

/** Options of RedisTenantProfileReader. */
export interface RedisTenantProfileReaderOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
}

/** Reads TenantProfiles from Redis. */
export class RedisTenantProfileReader {
  private readonly reader: TenantProfileReader;

  constructor(options: RedisTenantProfileReaderOptions) {
    this.reader = new TenantProfileReader(options);
  }

  /** The profile of a tenant; undefined when it has none (a tenant may have usage only). */
  async get(tenantId: string): Promise<TenantProfile | undefined> {
    const [stored, workloads] = await Promise.all([
      this.reader.get(tenantId),
      this.reader.workloads(tenantId),
    ]);
    return stored === undefined ? undefined : toTenantProfile(stored, workloads.keys());
  }

  /** get() of many tenants in two round trips, in their order. */
  async getMany(tenantIds: readonly string[]): Promise<(TenantProfile | undefined)[]> {
    const [stored, workloads] = await Promise.all([
      this.reader.getMany(tenantIds),
      this.reader.workloadsOfMany(tenantIds),
    ]);
    return stored.map((s, i) =>
      s === undefined ? undefined : toTenantProfile(s, workloads[i]?.keys() ?? []),
    );
  }
}
