/**
 * What every rule is given about one linked cluster (docs/design.md §6): the cluster, its members'
 * profiles and their usage. Rules are pure: (inputs, policy, nowMs) → Finding | undefined, with
 * `nowMs` the watermark (event time), never the wall clock.
 */
import type { Cluster, TenantProfile } from '../model.js';
import type { TenantUsage } from '../../common/usage/tenant-usage.js';

export interface ClusterInputs {
  readonly cluster: Cluster;
  /** Profiles of the members, any order. A member without one counts as unverified, country unknown. */
  readonly profiles: readonly TenantProfile[];
  /** Usage of the members, each with hours sorted ascending; members without usage may be absent. */
  readonly usage: readonly TenantUsage[];
}

/** Tenant attributes (TenantProfile.attributes) the rules read, as the control plane sends them. */
export const tenantAttributes = Object.freeze({
  /** "false" when the party paying is not the account holder (shell-ring signal). */
  payerIsAccountHolder: 'payer_is_account_holder',
  /** "true" when the tenant's reseller has identified its end customer; anything else is not. */
  resellerCustomerIdentified: 'reseller_customer_identified',
});

/** The members' profiles by tenant id, cluster members only. */
export function profilesOf(inputs: ClusterInputs): Map<string, TenantProfile> {
  const members = new Set(inputs.cluster.tenantIds);
  const out = new Map<string, TenantProfile>();
  for (const p of inputs.profiles) if (members.has(p.tenantId)) out.set(p.tenantId, p);
  return out;
}

/** The members' usage, cluster members only. */
export function usageOf(inputs: ClusterInputs): TenantUsage[] {
  const members = new Set(inputs.cluster.tenantIds);
  return inputs.usage.filter((u) => members.has(u.tenantId));
}
