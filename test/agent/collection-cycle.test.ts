import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type {
  AllocationSource,
  CollectContext,
  SourceAllocation,
  SourceName,
  SourceResult,
} from '../../agent/sources/allocation.js';
import { CollectionCycle, type CollectionCycleOptions } from '../../agent/collection-cycle.js';
import { NvidiaSmiInventory } from '../../agent/inventory/nvidia-smi-inventory.js';
import { JsonFileSegmentStateStore, emptySegmentState } from '../../agent/segments/segment-state.js';
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

  it('counts an inventory failure and still reports UUID claims', async () => {
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
    expect(result.allocations.map((a) => a.allocation_id)).toEqual(['j2']);
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
