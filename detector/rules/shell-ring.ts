/**
 * Shell ring (docs/design.md §6.5): accounts that declare different identities (legal names or
 * countries) but share strong identifiers — one actor behind several fronts.
 *
 * Fires for a cluster of ≥ shellRing.minTenants members with profiles in which at least one link
 * joins two members whose declared identities differ (legal name compared case-, punctuation- and
 * space-insensitively, or country) through evidence of a strong kind (shellRing.strongKinds).
 * Score = weights.strongLink + Σ over the shell-profile signals of weight × share of members
 * showing it:
 * - recentIncorporation: incorporated less than incorporatedBeforeSignupMonths calendar months
 *   before the account was created (both dates known);
 * - sharedAddress: an address digest held by ≥ sharedAddressMinTenants tenants (fleet-wide count);
 * - noKyc: not KYC-verified;
 * - thirdPartyPayer: attribute payer_is_account_holder = "false";
 * - unidentifiedResellerCustomer: bought through a reseller and attribute
 *   reseller_customer_identified is not "true".
 * Severity by score (shellRing.severityScore), below medium → low.
 */
import type { Finding, TenantProfile } from '../model.js';
import type { Policy } from '../policy.js';
import type { ShellRingWeights } from './shell-ring-policy.js';
import { profilesOf, tenantAttributes, type ClusterInputs } from './rule-inputs.js';
import { addUtcMonths, severityFor } from './usage-metrics.js';

export interface ShellRingInputs extends ClusterInputs {
  /** Tenants holding each address digest, fleet-wide (from the identity index). Missing → 1. */
  readonly addressTenantCounts: ReadonlyMap<string, number>;
}

type Signal = Exclude<keyof ShellRingWeights, 'strongLink'>;
const signals: readonly Signal[] = [
  'recentIncorporation',
  'sharedAddress',
  'noKyc',
  'thirdPartyPayer',
  'unidentifiedResellerCustomer',
];

function normalizedName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

function signalsOf(p: TenantProfile, inputs: ShellRingInputs, policy: Policy): Signal[] {
  const sr = policy.shellRing;
  const out: Signal[] = [];
  if (
    p.incorporatedMs > 0 &&
    p.accountCreatedMs > 0 &&
    p.accountCreatedMs < addUtcMonths(p.incorporatedMs, sr.incorporatedBeforeSignupMonths)
  ) {
    out.push('recentIncorporation');
  }
  if (
    p.identities.some(
      (i) =>
        i.kind === 'address' && (inputs.addressTenantCounts.get(i.digest) ?? 1) >= sr.sharedAddressMinTenants,
    )
  ) {
    out.push('sharedAddress');
  }
  if (!p.kycVerified) out.push('noKyc');
  if (p.attributes[tenantAttributes.payerIsAccountHolder]?.trim().toLowerCase() === 'false')
    out.push('thirdPartyPayer');
  if (
    p.resellerId !== '' &&
    p.attributes[tenantAttributes.resellerCustomerIdentified]?.trim().toLowerCase() !== 'true'
  ) {
    out.push('unidentifiedResellerCustomer');
  }
  return out;
}

/**
 * Rule 5 for one cluster. The episode is a fact of event time: from the first member's account
 * creation to the ring's latest sign of life (the newest account's creation or the members' last
 * hour of usage); `nowMs` (the watermark) only where neither is known.
 */
export function shellRing(inputs: ShellRingInputs, policy: Policy, nowMs: number): Finding | undefined {
  const sr = policy.shellRing;
  const profiles = profilesOf(inputs);
  if (profiles.size < sr.minTenants) return undefined;
  const strong = new Set(sr.strongKinds);

  const strongLinks = [];
  for (const link of inputs.cluster.links) {
    const a = profiles.get(link.a);
    const b = profiles.get(link.b);
    if (a === undefined || b === undefined) continue;
    const differs = {
      legalName: normalizedName(a.legalName) !== normalizedName(b.legalName),
      country: a.country.trim().toUpperCase() !== b.country.trim().toUpperCase(),
    };
    if (!differs.legalName && !differs.country) continue;
    const shared = link.evidence.filter((e) => strong.has(e.kind));
    if (shared.length === 0) continue;
    strongLinks.push({
      a: link.a,
      b: link.b,
      differs,
      shared: shared.map((e) => ({ kind: e.kind, digest: e.digest, sharedBy: e.sharedBy })),
    });
  }
  if (strongLinks.length === 0) return undefined;

  const perMember: Record<string, Signal[]> = {};
  const counts = new Map<Signal, number>();
  for (const [id, p] of profiles) {
    const found = signalsOf(p, inputs, policy);
    perMember[id] = found;
    for (const s of found) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  let score = sr.weights.strongLink;
  const signalShares: Record<string, number> = {};
  for (const s of signals) {
    const share = (counts.get(s) ?? 0) / profiles.size;
    signalShares[s] = share;
    score += sr.weights[s] * share;
  }

  const members = [...profiles.values()];
  const firstSeenMs = Math.min(...members.map((p) => p.accountCreatedMs || Infinity).concat(nowMs));
  let lastSign = Math.max(0, ...members.map((p) => p.accountCreatedMs));
  for (const u of inputs.usage) {
    const last = u.hours[u.hours.length - 1];
    if (last !== undefined && profiles.has(u.tenantId))
      lastSign = Math.max(lastSign, last.hourStartMs + 3_600_000);
  }
  return {
    rule: 'shell_ring',
    severity: severityFor(score, sr.severityScore),
    score,
    tenantIds: inputs.cluster.tenantIds,
    anchorTenantId: inputs.cluster.anchorTenantId,
    firstSeenMs,
    lastSeenMs: Math.max(firstSeenMs, lastSign > 0 ? Math.min(lastSign, nowMs) : nowMs),
    informational: false,
    evidence: {
      strongLinks,
      declaredIdentities: Object.fromEntries(
        members.map((p) => [p.tenantId, { legalName: p.legalName, country: p.country }]),
      ),
      signalsByMember: perMember,
      signalShares,
    },
  };
}
