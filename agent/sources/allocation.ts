/**
 * Who holds each GPU: the allocations that tenant sources report (Kubernetes pods, Slurm jobs,
 * Docker containers, leases, processes) and their resolution against the node's inventory.
 */
import { quote } from '../../common/errors.js';
import type { Inventory } from '../inventory/inventory.js';
import { physicalGpus } from '../inventory/inventory.js';

/** The tenant sources, by the name used in config, logs and the `source` metric label. */
export type SourceName = 'lease-file' | 'kubernetes' | 'slurm' | 'docker' | 'process';

/** Every tenant source name (for config validation). */
export const sourceNames: readonly SourceName[] = Object.freeze([
  'lease-file',
  'kubernetes',
  'slurm',
  'docker',
  'process',
]);

/**
 * Default precedence when two sources claim one GPU, strongest first: the provider's own lease
 * (what the customer signed for) beats every scheduler; an orchestrator's device assignment
 * (kubelet, Slurm) beats a container runtime's; process attribution, an inference from
 * who is running code on the GPU, comes last.
 */
export const defaultPrecedence: readonly SourceName[] = Object.freeze([
  'lease-file',
  'kubernetes',
  'slurm',
  'docker',
  'process',
]);

/**
 * How a source names a GPU: by UUID, by nvidia-smi index (optionally a MIG device under it), or
 * all. `weight` is the holder's declared part of a shared GPU (Slurm: the shards it holds on
 * that GPU); absent: 1. Holders of one GPU split its time in proportion to their weights
 * (allocation-resolver.ts).
 */
export type GpuRef = (
  { readonly uuid: string } | { readonly index: number; readonly migIndex?: number } | { readonly all: true }
) & { readonly weight?: number };

/** One workload holding GPUs, as a source reports it. */
export interface SourceAllocation {
  /** Tenant (customer account) holding the GPUs. Non-empty. */
  readonly tenant_id: string;
  /** Pod UID (or namespace/name), Slurm job id, container id, lease id. Non-empty, stable over time. */
  readonly allocation_id: string;
  /** The GPUs it holds; resolved to UUIDs through the inventory. */
  readonly gpus: readonly GpuRef[];
  /** The `source` of its segments on the wire: "kubernetes" | "slurm" | "docker" | "lease-file" | "process". */
  readonly source: string;
  /** Container image digest or similar; "" when unknown. */
  readonly workload_fingerprint: string;
  /** Extra context carried into the segments (pod name, Slurm user, …). Bounded, no secrets. */
  readonly labels: Readonly<Record<string, string>>;
  /** When the allocation started (Unix ms), when the source knows; its first segment starts there. */
  readonly since_unix_ms?: number;
}

/** An allocation resolved to GPU UUIDs, ready for segments. */
export interface Allocation extends Omit<SourceAllocation, 'gpus'> {
  /** UUIDs of the GPUs and MIG instances held, sorted, without duplicates. Never empty. */
  readonly gpu_uuids: readonly string[];
  /**
   * The weight it declared on each GPU in `gpu_uuids` (same order; GpuRef.weight); absent: 1
   * for every GPU. Input of the split, not sent.
   */
  readonly gpu_weights?: readonly number[];
  /**
   * Its share of each GPU in `gpu_uuids` (same order), each in (0, 1], when it shares any; absent
   * when it holds every GPU whole. Set by resolveAllocations; the segments carry it (gpu_shares).
   */
  readonly gpu_shares?: readonly number[];
  /** The tenant source that reported it (for precedence, logs and metrics). */
  readonly via: SourceName;
}

/**
 * A workload a source saw holding GPUs but could attribute to no tenant (its owner maps to none:
 * a Slurm job without an account, a namespace the mapping does not match). Not sent; the cycle
 * counts its GPU time in `gpuwatch_agent_unattributed_gpu_seconds_total{reason="no_tenant"}`.
 */
export interface UnattributedHolding {
  /** The job id, pod, container: what the warning named. */
  readonly allocation_id: string;
  readonly gpus: readonly GpuRef[];
  readonly since_unix_ms?: number;
}

/** What one collection of a source found. */
export interface SourceResult {
  readonly allocations: readonly SourceAllocation[];
  /** Workloads holding GPUs that map to no tenant (warned about in `warnings` too). */
  readonly unattributed?: readonly UnattributedHolding[];
  /** Non-fatal problems: a workload skipped, a value that could not be read. Logged, not counted as errors. */
  readonly warnings: readonly string[];
  /**
   * Set when the source could not be read afresh and serves its last good data instead (a bad
   * lease file): counted as a collection error, while the allocations still count.
   */
  readonly error?: string;
}

/**
 * What a source gets for one collection. No inventory: sources run at the same time as the
 * inventory read and name GPUs by UUID or index; the cycle resolves them (resolveGpuRefs).
 */
export interface CollectContext {
  /** Aborted when the source's time is up. */
  readonly signal: AbortSignal;
  /** Wall-clock time of this cycle, Unix ms (from the injected clock). */
  readonly nowMs: number;
}

/** A tenant source. Implementations: source-*.ts. */
export interface AllocationSource {
  readonly name: SourceName;
  /** Reads who holds which GPUs now. Rejects when the source cannot be read at all. */
  collect(context: CollectContext): Promise<SourceResult>;
  /** Releases sockets, watchers, clients. */
  close?(): Promise<void>;
  /** Forgets cached file contents so the next collection reads them afresh (the agent's SIGHUP). */
  reload?(): void;
}

/**
 * Turns GPU references into UUIDs, with each one's declared weight (1 unless the ref says).
 * `all` means every whole GPU of the node (a lease or a container given all GPUs holds the
 * physical chips, MIG-partitioned or not).
 *
 * Unknown GPUs, one rule (docs/design.md §2): a GPU is attributed only when the inventory in use
 * (this cycle's, or the last good one) lists it. A reference the inventory does not list — a
 * UUID from another node, an index past the last GPU, any reference while no inventory is known
 * — resolves to nothing and is returned in `problems` (the cycle logs it once and counts its time
 * as unattributed, reason `unknown_gpu`). Attributing a GPU nobody can show exists would put
 * unverifiable numbers into the evidence.
 */
export function resolveGpuRefs(
  refs: readonly GpuRef[],
  inventory: Inventory | undefined,
): { uuids: string[]; weights: number[]; problems: string[] } {
  const weights = new Map<string, number>();
  const problems: string[] = [];
  const add = (uuid: string, ref: GpuRef): void => {
    const w = ref.weight !== undefined && Number.isFinite(ref.weight) && ref.weight > 0 ? ref.weight : 1;
    weights.set(uuid, (weights.get(uuid) ?? 0) + w);
  };
  for (const ref of refs) {
    if (inventory === undefined) {
      problems.push(`${refName(ref)} cannot be resolved without an inventory`);
    } else if ('uuid' in ref) {
      if (inventory.gpus.some((g) => g.uuid === ref.uuid)) add(ref.uuid, ref);
      else problems.push(`${refName(ref)} is not in this node's inventory`);
    } else if ('all' in ref) {
      for (const g of physicalGpus(inventory)) add(g.uuid, ref);
    } else {
      const gpu = inventory.gpus.find(
        (g) =>
          g.index === ref.index &&
          (ref.migIndex === undefined
            ? g.parent_uuid === ''
            : g.parent_uuid !== '' && g.mig_index === ref.migIndex),
      );
      if (gpu === undefined) problems.push(`${refName(ref)} is not in this node's inventory`);
      else add(gpu.uuid, ref);
    }
  }
  const uuids = [...weights.keys()].sort();
  return { uuids, weights: uuids.map((u) => weights.get(u) ?? 1), problems };
}

function refName(ref: GpuRef): string {
  if ('uuid' in ref) return `GPU ${quote(ref.uuid)}`;
  if ('all' in ref) return '"all GPUs"';
  return ref.migIndex === undefined ? `GPU index ${ref.index}` : `MIG device ${ref.index}:${ref.migIndex}`;
}
