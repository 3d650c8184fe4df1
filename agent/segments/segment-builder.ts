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
 *
 * Source outages (docs/design.md §2, "Source outages"): the caller names in `held` the
 * allocations whose source — or the inventory their GPUs need — cannot be read this collection.
 * - an open mark in `held` that is not present is *held*: no segment, its end stays (nothing is
 *   invented), `held` is set in the state. Only when the outage outlasts `maxGapFillMs` does the
 *   end move up to now − maxGapFillMs: no fill can reach back further, so that time is
 *   unattributed (`capped`) as it passes;
 * - a held allocation present again with the same `since` as its mark provably ran through the
 *   outage: its segments start at the mark (the gap is filled, split and capped as above; what
 *   the cap leaves out is unattributed, `capped`), and it is listed in `filled`;
 * - a held allocation present again with another `since` restarted: it starts at its new `since`
 *   (or now) and the time from its mark to there is unattributed (`restarted`); without a `since`
 *   on either side nothing proves it ran through (`unproven`, from its mark to now);
 * - a held mark whose source answers again without it: it ended at some unknown moment of the
 *   outage; its time from the mark to now is unattributed (`gone`) and the mark is closed at now.
 * Unattributed spans weigh the mark's `gpus` (shares summed); the caller counts them once the
 * state they lead to is kept.
 *
 * Evidence: mean utilization and peak memory from the samples inside each segment
 * (usage-samples.ts).
 */
import type { IUsageSegment } from '../../common/proto.js';
import type { Allocation, SourceName } from '../sources/allocation.js';
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
  /**
   * Allocations whose source (or the inventory they need) cannot be read this collection: their
   * open marks are held instead of closed. Default none.
   */
  readonly held?: ReadonlySet<string>;
}

/** Why a held allocation's time is not attributed (see the module comment). */
export type UnattributedWhy = 'gone' | 'restarted' | 'unproven' | 'capped';

/** GPU time an outage left unattributed, definitive as of this build. */
export interface UnattributedSpan {
  readonly allocation_id: string;
  /** The tenant source of its mark; undefined for a version 1 mark. */
  readonly via: SourceName | undefined;
  readonly why: UnattributedWhy;
  /** The span, Unix ms. */
  readonly from_unix_ms: number;
  readonly to_unix_ms: number;
  /** GPUs held (shares summed), from the mark; 0 when a version 1 mark did not say. */
  readonly gpus: number;
  /** gpus × span in seconds. */
  readonly gpu_seconds: number;
}

/** A held allocation that returned with the same start: its outage gap, filled with segments. */
export interface FilledSpan {
  readonly allocation_id: string;
  readonly via: SourceName | undefined;
  readonly from_unix_ms: number;
  readonly to_unix_ms: number;
  readonly gpu_seconds: number;
}

/** What one build produces. */
export interface BuildOutput {
  readonly segments: IUsageSegment[];
  /** State to save once the segments are durable (segment-state.ts). */
  readonly state: SegmentState;
  readonly notes: SegmentNote[];
  /** Outage time settled as unattributed by this build. */
  readonly unattributed: UnattributedSpan[];
  /** Held allocations whose outage gap this build filled. */
  readonly filled: FilledSpan[];
}

/** GPUs an allocation holds, shares summed: the weight of its wall time. */
export function gpuWeight(a: Pick<Allocation, 'gpu_uuids' | 'gpu_shares'>): number {
  return a.gpu_shares === undefined ? a.gpu_uuids.length : a.gpu_shares.reduce((t, x) => t + x, 0);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A present allocation whose source now reports another start than its mark remembers. */
const restartedBetweenPolls = (mark: AllocationMark, since: number | undefined): boolean =>
  since !== undefined && mark.since_unix_ms !== undefined && since !== mark.since_unix_ms;

/** A closed mark keeps the GPUs it had, so no later start on them reaches back over its time. */
const gpusOf = (mark: AllocationMark): Pick<AllocationMark, 'gpu_uuids'> =>
  mark.gpu_uuids === undefined ? {} : { gpu_uuids: mark.gpu_uuids };

/** Closes one segment per present allocation (see the module comment for the rules). */
export function buildSegments(input: BuildInput): BuildOutput {
  const config = input.config ?? segmentBuilderConfig();
  const { nowMs, state } = input;
  const segments: IUsageSegment[] = [];
  const notes: SegmentNote[] = [];
  const marks = new Map<string, AllocationMark>();
  const present = new Set<string>();

  const unattributed: UnattributedSpan[] = [];
  const filled: FilledSpan[] = [];
  const held = input.held ?? new Set<string>();
  const unattribute = (
    id: string,
    mark: AllocationMark,
    why: UnattributedWhy,
    from: number,
    to: number,
  ): void => {
    if (to <= from) return;
    const gpus = mark.gpus ?? 0;
    unattributed.push({
      allocation_id: id,
      via: mark.via,
      why,
      from_unix_ms: from,
      to_unix_ms: to,
      gpus,
      gpu_seconds: (gpus * (to - from)) / 1000,
    });
  };

  // How far each GPU's time is already attributed, and to whom (conservation, see below).
  const attributedUntil = new Map<string, { id: string; end: number }[]>();
  for (const [id, m] of state.marks) {
    for (const uuid of m.gpu_uuids ?? []) {
      attributedUntil.set(uuid, [...(attributedUntil.get(uuid) ?? []), { id, end: m.end_unix_ms }]);
    }
  }
  /** The latest end of another allocation's segments on any of these GPUs. */
  const othersUntil = (id: string, uuids: readonly string[]): number => {
    let until = 0;
    for (const uuid of uuids)
      for (const o of attributedUntil.get(uuid) ?? []) if (o.id !== id && o.end > until) until = o.end;
    return until;
  };

  for (const a of [...input.allocations].sort((x, y) => x.allocation_id.localeCompare(y.allocation_id))) {
    present.add(a.allocation_id);
    const mark = state.marks.get(a.allocation_id);
    const since = a.since_unix_ms;
    const openMark: AllocationMark = {
      end_unix_ms: nowMs,
      open: true,
      ...(since !== undefined ? { since_unix_ms: since } : {}),
      gpus: gpuWeight(a),
      via: a.via,
      gpu_uuids: [...a.gpu_uuids],
    };
    // A held mark is settled now: it ran through the outage (same since), or not.
    const ranThrough = mark?.held === true && since !== undefined && mark.since_unix_ms === since;
    let start: number;
    if (mark?.held === true && !ranThrough)
      start = Math.max(
        mark.end_unix_ms,
        since !== undefined && since > mark.end_unix_ms ? Math.min(since, nowMs) : nowMs,
      );
    else if (mark?.open === true && restartedBetweenPolls(mark, since))
      // Stopped and started again between two collections (a container restart): the new run
      // starts at its own start; the stop before it was nobody's.
      start = Math.max(mark.end_unix_ms, Math.min(since ?? nowMs, nowMs));
    else if (mark?.open === true) start = mark.end_unix_ms;
    else if (mark !== undefined)
      start = Math.max(mark.end_unix_ms, since !== undefined && since > mark.end_unix_ms ? since : nowMs);
    else start = Math.min(since ?? nowMs, nowMs);
    start = Math.max(start, state.floor_unix_ms);
    // Conservation: time a GPU already gave to another allocation is not given again. A new
    // holder whose start reaches back (a job seen a cycle after it started, a sharer joining)
    // starts where the others' segments on its GPUs end.
    start = Math.max(start, Math.min(othersUntil(a.allocation_id, a.gpu_uuids), nowMs));

    if (start > nowMs) {
      // The clock is behind this allocation's last end: hold until it passes it.
      marks.set(a.allocation_id, { ...openMark, end_unix_ms: start });
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
    if (mark?.held === true) {
      const why = ranThrough ? 'capped' : since === undefined ? 'unproven' : 'restarted';
      unattribute(a.allocation_id, mark, why, mark.end_unix_ms, start);
      if (ranThrough && start < nowMs)
        filled.push({
          allocation_id: a.allocation_id,
          via: a.via,
          from_unix_ms: start,
          to_unix_ms: nowMs,
          gpu_seconds: (gpuWeight(a) * (nowMs - start)) / 1000,
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
    marks.set(a.allocation_id, openMark);
  }

  for (const [id, mark] of state.marks) {
    if (present.has(id)) continue;
    if (mark.open && held.has(id)) {
      // Its source cannot be read: held where it was, up to what a fill could still reach.
      const reach = nowMs - config.maxGapFillMs;
      const end = Math.max(mark.end_unix_ms, reach);
      unattribute(id, mark, 'capped', mark.end_unix_ms, end);
      marks.set(id, { ...mark, end_unix_ms: end, held: true });
      continue;
    }
    if (mark.held === true) {
      // Its source answers again without it: it ended at some unknown moment of the outage.
      const end = Math.max(mark.end_unix_ms, nowMs);
      unattribute(id, mark, 'gone', mark.end_unix_ms, end);
      marks.set(id, { end_unix_ms: end, open: false, ...gpusOf(mark) });
      continue;
    }
    // Left: closed, and kept while a return could still reach back before its end (a `since`
    // is never more than maxGapFillMs back).
    if (mark.end_unix_ms < nowMs - config.maxGapFillMs) continue;
    marks.set(id, { end_unix_ms: mark.end_unix_ms, open: false, ...gpusOf(mark) });
  }
  return { segments, state: { marks, floor_unix_ms: state.floor_unix_ms }, notes, unattributed, filled };
}
