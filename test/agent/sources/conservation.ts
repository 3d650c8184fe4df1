/**
 * The conservation invariant for one source's answer (docs/design.md §2): resolve its allocations
 * against an inventory, settle them as the collection cycle does, hold them for `spanMs` and sum
 * the GPU-seconds of the segments, shares applied, per GPU. A test per source asserts that no GPU
 * gets more than its wall time.
 */
import type { Inventory } from '../../../agent/inventory/inventory.js';
import {
  defaultPrecedence,
  resolveGpuRefs,
  type Allocation,
  type SourceName,
  type SourceResult,
} from '../../../agent/sources/allocation.js';
import { resolveAllocations } from '../../../agent/sources/allocation-resolver.js';
import { buildSegments } from '../../../agent/segments/segment-builder.js';
import { emptySegmentState } from '../../../agent/segments/segment-state.js';

/** GPU-seconds per GPU uuid over `spanMs`, after resolution, precedence and shares. */
export function attributedGpuSeconds(
  answers: readonly { readonly via: SourceName; readonly result: SourceResult }[],
  inventory: Inventory,
  spanMs = 3_600_000,
): Map<string, number> {
  const t0 = Date.UTC(2026, 0, 1);
  const allocations: Allocation[] = [];
  for (const { via, result } of answers) {
    for (const a of result.allocations) {
      const { uuids, weights } = resolveGpuRefs(a.gpus, inventory);
      if (uuids.length === 0) continue;
      const { gpus: _refs, ...rest } = a;
      allocations.push({ ...rest, since_unix_ms: t0, gpu_uuids: uuids, gpu_weights: weights, via });
    }
  }
  const resolved = resolveAllocations(allocations, defaultPrecedence, inventory).allocations;
  const { segments } = buildSegments({
    nowMs: t0 + spanMs,
    allocations: resolved,
    state: emptySegmentState,
    samples: [],
  });
  const seconds = new Map<string, number>();
  for (const s of segments) {
    const duration = (Number(s.end_unix_ms) - Number(s.start_unix_ms)) / 1000;
    (s.gpu_uuids ?? []).forEach((u, i) => {
      seconds.set(u, (seconds.get(u) ?? 0) + duration * (s.gpu_shares?.[i] ?? 1));
    });
  }
  return seconds;
}

/** An inventory of whole H100s with these UUIDs, indexed in order. */
export function inventoryOf(uuids: readonly string[]): Inventory {
  return {
    via: 'nvidia-smi',
    warnings: [],
    gpus: uuids.map((uuid, index) => ({
      uuid,
      index,
      name: 'NVIDIA H100 80GB HBM3',
      pci_device_id: '0x233010DE',
      memory_total_bytes: 85_520_809_984,
      parent_uuid: '',
      mig_profile: '',
      serial: '',
      mig_enabled: false,
    })),
  };
}
