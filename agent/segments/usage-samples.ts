/**
 * Recent per-GPU utilization and memory readings, kept so each segment can carry the mean
 * utilization and the peak memory over its own interval as evidence.
 */
import type { Inventory } from '../inventory/inventory.js';

/** One device's reading. */
export interface GpuReading {
  /** 0..1; undefined when not reported. */
  readonly utilization?: number;
  /** Bytes; undefined when not reported. */
  readonly memory_used_bytes?: number;
}

/** All devices' readings at one moment. */
export interface UsageSample {
  /** When it was read, Unix ms. */
  readonly at_unix_ms: number;
  /** By GPU or MIG UUID. */
  readonly gpus: ReadonlyMap<string, GpuReading>;
}

/** The readings an inventory carries. */
export function sampleOf(inventory: Inventory, atMs: number): UsageSample {
  const gpus = new Map<string, GpuReading>();
  for (const g of inventory.gpus) {
    if (g.utilization === undefined && g.memory_used_bytes === undefined) continue;
    gpus.set(g.uuid, {
      ...(g.utilization !== undefined ? { utilization: g.utilization } : {}),
      ...(g.memory_used_bytes !== undefined ? { memory_used_bytes: g.memory_used_bytes } : {}),
    });
  }
  return { at_unix_ms: atMs, gpus };
}

/** How many readings UsageHistory keeps. */
export interface UsageHistoryOptions {
  /** How long readings are kept, in ms. Default 2 h (two maximal segments). */
  readonly retentionMs?: number;
  /** Most readings kept, whatever their age. Default 1 000. */
  readonly maxSamples?: number;
}

/** A bounded, time-ordered list of samples. */
export class UsageHistory {
  private samples: UsageSample[] = [];
  private readonly retentionMs: number;
  private readonly maxSamples: number;

  constructor(options: UsageHistoryOptions = {}) {
    this.retentionMs = options.retentionMs ?? 2 * 3_600_000;
    this.maxSamples = options.maxSamples ?? 1_000;
  }

  /** Adds a sample and forgets those older than the retention (relative to this one). */
  add(sample: UsageSample): void {
    this.samples.push(sample);
    this.samples.sort((a, b) => a.at_unix_ms - b.at_unix_ms);
    const oldest = sample.at_unix_ms - this.retentionMs;
    this.samples = this.samples.filter((s) => s.at_unix_ms >= oldest).slice(-this.maxSamples);
  }

  all(): readonly UsageSample[] {
    return this.samples;
  }
}

/**
 * Evidence for a segment over `[startMs, endMs)` on `gpuUuids`: the mean of every utilization
 * reading taken in `(startMs, endMs]` on those devices, and the peak over those readings of the
 * memory used summed across the devices. A reading at `endMs` describes the time just before it,
 * so it belongs to the segment that ends there. Undefined parts when nothing was read.
 */
export function evidence(
  samples: readonly UsageSample[],
  gpuUuids: readonly string[],
  startMs: number,
  endMs: number,
): { gpu_utilization?: number; memory_used_bytes?: number } {
  let utilSum = 0;
  let utilCount = 0;
  let memoryPeak: number | undefined;
  for (const s of samples) {
    if (s.at_unix_ms <= startMs || s.at_unix_ms > endMs) continue;
    let memory: number | undefined;
    for (const uuid of gpuUuids) {
      const r = s.gpus.get(uuid);
      if (r?.utilization !== undefined) {
        utilSum += r.utilization;
        utilCount++;
      }
      if (r?.memory_used_bytes !== undefined) memory = (memory ?? 0) + r.memory_used_bytes;
    }
    if (memory !== undefined) memoryPeak = Math.max(memoryPeak ?? 0, memory);
  }
  return {
    ...(utilCount > 0 ? { gpu_utilization: Math.min(1, Math.max(0, utilSum / utilCount)) } : {}),
    ...(memoryPeak !== undefined ? { memory_used_bytes: memoryPeak } : {}),
  };
}
