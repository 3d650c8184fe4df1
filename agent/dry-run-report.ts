/**
 * What `gpuwatch agent --once --dry-run` prints: one JSON document with the GPUs the agent sees
 * (each classified the way the collector will classify it), who holds them, the disagreements
 * between sources, the segments it would send, and what went wrong. Nothing is spooled, sent or
 * saved: the first thing an operator runs on a new node.
 *
 * The run fails (dryRunFailure, exit 69) when nothing could be attributed for want of a source:
 * every configured tenant source failed (could not be read, or answered with an error), or the
 * inventory failed with no earlier one to stand in (a dry run never has one): no GPU can be shown
 * to exist, so none is attributed (docs/design.md §2, unknown GPUs).
 */
import type { ControlClass } from '../common/chips/chips.js';
import type { IUsageSegment } from '../common/proto.js';
import type { Allocation, SourceName } from './sources/allocation.js';
import type { Conflict } from './sources/allocation-resolver.js';
import type { CollectionError, CollectionResult, SourceOutage } from './collection-cycle.js';
import { classifyDevice, type GpuDevice } from './inventory/inventory.js';
import type { SegmentNote } from './segments/segment-builder.js';

/** A GPU or MIG instance with its classification. */
export interface DryRunGpu extends GpuDevice {
  readonly classification: {
    /** Canonical chip model ("H100 SXM"), or the reported name when the chip is unknown. */
    readonly model: string;
    readonly control_class: ControlClass;
    /** Total processing performance; null when unknown. */
    readonly tpp: number | null;
    /** H100-equivalents of one such GPU. */
    readonly h100e: number;
    /** How the model was identified, or why not. */
    readonly reason: string;
  };
}

/** The printed document. */
export interface DryRunReport {
  readonly agent_id: string;
  /** The cycle's time, RFC 3339. */
  readonly collected_at: string;
  /** null when the GPUs could not be read (see errors). */
  readonly inventory: {
    readonly via: 'nvml' | 'nvidia-smi';
    readonly driver_version: string | null;
    readonly gpus: readonly DryRunGpu[];
  } | null;
  /** Who holds which GPUs, with `gpu_shares` where a GPU is shared. */
  readonly allocations: readonly Allocation[];
  readonly conflicts: readonly Conflict[];
  /** Allocations the collector would refuse (a bad tenant or allocation id): never sent. */
  readonly refused: readonly {
    readonly allocation_id: string;
    readonly field: string;
    readonly message: string;
  }[];
  readonly segments: readonly IUsageSegment[];
  readonly errors: readonly CollectionError[];
  /** The parts that could not be read (a tenant source, or "inventory"), as /healthz reports them. */
  readonly down: readonly SourceOutage[];
  /** Warnings of the collection, then the agent's own (an unsettled state file). */
  readonly warnings: readonly string[];
  /** Clock holds and long spans split or capped. */
  readonly notes: readonly SegmentNote[];
}

/** Builds the dry-run document from one collection. */
export function dryRunReport(
  agentId: string,
  result: Omit<CollectionResult, 'state'>,
  extraWarnings: readonly string[] = [],
): DryRunReport {
  const inventory = result.inventory;
  return {
    agent_id: agentId,
    collected_at: new Date(result.nowMs).toISOString(),
    inventory:
      inventory === undefined
        ? null
        : {
            via: inventory.via,
            driver_version: inventory.driver_version ?? null,
            gpus: inventory.gpus.map((gpu) => {
              const c = classifyDevice(gpu, inventory.gpus);
              return {
                ...gpu,
                classification: {
                  model: c.model,
                  control_class: c.controlClass,
                  tpp: c.tpp ?? null,
                  h100e: c.h100e,
                  reason: c.reason,
                },
              };
            }),
          },
    allocations: result.allocations,
    conflicts: result.conflicts,
    refused: result.refused.map((r) => ({
      allocation_id: r.allocation.allocation_id,
      field: r.field,
      message: r.message,
    })),
    segments: result.segments,
    errors: result.errors,
    down: result.down,
    warnings: [...result.warnings, ...extraWarnings],
    notes: result.notes,
  };
}

/** The exit status of a dry run that could attribute nothing (EX_UNAVAILABLE). */
export const dryRunFailedExitCode = 69;

/**
 * Why the dry run fails, or undefined when it does not (see the module comment).
 * @param sources the configured tenant sources
 */
export function dryRunFailure(
  result: Pick<CollectionResult, 'errors' | 'inventory'>,
  sources: readonly SourceName[],
): string | undefined {
  const failed = new Set(result.errors.map((e) => e.source));
  if (failed.has('inventory') && result.inventory === undefined)
    return 'the GPU inventory could not be read: no GPU can be shown to exist, so none is attributed';
  if (sources.length === 0) return undefined;
  if (!sources.every((s) => failed.has(s))) return undefined;
  return `every configured tenant source failed (${sources.join(', ')}): nothing can be attributed`;
}
