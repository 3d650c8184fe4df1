/** Tenant profiles for tests: every field of the Tenants API empty, then what the test sets. */
import type { TenantInput } from '../../collector/tenants/tenant-store.js';

/** A profile of `tenantId` with every other field empty (or false), overridden by `fields`. */
export function tenantInput(tenantId: string, fields: Partial<TenantInput> = {}): TenantInput {
  return {
    tenant_id: tenantId,
    legal_name: '',
    aliases: [],
    country: '',
    account_created_unix_ms: 0,
    incorporated_unix_ms: 0,
    registration_number: '',
    address: '',
    payment_fingerprint: '',
    email: '',
    phone: '',
    admin_ips: [],
    ssh_key_fingerprints: [],
    beneficial_owners: [],
    reseller_id: '',
    kyc_verified: false,
    attributes: {},
    ...fields,
  };
}
