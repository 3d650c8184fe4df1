/**
 * One collection: the GPU inventory and every configured tenant source, read concurrently under
 * deadlines, resolved into allocations (precedence, conflicts) and closed into usage segments.
 * The agent's main loop calls `collectOnce(state)` every interval; `gpuwatch agent --once --dry-run`
 * calls it once and prints the result.
 *
 * Source outages (docs/design.md §2) neither invent nor lose usage. A source whose read fails
 * (rejects, or misses its deadline) is *down*: nothing is attributed from it — no last good
 * result stands in — and the allocations it held at its last good read are *held*: their marks
 * stay where their last segment ended (segment-builder.ts settles them when it answers again:
 * filled when the same allocation with the same start is back, unattributed otherwise, and
 * never more than `--max-gap-fill`). A source that answers with data it still vouches for and
 * an `error` (the lease file serves its last good leases, each valid by its own terms) is not
 * down: its allocations count, and the error is logged and counted.
 *
 * The inventory is down when it cannot be read. Allocations that name their GPUs by UUID still
 * resolve (checked against the last good inventory when there is one); those that name them
 * by index or as "all" are held, since the index → UUID mapping is what is unknown. The last
 * good inventory is still returned (the transport's Hello keeps it).
 *
 * One warn line when an outage starts (the source, its error, what is held), one when it ends
 * (how long, how many allocations filled, the GPU-seconds left unattributed), one if it outlasts
 * `--max-gap-fill`; `gpuwatch_agent_source_down{source}` is 1 meanwhile, and every failed read
 * counts in `gpuwatch_agent_collection_errors_total{source}` (`inventory` or the source's name).
 * The unattributed GPU-seconds ride in the result (`unattributed`): the runner counts them in
 * `gpuwatch_agent_unattributed_gpu_seconds_total{reason="source_unavailable"}` once the state
 * they lead to is kept, so a cycle that is not kept and is rebuilt does not count them twice.
 *
 * A collection is a function of (segment state, sources) → (segments, next state): it neither
 * holds nor persists the segment state. Its caller — the agent runner, the one owner of the
 * state's durability — passes the state in and keeps the next one once the segments are
 * durable; a cycle it does not keep is rebuilt by the next one (same starts, later ends). What
 * a collection does keep between calls is what the sources need: the last good inventory, the
 * usage history, which outages are under way, and which problems were already logged.
 */
import type { Registry } from 'prom-client';
import type { Clock } from '../common/clock.js';
import { beforeDeadline, timedOut } from '../common/deadline.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { IUsageSegment } from '../common/proto.js';
import { AgentMetrics, type UnattributedReason } from './agent-metrics.js';
import {
  defaultPrecedence,
  resolveGpuRefs,
  type Allocation,
  type AllocationSource,
  type GpuRef,
  type SourceName,
} from './sources/allocation.js';
import { resolveAllocations, type Conflict } from './sources/allocation-resolver.js';
import { checkAllocations, UnattributedTime, type RefusedAllocation } from './sources/allocation-checks.js';
import type { Inventory, InventoryProvider } from './inventory/inventory.js';
import {
  buildSegments,
  segmentBuilderConfig,
  type FilledSpan,
  type SegmentBuilderOptions,
  type SegmentNote,
  type UnattributedSpan,
} from './segments/segment-builder.js';
import type { AllocationMark, SegmentState } from './segments/segment-state.js';
import { UsageHistory, sampleOf, type UsageHistoryOptions } from './segments/usage-samples.js';

/** What a collection cycle reads, and its deadlines. */
export interface CollectionCycleOptions {
  /** Reads the GPUs (NVML with nvidia-smi fallback, inventory.ts). */
  readonly inventory: InventoryProvider;
  /** Tenant sources to read; none is allowed (inventory only). */
  readonly sources: readonly AllocationSource[];
  /** Source precedence, strongest first. Default lease-file > kubernetes > slurm > docker > process. */
  readonly precedence?: readonly SourceName[];
  /** The cycle's time (segments, outages); never Date.now(). */
  readonly clock: Clock;
  /** Errors, warnings, conflicts and timing notes, each logged when it first appears. */
  readonly logger: Logger;
  /** Registry for the agent's metrics. Default: no metrics. */
  readonly registry?: Registry;
  /** Deadline for the inventory, in ms. Default 20 000 (nvidia-smi's own timeout is 10 s). */
  readonly inventoryTimeoutMs?: number;
  /** Deadline per tenant source, in ms. Default 20 000. */
  readonly sourceTimeoutMs?: number;
  /** Segment lengths and gap handling (segment-builder.ts). */
  readonly segments?: SegmentBuilderOptions;
  /** Retention of utilization and memory readings (usage-samples.ts). */
  readonly usageHistory?: UsageHistoryOptions;
}

/** A failure in one part of the collection. */
export interface CollectionError {
  /** "inventory" or the tenant source's name (the metric label). */
  readonly source: SourceName | 'inventory';
  readonly message: string;
  /**
   * True when the last good result of that part stands in: the last good inventory (UUID
   * checks, the Hello), or a source's own last good data that it still vouches for (the lease
   * file). A down tenant source's allocations are never reused: they are held.
   */
  readonly reusedPrevious: boolean;
}

/** A part of the collection that is down: what /healthz, /readyz and the dry run report. */
export interface SourceOutage {
  /** "inventory" or the tenant source's name. */
  readonly source: SourceName | 'inventory';
  /** The first failed read of this outage, Unix ms. */
  readonly since_unix_ms: number;
  /** The last good read before it, Unix ms; null when this process has had none. */
  readonly last_good_unix_ms: number | null;
  /** The latest read's error. */
  readonly error: string;
  /** Allocations held over the outage (their time is pending). */
  readonly held_allocations: number;
  /** Their GPUs, shares summed. */
  readonly held_gpus: number;
}

/** What one collection found and built. */
export interface CollectionResult {
  /** The cycle's time, Unix ms (from the clock). */
  readonly nowMs: number;
  /** The inventory used (fresh, or the last good one when reading failed; see `errors`). */
  readonly inventory: Inventory | undefined;
  /** Who holds which GPUs, after precedence. */
  readonly allocations: readonly Allocation[];
  /** Disagreements between sources, settled by precedence. */
  readonly conflicts: readonly Conflict[];
  /** Allocations whose ids the collector would refuse: not sent, their time counted unattributed. */
  readonly refused: readonly RefusedAllocation[];
  /** Closed segments, ready for the spool. */
  readonly segments: readonly IUsageSegment[];
  /** Failures, one per failed part. */
  readonly errors: readonly CollectionError[];
  /** Non-fatal problems (skipped workloads, unknown GPUs), prefixed with their source. */
  readonly warnings: readonly string[];
  /** Clock holds, long spans split or capped. */
  readonly notes: readonly SegmentNote[];
  /** The parts that are down after this collection; empty when all were read. */
  readonly down: readonly SourceOutage[];
  /** Outage time settled as unattributed by this collection (count it once `state` is kept). */
  readonly unattributed: readonly UnattributedSpan[];
  /** Held allocations whose outage gap this collection filled. */
  readonly filled: readonly FilledSpan[];
  /**
   * The segment state once these segments are durable: where the next collection starts. The
   * agent runner journals it beside the spooled segments and saves it after them
   * (agent/segments/journaled-state-store.ts); a dry run drops it.
   */
  readonly state: SegmentState;
}

/** A part of the collection: the inventory or a tenant source. */
type Part = SourceName | 'inventory';

/** An outage under way, as the cycle remembers it for its log lines and health. */
interface OngoingOutage {
  readonly sinceMs: number;
  readonly lastGoodMs: number | undefined;
  error: string;
  /** GPU-seconds beyond --max-gap-fill so far (unattributed while it lasts). */
  cappedGpuSeconds: number;
}

/** True when resolving `refs` needs the inventory (an index or "all", not only UUIDs). */
function needsInventory(refs: readonly GpuRef[]): boolean {
  return refs.some((r) => !('uuid' in r));
}

const sum = (xs: readonly number[]): number => xs.reduce((t, x) => t + x, 0);

/** Runs `fn` with an AbortSignal that fires after `ms`; rejects then, even if `fn` ignores it. */
async function withDeadline<T>(
  what: string,
  ms: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const result = await beforeDeadline(fn(controller.signal), ms);
  if (result !== timedOut) return result;
  controller.abort();
  throw new Error(`${what} did not answer within ${ms} ms`);
}

/** The defaults of CollectionCycleOptions. */
export const collectionCycleDefaults = Object.freeze({
  inventoryTimeoutMs: 20_000,
  sourceTimeoutMs: 20_000,
});

/**
 * The allocations to hold this collection: every open mark of a down source (a version 1 mark,
 * which does not name its source, when any part is down), and those seen but not resolvable
 * without the inventory.
 */
function heldAllocations(
  state: SegmentState,
  failed: ReadonlyMap<Part, string>,
  unresolvable: ReadonlySet<string>,
): Set<string> {
  const held = new Set(unresolvable);
  if (failed.size === 0) return held;
  for (const [id, mark] of state.marks)
    if (mark.open && (mark.via === undefined || failed.has(mark.via))) held.add(id);
  return held;
}

/** Runs collections; one per agent process (it keeps the last good results and the usage history). */
export class CollectionCycle {
  private readonly options: CollectionCycleOptions;
  private readonly precedence: readonly SourceName[];
  private readonly history: UsageHistory;
  private readonly metrics: AgentMetrics | undefined;
  private readonly builderConfig: ReturnType<typeof segmentBuilderConfig>;
  private lastInventory: Inventory | undefined;
  /** Last good read of each part, Unix ms. */
  private readonly lastGoodMs = new Map<Part, number>();
  private readonly outages = new Map<Part, OngoingOutage>();
  private down: readonly SourceOutage[] = [];
  private loggedLastCycle = new Set<string>();
  private readonly unattributed = new UnattributedTime();
  private previousNowMs: number | undefined;

  constructor(options: CollectionCycleOptions) {
    this.options = options;
    this.precedence = options.precedence ?? defaultPrecedence;
    this.history = new UsageHistory(options.usageHistory);
    this.builderConfig = segmentBuilderConfig(options.segments);
    this.metrics = options.registry === undefined ? undefined : AgentMetrics.forRegistry(options.registry);
    // Every label shows from the first scrape, at 0, so a rate() over it works before any failure.
    for (const source of ['inventory', ...options.sources.map((s) => s.name)]) {
      this.metrics?.collectionErrors.inc({ source }, 0);
      this.metrics?.sourceDown.set({ source }, 0);
    }
  }

  /** The configured tenant sources, by name. */
  get sourceNames(): SourceName[] {
    return this.options.sources.map((s) => s.name);
  }

  /** One collection: reads everything, and builds the segments from `state` up to now. */
  async collectOnce(state: SegmentState): Promise<CollectionResult> {
    const nowMs = this.options.clock.nowMs();
    const errors: CollectionError[] = [];
    const warnings: string[] = [];

    const inventoryTimeoutMs = this.options.inventoryTimeoutMs ?? collectionCycleDefaults.inventoryTimeoutMs;
    const sourceTimeoutMs = this.options.sourceTimeoutMs ?? collectionCycleDefaults.sourceTimeoutMs;
    const inventoryRead = withDeadline('GPU inventory', inventoryTimeoutMs, (signal) =>
      this.options.inventory.collect(signal),
    ).then(
      (inv) => ({ ok: true as const, inv }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    const sourceReads = this.options.sources.map(async (source) => {
      try {
        const result = await withDeadline(`${source.name} source`, sourceTimeoutMs, (signal) =>
          source.collect({ signal, nowMs }),
        );
        return { source, result, error: undefined };
      } catch (err: unknown) {
        return { source, result: undefined, error: errorMessage(err) };
      }
    });

    const inventoryResult = await inventoryRead;
    const failed = new Map<Part, string>();
    let inventory: Inventory | undefined;
    if (inventoryResult.ok) {
      inventory = inventoryResult.inv;
      this.lastInventory = inventory;
      this.lastGoodMs.set('inventory', nowMs);
      this.history.add(sampleOf(inventory, nowMs));
      warnings.push(...inventory.warnings.map((w) => `inventory: ${w}`));
    } else {
      inventory = this.lastInventory;
      const message = errorMessage(inventoryResult.err);
      failed.set('inventory', message);
      this.fail(errors, 'inventory', message, inventory !== undefined);
    }

    const allocations: Allocation[] = [];
    /** Allocations seen but not resolvable without the inventory: held, like a down source's. */
    const unresolvable = new Set<string>();
    for (const { source, result, error } of await Promise.all(sourceReads)) {
      if (result === undefined) {
        failed.set(source.name, error ?? 'no result');
        this.fail(errors, source.name, error ?? 'no result', false);
        continue;
      }
      if (result.error !== undefined) this.fail(errors, source.name, result.error, true);
      else this.lastGoodMs.set(source.name, nowMs);
      warnings.push(...result.warnings.map((w) => `${source.name}: ${w}`));
      for (const u of result.unattributed ?? []) {
        const { uuids, weights } = resolveGpuRefs(u.gpus, inventory);
        const gpus = uuids.length > 0 ? weights.length : u.gpus.length;
        this.chargeUnattributed(
          'no_tenant',
          `${source.name}\u001f${u.allocation_id}`,
          gpus,
          nowMs,
          u.since_unix_ms,
        );
      }
      for (const a of result.allocations) {
        // Without this cycle's inventory, index and "all" claims wait for it; UUID claims are
        // checked against the last good one, and wait too when there has never been one.
        if (!inventoryResult.ok && (inventory === undefined || needsInventory(a.gpus))) {
          unresolvable.add(a.allocation_id);
          continue;
        }
        const { uuids, weights, problems } = resolveGpuRefs(a.gpus, inventory);
        warnings.push(...problems.map((p) => `${source.name}: allocation "${a.allocation_id}": ${p}`));
        if (inventory !== undefined && problems.length > 0) {
          this.chargeUnattributed(
            'unknown_gpu',
            `${source.name}\u001f${a.allocation_id}`,
            problems.length,
            nowMs,
            a.since_unix_ms,
          );
        }
        if (uuids.length === 0) continue;
        const { gpus: _refs, ...rest } = a;
        allocations.push({ ...rest, gpu_uuids: uuids, gpu_weights: weights, via: source.name });
      }
    }

    const resolution = resolveAllocations(allocations, this.precedence, inventory);
    const checked = checkAllocations(resolution.allocations);
    warnings.push(...checked.warnings);
    for (const r of checked.refused) {
      const a = r.allocation;
      const gpus = a.gpu_shares?.reduce((x, y) => x + y, 0) ?? a.gpu_uuids.length;
      this.chargeUnattributed('invalid_id', `${a.via}\u001f${a.allocation_id}`, gpus, nowMs, a.since_unix_ms);
    }
    this.unattributed.endCycle();
    this.previousNowMs = nowMs;
    const built = buildSegments({
      nowMs,
      allocations: checked.allocations,
      state,
      samples: this.history.all(),
      config: this.builderConfig,
      held: heldAllocations(state, failed, unresolvable),
    });
    this.trackOutages(nowMs, failed, built.state, built.unattributed, built.filled);
    this.logOnce([
      // A down part's error is in its outage lines instead, once per outage.
      ...errors
        .filter((e) => !failed.has(e.source))
        .map((e) => ({
          level: 'warn' as const,
          msg: 'collection error',
          key: `${e.source}: ${e.message}`,
        })),
      ...warnings.map((w) => ({ level: 'warn' as const, msg: 'collection warning', key: w })),
      ...resolution.conflicts.map((c) => ({
        level: 'warn' as const,
        msg: 'sources disagree',
        key: c.message,
      })),
      ...checked.refused.map((r) => ({
        level: 'warn' as const,
        msg: 'allocation not attributed',
        key: r.message,
      })),
      ...built.notes.map((n) => ({
        level: n.kind === 'gap-split' ? ('info' as const) : ('warn' as const),
        msg: 'segment timing',
        key: n.message,
      })),
    ]);

    return {
      nowMs,
      inventory,
      allocations: checked.allocations,
      conflicts: resolution.conflicts,
      refused: checked.refused,
      segments: built.segments,
      errors,
      warnings,
      notes: built.notes,
      down: this.down,
      unattributed: built.unattributed,
      filled: built.filled,
      state: built.state,
    };
  }

  /** Asks every source to read its files afresh at the next collection (SIGHUP). */
  reload(): void {
    for (const s of this.options.sources) s.reload?.();
  }

  /** Closes every source and the inventory. */
  async close(): Promise<void> {
    for (const s of this.options.sources) await s.close?.();
    await this.options.inventory.close?.();
  }

  /**
   * Counts GPU time that no segment will attribute: from the previous cycle (or the workload's
   * start, when later) to now, never a span twice (UnattributedTime).
   */
  private chargeUnattributed(
    reason: UnattributedReason,
    key: string,
    gpus: number,
    nowMs: number,
    sinceMs: number | undefined,
  ): void {
    const floor = this.previousNowMs ?? nowMs;
    const seconds = this.unattributed.charge(
      reason,
      key,
      gpus,
      nowMs,
      Math.max(sinceMs ?? floor, floor),
      floor,
    );
    if (seconds > 0) this.metrics?.unattributedGpuSeconds.inc({ reason }, seconds);
  }

  /**
   * Starts and ends outages: one line each, the source-down gauge, and what /healthz reports.
   * An allocation counts for the outage of its own source when that one is (or was) down, else
   * for the inventory's.
   */
  private trackOutages(
    nowMs: number,
    failed: ReadonlyMap<Part, string>,
    next: SegmentState,
    unattributed: readonly UnattributedSpan[],
    filled: readonly FilledSpan[],
  ): void {
    const down = new Set(failed.keys());
    const ended = new Set([...this.outages.keys()].filter((part) => !down.has(part)));
    const owner = (via: SourceName | undefined, parts: ReadonlySet<Part>): Part | undefined => {
      if (via !== undefined && parts.has(via)) return via;
      if (parts.has('inventory')) return 'inventory';
      return via === undefined ? [...parts][0] : undefined;
    };
    const stillHeld = (id: string): boolean => next.marks.get(id)?.held === true;
    const heldBy = (part: Part): AllocationMark[] =>
      [...next.marks.values()].filter((m) => m.held === true && owner(m.via, down) === part);
    const logger = this.options.logger;

    for (const part of ended) {
      const outage = this.outages.get(part);
      this.outages.delete(part);
      if (outage === undefined) continue;
      const mine = <T extends { allocation_id: string; via: SourceName | undefined }>(
        xs: readonly T[],
      ): T[] => xs.filter((x) => !stillHeld(x.allocation_id) && owner(x.via, ended) === part);
      const lost = mine(unattributed);
      const lostGpuSeconds = outage.cappedGpuSeconds + sum(lost.map((u) => u.gpu_seconds));
      const fields = {
        source: part,
        durationMs: nowMs - outage.sinceMs,
        filledAllocations: mine(filled).length,
        filledGpuSeconds: sum(mine(filled).map((f) => f.gpu_seconds)),
        unattributedAllocations: new Set(lost.map((u) => u.allocation_id)).size,
        unattributedGpuSeconds: lostGpuSeconds,
      };
      if (lostGpuSeconds > 0) logger.warn('source outage ended; part of its time stays unattributed', fields);
      else logger.info('source outage ended', fields);
    }

    for (const [part, error] of failed) {
      const ongoing = this.outages.get(part);
      if (ongoing !== undefined) {
        ongoing.error = error;
        continue;
      }
      const lastGoodMs = this.lastGoodMs.get(part);
      this.outages.set(part, { sinceMs: nowMs, lastGoodMs, error, cappedGpuSeconds: 0 });
      const marks = heldBy(part);
      logger.warn(
        part === 'inventory'
          ? 'GPU inventory outage started: allocations that name GPUs by index are held until it answers'
          : 'source outage started: nothing new is attributed from it; its allocations are held until it answers',
        {
          source: part,
          error,
          heldAllocations: marks.length,
          heldGpus: sum(marks.map((m) => m.gpus ?? 0)),
          lastGood: lastGoodMs === undefined ? null : new Date(lastGoodMs).toISOString(),
        },
      );
    }

    // Held past --max-gap-fill while still down: counted now, logged once per outage.
    for (const span of unattributed) {
      if (!stillHeld(span.allocation_id)) continue;
      const part = owner(span.via, down);
      const outage = part === undefined ? undefined : this.outages.get(part);
      if (outage === undefined) continue;
      if (outage.cappedGpuSeconds === 0)
        logger.warn('source outage outlasted --max-gap-fill; the time beyond it stays unattributed', {
          source: part,
          maxGapFillMs: this.builderConfig.maxGapFillMs,
          since: new Date(outage.sinceMs).toISOString(),
        });
      outage.cappedGpuSeconds += span.gpu_seconds;
    }

    for (const source of ['inventory', ...this.options.sources.map((s) => s.name)])
      this.metrics?.sourceDown.set({ source }, down.has(source as Part) ? 1 : 0);
    this.down = [...this.outages].map(([part, o]) => {
      const marks = heldBy(part);
      return {
        source: part,
        since_unix_ms: o.sinceMs,
        last_good_unix_ms: o.lastGoodMs ?? null,
        error: o.error,
        held_allocations: marks.length,
        held_gpus: sum(marks.map((m) => m.gpus ?? 0)),
      };
    });
  }

  private fail(
    errors: CollectionError[],
    source: SourceName | 'inventory',
    message: string,
    reused: boolean,
  ): void {
    errors.push({ source, message, reusedPrevious: reused });
    this.metrics?.collectionErrors.inc({ source });
  }

  /** Logs each line when it first appears, not again while it repeats cycle after cycle. */
  private logOnce(lines: { level: 'info' | 'warn'; msg: string; key: string }[]): void {
    const now = new Set<string>();
    for (const line of lines) {
      now.add(line.key);
      if (this.loggedLastCycle.has(line.key)) continue;
      this.options.logger[line.level](line.msg, { detail: line.key });
    }
    this.loggedLastCycle = now;
  }
}
