import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/clock.js';
import { silentLogger, type LogFields, type Logger } from '../../common/logger.js';
import type {
  AllocationSource,
  CollectContext,
  SourceAllocation,
  SourceName,
  SourceResult,
} from '../../agent/sources/allocation.js';
import {
  CollectionCycle,
  type CollectionCycleOptions,
  type CollectionResult,
} from '../../agent/collection-cycle.js';
import { NvidiaSmiInventory } from '../../agent/inventory/nvidia-smi-inventory.js';
import {
  JsonFileSegmentStateStore,
  emptySegmentState,
  type SegmentState,
} from '../../agent/segments/segment-state.js';
import { LeaseFileSource } from '../../agent/sources/lease-file-source.js';
import { MiB, fakeNvidiaSmi, smiEnv, tempDir } from './fixtures.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
// The constructed A100 capture: four GPUs, each with four 1g.20gb MIG instances.
const a100 = [
  'GPU-513536b6-7d19-9063-b049-1e69664bb298',
  'GPU-513536b6-7d19-9063-b049-1e69664bb299',
  'GPU-513536b6-7d19-9063-b049-1e69664bb29a',
  'GPU-513536b6-7d19-9063-b049-1e69664bb29b',
];

/** A source under the test's control. */
class ScriptedSource implements AllocationSource {
  result: SourceResult | 'fail' | 'hang' = { allocations: [], warnings: [] };
  seen: CollectContext[] = [];
  constructor(readonly name: SourceName) {}
  collect(context: CollectContext): Promise<SourceResult> {
    this.seen.push(context);
    if (this.result === 'fail') return Promise.reject(new Error(`${this.name} is down`));
    if (this.result === 'hang') return new Promise(() => undefined); // ignores the signal too
    return Promise.resolve(this.result);
  }
}

function holding(
  tenant: string,
  id: string,
  gpus: SourceAllocation['gpus'],
  extra: Partial<SourceAllocation> = {},
): SourceAllocation {
  return {
    tenant_id: tenant,
    allocation_id: id,
    gpus,
    source: 'test',
    workload_fingerprint: '',
    labels: {},
    ...extra,
  };
}

let dir: { path: string; remove: () => void };
let clock: ManualClock;
let registry: Registry;
let cycle: CollectionCycle | undefined;
beforeEach(() => {
  dir = tempDir('cycle');
  clock = new ManualClock(T0);
  registry = new Registry();
});
afterEach(async () => {
  await cycle?.close();
  cycle = undefined;
  dir.remove();
});

function makeCycle(
  sources: AllocationSource[],
  over: Partial<CollectionCycleOptions> = {},
  smi: Record<string, string> = {},
): CollectionCycle {
  cycle = new CollectionCycle({
    inventory: new NvidiaSmiInventory({ path: fakeNvidiaSmi, env: smiEnv('a100Mig', smi) }),
    sources,
    clock,
    logger: silentLogger,
    registry,
    ...over,
  });
  return cycle;
}

async function errorCount(source: string): Promise<number> {
  const metric = await registry.getSingleMetric('gpuwatch_agent_collection_errors_total')?.get();
  return metric?.values.find((v) => v.labels.source === source)?.value ?? NaN;
}

describe('CollectionCycle', () => {
  it('reads inventory and sources, resolves indices, and tiles segments with evidence from the state it is given', async () => {
    const slurm = new ScriptedSource('slurm');
    slurm.result = { allocations: [holding('acme', '4101', [{ index: 0 }, { index: 1 }])], warnings: [] };
    const c = makeCycle([slurm]);

    const first = await c.collectOnce(emptySegmentState);
    expect(first.errors).toEqual([]);
    expect(first.inventory?.gpus).toHaveLength(20);
    expect(first.allocations.map((a) => [a.allocation_id, a.gpu_uuids, a.via])).toEqual([
      ['4101', [a100[0], a100[1]], 'slurm'],
    ]);
    expect(first.segments).toEqual([]); // first sight, no start known
    // The runner keeps a cycle's state once its segments are durable.
    let kept = first.state;

    clock.advance(60_000);
    const second = await c.collectOnce(kept);
    expect(second.segments).toHaveLength(1);
    expect(second.segments[0]).toMatchObject({
      tenant_id: 'acme',
      allocation_id: '4101',
      gpu_uuids: [a100[0], a100[1]],
      start_unix_ms: T0,
      end_unix_ms: T0 + 60_000,
      source: 'test',
      // Load capture: GPU 0 uses 24 610 MiB, GPU 1 12 350 MiB; MIG-enabled GPUs report no utilization.
      memory_used_bytes: (24_610 + 12_350) * MiB,
    });
    expect(second.segments[0]?.gpu_utilization).toBeUndefined();

    // Not kept (say the spool write failed): the next cycle rebuilds from the same start.
    clock.advance(60_000);
    const third = await c.collectOnce(kept);
    expect(third.segments.map((s) => [s.start_unix_ms, s.end_unix_ms])).toEqual([[T0, T0 + 120_000]]);
    kept = third.state;
    clock.advance(60_000);
    const fourth = await c.collectOnce(kept);
    expect(fourth.segments.map((s) => [s.start_unix_ms, s.end_unix_ms])).toEqual([
      [T0 + 120_000, T0 + 180_000],
    ]);
    // The segments count as produced once the runner made them durable (agent-runner.test.ts), not here.
    const produced = await registry.getSingleMetric('gpuwatch_agent_segments_produced_total')?.get();
    expect(produced?.values[0]?.value ?? 0).toBe(0);
  });

  it('keeps going when one source hangs: the others count, the hung one is an error with its deadline', async () => {
    const hung = new ScriptedSource('docker');
    hung.result = 'hang';
    const lease = new ScriptedSource('lease-file');
    lease.result = { allocations: [holding('acme', 'L1', [{ uuid: a100[2] ?? '' }])], warnings: [] };
    const c = makeCycle([hung, lease], { sourceTimeoutMs: 300 });
    const started = Date.now();
    const result = await c.collectOnce(emptySegmentState);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.allocations.map((a) => a.allocation_id)).toEqual(['L1']);
    expect(result.errors).toEqual([
      { source: 'docker', message: 'docker source did not answer within 300 ms', reusedPrevious: false },
    ]);
    expect(hung.seen[0]?.signal.aborted).toBe(true);
    expect(await errorCount('docker')).toBe(1);
    expect(await errorCount('lease-file')).toBe(0);
  });

  it('settles a GPU claimed by two sources by precedence and reports the conflict', async () => {
    const lease = new ScriptedSource('lease-file');
    lease.result = { allocations: [holding('acme', 'L1', [{ uuid: a100[0] ?? '' }])], warnings: [] };
    const docker = new ScriptedSource('docker');
    docker.result = { allocations: [holding('shell-co', 'ctr', [{ index: 0, migIndex: 2 }])], warnings: [] };
    const result = await makeCycle([docker, lease]).collectOnce(emptySegmentState);
    expect(result.allocations.map((a) => a.allocation_id)).toEqual(['L1']);
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]?.message).toMatch(
      /lease-file says tenant "acme" .* but docker says tenant "shell-co"/,
    );
  });

  it('counts an inventory failure and holds every claim while no inventory was ever read', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_m, f) => warnings.push(String(f?.detail)) };
    const src = new ScriptedSource('slurm');
    src.result = {
      allocations: [holding('acme', 'j1', [{ index: 0 }]), holding('acme', 'j2', [{ uuid: a100[3] ?? '' }])],
      warnings: [],
    };
    const c = makeCycle([src], { logger }, { FAKE_NVIDIA_SMI_FAIL: 'driver' });
    const result = await c.collectOnce(emptySegmentState);
    expect(result.inventory).toBeUndefined();
    expect(result.errors[0]?.source).toBe('inventory');
    expect(result.errors[0]?.message).toMatch(
      /NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    );
    // No inventory lists any GPU yet (docs/design.md §2): nothing is attributed, both are held.
    expect(result.allocations).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.down.map((d) => d.source)).toEqual(['inventory']);
    expect(await errorCount('inventory')).toBe(1);
    // Logged once (as the start of the outage), not again while it repeats.
    clock.advance(60_000);
    await c.collectOnce(result.state);
    expect(warnings.filter((w) => w.includes("couldn't communicate"))).toHaveLength(0);
    expect(await errorCount('inventory')).toBe(2);
  });

  it('runs end to end with a real lease file, the fake nvidia-smi and the JSON state across a restart', async () => {
    const leasePath = join(dir.path, 'leases.json');
    const statePath = join(dir.path, 'state.json');
    writeFileSync(
      leasePath,
      JSON.stringify([
        { tenant_id: 'acme', allocation_id: 'contract-9', gpu_uuids: 'all', since: '2025-03-01T11:58:00Z' },
      ]),
    );
    const build = (): CollectionCycle =>
      new CollectionCycle({
        inventory: new NvidiaSmiInventory({ path: fakeNvidiaSmi, env: smiEnv('a100Mig') }),
        sources: [new LeaseFileSource({ path: leasePath, logger: silentLogger })],
        clock,
        logger: silentLogger,
      });
    const store = new JsonFileSegmentStateStore(statePath);
    const first = build();
    const one = await first.collectOnce((await store.load(clock.nowMs())).state);
    expect(one.segments.map((s) => [s.start_unix_ms, s.end_unix_ms, s.gpu_uuids])).toEqual([
      [T0 - 120_000, T0, a100],
    ]);
    await store.save(one.state);
    await first.close();

    clock.advance(5 * 60_000); // agent down five minutes
    cycle = build();
    const two = await cycle.collectOnce((await store.load(clock.nowMs())).state);
    expect(two.segments.map((s) => [s.start_unix_ms, s.end_unix_ms])).toEqual([[T0, T0 + 300_000]]);
  });
});

/** A logger that keeps its lines. */
function recordingLogger(): { logger: Logger; lines: { level: string; msg: string; fields: LogFields }[] } {
  const lines: { level: string; msg: string; fields: LogFields }[] = [];
  const at =
    (level: string) =>
    (msg: string, fields: LogFields = {}): void => {
      lines.push({ level, msg, fields });
    };
  const logger: Logger = {
    ...silentLogger,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return { logger, lines };
}

const min = 60_000;
const hour = 3_600_000;

/** [allocation, start, end] of each segment, in ms relative to T0. */
const spansOf = (r: CollectionResult): [string, number, number][] =>
  r.segments.map((seg) => [
    seg.allocation_id ?? '',
    Number(seg.start_unix_ms) - T0,
    Number(seg.end_unix_ms) - T0,
  ]);

/** Runs a cycle every `stepMs` up to `untilMs` after T0, keeping each state; returns every result. */
async function cyclesUntil(c: CollectionCycle, state: SegmentState, untilMs: number, stepMs = 10 * min) {
  const results: CollectionResult[] = [];
  let st = state;
  while (clock.nowMs() + stepMs <= T0 + untilMs) {
    clock.advance(stepMs);
    const r = await c.collectOnce(st);
    results.push(r);
    st = r.state;
  }
  return { results, state: st };
}

describe('source outages', () => {
  // A Docker container on two whole GPUs, started ten minutes before T0.
  const since = T0 - 10 * min;
  const container = (extra: Partial<SourceAllocation> = {}): SourceAllocation =>
    holding('acme', 'ctr-1', [{ uuid: a100[0] ?? '' }, { uuid: a100[1] ?? '' }], {
      since_unix_ms: since,
      ...extra,
    });

  /** The container seen at T0, then dockerd stops: cycles every 10 min until `downForMs`. */
  async function dockerStops(downForMs: number, over: Partial<CollectionCycleOptions> = {}) {
    const docker = new ScriptedSource('docker');
    docker.result = { allocations: [container()], warnings: [] };
    const log = recordingLogger();
    const c = makeCycle([docker], { logger: log.logger, ...over });
    const first = await c.collectOnce(emptySegmentState);
    expect(spansOf(first)).toEqual([['ctr-1', -10 * min, 0]]);
    docker.result = 'fail';
    const during = await cyclesUntil(c, first.state, downForMs);
    return { docker, c, log, first, during };
  }

  it('attributes nothing while dockerd is down: the container is held, not reused and not ended', async () => {
    const { during, log } = await dockerStops(30 * min);
    for (const r of during.results) {
      expect(r.segments).toEqual([]);
      expect(r.allocations).toEqual([]);
      expect(r.errors).toEqual([{ source: 'docker', message: 'docker is down', reusedPrevious: false }]);
      expect(r.down).toEqual([
        {
          source: 'docker',
          since_unix_ms: T0 + 10 * min,
          last_good_unix_ms: T0,
          error: 'docker is down',
          held_allocations: 1,
          held_gpus: 2,
        },
      ]);
    }
    // The mark stays where the last segment ended, held, with the start to compare on return.
    expect(during.state.marks.get('ctr-1')).toEqual({
      end_unix_ms: T0,
      open: true,
      held: true,
      since_unix_ms: since,
      gpus: 2,
      via: 'docker',
      gpu_uuids: [a100[0], a100[1]],
    });
    const started = log.lines.filter((l) => l.msg.startsWith('source outage started'));
    expect(started).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({
          source: 'docker',
          error: 'docker is down',
          heldAllocations: 1,
          heldGpus: 2,
        }) as unknown,
      }),
    ]);
    expect(log.lines.filter((l) => l.msg === 'collection error')).toEqual([]);
    const down = await registry.getSingleMetric('gpuwatch_agent_source_down')?.get();
    expect(down?.values.find((v) => v.labels.source === 'docker')?.value).toBe(1);
    expect(await errorCount('docker')).toBe(3);
  });

  it('fills the gap of a container back with the same start: GPU-seconds conserved exactly', async () => {
    // Down 2 h 30 min: the fill is split into segments of at most 1 h.
    const { docker, c, log, first, during } = await dockerStops(150 * min);
    docker.result = { allocations: [container()], warnings: [] };
    clock.advance(10 * min);
    const back = await c.collectOnce(during.state);
    expect(spansOf(back)).toEqual([
      ['ctr-1', 0, hour],
      ['ctr-1', hour, 2 * hour],
      ['ctr-1', 2 * hour, 160 * min],
    ]);
    expect(back.unattributed).toEqual([]);
    expect(back.filled).toEqual([
      {
        allocation_id: 'ctr-1',
        via: 'docker',
        from_unix_ms: T0,
        to_unix_ms: T0 + 160 * min,
        gpu_seconds: 2 * 160 * 60,
      },
    ]);
    expect(back.down).toEqual([]);
    // Every millisecond from the container's start to now, attributed once.
    const all = [...spansOf(first), ...spansOf(back)];
    expect(all.reduce((t, [, s, e]) => t + e - s, 0)).toBe(clock.nowMs() - since);
    expect(back.state.marks.get('ctr-1')).toMatchObject({ end_unix_ms: clock.nowMs(), open: true });
    expect(back.state.marks.get('ctr-1')?.held).toBeUndefined();
    const ended = log.lines.filter((l) => l.msg.startsWith('source outage ended'));
    expect(ended).toEqual([
      {
        level: 'info',
        msg: 'source outage ended',
        fields: {
          source: 'docker',
          durationMs: 150 * min,
          filledAllocations: 1,
          filledGpuSeconds: 2 * 160 * 60,
          unattributedAllocations: 0,
          unattributedGpuSeconds: 0,
        },
      },
    ]);
    expect(log.lines.filter((l) => l.msg.startsWith('source outage started'))).toHaveLength(1);
    const down = await registry.getSingleMetric('gpuwatch_agent_source_down')?.get();
    expect(down?.values.find((v) => v.labels.source === 'docker')?.value).toBe(0);
  });

  it('does not fill a container that restarted during the outage: its time before the new start is unattributed', async () => {
    const { docker, c, log, during } = await dockerStops(30 * min);
    const restartedAt = T0 + 25 * min;
    docker.result = { allocations: [container({ since_unix_ms: restartedAt })], warnings: [] };
    clock.advance(10 * min);
    const back = await c.collectOnce(during.state);
    expect(spansOf(back)).toEqual([['ctr-1', 25 * min, 40 * min]]);
    expect(back.filled).toEqual([]);
    expect(back.unattributed).toEqual([
      {
        allocation_id: 'ctr-1',
        via: 'docker',
        why: 'restarted',
        from_unix_ms: T0,
        to_unix_ms: restartedAt,
        gpus: 2,
        gpu_seconds: 2 * 25 * 60,
      },
    ]);
    expect(back.state.marks.get('ctr-1')).toMatchObject({ since_unix_ms: restartedAt, open: true });
    expect(log.lines.filter((l) => l.msg.startsWith('source outage ended'))).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({
          unattributedAllocations: 1,
          unattributedGpuSeconds: 3000,
        }) as unknown,
      }),
    ]);
  });

  it('settles a container gone after the outage as unattributed from its last segment to now', async () => {
    const { docker, c, during } = await dockerStops(30 * min);
    docker.result = { allocations: [], warnings: [] };
    clock.advance(10 * min);
    const back = await c.collectOnce(during.state);
    expect(back.segments).toEqual([]);
    expect(back.unattributed).toEqual([
      expect.objectContaining({
        allocation_id: 'ctr-1',
        why: 'gone',
        from_unix_ms: T0,
        to_unix_ms: T0 + 40 * min,
        gpu_seconds: 2 * 40 * 60,
      }),
    ]);
    expect(back.state.marks.get('ctr-1')).toEqual({
      end_unix_ms: T0 + 40 * min,
      open: false,
      gpu_uuids: [a100[0], a100[1]],
    });
    // Settled once: the next cycle has nothing more to say about it.
    clock.advance(10 * min);
    const next = await c.collectOnce(back.state);
    expect(next.unattributed).toEqual([]);
  });

  it('does not fill an allocation without a known start (cannot prove it ran through)', async () => {
    const docker = new ScriptedSource('docker');
    const noSince = holding('acme', 'ctr-2', [{ uuid: a100[2] ?? '' }]);
    docker.result = { allocations: [noSince], warnings: [] };
    const c = makeCycle([docker]);
    let st = (await c.collectOnce(emptySegmentState)).state;
    clock.advance(min);
    st = (await c.collectOnce(st)).state;
    docker.result = 'fail';
    clock.advance(10 * min);
    st = (await c.collectOnce(st)).state;
    docker.result = { allocations: [noSince], warnings: [] };
    clock.advance(10 * min);
    const back = await c.collectOnce(st);
    expect(back.segments).toEqual([]);
    expect(back.unattributed).toEqual([
      expect.objectContaining({
        why: 'unproven',
        from_unix_ms: T0 + min,
        to_unix_ms: T0 + 21 * min,
        gpu_seconds: 20 * 60,
      }),
    ]);
  });

  it('caps an outage longer than --max-gap-fill: the time beyond it is unattributed as it passes, logged once', async () => {
    const { docker, c, log, first, during } = await dockerStops(60 * min, {
      segments: { maxGapFillMs: 30 * min },
    });
    // Held marks move up only to what a fill could still reach.
    expect(during.state.marks.get('ctr-1')).toMatchObject({ end_unix_ms: T0 + 30 * min, held: true });
    const capped = during.results.flatMap((r) => r.unattributed);
    expect(capped.map((u) => [u.why, u.from_unix_ms - T0, u.to_unix_ms - T0])).toEqual([
      ['capped', 0, 10 * min],
      ['capped', 10 * min, 20 * min],
      ['capped', 20 * min, 30 * min],
    ]);
    expect(log.lines.filter((l) => l.msg.startsWith('source outage outlasted'))).toHaveLength(1);
    docker.result = { allocations: [container()], warnings: [] };
    clock.advance(10 * min);
    const back = await c.collectOnce(during.state);
    expect(spansOf(back)).toEqual([['ctr-1', 40 * min, 70 * min]]);
    expect(back.unattributed.map((u) => [u.why, u.from_unix_ms - T0, u.to_unix_ms - T0])).toEqual([
      ['capped', 30 * min, 40 * min],
    ]);
    // Attributed + unattributed = the container's whole life, to the millisecond.
    const attributed = [...spansOf(first), ...spansOf(back)].reduce((t, [, s, e]) => t + e - s, 0);
    const lost = [...capped, ...back.unattributed].reduce((t, u) => t + u.to_unix_ms - u.from_unix_ms, 0);
    expect(attributed + lost).toBe(clock.nowMs() - since);
    expect(log.lines.filter((l) => l.msg.startsWith('source outage ended'))).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({
          filledAllocations: 1,
          unattributedGpuSeconds: 2 * 40 * 60,
        }) as unknown,
      }),
    ]);
  });

  it('holds only the down source: another source keeps attributing', async () => {
    const docker = new ScriptedSource('docker');
    docker.result = { allocations: [container()], warnings: [] };
    const slurm = new ScriptedSource('slurm');
    slurm.result = { allocations: [holding('globex', '77', [{ index: 3 }])], warnings: [] };
    const c = makeCycle([docker, slurm]);
    const first = await c.collectOnce(emptySegmentState);
    docker.result = 'fail';
    clock.advance(min);
    const during = await c.collectOnce(first.state);
    expect(spansOf(during)).toEqual([['77', 0, min]]);
    expect(during.down.map((d) => d.source)).toEqual(['docker']);
  });

  it("keeps a lease file's last good leases when the file turns bad: they are still true", async () => {
    const leasePath = join(dir.path, 'leases.json');
    writeFileSync(
      leasePath,
      JSON.stringify([
        { tenant_id: 'acme', allocation_id: 'L1', gpu_uuids: [a100[0]], since: '2025-03-01T11:50:00Z' },
      ]),
    );
    const c = makeCycle([new LeaseFileSource({ path: leasePath, logger: silentLogger })]);
    const first = await c.collectOnce(emptySegmentState);
    writeFileSync(leasePath, '[{"tenant_id": ');
    clock.advance(min);
    const during = await c.collectOnce(first.state);
    expect(spansOf(during)).toEqual([['L1', 0, min]]);
    expect(during.errors).toEqual([expect.objectContaining({ source: 'lease-file', reusedPrevious: true })]);
    expect(during.down).toEqual([]);
  });

  it('during an inventory outage resolves UUID-named allocations and holds index-named ones, filling them on return', async () => {
    const slurm = new ScriptedSource('slurm');
    const job = holding('acme', 'j1', [{ index: 0 }], { since_unix_ms: T0 - min });
    const lease = holding('acme', 'L2', [{ uuid: a100[3] ?? '' }], { since_unix_ms: T0 - min });
    slurm.result = { allocations: [job, lease], warnings: [] };
    const log = recordingLogger();
    // The inventory comes and goes (the fake nvidia-smi reads its environment per run).
    const good = new NvidiaSmiInventory({ path: fakeNvidiaSmi, env: smiEnv('a100Mig') });
    const failing = new NvidiaSmiInventory({
      path: fakeNvidiaSmi,
      env: smiEnv('a100Mig', { FAKE_NVIDIA_SMI_FAIL: 'driver' }),
    });
    let inventoryUp = true;
    const c = makeCycle([slurm], {
      logger: log.logger,
      inventory: { collect: (signal) => (inventoryUp ? good : failing).collect(signal) },
    });
    const first = await c.collectOnce(emptySegmentState);
    expect(spansOf(first)).toEqual([
      ['j1', -min, 0],
      ['L2', -min, 0],
    ]);
    inventoryUp = false;
    clock.advance(10 * min);
    const during = await c.collectOnce(first.state);
    expect(spansOf(during)).toEqual([['L2', 0, 10 * min]]);
    expect(during.down).toEqual([
      expect.objectContaining({ source: 'inventory', held_allocations: 1, held_gpus: 1 }),
    ]);
    expect(during.inventory?.gpus).toHaveLength(20); // the last good one, for the Hello
    inventoryUp = true;
    clock.advance(10 * min);
    const back = await c.collectOnce(during.state);
    expect(spansOf(back)).toEqual([
      ['j1', 0, 20 * min],
      ['L2', 10 * min, 20 * min],
    ]);
    expect(log.lines.filter((l) => l.msg.includes('outage'))).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('GPU inventory outage started') as unknown }),
      expect.objectContaining({
        msg: 'source outage ended',
        fields: expect.objectContaining({ source: 'inventory', filledAllocations: 1 }) as unknown,
      }),
    ]);
  });

  it('keeps holding across an agent restart mid-outage, through the state file, and fills on return', async () => {
    const statePath = join(dir.path, 'state.json');
    const store = new JsonFileSegmentStateStore(statePath);
    const { during } = await dockerStops(20 * min);
    await store.save(during.state);
    await cycle?.close();

    // A new process: still down at its first cycle, then back.
    const docker = new ScriptedSource('docker');
    docker.result = 'fail';
    const log = recordingLogger();
    const c = makeCycle([docker], { logger: log.logger });
    clock.advance(10 * min);
    const loaded = (await store.load(clock.nowMs())).state;
    expect(loaded.marks.get('ctr-1')).toMatchObject({ held: true, since_unix_ms: since, end_unix_ms: T0 });
    const stillDown = await c.collectOnce(loaded);
    expect(stillDown.segments).toEqual([]);
    expect(stillDown.down).toEqual([expect.objectContaining({ source: 'docker', held_allocations: 1 })]);
    await store.save(stillDown.state);
    docker.result = { allocations: [container()], warnings: [] };
    clock.advance(10 * min);
    const back = await c.collectOnce((await store.load(clock.nowMs())).state);
    expect(spansOf(back)).toEqual([['ctr-1', 0, 40 * min]]);
  });
});
