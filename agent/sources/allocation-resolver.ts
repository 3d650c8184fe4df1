/**
 * Several tenant sources at once: merging their views and settling who holds a GPU when they
 * disagree.
 *
 * Rules (documented for operators in the agent's configuration reference):
 * 1. One allocation id seen by several sources (a pod from the kubelet and from process
 *    attribution) is one allocation when the tenant agrees: GPUs are united, and the strongest
 *    source's labels, fingerprint and start win. When the tenants differ, the strongest source's
 *    view is kept and a conflict is reported.
 * 2. Two sources claiming overlapping GPUs — the same UUID, or a MIG instance and its parent
 *    GPU — are settled by precedence (default lease-file > kubernetes > slurm > docker >
 *    process, configurable): the weaker source loses that GPU. It is a conflict, reported, when
 *    the tenants differ; when they agree the weaker claim is a second view of the same holding
 *    and is dropped quietly.
 * 3. Claims from one source never conflict with each other: several pods on one time-sliced GPU,
 *    several containers given one device, Slurm jobs holding shards or MPS of one GPU, or several
 *    tenants' processes on one GPU all hold it — and share it (rule 4).
 * 4. Conservation: at any instant a GPU's wall time is attributed at most once in total. The
 *    allocations left holding one GPU (or one MIG instance) split it in proportion to their
 *    declared weights (GpuRef.weight: the shards a Slurm job holds on it; 1 otherwise), so
 *    four equal sharers get 0.25 each and a sole holder gets all of it. A whole MIG-mode GPU
 *    held beside one of its instances counts as each of its instances (onMigInstances). The shares travel in
 *    the segments (`gpu_shares`, docs/design.md §2); an allocation that shares nothing has none.
 * An allocation left without GPUs disappears.
 */
import type { Allocation, SourceName } from './allocation.js';
import type { Inventory } from '../inventory/inventory.js';

/** One side of a conflict. */
export interface ClaimRef {
  readonly via: SourceName;
  readonly tenant_id: string;
  readonly allocation_id: string;
}

/** Two sources disagree about who holds a GPU (or an allocation). */
export interface Conflict {
  /** The contested GPU or MIG UUID; for an allocation-id clash, the allocation's GPUs joined by ",". */
  readonly gpu_uuid: string;
  /** The claim kept (from the strongest source). */
  readonly kept: readonly ClaimRef[];
  /** The claim that lost. */
  readonly dropped: ClaimRef;
  /** One sentence for logs. */
  readonly message: string;
}

/** Allocations after precedence, and the conflicts settled on the way. */
export interface Resolution {
  readonly allocations: readonly Allocation[];
  readonly conflicts: readonly Conflict[];
}

function ref(a: Allocation): ClaimRef {
  return { via: a.via, tenant_id: a.tenant_id, allocation_id: a.allocation_id };
}

function describe(c: ClaimRef): string {
  return `${c.via} says tenant "${c.tenant_id}" (allocation "${c.allocation_id}")`;
}

/**
 * Applies the rules above. `precedence` lists source names strongest first; sources missing
 * from it rank after all listed ones, in `sourceNames` order.
 */
export function resolveAllocations(
  allocations: readonly Allocation[],
  precedence: readonly SourceName[],
  inventory: Inventory | undefined,
): Resolution {
  const rank = (via: SourceName): number => {
    const i = precedence.indexOf(via);
    return i === -1 ? precedence.length : i;
  };
  const conflicts: Conflict[] = [];

  // Rule 1: one allocation id → one allocation.
  const byId = new Map<string, Allocation[]>();
  for (const a of allocations) byId.set(a.allocation_id, [...(byId.get(a.allocation_id) ?? []), a]);
  const merged: Allocation[] = [];
  for (const group of byId.values()) {
    const sorted = [...group].sort((x, y) => rank(x.via) - rank(y.via));
    const strongest = sorted[0];
    if (strongest === undefined) continue;
    const weights = weightsOf(strongest);
    const labels: Record<string, string> = {};
    for (const a of [...sorted].reverse()) Object.assign(labels, a.labels);
    for (const a of sorted.slice(1)) {
      if (a.tenant_id === strongest.tenant_id) {
        for (const [uuid, w] of weightsOf(a)) if (!weights.has(uuid)) weights.set(uuid, w);
      } else {
        conflicts.push({
          gpu_uuid: a.gpu_uuids.join(','),
          kept: [ref(strongest)],
          dropped: ref(a),
          message: `allocation "${a.allocation_id}": ${describe(ref(strongest))} but ${describe(ref(a))}; kept ${strongest.via}`,
        });
      }
    }
    const uuids = [...weights.keys()].sort();
    merged.push({
      ...strongest,
      workload_fingerprint: sorted.find((a) => a.workload_fingerprint !== '')?.workload_fingerprint ?? '',
      labels,
      gpu_uuids: uuids,
      gpu_weights: uuids.map((u) => weights.get(u) ?? 1),
    });
  }

  // Rule 2: overlapping GPUs across sources, settled strongest first.
  const parentOf = new Map<string, string>();
  for (const g of inventory?.gpus ?? []) if (g.parent_uuid !== '') parentOf.set(g.uuid, g.parent_uuid);
  const overlaps = (u: string, v: string): boolean =>
    u === v || parentOf.get(u) === v || parentOf.get(v) === u;

  const kept: { alloc: Allocation; rank: number; uuid: string }[] = [];
  const result: Allocation[] = [];
  const ordered = [...merged].sort(
    (x, y) => rank(x.via) - rank(y.via) || x.allocation_id.localeCompare(y.allocation_id),
  );
  for (const a of ordered) {
    const r = rank(a.via);
    const keep: string[] = [];
    for (const uuid of a.gpu_uuids) {
      const stronger = kept.filter((k) => k.rank < r && overlaps(k.uuid, uuid));
      if (stronger.length === 0) {
        keep.push(uuid);
        continue;
      }
      if (!stronger.some((k) => k.alloc.tenant_id === a.tenant_id)) {
        const winners = stronger.map((k) => ref(k.alloc));
        conflicts.push({
          gpu_uuid: uuid,
          kept: winners,
          dropped: ref(a),
          message: `GPU ${uuid}: ${winners.map(describe).join('; ')} but ${describe(ref(a))}; kept ${winners[0]?.via ?? ''}`,
        });
      }
    }
    for (const uuid of keep) kept.push({ alloc: a, rank: r, uuid });
    if (keep.length > 0) {
      const weights = weightsOf(a);
      result.push({ ...a, gpu_uuids: keep, gpu_weights: keep.map((u) => weights.get(u) ?? 1) });
    }
  }
  result.sort((x, y) => x.allocation_id.localeCompare(y.allocation_id));
  return { allocations: withShares(onMigInstances(result, parentOf)), conflicts };
}

/** An allocation's declared weight per GPU (1 where it declares none). */
function weightsOf(a: Allocation): Map<string, number> {
  return new Map(a.gpu_uuids.map((u, i) => [u, a.gpu_weights?.[i] ?? 1]));
}

/**
 * Rule 4 on MIG: a GPU in MIG mode is used through its instances, so when one allocation holds
 * the whole GPU (`--gpus all`, a lease) while another holds one of its instances, the whole-GPU
 * claim becomes a claim on each of its instances (same weight), and the holders of an instance
 * split it like any shared device. Without such an overlap a whole-GPU claim stays as it is.
 */
function onMigInstances(
  allocations: readonly Allocation[],
  parentOf: ReadonlyMap<string, string>,
): Allocation[] {
  const instancesOf = new Map<string, string[]>();
  for (const [child, parent] of parentOf)
    instancesOf.set(parent, [...(instancesOf.get(parent) ?? []), child]);
  const claimedParents = new Set<string>();
  for (const a of allocations)
    for (const u of a.gpu_uuids) {
      const parent = parentOf.get(u);
      if (parent !== undefined) claimedParents.add(parent);
    }
  return allocations.map((a) => {
    if (!a.gpu_uuids.some((u) => claimedParents.has(u))) return a;
    const weights = new Map<string, number>();
    for (const [u, w] of weightsOf(a)) {
      const instances = claimedParents.has(u) ? (instancesOf.get(u) ?? [u]) : [u];
      for (const i of instances) weights.set(i, (weights.get(i) ?? 0) + w);
    }
    const uuids = [...weights.keys()].sort();
    return { ...a, gpu_uuids: uuids, gpu_weights: uuids.map((u) => weights.get(u) ?? 1) };
  });
}

/**
 * Rule 4: each GPU's holders split it by weight. Sets `gpu_shares` on the allocations that share
 * any GPU (and removes it from the others); drops the weights, which are not sent.
 */
export function withShares(allocations: readonly Allocation[]): Allocation[] {
  const totals = new Map<string, number>();
  for (const a of allocations) {
    for (const [uuid, w] of weightsOf(a)) totals.set(uuid, (totals.get(uuid) ?? 0) + w);
  }
  return allocations.map((a) => {
    const { gpu_weights: _w, gpu_shares: _s, ...rest } = a;
    const weights = weightsOf(a);
    const shares = a.gpu_uuids.map((u) => {
      const w = weights.get(u) ?? 1;
      const total = totals.get(u) ?? w;
      return w >= total ? 1 : w / total;
    });
    return shares.every((s) => s === 1) ? rest : { ...rest, gpu_shares: shares };
  });
}
