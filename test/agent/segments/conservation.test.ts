/**
 * Property: whatever allocations come and go on a node, with whatever start times their sources
 * report (late sightings, backdated starts, sharers joining and leaving), the segments never give
 * a GPU more than its wall time at any instant (docs/design.md §2, Attribution).
 */
import { describe, expect, it } from 'vitest';
import type { IUsageSegment } from '../../../common/proto.js';
import type { Allocation } from '../../../agent/sources/allocation.js';
import { withShares } from '../../../agent/sources/allocation-resolver.js';
import { buildSegments } from '../../../agent/segments/segment-builder.js';
import { emptySegmentState, type SegmentState } from '../../../agent/segments/segment-state.js';

const T0 = Date.UTC(2026, 0, 1);
const gpus = ['GPU-a', 'GPU-b', 'GPU-c'];

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** The largest total share any GPU gets at any instant, from the segments' edges. */
function peakShare(segments: readonly IUsageSegment[]): number {
  let peak = 0;
  for (const uuid of gpus) {
    const edges: [number, number][] = [];
    for (const s of segments) {
      const i = (s.gpu_uuids ?? []).indexOf(uuid);
      if (i < 0) continue;
      const share = s.gpu_shares?.[i] ?? 1;
      edges.push([Number(s.start_unix_ms), share], [Number(s.end_unix_ms), -share]);
    }
    // Ends before starts at the same instant: [a, b) then [b, c) do not overlap.
    edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let level = 0;
    for (const [, d] of edges) peak = Math.max(peak, (level += d));
  }
  return peak;
}

describe('segments conserve GPU-time', () => {
  it('a job first seen a cycle after it started does not take time another job already had', () => {
    const old: Allocation = {
      tenant_id: 'a',
      allocation_id: 'j1',
      gpu_uuids: ['GPU-a'],
      source: 'slurm',
      via: 'slurm',
      workload_fingerprint: '',
      labels: {},
      since_unix_ms: T0,
    };
    const first = buildSegments({
      nowMs: T0 + 60_000,
      allocations: [old],
      state: emptySegmentState,
      samples: [],
    });
    // j1 ended, j2 got the GPU; squeue saw j2 only now, with a start 90 s ago.
    const late: Allocation = { ...old, tenant_id: 'b', allocation_id: 'j2', since_unix_ms: T0 + 30_000 };
    const second = buildSegments({
      nowMs: T0 + 120_000,
      allocations: [late],
      state: first.state,
      samples: [],
    });
    expect(second.segments.map((s) => [s.allocation_id, Number(s.start_unix_ms) - T0])).toEqual([
      ['j2', 60_000],
    ]);
    expect(peakShare([...first.segments, ...second.segments])).toBe(1);
  });

  it('holds for random fleets: arrivals, departures, late sightings, sharers', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = rng(seed);
      let state: SegmentState = emptySegmentState;
      const live = new Map<string, Omit<Allocation, 'gpu_shares'>>();
      const segments: IUsageSegment[] = [];
      let now = T0;
      for (let cycle = 0; cycle < 12; cycle++) {
        now += 60_000;
        for (const [id] of live) if (random() < 0.25) live.delete(id);
        const arrivals = Math.floor(random() * 3);
        for (let k = 0; k < arrivals; k++) {
          const id = `c${cycle}-${k}`;
          const held = gpus.filter(() => random() < 0.4);
          if (held.length === 0) continue;
          live.set(id, {
            tenant_id: `t${k}`,
            allocation_id: id,
            gpu_uuids: held,
            gpu_weights: held.map(() => 1 + Math.floor(random() * 3)),
            source: 'docker',
            via: 'docker',
            workload_fingerprint: '',
            labels: {},
            // Started up to three cycles ago, or unknown.
            ...(random() < 0.8 ? { since_unix_ms: now - Math.floor(random() * 180_000) } : {}),
          });
        }
        const out = buildSegments({
          nowMs: now,
          allocations: withShares([...live.values()]),
          state,
          samples: [],
        });
        segments.push(...out.segments);
        state = out.state;
      }
      const peak = peakShare(segments);
      if (peak > 1 + 1e-9) expect({ seed, peak }).toEqual({ seed, peak: 1 });
    }
  });
});
