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
 *    or several tenants' processes on one GPU, all hold it (and each counts its GPU-time; see
 *    source-process.ts).
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
    let gpus = new Set(strongest.gpu_uuids);
    const labels: Record<string, string> = {};
    for (const a of [...sorted].reverse()) Object.assign(labels, a.labels);
    for (const a of sorted.slice(1)) {
      if (a.tenant_id === strongest.tenant_id) {
        gpus = new Set([...gpus, ...a.gpu_uuids]);
      } else {
        conflicts.push({
          gpu_uuid: a.gpu_uuids.join(','),
          kept: [ref(strongest)],
          dropped: ref(a),
          message: `allocation "${a.allocation_id}": ${describe(ref(strongest))} but ${describe(ref(a))}; kept ${strongest.via}`,
        });
      }
    }
    merged.push({
      ...strongest,
      workload_fingerprint: sorted.find((a) => a.workload_fingerprint !== '')?.workload_fingerprint ?? '',
      labels,
      gpu_uuids: [...gpus].sort(),
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
    if (keep.length > 0) result.push({ ...a, gpu_uuids: keep });
  }
  result.sort((x, y) => x.allocation_id.localeCompare(y.allocation_id));
  return { allocations: result, conflicts };
}
