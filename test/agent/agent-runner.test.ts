import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { Registry } from 'prom-client';
import {
  AgentRunner,
  type RunnerSpool,
  type RunnerStateStore,
  type RunnerTransport,
  type Timers,
} from '../../agent/agent-runner.js';
import type { CollectionResult, SourceOutage } from '../../agent/collection-cycle.js';
import type { UnattributedSpan } from '../../agent/segments/segment-builder.js';
import type { Inventory } from '../../agent/inventory/inventory.js';
import { InventoryHolder } from '../../agent/inventory/inventory-holder.js';
import type { JournalEntry } from '../../agent/segments/journaled-state-store.js';
import { emptySegmentState, type SegmentState } from '../../agent/segments/segment-state.js';
import type { SpoolBatch, SpoolStats } from '../../agent/spool/spool.js';
import type { TransportEvents, TransportStats } from '../../agent/transport/transport.js';
import { silentLogger } from '../../common/logger.js';
import type { IUsageSegment } from '../../common/proto.js';
import { makeSegments } from './spool/spool-fixtures.js';

/** Timers driven by the test: advance() runs what falls due, in order, letting promises settle between. */
class ManualTimers implements Timers {
  now = 0;
  private readonly pending: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  private seq = 0;
  nowMs(): number {
    return this.now;
  }
  setTimeout(fn: () => void, ms: number): () => void {
    const t = { at: this.now + ms, seq: this.seq++, fn, cancelled: false };
    this.pending.push(t);
    return () => {
      t.cancelled = true;
    };
  }
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      await settle();
      const due = this.pending
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.pending.splice(this.pending.indexOf(due), 1);
      this.now = Math.max(this.now, due.at);
      due.fn();
    }
    this.now = target;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const inventory = (uuids: string[]): Inventory => ({
  via: 'nvidia-smi',
  warnings: [],
  gpus: uuids.map((uuid, index) => ({
    uuid,
    index,
    name: 'NVIDIA H100 80GB HBM3',
    pci_device_id: '0x233010DE',
    memory_total_bytes: 85520809984,
    parent_uuid: '',
    mig_profile: '',
    serial: '',
    mig_enabled: false,
  })),
});

/** A collection whose cycles the test shapes: how long each takes, what it yields. */
class FakeCollection {
  readonly log: string[];
  calls: number[] = [];
  /** The state each cycle started from. */
  states: SegmentState[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Each cycle waits for this before returning, when set. */
  hold: Promise<void> | undefined;
  /** Monotonic ms each cycle takes. */
  durationMs = 0;
  segments: IUsageSegment[] = makeSegments(3, 'alloc');
  gpus = ['GPU-1'];
  /** What each cycle reports down, and settles as unattributed. */
  down: SourceOutage[] = [];
  unattributed: UnattributedSpan[] = [];
  reloaded = 0;
  closed = false;
  constructor(
    private readonly timers: ManualTimers,
    log: string[],
  ) {
    this.log = log;
  }
  async collectOnce(state: SegmentState): Promise<CollectionResult> {
    this.calls.push(this.timers.now);
    this.states.push(state);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const start = this.timers.now;
    try {
      if (this.hold !== undefined) await this.hold;
      if (this.durationMs > 0) {
        const done = deferred();
        this.timers.setTimeout(done.resolve, Math.max(0, start + this.durationMs - this.timers.now));
        await done.promise;
      }
    } finally {
      this.inFlight -= 1;
    }
    const cycle = this.calls.length;
    this.log.push(`collect ${cycle}`);
    return {
      nowMs: Date.UTC(2026, 0, 1) + this.timers.now,
      inventory: inventory(this.gpus),
      allocations: [],
      conflicts: [],
      refused: [],
      segments: this.segments,
      errors: [],
      warnings: [],
      notes: [],
      down: this.down,
      unattributed: this.unattributed,
      filled: [],
      // Tells the cycles apart: the state store logs whose state it saves.
      state: { marks: new Map(), floor_unix_ms: cycle },
    };
  }
  reload(): void {
    this.reloaded += 1;
  }
  close(): Promise<void> {
    this.closed = true;
    this.log.push('collection closed');
    return Promise.resolve();
  }
}

/** The journaled state store, in memory: logs the journal entries and the saves ("commit <cycle>"). */
class FakeStateStore implements RunnerStateStore {
  loads = 0;
  readonly journal: JournalEntry[] = [];
  saved: SegmentState = emptySegmentState;
  constructor(private readonly log: string[]) {}
  load(): Promise<{ state: SegmentState }> {
    this.loads += 1;
    return Promise.resolve({ state: this.saved });
  }
  begin(entry: JournalEntry): Promise<void> {
    this.journal.push(entry);
    this.log.push(`journal from ${entry.fromSeq} (${entry.batches.length} batches)`);
    return Promise.resolve();
  }
  save(state: SegmentState): Promise<void> {
    this.saved = state;
    this.log.push(`commit ${state.floor_unix_ms}`);
    return Promise.resolve();
  }
}

class FakeSpool implements RunnerSpool {
  nextSeq = 1;
  ackedSeq = 0;
  failAppendAt: number | undefined;
  constructor(private readonly log: string[]) {}
  append(segments: readonly IUsageSegment[]): Promise<number> {
    if (this.failAppendAt === this.nextSeq)
      return Promise.reject(new Error('ENOSPC: no space left on device'));
    this.log.push(`append ${this.nextSeq} (${segments.length})`);
    return Promise.resolve(this.nextSeq++);
  }
  async *pending(): AsyncGenerator<SpoolBatch> {}
  stats(): SpoolStats {
    const depth = this.nextSeq - 1 - this.ackedSeq;
    return {
      bytes: 0,
      depthBatches: depth,
      depthSegments: depth,
      oldestSeq: undefined,
      nextSeq: this.nextSeq,
      ackedSeq: this.ackedSeq,
      droppedSegments: 0,
      droppedBatches: 0,
      tornRecords: 0,
      writeErrors: 0,
      files: 1,
    };
  }
  close(): Promise<void> {
    this.log.push('spool closed');
    return Promise.resolve();
  }
}

class FakeTransport extends EventEmitter<TransportEvents> implements RunnerTransport {
  notified = 0;
  reconnects: string[] = [];
  stopped: number | undefined;
  started = false;
  constructor(private readonly log: string[]) {
    super();
  }
  start(): void {
    this.started = true;
  }
  notify(): void {
    this.notified += 1;
    this.log.push('notify');
  }
  stop(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    this.stopped = options.drainTimeoutMs;
    this.log.push('transport stopped');
    return Promise.resolve();
  }
  reconnect(reason: string): void {
    this.reconnects.push(reason);
  }
  stats(): TransportStats {
    return {
      connected: true,
      lastAckMs: undefined,
      inFlightBatches: 0,
      inFlightBytes: 0,
      waitingForDrain: false,
      streams: 1,
      batchesSent: 0,
      segmentsSent: 0,
      batchesAcked: 0,
      rejectedSegments: 0,
      sendErrors: {},
    };
  }
  /** The collector acknowledges everything up to `seq`. */
  ackThrough(spool: FakeSpool, seq: number): void {
    spool.ackedSeq = seq;
    this.emit('ack', { seq, accepted: 1, rejected: [] });
  }
}

const INTERVAL = 1000;

function setup(options: { maxSegments?: number } = {}) {
  const log: string[] = [];
  const timers = new ManualTimers();
  const collection = new FakeCollection(timers, log);
  const spool = new FakeSpool(log);
  const transport = new FakeTransport(log);
  const store = new FakeStateStore(log);
  const journal = store.journal;
  const inventory = new InventoryHolder();
  const registry = new Registry();
  const runner = new AgentRunner({
    collection,
    spool,
    stateStore: store,
    transport,
    inventory,
    intervalMs: INTERVAL,
    batchLimits: { maxSegments: options.maxSegments ?? 10_000, maxBytes: 1024 ** 2 },
    logger: silentLogger,
    registry,
    timers,
  });
  const cycles = async (result: string): Promise<number> =>
    (await registry.getSingleMetric('gpuwatch_agent_cycles_total')?.get())?.values.find(
      (v) => v.labels.result === result,
    )?.value ?? NaN;
  const produced = async (): Promise<number> =>
    (await registry.getSingleMetric('gpuwatch_agent_segments_produced_total')?.get())?.values[0]?.value ??
    NaN;
  const unattributed = async (): Promise<number> =>
    (await registry.getSingleMetric('gpuwatch_agent_unattributed_gpu_seconds_total')?.get())?.values.find(
      (v) => v.labels.reason === 'source_unavailable',
    )?.value ?? NaN;
  return {
    log,
    timers,
    collection,
    spool,
    transport,
    store,
    journal,
    inventory,
    runner,
    cycles,
    produced,
    unattributed,
  };
}

describe('AgentRunner', () => {
  it('collects on a fixed grid: a cycle that takes part of the interval does not push the next one', async () => {
    const { timers, collection, runner } = setup();
    collection.durationMs = 300;
    runner.start();
    await timers.advance(4 * INTERVAL + 10);
    expect(collection.calls).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('never overlaps cycles: intervals that come while a cycle runs are skipped and counted', async () => {
    const { timers, collection, runner, cycles } = setup();
    collection.durationMs = 2500;
    runner.start();
    await timers.advance(6 * INTERVAL + 10);
    expect(collection.maxInFlight).toBe(1);
    // 0 runs until 2500 (1000 and 2000 skipped), 3000 runs until 5500 (4000 and 5000 skipped), 6000 runs.
    expect(collection.calls).toEqual([0, 3000, 6000]);
    expect(await cycles('skipped')).toBe(4);
    expect(await cycles('ok')).toBe(2);
    expect(runner.health()).toMatchObject({ cycles: { ok: 2, failed: 0, skipped: 4 } });
  });

  it('skips the slots a held-up process missed instead of running them back to back', async () => {
    const { timers, collection, runner, cycles } = setup();
    runner.start();
    await timers.advance(10);
    // The whole process stalls (a suspended VM): timers fire late, all at once.
    timers.now += 3500;
    await timers.advance(0);
    await timers.advance(INTERVAL);
    expect(collection.calls).toEqual([0, 3510, 4000]);
    expect(await cycles('skipped')).toBe(2);
  });

  it('journals, spools every batch, notifies the transport, then commits', async () => {
    const { timers, log, journal, runner } = setup({ maxSegments: 2 });
    runner.start();
    await timers.advance(10);
    expect(log).toEqual([
      'collect 1',
      'journal from 1 (2 batches)',
      'append 1 (2)',
      'append 2 (1)',
      'notify',
      'commit 1',
    ]);
    expect(journal[0]?.batches.map((b) => b.map((s) => s.allocation_id))).toEqual([
      ['alloc-0', 'alloc-1'],
      ['alloc-2'],
    ]);
  });

  it('commits without journaling when a cycle has no segments', async () => {
    const { timers, log, collection, runner } = setup();
    collection.segments = [];
    runner.start();
    await timers.advance(10);
    expect(log).toEqual(['collect 1', 'commit 1']);
  });

  it('when the spool refuses a batch: no commit, the state is reloaded from the journal, what was spooled is sent', async () => {
    const { timers, log, collection, spool, store, runner, cycles } = setup({ maxSegments: 1 });
    spool.failAppendAt = 2;
    runner.start();
    await timers.advance(10);
    expect(log).toEqual(['collect 1', 'journal from 1 (3 batches)', 'append 1 (1)', 'notify']);
    expect(store.loads).toBe(1);
    expect(await cycles('failed')).toBe(1);
    // The next cycle runs as usual.
    spool.failAppendAt = undefined;
    await timers.advance(INTERVAL);
    expect(log.slice(4)).toEqual([
      'collect 2',
      'journal from 2 (3 batches)',
      'append 2 (1)',
      'append 3 (1)',
      'append 4 (1)',
      'notify',
      'commit 2',
    ]);
    // Cycle 2 started from the state in the store, not from the one cycle 1 would have reached.
    expect(store.loads).toBe(2);
    expect(collection.states[1]).toBe(emptySegmentState);
  });

  it('loads the state once and hands each cycle the state the previous one made durable', async () => {
    const { timers, collection, store, runner } = setup();
    runner.start();
    await timers.advance(2 * INTERVAL + 10);
    expect(store.loads).toBe(1);
    expect(collection.states.map((s) => s.floor_unix_ms)).toEqual([0, 1, 2]);
  });

  it('counts the segments produced once they are durable', async () => {
    const { timers, spool, runner, produced } = setup({ maxSegments: 1 });
    runner.start();
    await timers.advance(10);
    expect(await produced()).toBe(3);
    spool.failAppendAt = 5;
    await timers.advance(INTERVAL);
    expect(await produced()).toBe(3);
  });

  it('on shutdown, lets the running cycle finish, closes the open segments with a last cycle, waits for the ack, then closes', async () => {
    const { timers, log, collection, spool, transport, runner } = setup();
    runner.start();
    await timers.advance(10);
    transport.ackThrough(spool, 1);
    const hold = deferred();
    collection.hold = hold.promise;
    await timers.advance(INTERVAL); // cycle 2 starts and hangs on its sources
    const stopping = runner.shutdown(10_000);
    await timers.advance(100);
    expect(collection.calls).toHaveLength(2);
    hold.resolve();
    collection.hold = undefined;
    await timers.advance(0);
    expect(collection.calls).toHaveLength(3); // the last cycle
    expect(log).not.toContain('transport stopped'); // still waiting for the ack of seqs 2 and 3
    transport.ackThrough(spool, 3);
    expect(await stopping).toEqual({ delivered: true });
    expect(log.slice(-3)).toEqual(['transport stopped', 'collection closed', 'spool closed']);
    await timers.advance(5 * INTERVAL);
    expect(collection.calls).toHaveLength(3); // no more cycles
  });

  it('on shutdown with the collector away, gives up at the deadline and keeps the batches spooled', async () => {
    const { timers, collection, spool, transport, runner } = setup();
    runner.start();
    await timers.advance(10);
    const stopping = runner.shutdown(5000);
    await timers.advance(5000);
    expect(await stopping).toEqual({ delivered: false });
    expect(collection.calls).toHaveLength(2);
    expect(spool.stats().depthBatches).toBe(2);
    expect(transport.stopped).toBe(0);
  });

  it('--once: one cycle, delivered when the ack comes in time', async () => {
    const { timers, collection, spool, transport, runner } = setup();
    const once = runner.runOnce(30_000);
    await timers.advance(10);
    transport.ackThrough(spool, 1);
    expect(await once).toEqual({ cycle: 'ok', delivered: true });
    await timers.advance(5 * INTERVAL);
    expect(collection.calls).toHaveLength(1);
  });

  it('gives the transport the first inventory once read, and reconnects when the GPUs change', async () => {
    const { timers, collection, transport, inventory, runner } = setup();
    const first = inventory.forHello();
    runner.start();
    await timers.advance(10);
    expect((await first).map((g) => g.uuid)).toEqual(['GPU-1']);
    await timers.advance(INTERVAL);
    expect(transport.reconnects).toEqual([]);
    collection.gpus = ['GPU-1', 'GPU-2'];
    await timers.advance(INTERVAL);
    expect(transport.reconnects).toEqual(['GPU inventory changed']);
    expect((await inventory.forHello()).map((g) => g.uuid)).toEqual(['GPU-1', 'GPU-2']);
  });

  it('SIGHUP: sources re-read their files and the transport reconnects', () => {
    const { collection, transport, runner } = setup();
    runner.reload();
    expect(collection.reloaded).toBe(1);
    expect(transport.reconnects).toEqual(['SIGHUP: reloading credentials']);
  });

  it('reports unhealthy once a cycle hangs past two intervals and a minute', async () => {
    const { timers, collection, runner } = setup();
    runner.start();
    await timers.advance(10);
    expect(runner.health().healthy).toBe(true);
    collection.hold = new Promise(() => undefined);
    // The last cycle ended at 0; the next one starts at 1000 and never ends.
    await timers.advance(2 * INTERVAL + 60_000 - 100 - 10);
    expect(runner.health().healthy).toBe(true);
    await timers.advance(200);
    expect(runner.health()).toMatchObject({ healthy: false, stalled_after_seconds: 62 });
  });

  it('reports a down source as degraded: live but not ready, naming the source and since when', async () => {
    const { timers, collection, runner } = setup();
    collection.down = [
      {
        source: 'slurm',
        since_unix_ms: Date.UTC(2026, 0, 1, 12),
        last_good_unix_ms: Date.UTC(2026, 0, 1, 11, 59),
        error: 'squeue: Unable to contact slurm controller',
        held_allocations: 2,
        held_gpus: 3,
      },
    ];
    runner.start();
    await timers.advance(10);
    expect(runner.health()).toMatchObject({
      healthy: true,
      ready: false,
      status: 'degraded',
      down: [
        {
          source: 'slurm',
          since: '2026-01-01T12:00:00.000Z',
          last_good: '2026-01-01T11:59:00.000Z',
          error: 'squeue: Unable to contact slurm controller',
          held_allocations: 2,
          held_gpus: 3,
        },
      ],
    });
    collection.down = [];
    await timers.advance(INTERVAL);
    expect(runner.health()).toMatchObject({ healthy: true, ready: true, status: 'ok', down: [] });
  });

  it('counts unattributed GPU-seconds once the cycle that settles them is kept, not before', async () => {
    const { timers, collection, spool, runner, unattributed } = setup();
    const span: UnattributedSpan = {
      allocation_id: 'job-1',
      via: 'slurm',
      why: 'gone',
      from_unix_ms: 0,
      to_unix_ms: 600_000,
      gpus: 2,
      gpu_seconds: 1200,
    };
    collection.unattributed = [span];
    spool.failAppendAt = 1; // the first cycle is not kept: rebuilt by the next
    runner.start();
    await timers.advance(10);
    expect(await unattributed()).toBe(0);
    spool.failAppendAt = undefined;
    await timers.advance(INTERVAL);
    expect(await unattributed()).toBe(1200);
    collection.unattributed = [];
    await timers.advance(INTERVAL);
    expect(await unattributed()).toBe(1200);
  });
});
