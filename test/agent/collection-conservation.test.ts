/**
 * GPU-time is conserved on a node (docs/design.md §2): at any instant a GPU's wall time is
 * attributed at most once in total — exclusive holders get all of it, sharers shares that sum to
 * one — and the time no segment attributes is counted, by reason.
 */
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { IUsageSegment } from '../../common/proto.js';
import type {
  AllocationSource,
  SourceAllocation,
  SourceName,
  SourceResult,
} from '../../agent/sources/allocation.js';
import { CollectionCycle } from '../../agent/collection-cycle.js';
import { NvidiaSmiInventory } from '../../agent/inventory/nvidia-smi-inventory.js';
import { emptySegmentState, type SegmentState } from '../../agent/segments/segment-state.js';
import { fakeNvidiaSmi, smiEnv } from './fixtures.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
const hourMs = 3_600_000;

class FixedSource implements AllocationSource {
  constructor(
    readonly name: SourceName,
    public allocations: SourceAllocation[],
  ) {}
  collect(): Promise<SourceResult> {
    return Promise.resolve({ allocations: this.allocations, warnings: [] });
  }
}

function holding(tenant: string, id: string, gpus: SourceAllocation['gpus']): SourceAllocation {
  return {
    tenant_id: tenant,
    allocation_id: id,
    gpus,
    source: 'test',
    workload_fingerprint: '',
    labels: {},
    since_unix_ms: T0,
  };
}

/** GPU-seconds of segments, per GPU uuid, shares applied. */
function gpuSeconds(segments: readonly IUsageSegment[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of segments) {
    const seconds = (Number(s.end_unix_ms) - Number(s.start_unix_ms)) / 1000;
    (s.gpu_uuids ?? []).forEach((u, i) => out.set(u, (out.get(u) ?? 0) + seconds * (s.gpu_shares?.[i] ?? 1)));
  }
  return out;
}

let cycle: CollectionCycle | undefined;
afterEach(async () => {
  await cycle?.close();
  cycle = undefined;
});

/** Runs a cycle every `stepMs` for `ms` from T0, keeping each state; returns every segment. */
async function runFor(
  sources: AllocationSource[],
  ms: number,
  registry: Registry,
  logger: Logger = silentLogger,
  stepMs = 600_000,
) {
  const clock = new ManualClock(T0);
  cycle = new CollectionCycle({
    inventory: new NvidiaSmiInventory({ path: fakeNvidiaSmi, env: smiEnv('a100Mig') }),
    sources,
    clock,
    logger,
    registry,
  });
  const segments: IUsageSegment[] = [];
  let state: SegmentState = emptySegmentState;
  let uuids: string[] = [];
  for (let t = 0; t <= ms; t += stepMs) {
    const result = await cycle.collectOnce(state);
    // Physical GPUs by index (the capture's four A100s; their MIG instances are not named here).
    const gpus = (result.inventory?.gpus ?? []).filter((g) => g.parent_uuid === '');
    uuids = [...gpus].sort((a, b) => a.index - b.index).map((g) => g.uuid);
    segments.push(...result.segments);
    state = result.state;
    clock.advance(stepMs);
  }
  return { segments, uuids };
}

async function unattributed(registry: Registry, reason: string): Promise<number> {
  const metric = await registry.getSingleMetric('gpuwatch_agent_unattributed_gpu_seconds_total')?.get();
  return metric?.values.find((v) => v.labels.reason === reason)?.value ?? NaN;
}

describe('GPU-time conservation per node', () => {
  it('four 25 % sharers of one GPU for an hour make one GPU-hour', async () => {
    const docker = new FixedSource(
      'docker',
      ['a', 'b', 'c', 'd'].map((t) => holding(t, `ctr-${t}`, [{ index: 0 }])),
    );
    const { segments, uuids } = await runFor([docker], hourMs, new Registry());
    expect(segments.every((s) => s.gpu_shares?.[0] === 0.25)).toBe(true);
    expect(gpuSeconds(segments).get(uuids[0] ?? '')).toBe(3600);
    // Each sharer got its quarter.
    const perTenant = new Map<string, number>();
    for (const s of segments) {
      const t = s.tenant_id ?? '';
      perTenant.set(
        t,
        (perTenant.get(t) ?? 0) + ((Number(s.end_unix_ms) - Number(s.start_unix_ms)) / 1000) * 0.25,
      );
    }
    expect([...perTenant.values()]).toEqual([900, 900, 900, 900]);
  });

  it('never attributes more than the wall time of any GPU, whatever sources claim', async () => {
    // Sharers, an exclusive job, a lease over a GPU a container also names, all at once.
    const slurm = new FixedSource('slurm', [
      { ...holding('acme', 'job-1', [{ index: 1, weight: 3 }, { index: 2 }]) },
      { ...holding('globex', 'job-2', [{ index: 1, weight: 1 }]) },
    ]);
    const docker = new FixedSource('docker', [
      holding('shell', 'ctr-1', [{ index: 2 }, { index: 3 }]),
      holding('other', 'ctr-2', [{ index: 3 }]),
    ]);
    const lease = new FixedSource('lease-file', [holding('acme', 'lease-1', [{ index: 3 }])]);
    const { segments, uuids } = await runFor([slurm, docker, lease], hourMs, new Registry());
    const seconds = gpuSeconds(segments);
    for (const uuid of uuids) expect(seconds.get(uuid) ?? 0).toBeLessThanOrEqual(3600 + 1e-9);
    expect(seconds.get(uuids[1] ?? '')).toBeCloseTo(3600, 9); // 2700 + 900
    expect(seconds.get(uuids[2] ?? '')).toBeCloseTo(3600, 9);
  });

  it('counts the time of an allocation whose tenant the collector would refuse, and logs it once', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_m, f) => warnings.push(String(f?.detail)) };
    const docker = new FixedSource('docker', [
      { ...holding('{evil}', 'ctr-bad', [{ index: 0 }, { index: 1 }]), labels: { container_name: 'miner' } },
      holding('acme', 'ctr-ok', [{ index: 2 }]),
    ]);
    const registry = new Registry();
    const { segments } = await runFor([docker], 10 * 60_000, registry, logger);
    expect(segments.map((s) => s.allocation_id)).not.toContain('ctr-bad');
    expect(gpuSeconds(segments).size).toBe(1);
    // Two GPUs for the ten minutes after the first cycle saw it.
    expect(await unattributed(registry, 'invalid_id')).toBe(2 * 600);
    const lines = warnings.filter((w) => w.includes('ctr-bad'));
    expect(lines).toEqual([
      expect.stringMatching(
        /docker allocation "ctr-bad" \(container_name "miner"\) holds 2 GPU\(s\) but its tenant_id "\{evil\}" is refused/,
      ),
    ]);
  });

  it('counts the time claimed on a GPU the inventory does not list', async () => {
    const lease = new FixedSource('lease-file', [
      holding('acme', 'lease-1', [{ uuid: 'GPU-from-another-node' }, { index: 0 }]),
    ]);
    const registry = new Registry();
    const { segments } = await runFor([lease], 5 * 60_000, registry, silentLogger, 60_000);
    expect(segments.every((s) => s.gpu_uuids?.length === 1)).toBe(true);
    expect(await unattributed(registry, 'unknown_gpu')).toBe(300);
  });
});
