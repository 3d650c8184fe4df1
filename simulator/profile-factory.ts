/**
 * Tenant profiles for scenarios: every identifying field filled with a value of the tenant's own
 * (so nothing links by accident), unless the scenario passes a shared one on purpose.
 */
import type { ITenant } from '../common/proto.js';
import type { FleetBuilder } from './fleet-builder.js';
import type { Prng } from './prng.js';

/** Values many unrelated tenants share (docs/design.md §6.2: ignored above genericValueMaxTenants holders). */
export const sharedValues = Object.freeze({
  /** A free-mail domain. */
  freeMailDomain: 'gmail.com',
  /** The NAT address of a big ISP that many customers administer their accounts from. */
  natAddress: '198.51.100.23',
  /** A public framework image (not a private one: says nothing about who runs it). */
  publicImage: 'sha256:5f1c0e7a9d2b4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e',
});

/** Profile fields a scenario sets; `createdDaysAgo` and `incorporatedDaysAgo` are relative to the anchor. */
export interface ProfileSpec extends Omit<
  ITenant,
  'tenant_id' | 'account_created_unix_ms' | 'incorporated_unix_ms'
> {
  readonly createdDaysAgo: number;
  readonly incorporatedDaysAgo?: number;
}

export class ProfileFactory {
  constructor(
    private readonly fleet: FleetBuilder,
    private readonly prng: Prng,
  ) {}

  /** A tenant id `<prefix>-<role>-<4 hex>`: readable, and different for every seed. */
  id(prefix: string, role: string): string {
    return `${prefix}-${role}-${this.prng.hex(4)}`;
  }

  /** Adds the tenant to the fleet with unique identifiers, overridden by `spec`. */
  add(tenantId: string, spec: ProfileSpec): ITenant {
    const { createdDaysAgo, incorporatedDaysAgo, ...fields } = spec;
    const own = this.prng.hex(8);
    const profile: ITenant = {
      tenant_id: tenantId,
      legal_name: `${tenantId} Ltd`,
      country: 'US',
      account_created_unix_ms: this.fleet.msAt(createdDaysAgo),
      incorporated_unix_ms: this.fleet.msAt(incorporatedDaysAgo ?? createdDaysAgo + 1500),
      registration_number: `REG-${own.toUpperCase()}`,
      address: `${this.prng.int(1, 400)} ${own} Street, Springfield`,
      payment_fingerprint: `pm_${own}`,
      email: `ops@${own}.example`,
      phone: `+1555${this.prng.int(1_000_000, 9_999_999)}`,
      admin_ips: [`10.${this.prng.int(0, 255)}.${this.prng.int(0, 255)}.${this.prng.int(1, 254)}`],
      ssh_key_fingerprints: [`SHA256:${own}${this.prng.hex(24)}`],
      kyc_verified: true,
      ...fields,
    };
    return this.fleet.tenant(profile);
  }
}
