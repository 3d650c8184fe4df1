/**
 * The simulated provider as data: nodes with chips from the project's chip table, tenant
 * profiles, and usage runs (a tenant holding some GPUs of one node for a set of hours). Scenarios
 * add to one FleetBuilder; the sender expands runs into the hourly segments an agent would send.
 * Everything is in hours of the timeline `[startMs, endMs)`, which ends at the anchor hour.
 */
import { chipTable } from '../common/chips/chip-table.js';
import type { IGpu, ITenant, IUsageSegment } from '../common/proto.js';
import { dayMs, hourMs } from '../common/usage/usage-time.js';
import type { Prng } from './prng.js';

/** Chip models the simulator equips nodes with (canonical names of common/chips/chip-table.ts). */
export type SimChipModel =
  'H100 SXM' | 'H200' | 'A100' | 'H20' | 'L40S' | 'GB200' | 'L20' | 'T4' | 'A10' | 'RTX 4090';

/** One GPU node: one agent, one Report stream. */
export interface SimNode {
  readonly agentId: string;
  readonly cluster: string;
  readonly site: string;
  readonly chipModel: SimChipModel;
  readonly gpus: readonly IGpu[];
}

/** A tenant holding `gpuUuids` of one node during `intervals` (hour indexes, half-open, ascending). */
export interface UsageRun {
  readonly tenantId: string;
  readonly allocationId: string;
  readonly agentId: string;
  readonly gpuUuids: readonly string[];
  readonly intervals: readonly (readonly [number, number])[];
  /** Container image digest; "" for none. */
  readonly workloadFingerprint: string;
  readonly source: 'kubernetes' | 'slurm' | 'lease-file';
  /** Mean GPU utilization reported with every segment, 0..1. */
  readonly utilization: number;
}

/** A node's GPU as NVML reports it: name, PCI id with vendor, memory a little under nominal. */
export function simulatedGpu(model: SimChipModel, agentId: string, index: number): IGpu {
  const chip = chipTable.find((c) => c.model === model);
  if (chip === undefined)
    throw new Error(`chip model ${JSON.stringify(model)} is not in common/chips/chip-table.ts`);
  const device = chip.pciDeviceIds[0];
  const gib = chip.memoryGib[chip.memoryGib.length - 1] ?? 0;
  return {
    uuid: `GPU-${agentId}-${String(index).padStart(2, '0')}`,
    index,
    name: chip.names[0] ?? model,
    pci_device_id: device === undefined ? '' : `${device}${chip.pciVendorId.slice(2)}`,
    // Drivers report a little less than the nominal size (80 GiB → 81 559 MiB).
    memory_total_bytes: Math.round(gib * 1024 * 0.9955) * 1024 * 1024,
  };
}

export class FleetBuilder {
  /** Hours in the timeline. */
  readonly hours: number;
  /** Start of hour 0, unix ms. */
  readonly startMs: number;
  readonly nodes: SimNode[] = [];
  readonly tenants: ITenant[] = [];
  readonly runs: UsageRun[] = [];

  /**
   * @param endMs the anchor: end of the timeline, on an hour edge
   * @param days length of the timeline
   */
  constructor(
    readonly endMs: number,
    readonly days: number,
  ) {
    if (endMs % hourMs !== 0) throw new Error(`FleetBuilder: endMs must be on an hour edge, got ${endMs}`);
    this.hours = days * 24;
    this.startMs = endMs - this.hours * hourMs;
  }

  /** Hour index `daysAgo` days before the end (0 days ago = the end of the timeline). */
  hourAt(daysAgo: number): number {
    return Math.max(0, Math.min(this.hours, Math.round(this.hours - daysAgo * 24)));
  }

  /** Unix ms `daysAgo` days before the end. */
  msAt(daysAgo: number): number {
    return this.endMs - Math.round(daysAgo * dayMs);
  }

  /** Adds a node of `gpuCount` GPUs of one model. */
  node(agentId: string, model: SimChipModel, gpuCount: number, cluster: string, site = 'sim-ams1'): SimNode {
    if (this.nodes.some((n) => n.agentId === agentId)) throw new Error(`duplicate node ${agentId}`);
    const node: SimNode = {
      agentId,
      cluster,
      site,
      chipModel: model,
      gpus: Array.from({ length: gpuCount }, (_, i) => simulatedGpu(model, agentId, i)),
    };
    this.nodes.push(node);
    return node;
  }

  /** Adds a tenant profile (§3 Tenant); the caller gives every identifying field it needs. */
  tenant(profile: ITenant): ITenant {
    if (this.tenants.some((t) => t.tenant_id === profile.tenant_id))
      throw new Error(`duplicate tenant ${profile.tenant_id ?? ''}`);
    this.tenants.push(profile);
    return profile;
  }

  /**
   * `tenantId` holds GPUs [first, first + count) of `node` during `intervals`, as one allocation
   * (a lease, a long-running pod) whose segments tile each interval by the hour.
   */
  use(
    tenantId: string,
    node: SimNode,
    first: number,
    count: number,
    intervals: readonly (readonly [number, number])[],
    options: {
      workloadFingerprint?: string;
      source?: UsageRun['source'];
      utilization?: number;
      allocationId?: string;
    } = {},
  ): UsageRun {
    const gpuUuids = node.gpus.slice(first, first + count).map((g) => g.uuid ?? '');
    if (gpuUuids.length !== count)
      throw new Error(`node ${node.agentId} has no GPUs ${first}..${first + count - 1}`);
    const clipped = intervals
      .map(([a, b]) => [Math.max(0, a), Math.min(this.hours, b)] as const)
      .filter(([a, b]) => b > a);
    const run: UsageRun = {
      tenantId,
      allocationId: options.allocationId ?? `alloc-${tenantId}-${node.agentId}-${first}`,
      agentId: node.agentId,
      gpuUuids,
      intervals: clipped,
      workloadFingerprint: options.workloadFingerprint ?? '',
      source: options.source ?? 'lease-file',
      utilization: options.utilization ?? 0.7,
    };
    this.runs.push(run);
    return run;
  }

  /** Every hour index of `[from, to)` whose UTC weekday is Mon–Fri and hour of day in [fromHour, toHour). */
  businessHours(from: number, to: number, fromHour = 8, toHour = 18): [number, number][] {
    const out: [number, number][] = [];
    for (let h = from; h < to; h++) {
      const d = new Date(this.startMs + h * hourMs);
      const day = d.getUTCDay();
      const hod = d.getUTCHours();
      if (day === 0 || day === 6 || hod < fromHour || hod >= toHour) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last[1] === h) last[1] = h + 1;
      else out.push([h, h + 1]);
    }
    return out;
  }

  /**
   * `[from, to)` held without a break except for `gapsPer30Days` short maintenance gaps of
   * 1–`maxGapHours` hours each (an owner's GPUs are busy nearly all the time).
   */
  continuous(prng: Prng, from: number, to: number, gapsPer30Days = 2, maxGapHours = 4): [number, number][] {
    const gaps = Math.round(((to - from) / (30 * 24)) * gapsPer30Days);
    const cuts: [number, number][] = [];
    for (let i = 0; i < gaps; i++) {
      const at = prng.int(from + 1, to - maxGapHours - 1);
      cuts.push([at, at + prng.int(1, maxGapHours)]);
    }
    cuts.sort((x, y) => x[0] - y[0]);
    const out: [number, number][] = [];
    let cursor = from;
    for (const [a, b] of cuts) {
      if (a > cursor) out.push([cursor, a]);
      cursor = Math.max(cursor, b);
    }
    if (cursor < to) out.push([cursor, to]);
    return out;
  }

  /** Random jobs in `[from, to)`: about `perWeek` a week, each `minHours`–`maxHours` long, never overlapping. */
  bursts(
    prng: Prng,
    from: number,
    to: number,
    perWeek: number,
    minHours: number,
    maxHours: number,
  ): [number, number][] {
    const out: [number, number][] = [];
    const p = perWeek / (7 * 24);
    for (let h = from; h < to; h++) {
      if (!prng.chance(p)) continue;
      const end = Math.min(to, h + prng.int(minHours, maxHours));
      out.push([h, end]);
      h = end; // the next job starts after this one ended (plus at least one idle hour)
    }
    return out;
  }

  /** Whole days on, whole days off, alternating, from `from` (an on-period first). */
  alternating(from: number, to: number, onDays: number, offDays: number): [number, number][] {
    const out: [number, number][] = [];
    for (let h = from; h < to; h += (onDays + offDays) * 24) out.push([h, Math.min(to, h + onDays * 24)]);
    return out;
  }
}

/** The segments of one run that start in `[fromHour, toHour)`, one per hour of each interval. */
export function segmentsOfRun(
  run: UsageRun,
  startMs: number,
  fromHour: number,
  toHour: number,
  out: IUsageSegment[],
): void {
  for (const [a, b] of run.intervals) {
    if (b <= fromHour) continue;
    if (a >= toHour) break;
    for (let h = Math.max(a, fromHour); h < Math.min(b, toHour); h++) {
      const segment: IUsageSegment = {
        tenant_id: run.tenantId,
        allocation_id: run.allocationId,
        gpu_uuids: [...run.gpuUuids],
        start_unix_ms: startMs + h * hourMs,
        end_unix_ms: startMs + (h + 1) * hourMs,
        gpu_utilization: run.utilization,
        source: run.source,
      };
      if (run.workloadFingerprint !== '') segment.workload_fingerprint = run.workloadFingerprint;
      out.push(segment);
    }
  }
}

/** Mean concurrent GPUs of `runs` over the last `windowHours` hours of the timeline (for truth checks). */
export function meanConcurrentGpus(runs: readonly UsageRun[], hours: number, windowHours: number): number {
  let gpuHours = 0;
  for (const r of runs)
    for (const [a, b] of r.intervals)
      gpuHours += Math.max(0, b - Math.max(a, hours - windowHours)) * r.gpuUuids.length;
  return gpuHours / windowHours;
}
