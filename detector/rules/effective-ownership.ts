/**
 * Effective ownership (docs/design.md §6.3): a cluster that holds controlled chips like an owner — many,
 * steadily, for long — over the window ending at the watermark.
 *
 * Held when mean concurrent controlled GPUs ≥ minMeanConcurrentGpus AND either
 * (occupancy ≥ minOccupancy AND tenure ≥ minTenureDays) or a member's reserved term ≥
 * reservedTermMonths (a contract proves the duration, so occupancy and tenure are waived; the
 * size is not). Controlled means every class but `not-controlled` (unclassified counts).
 * Severity by mean concurrent H100-equivalents: severityH100e bands, below medium → low.
 * Informational (no webhook) when every member is KYC-verified, headquartered in a known country
 * outside countriesOfConcern, and the cluster is not linked to a screened party.
 */
import type { Finding, Severity, TenantProfile } from '../model.js';
import type { TenantUsage } from '../../common/usage/tenant-usage.js';
import type { Policy } from '../policy.js';
import { profilesOf, usageOf, type ClusterInputs } from './rule-inputs.js';
import {
  atLeast,
  severityFor,
  tenure,
  usageWindow,
  windowStats,
  type Tenure,
  type UsageWindow,
  type WindowStats,
} from './usage-metrics.js';

export interface EffectiveOwnershipInputs extends ClusterInputs {
  /** A member matched the restricted-party screening list (a hold or an open review). */
  readonly screenedParty: boolean;
}

/** The numbers of rule 3 for some usage, and which criteria they meet. */
export interface OwnershipAssessment {
  readonly stats: WindowStats;
  readonly tenure: Tenure;
  /** Longest reserved term among the profiles, months; 0 when none. */
  readonly reservedTermMonths: number;
  readonly meets: {
    readonly meanGpus: boolean;
    readonly occupancy: boolean;
    readonly tenure: boolean;
    readonly reservedTerm: boolean;
  };
  /** The rule's condition: mean ∧ ((occupancy ∧ tenure) ∨ reserved term). */
  readonly held: boolean;
  /** By mean H100e; computed whether held or not. */
  readonly severity: Severity;
}

function reservedTermMonths(profiles: readonly TenantProfile[], attribute: string): number {
  let months = 0;
  for (const p of profiles) {
    const raw = p.attributes[attribute];
    const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
    if (Number.isFinite(n) && n > months) months = n;
  }
  return months;
}

/** Rule 3's numbers for the summed usage of `usages` (one tenant, or a whole cluster). */
export function assessOwnership(
  usages: readonly TenantUsage[],
  profiles: readonly TenantProfile[],
  policy: Policy,
  window: UsageWindow,
): OwnershipAssessment {
  const eo = policy.effectiveOwnership;
  const stats = windowStats(usages, window, eo.occupancyFractionOfMean);
  const run = tenure(usages, window.endMs, eo.tenureGapToleranceDays);
  const reserved = reservedTermMonths(profiles, eo.reservedTermAttribute);
  const meets = {
    meanGpus: stats.meanGpus > 0 && atLeast(stats.meanGpus, eo.minMeanConcurrentGpus),
    occupancy: stats.meanGpus > 0 && atLeast(stats.occupancy, eo.minOccupancy),
    tenure: run.days > 0 && run.days >= eo.minTenureDays,
    reservedTerm: reserved > 0 && reserved >= eo.reservedTermMonths,
  };
  return {
    stats,
    tenure: run,
    reservedTermMonths: reserved,
    meets,
    held: meets.meanGpus && ((meets.occupancy && meets.tenure) || meets.reservedTerm),
    severity: severityFor(stats.meanH100e, eo.severityH100e),
  };
}

/** Why a cluster's finding is (or is not) informational. */
export interface OwnershipContext {
  readonly informational: boolean;
  /** Each reason it is an alert; empty when informational. */
  readonly reasons: readonly string[];
}

/** docs/design.md §6.3 context: verified + outside the countries of concern + not screened → informational. */
export function ownershipContext(
  tenantIds: readonly string[],
  profiles: ReadonlyMap<string, TenantProfile>,
  policy: Policy,
  screenedParty: boolean,
): OwnershipContext {
  const reasons: string[] = [];
  const concern = new Set(policy.countriesOfConcern);
  for (const id of tenantIds) {
    const p = profiles.get(id);
    if (p === undefined) {
      reasons.push(`${id}: no tenant profile`);
      continue;
    }
    if (!p.kycVerified) reasons.push(`${id}: not KYC-verified`);
    const country = p.country.trim().toUpperCase();
    if (country === '') reasons.push(`${id}: headquarters country unknown`);
    else if (concern.has(country)) reasons.push(`${id}: headquartered in ${country}, a country of concern`);
  }
  if (screenedParty) reasons.push('linked to a screened party');
  return { informational: reasons.length === 0, reasons };
}

/** The evidence numbers of one assessment: window, concurrency, occupancy, tenure, H100e, GPU-hours per class. */
export function assessmentEvidence(a: OwnershipAssessment): Record<string, unknown> {
  return {
    windowStartMs: a.stats.window.startMs,
    windowEndMs: a.stats.window.endMs,
    windowHours: a.stats.window.hours,
    meanConcurrentGpus: a.stats.meanGpus,
    peakConcurrentGpus: a.stats.peakGpus,
    occupancy: a.stats.occupancy,
    hoursAtOccupancyFloor: a.stats.hoursAtFloor,
    tenureDays: a.tenure.days,
    tenureStartMs: a.tenure.startMs,
    reservedTermMonths: a.reservedTermMonths,
    meanH100e: a.stats.meanH100e,
    gpuHoursByClass: a.stats.gpuHoursByClass,
    criteriaMet: a.meets,
  };
}

/** Rule 3 for one cluster at watermark `nowMs`; undefined when the condition does not hold. */
export function effectiveOwnership(
  inputs: EffectiveOwnershipInputs,
  policy: Policy,
  nowMs: number,
): Finding | undefined {
  const profiles = profilesOf(inputs);
  const window = usageWindow(nowMs, policy.effectiveOwnership.windowDays);
  const a = assessOwnership(usageOf(inputs), [...profiles.values()], policy, window);
  if (!a.held) return undefined;
  const context = ownershipContext(inputs.cluster.tenantIds, profiles, policy, inputs.screenedParty);
  return {
    rule: 'effective_ownership',
    severity: a.severity,
    score: a.stats.meanH100e,
    tenantIds: inputs.cluster.tenantIds,
    anchorTenantId: inputs.cluster.anchorTenantId,
    firstSeenMs: a.tenure.startMs > 0 ? a.tenure.startMs : a.stats.firstUsageMs,
    lastSeenMs: a.stats.lastUsageEndMs,
    informational: context.informational,
    evidence: {
      ...assessmentEvidence(a),
      context: { screenedParty: inputs.screenedParty, alertReasons: context.reasons },
    },
  };
}
