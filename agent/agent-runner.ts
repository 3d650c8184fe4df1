/**
 * The agent's loop: every interval one collection, its segments split into batches, journaled,
 * appended to the spool, the transport told, the segment state saved. Cycles sit on a fixed
 * grid (start + k × interval, on the monotonic clock), so they do not drift by their own
 * duration; a cycle never overlaps the previous one — an interval that comes while the last
 * cycle still runs is skipped and counted (`gpuwatch_agent_cycles_total{result="skipped"}`).
 *
 * The runner is the one owner of the segment state's durability. It loads the state from the
 * journaled store (which settles a cycle cut short by a crash against the spool), hands it to
 * each collection — a function of (state, sources) → (segments, next state) — and makes the
 * result durable in one place, commit(): journal entry, spool appends, then the saved state
 * (segments/journaled-state-store.ts says why in that order). The segments count in
 * `gpuwatch_agent_segments_produced_total` only then. When a cycle fails after its journal
 * entry, memory may no longer match the disk, so the next cycle reloads the state from the
 * journal. The inventory of each collection goes to the InventoryHolder the transport's Hello
 * reads; a change of GPUs makes the transport reconnect with a new Hello.
 *
 * Shutdown (SIGTERM): stop the grid, let a running cycle finish, run one last cycle so every
 * open segment is closed up to now and spooled (a clean stop leaves no hole, even for an
 * allocation that ends while the agent is down), give the transport until the deadline to have
 * it all acknowledged, then close the sources and the spool. What stays unacked stays in the
 * spool for the next run.
 */
import type { IUsageSegment } from '../common/proto.js';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../common/clock.js';
import { beforeDeadline, realTimer, timedOut } from '../common/deadline.js';
import { AppError, errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { AgentMetrics } from './agent-metrics.js';
import { splitIntoBatches, type BatchLimits } from './segments/batches.js';
import type { CollectionResult, SourceOutage } from './collection-cycle.js';
import type { HealthReport } from './agent-http-server.js';
import type { JournalEntry } from './segments/journaled-state-store.js';
import type { SegmentState } from './segments/segment-state.js';
import type { InventoryHolder } from './inventory/inventory-holder.js';
import type { SpoolStats } from './spool/spool.js';
import type { StopOptions, TransportEvents, TransportStats } from './transport/transport.js';

/** Scheduling time: monotonic milliseconds and one-shot timers. Tests may drive it by hand. */
export interface Timers {
  /** Monotonic ms (performance.now()): never jumps with the wall clock. */
  nowMs(): number;
  /** Calls `fn` after `ms`; the returned function cancels it (a StartTimer of common/deadline.ts). */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** performance.now() and setTimeout. */
export const realTimers: Timers = Object.freeze({
  nowMs: () => performance.now(),
  setTimeout: realTimer,
});

/** What the runner needs of the CollectionCycle. */
export interface RunnerCollection {
  /** One collection from `state`: its segments and the state they lead to. */
  collectOnce(state: SegmentState): Promise<CollectionResult>;
  reload(): void;
  close(): Promise<void>;
}

/** What the runner needs of the Spool. */
export interface RunnerSpool {
  readonly nextSeq: number;
  append(segments: readonly IUsageSegment[]): Promise<number>;
  stats(): SpoolStats;
  close(): Promise<void>;
}

/** What the runner needs of the segment state store (JournaledSegmentStateStore). */
export interface RunnerStateStore {
  /**
   * The state as last saved, a cycle cut short by a crash settled against the spool; an empty
   * state with a floor at `nowMs` (and the `problem`) when the stored one is unusable.
   */
  load(nowMs: number): Promise<{ state: SegmentState; problem?: string }>;
  /** Records a cycle's batches and the state they lead to, before they are appended. */
  begin(entry: JournalEntry): Promise<void>;
  /** Saves the state once its cycle's batches are all spooled. */
  save(state: SegmentState): Promise<void>;
}

/** What the runner needs of the Transport. */
export interface RunnerTransport {
  start(): void;
  notify(): void;
  stop(options?: StopOptions): Promise<void>;
  reconnect(reason: string): void;
  stats(): TransportStats;
  on(event: 'ack', listener: (...args: TransportEvents['ack']) => void): unknown;
  off(event: 'ack', listener: (...args: TransportEvents['ack']) => void): unknown;
}

export interface AgentRunnerOptions {
  readonly collection: RunnerCollection;
  readonly spool: RunnerSpool;
  /** Where the segment state is journaled and saved, beside the spool. */
  readonly stateStore: RunnerStateStore;
  readonly transport: RunnerTransport;
  /** Where each collection's inventory goes for the transport's Hello. */
  readonly inventory: InventoryHolder;
  /** Period of the collection, ms. */
  readonly intervalMs: number;
  /** Bounds of one batch (the collector's limits, and what one spool record holds). */
  readonly batchLimits: BatchLimits;
  readonly logger: Logger;
  /** Registry for the agent metrics. Default: no metrics. */
  readonly registry?: Registry;
  /** Default realTimers. */
  readonly timers?: Timers;
  /** Wall time for loading the state (the floor of a lost one). Default the system clock. */
  readonly clock?: Clock;
}

/** How a cycle ended. */
export type CycleOutcome = 'ok' | 'failed';

export class AgentRunner {
  private readonly o: AgentRunnerOptions;
  private readonly timers: Timers;
  private readonly clock: Clock;
  private readonly metrics: AgentMetrics | undefined;
  private readonly logger: Logger;
  private startedMs: number | undefined;
  private tick = 0;
  private cancelTimer: (() => void) | undefined;
  private running: Promise<CycleOutcome> | undefined;
  private stopping = false;
  private cycleInFlight = false;
  private lastCycleEndMs: number | undefined;
  private cyclesOk = 0;
  private cyclesFailed = 0;
  private cyclesSkipped = 0;
  /** The parts of the collection down at the last cycle, for /healthz and /readyz. */
  private down: readonly SourceOutage[] = [];
  /** The segment state the next cycle starts from; undefined until loaded, and after a failed cycle. */
  private state: SegmentState | undefined;

  constructor(options: AgentRunnerOptions) {
    if (!(options.intervalMs > 0))
      throw new AppError('INTERNAL', `interval: expected more than 0 ms, got ${options.intervalMs}`);
    this.o = options;
    this.timers = options.timers ?? realTimers;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.metrics = options.registry === undefined ? undefined : AgentMetrics.forRegistry(options.registry);
  }

  /** Starts the transport and the loop: the first cycle now, then one per interval. */
  start(): void {
    if (this.startedMs !== undefined) throw new AppError('INTERNAL', 'agent loop already started');
    this.startedMs = this.timers.nowMs();
    this.o.transport.start();
    this.tick = 0;
    this.cancelTimer = this.timers.setTimeout(() => this.onTick(), 0);
  }

  /**
   * `--once`: starts the transport, runs one cycle and waits up to `timeoutMs` for the spool to
   * be acknowledged, then closes everything. `delivered` is false when something stayed unacked.
   */
  async runOnce(timeoutMs: number): Promise<{ cycle: CycleOutcome; delivered: boolean }> {
    if (this.startedMs !== undefined) throw new AppError('INTERNAL', 'agent loop already started');
    this.startedMs = this.timers.nowMs();
    this.stopping = true;
    this.o.transport.start();
    const deadline = this.timers.nowMs() + timeoutMs;
    const cycle = await this.runCycle();
    const delivered = await this.waitForDelivery(deadline);
    await this.close(deadline);
    return { cycle, delivered };
  }

  /**
   * Stops (SIGTERM): no new interval; a running cycle may finish; one last cycle closes the open
   * segments up to now; the transport has until `deadlineMs` from now to get the spool
   * acknowledged; then sources, transport and spool are closed.
   */
  async shutdown(deadlineMs: number): Promise<{ delivered: boolean }> {
    const deadline = this.timers.nowMs() + deadlineMs;
    this.stopping = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.running !== undefined) await this.beforeDeadline(this.running, deadline);
    if (!this.cycleInFlight && this.startedMs !== undefined) {
      // The final cycle: without it the span since the last cycle would only be reported if the
      // allocation is still there when the agent comes back.
      const final = this.runCycle();
      if ((await this.beforeDeadline(final, deadline)) === timedOut)
        this.logger.warn('shutdown: the last collection did not finish before the deadline; not spooled', {
          deadlineMs,
        });
    }
    const delivered = await this.waitForDelivery(deadline);
    await this.close(deadline);
    return { delivered };
  }

  /** SIGHUP: sources re-read their files at the next cycle; the transport reconnects with fresh credentials. */
  reload(): void {
    this.o.collection.reload();
    this.o.transport.reconnect('SIGHUP: reloading credentials');
  }

  /**
   * For /healthz and /readyz: unhealthy (not live) once no cycle has ended for 2 intervals + 60 s;
   * degraded (live, not ready) while a tenant source or the inventory cannot be read.
   */
  health(): HealthReport {
    const now = this.timers.nowMs();
    const last = this.lastCycleEndMs ?? this.startedMs ?? now;
    const stalledAfterMs = 2 * this.o.intervalMs + 60_000;
    const spool = this.o.spool.stats();
    const transport = this.o.transport.stats();
    const healthy = now - last <= stalledAfterMs;
    const degraded = this.down.length > 0;
    return {
      healthy,
      ready: healthy && !degraded,
      status: !healthy ? 'stalled' : degraded ? 'degraded' : 'ok',
      down: this.down.map((d) => ({
        source: d.source,
        since: new Date(d.since_unix_ms).toISOString(),
        last_good: d.last_good_unix_ms === null ? null : new Date(d.last_good_unix_ms).toISOString(),
        error: d.error,
        held_allocations: d.held_allocations,
        held_gpus: d.held_gpus,
      })),
      last_cycle_age_seconds: this.lastCycleEndMs === undefined ? null : (now - this.lastCycleEndMs) / 1000,
      stalled_after_seconds: stalledAfterMs / 1000,
      cycles: { ok: this.cyclesOk, failed: this.cyclesFailed, skipped: this.cyclesSkipped },
      connected: transport.connected,
      spool_depth_batches: spool.depthBatches,
      spool_dropped_segments: spool.droppedSegments,
    };
  }

  private onTick(): void {
    this.cancelTimer = undefined;
    if (this.stopping) return;
    if (this.cycleInFlight) {
      this.skip(1, 'the previous cycle is still running');
    } else {
      this.running = this.runCycle();
      void this.running.finally(() => {
        this.running = undefined;
      });
    }
    this.scheduleNext();
  }

  /** The next grid slot after now; slots already past (timers held up by a blocked or suspended process) are skipped. */
  private scheduleNext(): void {
    if (this.stopping || this.startedMs === undefined) return;
    const now = this.timers.nowMs();
    const interval = this.o.intervalMs;
    const due = Math.floor((now - this.startedMs) / interval) + 1;
    if (due > this.tick + 1) this.skip(due - this.tick - 1, 'the process was held up past a whole interval');
    this.tick = Math.max(this.tick + 1, due);
    const at = this.startedMs + this.tick * interval;
    this.cancelTimer = this.timers.setTimeout(() => this.onTick(), Math.max(0, at - now));
  }

  private skip(n: number, why: string): void {
    this.cyclesSkipped += n;
    this.metrics?.cycles.inc({ result: 'skipped' }, n);
    this.logger.warn('collection cycle skipped', { skipped: n, reason: why, intervalMs: this.o.intervalMs });
  }

  private async runCycle(): Promise<CycleOutcome> {
    const started = this.timers.nowMs();
    this.cycleInFlight = true;
    try {
      const summary = await this.cycle();
      this.cyclesOk += 1;
      this.metrics?.cycles.inc({ result: 'ok' });
      const fields = { ...summary, durationMs: Math.round(this.timers.nowMs() - started) };
      if (this.cyclesOk === 1) this.logger.info('first collection spooled', fields);
      else this.logger.debug('collection spooled', fields);
      return 'ok';
    } catch (err: unknown) {
      this.cyclesFailed += 1;
      this.metrics?.cycles.inc({ result: 'failed' });
      this.logger.error('collection cycle failed; its segments are rebuilt by the next cycle', {
        error: errorMessage(err),
      });
      return 'failed';
    } finally {
      this.cycleInFlight = false;
      this.lastCycleEndMs = this.timers.nowMs();
      this.metrics?.cycleDuration.observe((this.lastCycleEndMs - started) / 1000);
    }
  }

  /** One collection made durable. Throws when nothing (or not all) could be spooled. */
  private async cycle(): Promise<{ segments: number; batches: number; firstSeq?: number; lastSeq?: number }> {
    const result = await this.o.collection.collectOnce(await this.segmentState());
    this.down = result.down;
    this.updateInventory(result);
    const batches = splitIntoBatches(result.segments, this.o.batchLimits);
    const spooled = await this.commit(result.state, batches);
    this.metrics?.segmentsProduced.inc(result.segments.length);
    // Settled with the state just kept: a cycle that is not kept is rebuilt, and counts then.
    const unattributed = result.unattributed.reduce((t, u) => t + u.gpu_seconds, 0);
    if (unattributed > 0)
      this.metrics?.unattributedGpuSeconds.inc({ reason: 'source_unavailable' }, unattributed);
    return spooled === undefined
      ? { segments: 0, batches: 0 }
      : { segments: result.segments.length, batches: batches.length, ...spooled };
  }

  /** The state the next collection starts from: the one in memory, else the store's. */
  private async segmentState(): Promise<SegmentState> {
    if (this.state !== undefined) return this.state;
    const loaded = await this.o.stateStore.load(this.clock.nowMs());
    if (loaded.problem !== undefined) this.logger.error('segment state lost', { problem: loaded.problem });
    this.state ??= loaded.state;
    return this.state;
  }

  /**
   * Makes a cycle durable and moves to its state: journal entry, spool appends, transport told,
   * state saved. Returns the seqs the batches took (undefined without batches); throws when
   * something could not be written.
   */
  private async commit(
    next: SegmentState,
    batches: readonly (readonly IUsageSegment[])[],
  ): Promise<{ firstSeq: number; lastSeq: number } | undefined> {
    const { spool, stateStore, transport } = this.o;
    if (batches.length === 0) {
      await stateStore.save(next);
      this.state = next;
      return undefined;
    }
    const fromSeq = spool.nextSeq;
    await stateStore.begin({ fromSeq, batches, state: next });
    let appended = 0;
    try {
      for (const batch of batches) {
        const seq = await spool.append(batch);
        if (seq !== fromSeq + appended)
          throw new AppError(
            'INTERNAL',
            `spool gave batch ${appended + 1} of the cycle seq ${seq}, but the journal expected ${fromSeq + appended}`,
          );
        appended += 1;
      }
      // Delivery need not wait for the state: the journal already covers these batches.
      transport.notify();
      await stateStore.save(next);
    } catch (err: unknown) {
      if (appended > 0 && appended < batches.length) transport.notify();
      // Memory may no longer match the disk: the next cycle settles the state from the journal.
      this.state = undefined;
      throw err;
    }
    this.state = next;
    return { firstSeq: fromSeq, lastSeq: fromSeq + batches.length - 1 };
  }

  private updateInventory(result: CollectionResult): void {
    if (result.inventory === undefined) return;
    if (this.o.inventory.update(result.inventory)) {
      this.logger.info('GPU inventory changed; reconnecting so the collector sees the new devices', {
        gpus: result.inventory.gpus.length,
      });
      this.o.transport.reconnect('GPU inventory changed');
    }
  }

  /** Resolves true once the spool holds nothing unacknowledged, false at the deadline. */
  private waitForDelivery(deadline: number): Promise<boolean> {
    const { spool, transport } = this.o;
    if (spool.stats().depthBatches === 0) return Promise.resolve(true);
    transport.notify();
    return new Promise((resolve) => {
      const onAck = (): void => {
        if (spool.stats().depthBatches === 0) finish(true);
      };
      const cancel = this.timers.setTimeout(() => finish(false), Math.max(0, deadline - this.timers.nowMs()));
      const finish = (delivered: boolean): void => {
        cancel();
        transport.off('ack', onAck);
        resolve(delivered);
      };
      transport.on('ack', onAck);
    });
  }

  /** `promise`, or `timedOut` once the monotonic `deadline` passes. */
  private beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | typeof timedOut> {
    return beforeDeadline(promise, deadline - this.timers.nowMs(), (fn, ms) =>
      this.timers.setTimeout(fn, ms),
    );
  }

  private async close(deadline: number): Promise<void> {
    const { transport, collection, spool } = this.o;
    const stats = spool.stats();
    if (stats.depthBatches > 0)
      this.logger.warn(
        'stopping with batches not yet acknowledged; they stay in the spool for the next run',
        {
          depthBatches: stats.depthBatches,
          depthSegments: stats.depthSegments,
        },
      );
    await transport.stop({ drainTimeoutMs: Math.max(0, deadline - this.timers.nowMs()) });
    await collection.close().catch((err: unknown) => {
      this.logger.warn('closing the sources failed', { error: errorMessage(err) });
    });
    await spool.close();
  }
}
