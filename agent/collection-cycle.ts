/**
 * One collection: the GPU inventory and every configured tenant source, read concurrently under
 * deadlines, resolved into allocations (precedence, conflicts) and closed into usage segments.
 * The agent's main loop calls `collectOnce(state)` every interval; `gpuwatch agent --once --dry-run`
 * calls it once and prints the result.
 *
 * A source that fails keeps its last good allocations for `staleAfterMs` (default 3 min), so a
 * kubelet restart or a slow squeue does not end every allocation it knows and restart it a
 * minute later; past that, its allocations end. The same holds for the inventory, which
 * allocations need to resolve GPU indices. Every failure counts in
 * `gpuwatch_agent_collection_errors_total{source}` (`inventory` or the source's name).
 *
 * A collection is a function of (segment state, sources) → (segments, next state): it neither
 * holds nor persists the segment state. Its caller — the agent runner, the one owner of the
 * state's durability — passes the state in and keeps the next one once the segments are
 * durable; a cycle it does not keep is rebuilt by the next one (same starts, later ends). What
 * a collection does keep between calls is what the sources need: the last good results, the
 * usage history and which problems were already logged.
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
  type SourceName,
  type SourceResult,
} from './sources/allocation.js';
import { resolveAllocations, type Conflict } from './sources/allocation-resolver.js';
import { checkAllocations, UnattributedTime, type RefusedAllocation } from './sources/allocation-checks.js';
import type { Inventory, InventoryProvider } from './inventory/inventory.js';
import {
  buildSegments,
  segmentBuilderConfig,
  type SegmentBuilderOptions,
  type SegmentNote,
} from './segments/segment-builder.js';
import type { SegmentState } from './segments/segment-state.js';
import { UsageHistory, sampleOf, type UsageHistoryOptions } from './segments/usage-samples.js';

/** What a collection cycle reads, and its deadlines. */
export interface CollectionCycleOptions {
  /** Reads the GPUs (NVML with nvidia-smi fallback, inventory.ts). */
  readonly inventory: InventoryProvider;
  /** Tenant sources to read; none is allowed (inventory only). */
  readonly sources: readonly AllocationSource[];
  /** Source precedence, strongest first. Default lease-file > kubernetes > slurm > docker > process. */
  readonly precedence?: readonly SourceName[];
  /** The cycle's time (segments, staleness); never Date.now(). */
  readonly clock: Clock;
  /** Errors, warnings, conflicts and timing notes, each logged when it first appears. */
  readonly logger: Logger;
  /** Registry for the agent's metrics. Default: no metrics. */
  readonly registry?: Registry;
  /** Deadline for the inventory, in ms. Default 20 000 (nvidia-smi's own timeout is 10 s). */
  readonly inventoryTimeoutMs?: number;
  /** Deadline per tenant source, in ms. Default 20 000. */
  readonly sourceTimeoutMs?: number;
  /** How long a failed source's (or inventory's) last good result stands in, in ms. Default 180 000. */
  readonly staleAfterMs?: number;
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
  /** True when the last good result of that source was used instead. */
  readonly reusedPrevious: boolean;
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
  /**
   * The segment state once these segments are durable: where the next collection starts. The
   * agent runner journals it beside the spooled segments and saves it after them
   * (agent/segments/journaled-state-store.ts); a dry run drops it.
   */
  readonly state: SegmentState;
}

interface LastGood<T> {
  readonly value: T;
  readonly atMs: number;
}

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
  staleAfterMs: 180_000,
});

/** Runs collections; one per agent process (it keeps the last good results and the usage history). */
export class CollectionCycle {
  private readonly options: CollectionCycleOptions;
  private readonly precedence: readonly SourceName[];
  private readonly staleAfterMs: number;
  private readonly history: UsageHistory;
  private readonly metrics: AgentMetrics | undefined;
  private readonly builderConfig: ReturnType<typeof segmentBuilderConfig>;
  private lastInventory: LastGood<Inventory> | undefined;
  private readonly lastResults = new Map<SourceName, LastGood<SourceResult>>();
  private loggedLastCycle = new Set<string>();
  private readonly unattributed = new UnattributedTime();
  private previousNowMs: number | undefined;

  constructor(options: CollectionCycleOptions) {
    this.options = options;
    this.precedence = options.precedence ?? defaultPrecedence;
    this.staleAfterMs = options.staleAfterMs ?? collectionCycleDefaults.staleAfterMs;
    this.history = new UsageHistory(options.usageHistory);
    this.builderConfig = segmentBuilderConfig(options.segments);
    this.metrics = options.registry === undefined ? undefined : AgentMetrics.forRegistry(options.registry);
    // Every label shows from the first scrape, at 0, so a rate() over it works before any failure.
    this.metrics?.collectionErrors.inc({ source: 'inventory' }, 0);
    for (const s of options.sources) this.metrics?.collectionErrors.inc({ source: s.name }, 0);
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
    let inventory: Inventory | undefined;
    if (inventoryResult.ok) {
      inventory = inventoryResult.inv;
      this.lastInventory = { value: inventory, atMs: nowMs };
      this.history.add(sampleOf(inventory, nowMs));
      warnings.push(...inventory.warnings.map((w) => `inventory: ${w}`));
    } else {
      inventory = this.fresh(this.lastInventory, nowMs);
      this.fail(errors, 'inventory', errorMessage(inventoryResult.err), inventory !== undefined);
    }

    const allocations: Allocation[] = [];
    for (const { source, result, error } of await Promise.all(sourceReads)) {
      let used = result;
      if (error !== undefined) {
        used = this.fresh(this.lastResults.get(source.name), nowMs);
        this.fail(errors, source.name, error, used !== undefined);
      } else if (result !== undefined) {
        if (result.error !== undefined) this.fail(errors, source.name, result.error, true);
        this.lastResults.set(source.name, { value: result, atMs: nowMs });
      }
      if (used === undefined) continue;
      warnings.push(...used.warnings.map((w) => `${source.name}: ${w}`));
      for (const u of used.unattributed ?? []) {
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
      for (const a of used.allocations) {
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
    });
    this.logOnce([
      ...errors.map((e) => ({
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

  private fresh<T>(last: LastGood<T> | undefined, nowMs: number): T | undefined {
    return last !== undefined && nowMs - last.atMs <= this.staleAfterMs ? last.value : undefined;
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
