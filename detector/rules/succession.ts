/**
 * Succession (docs/design.md §6.6): one actor changing accounts — tenant B takes up, soon after tenant A
 * stopped, the same kind and amount of compute, and shares something only the same actor would.
 *
 * For each ordered pair (A, B) of members joined directly by a link: A's and B's active spans
 * (first to last hour with controlled usage before the window's end) satisfy
 * 0 ≤ B.start − A.end ≤ maxGapDays (B starts at or after A's last hour ends; overlapping
 * accounts are not a succession), the same dominant control class (most GPU-hours), and
 * |B.mean − A.mean| ≤ sizeTolerance × A.mean in mean concurrent GPUs while active. The link's
 * evidence must hold a workload fingerprint (sharedFingerprintWeight) or any other identifier
 * (sharedIdentifierWeight), both adding when both are there. Landing on A's nodes adds
 * sameNodesWeight, but only to a pair that already qualifies: node hand-over is everyday churn.
 * One finding per cluster: the highest-scoring pair (latest B start on ties), all pairs in the
 * evidence. Severity by score (succession.severityScore), below medium → low.
 */
import { dayMs, hourMs } from '../../common/usage/usage-time.js';
import type { Finding } from '../model.js';
import type { Policy } from '../policy.js';
import { usageOf, type ClusterInputs } from './rule-inputs.js';
import { activeSpan, atLeast, severityFor, type ActiveSpan } from './usage-metrics.js';

export interface SuccessionInputs extends ClusterInputs {
  /** Pairs of tenants whose allocations used the same nodes (from the allocation store), either order. Optional. */
  readonly sameNodePairs?: readonly (readonly [string, string])[];
}

interface Pair {
  readonly from: string;
  readonly to: string;
  readonly gapDays: number;
  readonly controlClass: string;
  readonly fromMeanGpus: number;
  readonly toMeanGpus: number;
  readonly sizeChange: number;
  readonly fromEndMs: number;
  readonly toStartMs: number;
  readonly sharedFingerprint: boolean;
  readonly sharedIdentifierKinds: readonly string[];
  /** The link's evidence: kind and digest of each shared value. */
  readonly shared: readonly { readonly kind: string; readonly digest: string }[];
  readonly sameNodes: boolean;
  readonly score: number;
}

/** Rule 6 for one cluster at watermark `nowMs`; undefined when no linked pair succeeds one another. */
export function succession(inputs: SuccessionInputs, policy: Policy, nowMs: number): Finding | undefined {
  const sp = policy.succession;
  // The hour the watermark falls in is still filling: spans end at the last complete hour.
  const endMs = Math.floor(nowMs / hourMs) * hourMs;
  const spans = new Map<string, ActiveSpan>();
  for (const u of usageOf(inputs)) {
    const span = activeSpan(u, endMs);
    if (span !== undefined) spans.set(u.tenantId, span);
  }
  const sameNodes = new Set(
    (inputs.sameNodePairs ?? []).map(([a, b]) => (a < b ? `${a}\n${b}` : `${b}\n${a}`)),
  );

  const pairs: Pair[] = [];
  for (const link of inputs.cluster.links) {
    const sharedFingerprint = link.evidence.some((e) => e.kind === 'workload_fingerprint');
    const sharedIdentifierKinds = [
      ...new Set(link.evidence.filter((e) => e.kind !== 'workload_fingerprint').map((e) => e.kind)),
    ];
    if (!sharedFingerprint && sharedIdentifierKinds.length === 0) continue;
    for (const [from, to] of [
      [link.a, link.b],
      [link.b, link.a],
    ] as const) {
      const a = spans.get(from);
      const b = spans.get(to);
      if (a === undefined || b === undefined) continue;
      const gapMs = b.startMs - a.endMs;
      if (gapMs < 0 || gapMs > sp.maxGapDays * dayMs) continue;
      if (a.dominantClass !== b.dominantClass) continue;
      const sizeChange = Math.abs(b.meanGpus - a.meanGpus) / a.meanGpus;
      if (!atLeast(sp.sizeTolerance, sizeChange)) continue;
      const onSameNodes = sameNodes.has(from < to ? `${from}\n${to}` : `${to}\n${from}`);
      const score =
        (sharedFingerprint ? sp.sharedFingerprintWeight : 0) +
        (sharedIdentifierKinds.length > 0 ? sp.sharedIdentifierWeight : 0) +
        (onSameNodes ? sp.sameNodesWeight : 0);
      pairs.push({
        from,
        to,
        gapDays: gapMs / dayMs,
        controlClass: a.dominantClass,
        fromMeanGpus: a.meanGpus,
        toMeanGpus: b.meanGpus,
        sizeChange,
        fromEndMs: a.endMs,
        toStartMs: b.startMs,
        sharedFingerprint,
        sharedIdentifierKinds,
        shared: link.evidence.map((e) => ({ kind: e.kind, digest: e.digest })),
        sameNodes: onSameNodes,
        score,
      });
    }
  }
  if (pairs.length === 0) return undefined;
  pairs.sort((x, y) => y.score - x.score || y.toStartMs - x.toStartMs);
  const best = pairs[0];
  if (best === undefined) return undefined;
  return {
    rule: 'succession',
    severity: severityFor(best.score, sp.severityScore),
    score: best.score,
    tenantIds: inputs.cluster.tenantIds,
    anchorTenantId: inputs.cluster.anchorTenantId,
    firstSeenMs: best.toStartMs,
    lastSeenMs: spans.get(best.to)?.endMs ?? best.toStartMs,
    informational: false,
    evidence: { predecessor: best.from, successor: best.to, pairs },
  };
}
