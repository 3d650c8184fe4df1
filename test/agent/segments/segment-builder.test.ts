import { describe, expect, it } from 'vitest';
import type { Allocation } from '../../../agent/sources/allocation.js';
import {
  buildSegments,
  segmentBuilderConfig,
  type BuildOutput,
} from '../../../agent/segments/segment-builder.js';
import {
  emptySegmentState,
  type AllocationMark,
  type SegmentState,
} from '../../../agent/segments/segment-state.js';
import { evidence, type UsageSample } from '../../../agent/segments/usage-samples.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const min = 60_000;
const hour = 3_600_000;

function alloc(id: string, extra: Partial<Allocation> = {}): Allocation {
  return {
    tenant_id: 'acme',
    allocation_id: id,
    gpu_uuids: ['GPU-a'],
    source: 'kubernetes',
    via: 'kubernetes',
    workload_fingerprint: '',
    labels: {},
    ...extra,
  };
}

function state(marks: Record<string, AllocationMark>, floor = 0): SegmentState {
  return { marks: new Map(Object.entries(marks)), floor_unix_ms: floor };
}

function spans(out: BuildOutput): [number, number][] {
  return out.segments.map((s) => [Number(s.start_unix_ms) - T0, Number(s.end_unix_ms) - T0]);
}

describe('where a segment starts and ends', () => {
  it.each<{
    case: string;
    mark?: AllocationMark;
    since?: number;
    floor?: number;
    now: number;
    expected: [number, number][];
    markAfter: AllocationMark;
  }>([
    {
      case: 'first sight without since: nothing yet, the mark starts now',
      now: T0,
      expected: [],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'present again: from the last end to now',
      mark: { end_unix_ms: T0, open: true },
      now: T0 + min,
      expected: [[0, min]],
      markAfter: { end_unix_ms: T0 + min, open: true },
    },
    {
      case: 'first sight with a since: from since',
      since: T0 - 5 * min,
      now: T0,
      expected: [[-5 * min, 0]],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'a since in the future is clamped to now',
      since: T0 + 5 * min,
      now: T0,
      expected: [],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'came back after leaving: from now, not over the absence',
      mark: { end_unix_ms: T0 - 10 * min, open: false },
      since: T0 - 60 * min,
      now: T0,
      expected: [],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'came back restarted (since after the last end): from since',
      mark: { end_unix_ms: T0 - 10 * min, open: false },
      since: T0 - 4 * min,
      now: T0,
      expected: [[-4 * min, 0]],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'after a lost state, nothing starts before the floor',
      since: T0 - 30 * min,
      floor: T0 - 2 * min,
      now: T0,
      expected: [[-2 * min, 0]],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'clock went backwards: hold, no segment, the mark stays',
      mark: { end_unix_ms: T0, open: true },
      now: T0 - 3 * min,
      expected: [],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'clock back to the same instant: an empty span gives no segment',
      mark: { end_unix_ms: T0, open: true },
      now: T0,
      expected: [],
      markAfter: { end_unix_ms: T0, open: true },
    },
    {
      case: 'forward jump over 1 h: split into segments of at most 1 h',
      mark: { end_unix_ms: T0, open: true },
      now: T0 + 2 * hour + 30 * min,
      expected: [
        [0, hour],
        [hour, 2 * hour],
        [2 * hour, 2 * hour + 30 * min],
      ],
      markAfter: { end_unix_ms: T0 + 2 * hour + 30 * min, open: true },
    },
    {
      case: 'forward jump over the 24 h fill limit: capped to the last 24 h',
      mark: { end_unix_ms: T0, open: true },
      now: T0 + 30 * hour,
      expected: Array.from({ length: 24 }, (_, i): [number, number] => [(6 + i) * hour, (7 + i) * hour]),
      markAfter: { end_unix_ms: T0 + 30 * hour, open: true },
    },
  ])('$case', ({ mark, since, floor, now, expected, markAfter }) => {
    const out = buildSegments({
      nowMs: now,
      allocations: [alloc('a', since !== undefined ? { since_unix_ms: since } : {})],
      state: state(mark === undefined ? {} : { a: mark }, floor ?? 0),
      samples: [],
    });
    expect(spans(out)).toEqual(expected);
    expect(out.state.marks.get('a')).toMatchObject(markAfter);
    expect(out.unattributed).toEqual([]);
    for (const s of out.segments) expect(Number(s.end_unix_ms)).toBeGreaterThan(Number(s.start_unix_ms));
  });

  it('starts a run restarted between two collections at its new start, not over the stop', () => {
    const min = 60_000;
    // Seen at T0 with start T0 - 10 min; stopped and started again at T0 + 40 s.
    const mark: AllocationMark = { end_unix_ms: T0, open: true, since_unix_ms: T0 - 10 * min };
    const restarted = buildSegments({
      nowMs: T0 + min,
      allocations: [alloc('a', { since_unix_ms: T0 + 40_000 })],
      state: state({ a: mark }),
      samples: [],
    });
    expect(spans(restarted)).toEqual([[40_000, min]]);
    const same = buildSegments({
      nowMs: T0 + min,
      allocations: [alloc('a', { since_unix_ms: T0 - 10 * min })],
      state: state({ a: mark }),
      samples: [],
    });
    expect(spans(same)).toEqual([[0, min]]);
  });

  it('reports a hold, a split and a cap as notes for the logs', () => {
    const behind = buildSegments({
      nowMs: T0 - min,
      allocations: [alloc('a')],
      state: state({ a: { end_unix_ms: T0, open: true } }),
      samples: [],
    });
    expect(behind.notes.map((n) => n.kind)).toEqual(['clock-behind']);
    expect(behind.notes[0]?.message).toMatch(/is behind the last segment end .* of allocation "a"; holding/);
    const capped = buildSegments({
      nowMs: T0 + 30 * hour,
      allocations: [alloc('a')],
      state: state({ a: { end_unix_ms: T0, open: true } }),
      samples: [],
    });
    expect(capped.notes.map((n) => n.kind)).toEqual(['gap-capped', 'gap-split']);
    expect(capped.notes[0]?.message).toMatch(
      /2025-01-01T12:00:00.000Z\.\.2025-01-01T18:00:00.000Z is not reported/,
    );
  });
});

describe('source outages: held marks', () => {
  const since = T0 - 30 * min;
  const heldMark: AllocationMark = {
    end_unix_ms: T0,
    open: true,
    held: true,
    since_unix_ms: since,
    gpus: 2,
    via: 'kubernetes',
  };
  const two = (extra: Partial<Allocation> = {}): Allocation =>
    alloc('a', { gpu_uuids: ['GPU-a', 'GPU-b'], since_unix_ms: since, ...extra });

  it.each<{
    case: string;
    mark: AllocationMark;
    present?: Allocation;
    held?: boolean;
    now: number;
    expected: [number, number][];
    unattributed: [string, number, number, number][];
    markAfter: AllocationMark | undefined;
  }>([
    {
      case: 'an open mark whose source is down: held where it was, nothing attributed',
      mark: { end_unix_ms: T0, open: true, since_unix_ms: since, gpus: 2, via: 'kubernetes' },
      held: true,
      now: T0 + 10 * min,
      expected: [],
      unattributed: [],
      markAfter: heldMark,
    },
    {
      case: 'still down past the fill limit: moves up to what a fill can reach, the rest unattributed',
      mark: heldMark,
      held: true,
      now: T0 + 26 * hour,
      expected: [],
      unattributed: [['capped', 0, 2 * hour, 2 * 2 * 3600]],
      markAfter: { ...heldMark, end_unix_ms: T0 + 2 * hour },
    },
    {
      case: 'back with the same since: filled from the mark',
      mark: heldMark,
      present: two(),
      now: T0 + 10 * min,
      expected: [[0, 10 * min]],
      unattributed: [],
      markAfter: { end_unix_ms: T0 + 10 * min, open: true, since_unix_ms: since, gpus: 2, via: 'kubernetes' },
    },
    {
      case: 'back with the same since after an agent downtime past the fill limit: capped, the rest unattributed',
      mark: heldMark,
      present: two(),
      now: T0 + 25 * hour,
      expected: Array.from({ length: 24 }, (_, i): [number, number] => [(1 + i) * hour, (2 + i) * hour]),
      unattributed: [['capped', 0, hour, 2 * 3600]],
      markAfter: {
        end_unix_ms: T0 + 25 * hour,
        open: true,
        since_unix_ms: since,
        gpus: 2,
        via: 'kubernetes',
      },
    },
    {
      case: 'back restarted (another since): from the new since; before it unattributed',
      mark: heldMark,
      present: two({ since_unix_ms: T0 + 4 * min }),
      now: T0 + 10 * min,
      expected: [[4 * min, 10 * min]],
      unattributed: [['restarted', 0, 4 * min, 2 * 4 * 60]],
      markAfter: {
        end_unix_ms: T0 + 10 * min,
        open: true,
        since_unix_ms: T0 + 4 * min,
        gpus: 2,
        via: 'kubernetes',
      },
    },
    {
      case: 'back without a since: cannot prove it ran through, from now',
      mark: heldMark,
      present: alloc('a', { gpu_uuids: ['GPU-a', 'GPU-b'] }),
      now: T0 + 10 * min,
      expected: [],
      unattributed: [['unproven', 0, 10 * min, 2 * 10 * 60]],
      markAfter: { end_unix_ms: T0 + 10 * min, open: true, gpus: 2, via: 'kubernetes' },
    },
    {
      case: 'its source answers without it: gone, unattributed to now, closed at now',
      mark: heldMark,
      now: T0 + 10 * min,
      expected: [],
      unattributed: [['gone', 0, 10 * min, 2 * 10 * 60]],
      markAfter: { end_unix_ms: T0 + 10 * min, open: false },
    },
    {
      case: 'a shared GPU weighs its share',
      mark: { ...heldMark, gpus: 0.25 },
      now: T0 + 10 * min,
      expected: [],
      unattributed: [['gone', 0, 10 * min, 0.25 * 10 * 60]],
      markAfter: { end_unix_ms: T0 + 10 * min, open: false },
    },
    {
      case: 'a closed mark is not held: it had already left',
      mark: { end_unix_ms: T0, open: false },
      held: true,
      now: T0 + 10 * min,
      expected: [],
      unattributed: [],
      markAfter: { end_unix_ms: T0, open: false },
    },
  ])('$case', ({ mark, present, held, now, expected, unattributed, markAfter }) => {
    const out = buildSegments({
      nowMs: now,
      allocations: present === undefined ? [] : [present],
      state: state({ a: mark }),
      samples: [],
      held: new Set(held === true ? ['a'] : []),
    });
    expect(spans(out)).toEqual(expected);
    expect(
      out.unattributed.map((u) => [u.why, u.from_unix_ms - T0, u.to_unix_ms - T0, u.gpu_seconds]),
    ).toEqual(unattributed);
    // (The GPUs a mark records are checked in the conservation tests below.)
    const { gpu_uuids: _gpus, ...after } = out.state.marks.get('a') ?? { end_unix_ms: NaN, open: false };
    expect(after).toEqual(markAfter);
    // Conservation: attributed + unattributed + still pending covers the span since the mark.
    const attributed = out.segments.reduce((t, s) => t + Number(s.end_unix_ms) - Number(s.start_unix_ms), 0);
    const lost = out.unattributed.reduce((t, u) => t + u.to_unix_ms - u.from_unix_ms, 0);
    const pending =
      out.state.marks.get('a')?.held === true ? now - (out.state.marks.get('a')?.end_unix_ms ?? now) : 0;
    if (mark.open) expect(attributed + lost + pending).toBe(now - mark.end_unix_ms);
  });

  it('uses gpu_shares, summed, as the weight a held mark keeps', () => {
    const out = buildSegments({
      nowMs: T0,
      allocations: [alloc('a', { gpu_uuids: ['GPU-a', 'GPU-b'], gpu_shares: [0.5, 0.25] })],
      state: emptySegmentState,
      samples: [],
    });
    expect(out.state.marks.get('a')?.gpus).toBe(0.75);
  });
});

describe('tiling over many cycles', () => {
  it('tiles time exactly, through restarts, clock jumps back and forth, and departures', () => {
    // A scripted run: [now offset in minutes, allocations present, restart before this cycle?]
    const script: [number, string[], boolean][] = [
      [0, ['a', 'b'], false],
      [1, ['a', 'b'], false],
      [2, ['a'], false], // b leaves
      [3, ['a', 'b'], true], // restart; b returns
      [1, ['a', 'b'], false], // clock jumps back 2 min
      [4, ['a', 'b'], false],
      [200, ['a', 'b'], false], // forward jump
      [201, ['b'], false],
    ];
    let st: SegmentState = emptySegmentState;
    let saved: SegmentState = emptySegmentState;
    const segs: { id: string; start: number; end: number }[] = [];
    for (const [offset, present, restart] of script) {
      if (restart) st = saved; // the agent reloads what it saved
      const out = buildSegments({
        nowMs: T0 + offset * min,
        allocations: present.map((id) => alloc(id)),
        state: st,
        samples: [],
      });
      segs.push(
        ...out.segments.map((s) => ({
          id: s.allocation_id ?? '',
          start: Number(s.start_unix_ms),
          end: Number(s.end_unix_ms),
        })),
      );
      st = out.state;
      saved = out.state;
    }
    for (const id of ['a', 'b']) {
      const own = segs.filter((s) => s.id === id).sort((x, y) => x.start - y.start);
      for (let i = 1; i < own.length; i++) {
        // Never an overlap; a gap only where the allocation was absent.
        expect(own[i]!.start).toBeGreaterThanOrEqual(own[i - 1]!.end);
      }
      for (const s of own) expect(s.end - s.start).toBeLessThanOrEqual(hour);
    }
    const total = (id: string): number =>
      segs.filter((s) => s.id === id).reduce((t, s) => t + s.end - s.start, 0);
    // a: present from 0 to 200 min without a break → exactly 200 minutes.
    expect(total('a')).toBe(200 * min);
    // b: 0..1 (last seen at 1; its time after that is unknown), back at 3 (first sight) → 3..201.
    expect(total('b')).toBe(1 * min + 198 * min);
  });

  it('forgets a departed allocation only once a return could no longer reach back before its end', () => {
    const cfg = segmentBuilderConfig({ maxGapFillMs: 10 * min });
    let out = buildSegments({
      nowMs: T0,
      allocations: [alloc('a')],
      state: emptySegmentState,
      samples: [],
      config: cfg,
    });
    out = buildSegments({ nowMs: T0 + min, allocations: [], state: out.state, samples: [], config: cfg });
    expect(out.state.marks.get('a')).toEqual({ end_unix_ms: T0, open: false, gpu_uuids: ['GPU-a'] });
    out = buildSegments({
      nowMs: T0 + 11 * min,
      allocations: [],
      state: out.state,
      samples: [],
      config: cfg,
    });
    expect(out.state.marks.has('a')).toBe(false);
  });
});

describe('segment content and evidence', () => {
  const samples: UsageSample[] = [
    { at_unix_ms: T0, gpus: new Map([['GPU-a', { utilization: 1, memory_used_bytes: 999 }]]) },
    {
      at_unix_ms: T0 + 20_000,
      gpus: new Map([
        ['GPU-a', { utilization: 0.5, memory_used_bytes: 100 }],
        ['GPU-b', { utilization: 0.1, memory_used_bytes: 50 }],
      ]),
    },
    {
      at_unix_ms: T0 + 60_000,
      gpus: new Map([
        ['GPU-a', { utilization: 0.3, memory_used_bytes: 300 }],
        ['GPU-b', { memory_used_bytes: 10 }],
      ]),
    },
  ];

  it.each<[string, string[], number, number, { gpu_utilization?: number; memory_used_bytes?: number }]>([
    [
      'one GPU: mean of readings in (start, end], peak memory',
      ['GPU-a'],
      T0,
      T0 + 60_000,
      { gpu_utilization: 0.4, memory_used_bytes: 300 },
    ],
    [
      'two GPUs: utilization over every reading, memory summed per moment',
      ['GPU-a', 'GPU-b'],
      T0,
      T0 + 60_000,
      { gpu_utilization: 0.3, memory_used_bytes: 310 },
    ],
    [
      'a reading exactly at the start belongs to the previous segment',
      ['GPU-a'],
      T0,
      T0 + 20_000,
      { gpu_utilization: 0.5, memory_used_bytes: 100 },
    ],
    ['no reading inside: no evidence', ['GPU-a'], T0 + 60_000, T0 + 120_000, {}],
    ['a MIG instance nobody measured: no evidence', ['MIG-x'], T0, T0 + 60_000, {}],
  ])('%s', (_name, gpus, start, end, expected) => {
    const got = evidence(samples, gpus, start, end);
    expect(got.memory_used_bytes).toBe(expected.memory_used_bytes);
    if (expected.gpu_utilization === undefined) expect(got.gpu_utilization).toBeUndefined();
    else expect(got.gpu_utilization).toBeCloseTo(expected.gpu_utilization, 12);
  });

  it('carries the allocation into the segment, with evidence', () => {
    const out = buildSegments({
      nowMs: T0 + 60_000,
      allocations: [
        alloc('pod-1', {
          tenant_id: 't1',
          gpu_uuids: ['GPU-a', 'GPU-b'],
          source: 'kubernetes',
          workload_fingerprint: 'sha256:abc',
          labels: { k8s_pod: 'train-0' },
        }),
      ],
      state: state({ 'pod-1': { end_unix_ms: T0, open: true } }),
      samples,
    });
    expect(out.segments).toHaveLength(1);
    const s = out.segments[0]!;
    expect(s).toMatchObject({
      tenant_id: 't1',
      allocation_id: 'pod-1',
      gpu_uuids: ['GPU-a', 'GPU-b'],
      start_unix_ms: T0,
      end_unix_ms: T0 + 60_000,
      source: 'kubernetes',
      workload_fingerprint: 'sha256:abc',
      labels: { k8s_pod: 'train-0' },
      memory_used_bytes: 310,
    });
    expect(s.gpu_utilization).toBeCloseTo(0.3, 12);
  });
});
