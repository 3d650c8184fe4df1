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
   * Its share of each GPU in `gpu_uuids` (same order), each in (0, 1], when it shares any; absent
   * when it holds every GPU whole. Set by resolveAllocations; the segments carry it (gpu_shares).
   */
  readonly gpu_shares?: readonly number[];
  /** The tenant source that reported it (for precedence, logs and metrics). */
  readonly via: SourceName;
}

/** What one collection of a source found. */
export interface SourceResult {
  readonly allocations: readonly SourceAllocation[];
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
 * Turns GPU references into UUIDs. `all` means every whole GPU of the node (a lease or a
 * container given all GPUs holds the physical chips, MIG-partitioned or not). A UUID is kept
 * even when the inventory does not list it (the inventory may have failed this cycle), with a
 * problem noted when an inventory was there to check.
 */
export function resolveGpuRefs(
  refs: readonly GpuRef[],
  inventory: Inventory | undefined,
): { uuids: string[]; problems: string[] } {
  const uuids = new Set<string>();
  const problems: string[] = [];
  for (const ref of refs) {
    if ('uuid' in ref) {
      uuids.add(ref.uuid);
      if (inventory !== undefined && !inventory.gpus.some((g) => g.uuid === ref.uuid)) {
        problems.push(`GPU ${quote(ref.uuid)} is not in this node's inventory`);
      }
    } else if ('all' in ref) {
      if (inventory === undefined) problems.push('"all GPUs" cannot be resolved without an inventory');
      else for (const g of physicalGpus(inventory)) uuids.add(g.uuid);
    } else if (inventory === undefined) {
      problems.push(`GPU index ${ref.index} cannot be resolved without an inventory`);
    } else {
      const gpu = inventory.gpus.find(
        (g) =>
          g.index === ref.index &&
          (ref.migIndex === undefined
            ? g.parent_uuid === ''
            : g.parent_uuid !== '' && g.mig_index === ref.migIndex),
      );
      const name =
        ref.migIndex === undefined ? `GPU index ${ref.index}` : `MIG device ${ref.index}:${ref.migIndex}`;
      if (gpu === undefined) problems.push(`${name} is not in this node's inventory`);
      else uuids.add(gpu.uuid);
    }
  }
  return { uuids: [...uuids].sort(), problems };
}
