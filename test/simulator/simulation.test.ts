/**
 * The simulator is deterministic for a seed, and its ground truth matches what its scenarios
 * generate: expected owners meet the policy's thresholds, decoys miss them, every chip classifies
 * as the model the scenario meant, and every segment passes the collector's limits.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../common/chips/chips.js';
import type { IUsageSegment } from '../../common/proto.js';
import { hourMs } from '../../common/usage/usage-time.js';
import { loadPolicy } from '../../detector/policy.js';
import { meanConcurrentGpus, segmentsOfRun, type FleetBuilder } from '../../simulator/fleet-builder.js';
import { Prng } from '../../simulator/prng.js';
import { buildSimulation, scenarioNames, selectScenarios } from '../../simulator/simulation.js';

const endMs = Date.UTC(2026, 10, 20, 12);
const policy = loadPolicy('deploy/policy.yaml');

function allSegments(fleet: FleetBuilder): IUsageSegment[] {
  const out: IUsageSegment[] = [];
  for (const run of fleet.runs) segmentsOfRun(run, fleet.startMs, 0, fleet.hours, out);
  return out;
}

function runsOf(fleet: FleetBuilder, tenantIds: readonly string[]) {
  return fleet.runs.filter((r) => tenantIds.includes(r.tenantId));
}

/** Controlled-chip runs only (what rule 3 counts). */
function controlledRunsOf(fleet: FleetBuilder, tenantIds: readonly string[]) {
  const controlled = new Set(
    fleet.nodes
      .filter(
        (n) =>
          classify(
            n.gpus[0]?.name ?? '',
            n.gpus[0]?.pci_device_id ?? '',
            Number(n.gpus[0]?.memory_total_bytes ?? 0),
          ).controlClass !== 'not-controlled',
      )
      .map((n) => n.agentId),
  );
  return runsOf(fleet, tenantIds).filter((r) => controlled.has(r.agentId));
}

describe('Prng', () => {
  it('gives the same sequence for a seed and another for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('buildSimulation', () => {
  it('is deterministic: same seed, identical tenants, segments and truth; another seed differs', () => {
    const one = buildSimulation({ scenarios: ['all'], seed: 7, endMs });
    const two = buildSimulation({ scenarios: ['all'], seed: 7, endMs });
    const other = buildSimulation({ scenarios: ['all'], seed: 8, endMs });
    expect(two.truth).toEqual(one.truth);
    expect(two.fleet.tenants).toEqual(one.fleet.tenants);
    expect(allSegments(two.fleet)).toEqual(allSegments(one.fleet));
    expect(other.truth).not.toEqual(one.truth);
    expect(allSegments(other.fleet)).not.toEqual(allSegments(one.fleet));
  });

  it('runs every scenario, names an unknown one, and refuses a timeline the truth does not hold for', () => {
    expect(selectScenarios(['all']).map((s) => s.name)).toEqual(scenarioNames);
    expect(() => selectScenarios(['shell-rings'])).toThrow(
      /unknown scenario "shell-rings": expected all or one of/,
    );
    expect(() => buildSimulation({ scenarios: ['all'], seed: 1, endMs, days: 30 })).toThrow(
      /days: expected an integer 95..110, got 30/,
    );
  });

  it.each([1, 2, 3])(
    'seed %i: every segment passes the collector limits and every chip classifies as meant',
    (seed) => {
      const { fleet } = buildSimulation({ scenarios: ['all'], seed, endMs });
      for (const node of fleet.nodes) {
        for (const gpu of node.gpus)
          expect(
            classify(gpu.name ?? '', gpu.pci_device_id ?? '', Number(gpu.memory_total_bytes)).model,
          ).toBe(node.chipModel);
      }
      const uuids = new Map(fleet.nodes.map((n) => [n.agentId, new Set(n.gpus.map((g) => g.uuid))]));
      const lastEnd = new Map<string, number>();
      const problems: string[] = [];
      for (const run of fleet.runs) {
        for (const u of run.gpuUuids)
          if (uuids.get(run.agentId)?.has(u) !== true) problems.push(`${u} not on ${run.agentId}`);
        const segments: IUsageSegment[] = [];
        segmentsOfRun(run, fleet.startMs, 0, fleet.hours, segments);
        for (const s of segments) {
          const start = Number(s.start_unix_ms);
          const end = Number(s.end_unix_ms);
          if (end - start !== hourMs || end > endMs)
            problems.push(`${run.allocationId}: segment ${start}..${end}`);
          // One allocation's segments tile time in order (the collector's per-allocation watermark).
          if (start < (lastEnd.get(run.allocationId) ?? 0))
            problems.push(`${run.allocationId}: out of order at ${start}`);
          lastEnd.set(run.allocationId, end);
        }
      }
      // No GPU is held by two allocations in the same hour.
      for (const [i, x] of fleet.runs.entries())
        for (const y of fleet.runs.slice(i + 1)) {
          if (x.agentId !== y.agentId || !x.gpuUuids.some((u) => y.gpuUuids.includes(u))) continue;
          for (const [a, b] of x.intervals)
            for (const [c, d] of y.intervals)
              if (a < d && c < b)
                problems.push(
                  `${x.allocationId} and ${y.allocationId} share a GPU at hour ${Math.max(a, c)}`,
                );
        }
      expect(problems).toEqual([]);
    },
  );

  it.each([1, 2, 3, 4])(
    'seed %i: owners in the truth meet rule 3 on the generated usage; decoys and the honest fleet do not',
    (seed) => {
      const { fleet, truth } = buildSimulation({ scenarios: ['all'], seed, endMs });
      const windowHours = policy.effectiveOwnership.windowDays * 24;
      const min = policy.effectiveOwnership.minMeanConcurrentGpus;
      const eo = truth.scenarios.flatMap((s) => s.expect).filter((e) => e.rule === 'effective_ownership');
      expect(eo.length).toBeGreaterThanOrEqual(6);
      for (const e of eo) {
        const mean = meanConcurrentGpus(controlledRunsOf(fleet, e.tenantIds), fleet.hours, windowHours);
        expect(mean, e.why).toBeGreaterThanOrEqual(min);
      }
      const structuring = truth.scenarios.flatMap((s) => s.expect).find((e) => e.rule === 'structuring');
      for (const id of structuring?.tenantIds ?? []) {
        expect(meanConcurrentGpus(controlledRunsOf(fleet, [id]), fleet.hours, windowHours)).toBeLessThan(min);
      }
      const ownerIds = new Set(eo.flatMap((e) => e.tenantIds));
      for (const decoy of truth.scenarios.flatMap((s) => s.decoys)) {
        for (const id of decoy.tenantIds) {
          expect(ownerIds.has(id)).toBe(false);
          const mean = meanConcurrentGpus(controlledRunsOf(fleet, [id]), fleet.hours, windowHours);
          // Decoys that hold many GPUs fail on tenure or occupancy instead: they never hold the whole window.
          if (mean >= min) {
            const covered = new Set<number>();
            for (const r of runsOf(fleet, [id]))
              for (const [a, b] of r.intervals)
                for (let h = Math.max(a, fleet.hours - windowHours); h < b; h++) covered.add(h);
            expect(covered.size / windowHours, decoy.why).toBeLessThan(
              policy.effectiveOwnership.minOccupancy,
            );
          }
        }
      }
    },
  );

  it('new-account bursts, succession and frontier compute hold on the generated numbers', () => {
    const { fleet, truth } = buildSimulation({ scenarios: ['all'], seed: 5, endMs });
    const expects = truth.scenarios.flatMap((s) => s.expect);
    const tenant = (id: string) => fleet.tenants.find((t) => t.tenant_id === id);
    const single = expects.find((e) => e.rule === 'new_account_burst' && e.tenantIds.length === 1);
    const burstId = single?.tenantIds[0] ?? '';
    const created = Number(tenant(burstId)?.account_created_unix_ms);
    expect(endMs - created).toBeLessThan(policy.newAccountBurst.maxAccountAgeDays * 86_400_000);
    const gpus = runsOf(fleet, [burstId]).reduce((n, r) => n + r.gpuUuids.length, 0);
    expect(gpus).toBeGreaterThanOrEqual(policy.newAccountBurst.minControlledGpus);

    const frontier = expects.find((e) => e.rule === 'frontier_compute');
    const flop = runsOf(fleet, frontier?.tenantIds ?? []).reduce((sum, r) => {
      const hours = r.intervals.reduce(
        (h, [a, b]) => h + Math.max(0, b - Math.max(a, fleet.hours - policy.frontierCompute.windowDays * 24)),
        0,
      );
      return sum + hours * 3600 * r.gpuUuids.length * 5000e12 * policy.frontierCompute.utilization;
    }, 0);
    expect(flop).toBeGreaterThanOrEqual(policy.frontierCompute.infoFlop);
    expect(flop).toBeLessThan(policy.frontierCompute.highFlop);

    const [a, b] = expects.find((e) => e.rule === 'succession')?.tenantIds ?? [];
    const span = (id: string) => {
      const iv = runsOf(fleet, [id]).flatMap((r) => r.intervals);
      return [Math.min(...iv.map((x) => x[0])), Math.max(...iv.map((x) => x[1]))] as const;
    };
    const [first, second] = [span(a ?? ''), span(b ?? '')].sort((x, y) => x[0] - y[0]);
    const gapDays = ((second?.[0] ?? 0) - (first?.[1] ?? 0)) / 24;
    expect(gapDays).toBeGreaterThanOrEqual(0);
    expect(gapDays).toBeLessThanOrEqual(policy.succession.maxGapDays);
  });
});
