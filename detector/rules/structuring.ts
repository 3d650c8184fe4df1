/**
 * Structuring (docs/design.md §6.4): usage split across linked accounts so that no account crosses a
 * threshold of effective ownership that the cluster crosses together.
 *
 * Fires when at least structuring.minMembers members have controlled usage in the window, the
 * cluster's combined usage holds effective ownership (rule 3's condition), and at least one of
 * the thresholds the combined usage crosses is crossed by no member alone. The thresholds are
 * rule 3's condition itself and its severity bands (medium, high, critical H100e): three
 * accounts of 100 H100e each, every one of them an owner at medium, are structured into one
 * high. Severity is the combined one. The context of rule 3 applies: a verified cluster outside
 * the countries of concern and not screened gets an informational record.
 */
import type { Finding, Severity } from '../model.js';
import type { Policy } from '../policy.js';
import {
  assessmentEvidence,
  assessOwnership,
  ownershipContext,
  type EffectiveOwnershipInputs,
} from './effective-ownership.js';
import { profilesOf, usageOf } from './rule-inputs.js';
import { atLeast, usageWindow } from './usage-metrics.js';

export type StructuringInputs = EffectiveOwnershipInputs;

const bandOrder: readonly Severity[] = ['medium', 'high', 'critical'];

/** Rule 4 for one cluster at watermark `nowMs`; undefined when no threshold is crossed only together. */
export function structuring(inputs: StructuringInputs, policy: Policy, nowMs: number): Finding | undefined {
  const profiles = profilesOf(inputs);
  const usage = usageOf(inputs).filter((u) => u.hours.length > 0);
  if (usage.length < policy.structuring.minMembers) return undefined;
  const window = usageWindow(nowMs, policy.effectiveOwnership.windowDays);
  const combined = assessOwnership(usage, [...profiles.values()], policy, window);
  if (!combined.held) return undefined;

  const members = usage.map((u) => {
    const profile = profiles.get(u.tenantId);
    return {
      tenantId: u.tenantId,
      a: assessOwnership([u], profile === undefined ? [] : [profile], policy, window),
    };
  });
  const active = members.filter((m) => m.a.stats.meanGpus > 0);
  if (active.length < policy.structuring.minMembers) return undefined;

  const bands = policy.effectiveOwnership.severityH100e;
  const crossedJointly: string[] = [];
  if (!members.some((m) => m.a.held)) crossedJointly.push('effective_ownership');
  for (const band of bandOrder) {
    const cut = bands[band as keyof typeof bands];
    if (!atLeast(combined.stats.meanH100e, cut)) continue;
    // A band counts only for a member that holds effective ownership: that is what it grades.
    if (!members.some((m) => m.a.held && atLeast(m.a.stats.meanH100e, cut)))
      crossedJointly.push(`h100e_${band}`);
  }
  if (crossedJointly.length === 0) return undefined;

  const context = ownershipContext(inputs.cluster.tenantIds, profiles, policy, inputs.screenedParty);
  return {
    rule: 'structuring',
    severity: combined.severity,
    score: combined.stats.meanH100e,
    tenantIds: inputs.cluster.tenantIds,
    anchorTenantId: inputs.cluster.anchorTenantId,
    firstSeenMs: combined.tenure.startMs > 0 ? combined.tenure.startMs : combined.stats.firstUsageMs,
    lastSeenMs: combined.stats.lastUsageEndMs,
    informational: context.informational,
    evidence: {
      thresholdsCrossedOnlyTogether: crossedJointly,
      combined: assessmentEvidence(combined),
      members: Object.fromEntries(
        members.map((m) => [
          m.tenantId,
          { ...assessmentEvidence(m.a), heldAlone: m.a.held, severityAlone: m.a.severity },
        ]),
      ),
      context: { screenedParty: inputs.screenedParty, alertReasons: context.reasons },
    },
  };
}
