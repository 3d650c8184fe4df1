/**
 * Tenant profiles (docs/design.md §3 Tenant, §5). Linkage attributes (payment fingerprint, email and its
 * domain, phone, address, admin IPs, SSH keys) are kept only as keyed HMAC-SHA256 digests of
 * their normalized form; names stay readable because screening needs them.
 */

import type { TenantProfileFields } from '../../common/tenants/tenant-profiles.js';

/** A tenant that passed validation: every field present (proto3 defaults for absent ones). */
export type TenantInput = TenantProfileFields;

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
