/**
 * Usage segments (docs/design.md §2): at every collection, one segment per present allocation, from
 * where its last segment ended to now, so an allocation's segments tile time without gaps or
 * overlaps. Pure: time comes in as `nowMs` (from the injected clock), state in and out.
 *
 * Where a segment starts:
 * - an allocation still present: at the end of its last segment (also across agent restarts,
 *   through the saved state — the agent's downtime is filled, see the gap rule below);
 * - a new allocation: at its `since` when the source knows it (a Slurm job's start, a
 *   container's start, a lease's start), else now (first sight: its first segment closes at the
 *   next collection);
 * - an allocation that left and came back under the same id: now, or its `since` when that is
 *   later than its last segment (it restarted); never before its last segment's end.
 *
 * Clock jumps and gaps:
 * - backwards: when now is before the allocation's last end, nothing is produced and the mark
 *   stays; the segment resumes from the last end once the clock passes it. No segment is ever
 *   negative or overlaps an earlier one (a "hold", reported in `notes`);
 * - forwards, or an agent down for a while: the span is split into segments of at most
 *   `maxSegmentMs` (1 h, the collector's limit); a span longer than `maxGapFillMs` (default 24 h)
 *   is capped to its last `maxGapFillMs`, and the cap is reported in `notes` (the agent logs
 *   it). A `since` is likewise never more than `maxGapFillMs` back.
 * Evidence: mean utilization and peak memory from the samples inside each segment
 * (usage-samples.ts).
 */
import type { IUsageSegment } from '../../common/proto.js';
import type { Allocation } from '../sources/allocation.js';
import type { AllocationMark, SegmentState } from './segment-state.js';
import { evidence, type UsageSample } from './usage-samples.js';

/** Segment lengths and gap handling; partial input to segmentBuilderConfig(). */
export interface SegmentBuilderOptions {
  /** Longest segment, in ms. Default 3 600 000 (1 h, the collector's limit). */
  readonly maxSegmentMs?: number;
  /** Longest span filled in one go for a present allocation, in ms. Default 86 400 000 (24 h). */
  readonly maxGapFillMs?: number;
}

/** SegmentBuilderOptions resolved, frozen. */
export interface SegmentBuilderConfig {
  readonly maxSegmentMs: number;
  readonly maxGapFillMs: number;
}

/** The defaults of SegmentBuilderOptions. */
export const segmentBuilderDefaults: SegmentBuilderConfig = Object.freeze({
  maxSegmentMs: 3_600_000,
  maxGapFillMs: 86_400_000,
});

/** Resolves the options with their defaults. */
export function segmentBuilderConfig(options: SegmentBuilderOptions = {}): SegmentBuilderConfig {
  return Object.freeze({
    maxSegmentMs: options.maxSegmentMs ?? segmentBuilderDefaults.maxSegmentMs,
    maxGapFillMs: options.maxGapFillMs ?? segmentBuilderDefaults.maxGapFillMs,
  });
}

/** Something worth a log line: a hold on a backwards clock, a long span split or capped. */
export interface SegmentNote {
  readonly kind: 'clock-behind' | 'gap-split' | 'gap-capped';
  readonly allocation_id: string;
  /** Start and end of the span concerned, Unix ms. */
  readonly from_unix_ms: number;
  readonly to_unix_ms: number;
  readonly message: string;
}

/** What one build needs. */
export interface BuildInput {
  /** Now, Unix ms, from the injected clock. */
  readonly nowMs: number;
  /** Allocations present now (resolved, after precedence). */
  readonly allocations: readonly Allocation[];
  /** State after the previous build (or loaded at start). */
  readonly state: SegmentState;
  /** Readings for evidence. */
  readonly samples: readonly UsageSample[];
  readonly config?: SegmentBuilderConfig;
}

/** What one build produces. */
export interface BuildOutput {
  readonly segments: IUsageSegment[];
  /** State to save once the segments are durable (segment-state.ts). */
  readonly state: SegmentState;
  readonly notes: SegmentNote[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Closes one segment per present allocation (see the module comment for the rules). */
export function buildSegments(input: BuildInput): BuildOutput {
  const config = input.config ?? segmentBuilderConfig();
  const { nowMs, state } = input;
  const segments: IUsageSegment[] = [];
  const notes: SegmentNote[] = [];
  const marks = new Map<string, AllocationMark>();
  const present = new Set<string>();

  for (const a of [...input.allocations].sort((x, y) => x.allocation_id.localeCompare(y.allocation_id))) {
    present.add(a.allocation_id);
    const mark = state.marks.get(a.allocation_id);
    const since = a.since_unix_ms;
    let start: number;
    if (mark?.open === true) start = mark.end_unix_ms;
    else if (mark !== undefined)
      start = Math.max(mark.end_unix_ms, since !== undefined && since > mark.end_unix_ms ? since : nowMs);
    else start = Math.min(since ?? nowMs, nowMs);
    start = Math.max(start, state.floor_unix_ms);

    if (start > nowMs) {
      // The clock is behind this allocation's last end: hold until it passes it.
      marks.set(a.allocation_id, { end_unix_ms: start, open: true });
      notes.push({
        kind: 'clock-behind',
        allocation_id: a.allocation_id,
        from_unix_ms: nowMs,
        to_unix_ms: start,
        message: `clock (${iso(nowMs)}) is behind the last segment end (${iso(start)}) of allocation "${a.allocation_id}"; holding until it passes`,
      });
      continue;
    }
    if (nowMs - start > config.maxGapFillMs) {
      const capped = nowMs - config.maxGapFillMs;
      notes.push({
        kind: 'gap-capped',
        allocation_id: a.allocation_id,
        from_unix_ms: start,
        to_unix_ms: capped,
        message: `allocation "${a.allocation_id}": span from ${iso(start)} is longer than ${config.maxGapFillMs} ms; ${iso(start)}..${iso(capped)} is not reported`,
      });
      start = capped;
    }
    if (nowMs - start > config.maxSegmentMs) {
      notes.push({
        kind: 'gap-split',
        allocation_id: a.allocation_id,
        from_unix_ms: start,
        to_unix_ms: nowMs,
        message: `allocation "${a.allocation_id}": ${iso(start)}..${iso(nowMs)} split into segments of at most ${config.maxSegmentMs} ms`,
      });
    }
    for (let s = start; s < nowMs; s += config.maxSegmentMs) {
      const e = Math.min(s + config.maxSegmentMs, nowMs);
      segments.push({
        tenant_id: a.tenant_id,
        allocation_id: a.allocation_id,
        gpu_uuids: [...a.gpu_uuids],
        ...(a.gpu_shares !== undefined ? { gpu_shares: [...a.gpu_shares] } : {}),
        start_unix_ms: s,
        end_unix_ms: e,
        source: a.source,
        workload_fingerprint: a.workload_fingerprint,
        labels: { ...a.labels },
        ...evidence(input.samples, a.gpu_uuids, s, e),
      });
    }
    marks.set(a.allocation_id, { end_unix_ms: nowMs, open: true });
  }

  // Allocations that left: closed, and kept while a return could still reach back before their
  // end (a `since` is never more than maxGapFillMs back).
  for (const [id, mark] of state.marks) {
    if (present.has(id)) continue;
    if (mark.end_unix_ms < nowMs - config.maxGapFillMs) continue;
    marks.set(id, { end_unix_ms: mark.end_unix_ms, open: false });
  }
  return { segments, state: { marks, floor_unix_ms: state.floor_unix_ms }, notes };
}
