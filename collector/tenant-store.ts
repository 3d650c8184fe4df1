/**
 * Tenant profiles (DESIGN §3 Tenant, §5). Linkage attributes (payment fingerprint, email and its
 * domain, phone, address, admin IPs, SSH keys) are kept only as keyed HMAC-SHA256 digests of
 * their normalized form; names stay readable because screening needs them.
 */

/** A tenant that passed validation: every field present (proto3 defaults for absent ones). */
export interface TenantInput {
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

/**
 * A stored tenant as Get returns it: the same fields, with each linkage attribute replaced by
 * its digest (`hmac-sha256:<hex>`), and "" where the attribute was empty.
 */
export type StoredTenant = TenantInput;

export interface TenantStore {
  /** Stores (replaces) each profile and updates the identity index; idempotent. */
  upsert(tenants: readonly TenantInput[], nowMs: number): Promise<void>;
  get(tenantId: string): Promise<StoredTenant | undefined>;
}
