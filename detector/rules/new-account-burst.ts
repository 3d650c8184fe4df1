/**
 * New-account burst (docs/design.md §6.7): fresh accounts that go big at once, or several fresh accounts
 * behind one attribute.
 *
 * Facts of the accounts' first days, found whenever their records arrive (docs/design.md §6.7,
 * episodes): fires when either holds for the cluster:
 * - (single) a member with a known creation time (at or before the watermark) reached a peak of
 *   ≥ minControlledGpus concurrent controlled GPUs in an hour starting within its first
 *   firstDays (`[created, created + firstDays)`);
 * - (group) ≥ minAccountsSharingAttribute members share one identity digest (any kind, from their
 *   profiles) and were created within sharedAttributeWindowDays of each other (newest − oldest ≤
 *   the window).
 * The episode runs from the (first) account's creation while the account (the group's newest)
 * is younger than maxAccountAgeDays: `[created, min(created + maxAccountAgeDays, nowMs)]`. A burst
 * of five months ago is an episode of five months ago, recorded (and resolved) as such.
 * Severity: high for a single burst, medium for a group only. Score: peak ÷ minControlledGpus
 * plus group size ÷ minAccountsSharingAttribute.
 */
import { dayMs } from '../../common/usage/usage-time.js';
import type { Finding } from '../model.js';
import type { Policy } from '../policy.js';
import { profilesOf, type ClusterInputs } from './rule-inputs.js';
import { atLeast, peakControlledGpus } from './usage-metrics.js';

export type NewAccountBurstInputs = ClusterInputs;

/** Rule 7 for one cluster at watermark `nowMs` (account ages are measured from it). */
export function newAccountBurst(
  inputs: NewAccountBurstInputs,
  policy: Policy,
  nowMs: number,
): Finding | undefined {
  const nb = policy.newAccountBurst;
  const profiles = profilesOf(inputs);
  const maxAgeMs = nb.maxAccountAgeDays * dayMs;
  const isNew = (createdMs: number) => createdMs > 0 && createdMs <= nowMs;
  const newUntil = (createdMs: number) => Math.min(createdMs + maxAgeMs, nowMs);

  const bursts: { tenantId: string; accountCreatedMs: number; peakControlledGpus: number }[] = [];
  for (const usage of inputs.usage) {
    const p = profiles.get(usage.tenantId);
    if (p === undefined || !isNew(p.accountCreatedMs)) continue;
    const peak = peakControlledGpus(
      usage,
      p.accountCreatedMs,
      Math.min(p.accountCreatedMs + nb.firstDays * dayMs, nowMs),
    );
    if (atLeast(peak, nb.minControlledGpus)) {
      bursts.push({ tenantId: p.tenantId, accountCreatedMs: p.accountCreatedMs, peakControlledGpus: peak });
    }
  }

  // Members per shared digest, then the largest set created within the window that ends new.
  const byDigest = new Map<string, { kind: string; members: { id: string; createdMs: number }[] }>();
  for (const p of profiles.values()) {
    if (p.accountCreatedMs <= 0) continue;
    for (const identity of p.identities) {
      const key = `${identity.kind}\n${identity.digest}`;
      const entry = byDigest.get(key) ?? { kind: identity.kind, members: [] };
      if (!entry.members.some((m) => m.id === p.tenantId))
        entry.members.push({ id: p.tenantId, createdMs: p.accountCreatedMs });
      byDigest.set(key, entry);
    }
  }
  const windowMs = nb.sharedAttributeWindowDays * dayMs;
  const groups: {
    kind: string;
    digest: string;
    tenantIds: string[];
    firstCreatedMs: number;
    lastCreatedMs: number;
  }[] = [];
  for (const [key, { kind, members }] of byDigest) {
    if (members.length < nb.minAccountsSharingAttribute) continue;
    members.sort((x, y) => x.createdMs - y.createdMs);
    let best: typeof members = [];
    for (let lo = 0, hi = 0; hi < members.length; hi++) {
      const last = members[hi];
      if (last === undefined) break;
      while ((members[lo]?.createdMs ?? last.createdMs) < last.createdMs - windowMs) lo++;
      const run = members.slice(lo, hi + 1);
      if (run.length >= nb.minAccountsSharingAttribute && isNew(last.createdMs) && run.length >= best.length)
        best = run;
    }
    if (best.length === 0) continue;
    groups.push({
      kind,
      digest: key.slice(kind.length + 1),
      tenantIds: best.map((m) => m.id),
      firstCreatedMs: best[0]?.createdMs ?? 0,
      lastCreatedMs: best[best.length - 1]?.createdMs ?? 0,
    });
  }

  if (bursts.length === 0 && groups.length === 0) return undefined;
  const peak = Math.max(0, ...bursts.map((b) => b.peakControlledGpus));
  const groupSize = Math.max(0, ...groups.map((g) => g.tenantIds.length));
  const starts = [...bursts.map((b) => b.accountCreatedMs), ...groups.map((g) => g.firstCreatedMs)];
  const ends = [
    ...bursts.map((b) => newUntil(b.accountCreatedMs)),
    ...groups.map((g) => newUntil(g.lastCreatedMs)),
  ];
  return {
    rule: 'new_account_burst',
    severity: bursts.length > 0 ? 'high' : 'medium',
    score: peak / nb.minControlledGpus + groupSize / nb.minAccountsSharingAttribute,
    tenantIds: inputs.cluster.tenantIds,
    anchorTenantId: inputs.cluster.anchorTenantId,
    firstSeenMs: Math.min(...starts),
    lastSeenMs: Math.max(...ends),
    informational: false,
    evidence: { bursts, sharedAttributeGroups: groups },
  };
}
