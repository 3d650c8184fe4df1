import { describe, expect, it } from 'vitest';
import {
  computeTenantUsage,
  effectiveRange,
  isNewSegment,
  segmentUsage,
  type AggregateHash,
  type AggregateSource,
} from '../../../collector/storage/usage-aggregates.js';
import { hour, inventory, minute, newSegmentCases, t } from '../usage-fixtures.js';

describe('segmentUsage', () => {
  it.each([
    {
      name: 'one H100 for a minute inside one hour',
      start: '2026-01-31T10:00:00Z',
      end: '2026-01-31T10:01:00Z',
      gpus: ['GPU-h100-0'],
      want: [['2026-01-31', '2026-01', 'H100 SXM|10', 'H100 SXM|31', minute]],
    },
    {
      name: 'two H100s across midnight at the end of January',
      start: '2026-01-31T23:30:00Z',
      end: '2026-02-01T00:30:00Z',
      gpus: ['GPU-h100-0', 'GPU-h100-1'],
      want: [
        ['2026-01-31', '2026-01', 'H100 SXM|23', 'H100 SXM|31', 2 * 30 * minute],
        ['2026-02-01', '2026-02', 'H100 SXM|00', 'H100 SXM|01', 2 * 30 * minute],
      ],
    },
    {
      name: 'two MIG 3g slices, each rounded on its own',
      start: '2026-03-01T05:00:00Z',
      end: '2026-03-01T05:01:00Z',
      gpus: ['MIG-a100-0', 'MIG-a100-1'],
      want: [['2026-03-01', '2026-03', 'A100|05', 'A100|01', 2 * Math.round((3 / 7) * minute)]],
    },
    {
      name: 'an unknown uuid as chip "unknown", weight 1',
      start: '2026-03-01T05:00:00Z',
      end: '2026-03-01T05:00:10Z',
      gpus: ['GPU-nobody-knows'],
      want: [['2026-03-01', '2026-03', 'unknown|05', 'unknown|01', 10_000]],
    },
    {
      name: 'a uuid listed twice, counted once',
      start: '2026-03-01T05:00:00Z',
      end: '2026-03-01T05:00:10Z',
      gpus: ['GPU-l40-0', 'GPU-l40-0'],
      want: [['2026-03-01', '2026-03', 'L40|05', 'L40|01', 10_000]],
    },
    {
      name: 'mixed models in one segment, year edge',
      start: '2026-12-31T23:59:00Z',
      end: '2027-01-01T00:01:00Z',
      gpus: ['GPU-h100-0', 'GPU-l20-0'],
      want: [
        ['2026-12-31', '2026-12', 'H100 SXM|23', 'H100 SXM|31', minute],
        ['2026-12-31', '2026-12', 'L20|23', 'L20|31', minute],
        ['2027-01-01', '2027-01', 'H100 SXM|00', 'H100 SXM|01', minute],
        ['2027-01-01', '2027-01', 'L20|00', 'L20|01', minute],
      ],
    },
    {
      name: 'nothing for an empty segment',
      start: '2026-03-01T05:00:00Z',
      end: '2026-03-01T05:00:00Z',
      gpus: ['GPU-h100-0'],
      want: [],
    },
  ])('counts $name', ({ start, end, gpus, want }) => {
    const usage = segmentUsage(t(start), t(end), gpus, inventory);
    expect(usage.increments.map((i) => [i.day, i.month, i.hourField, i.dayField, i.gpuMs])).toEqual(want);
  });

  it.each([
    { name: 'a quarter of one GPU', gpus: ['GPU-h100-0'], shares: [0.25], want: [['H100 SXM|05', 15_000]] },
    { name: 'no shares as whole GPUs', gpus: ['GPU-h100-0'], shares: [], want: [['H100 SXM|05', minute]] },
    {
      name: 'a share per GPU, summed per model',
      gpus: ['GPU-h100-0', 'GPU-h100-1', 'GPU-l40-0'],
      shares: [0.5, 0.25, 1],
      want: [
        ['H100 SXM|05', 45_000],
        ['L40|05', minute],
      ],
    },
    {
      name: 'a third of a 3g MIG slice (weight × share)',
      gpus: ['MIG-a100-0'],
      shares: [1 / 3],
      want: [['A100|05', Math.round((3 / 7 / 3) * minute)]],
    },
  ])('counts $name', ({ gpus, shares, want }) => {
    const usage = segmentUsage(
      t('2026-03-01T05:00:00Z'),
      t('2026-03-01T05:01:00Z'),
      gpus,
      inventory,
      undefined,
      shares,
    );
    expect(usage.increments.map((i) => [i.hourField, i.gpuMs])).toEqual(want);
  });

  it('sums GPU-ms by control class', () => {
    const usage = segmentUsage(
      t('2026-03-01T05:00:00Z'),
      t('2026-03-01T05:01:00Z'),
      ['GPU-h100-0', 'GPU-l40-0', 'GPU-l20-0', 'GPU-x'],
      inventory,
    );
    expect(Object.fromEntries(usage.gpuMsByClass)).toEqual({
      '3A090.a': minute,
      '3A090.b': minute,
      'not-controlled': minute,
      unclassified: minute,
    });
  });
});

describe('isNewSegment', () => {
  // The same table holds the Lua of usage-script.ts (usage-script.test.ts).
  it.each(newSegmentCases)('is $want for $why', ({ start, end, wm, want }) => {
    expect(isNewSegment(start, end, wm)).toBe(want);
  });
});

describe('effectiveRange', () => {
  it.each([
    { from: 0, to: 0, now: t('2026-03-01T10:20:00Z'), want: [0, t('2026-03-01T11:00:00Z')] },
    {
      from: t('2026-03-01T10:20:00Z'),
      to: t('2026-03-01T12:00:00Z'),
      now: 0,
      want: [t('2026-03-01T10:00:00Z'), t('2026-03-01T12:00:00Z')],
    },
    {
      from: t('2026-03-01T10:00:00Z'),
      to: t('2026-03-01T12:00:00.001Z'),
      now: 0,
      want: [t('2026-03-01T10:00:00Z'), t('2026-03-01T13:00:00Z')],
    },
  ])('rounds [$from, $to) outwards to whole hours', ({ from, to, now, want }) => {
    const r = effectiveRange(from, to, now);
    expect([r.fromMs, r.toMs]).toEqual(want);
  });
});

function source(
  hourly: Record<string, AggregateHash>,
  daily: Record<string, AggregateHash>,
  days = Object.keys(hourly),
): AggregateSource {
  const pick = (from: Record<string, AggregateHash>, names: readonly string[]) =>
    new Map(names.filter((n) => from[n] !== undefined).map((n) => [n, from[n] as AggregateHash]));
  return {
    usageDays: () => Promise.resolve(days),
    hourly: (_t, ds) => Promise.resolve(pick(hourly, ds)),
    daily: (_t, ms) => Promise.resolve(pick(daily, ms)),
  };
}

describe('computeTenantUsage', () => {
  it('uses hourly data inside the range, daily data only for whole days whose hours expired', async () => {
    const src = source(
      { '2026-03-02': { 'H100 SXM|00': hour, 'H100 SXM|23': hour, 'L20|05': 2 * hour } },
      {
        '2026-03': { 'H100 SXM|01': 24 * hour, 'H100 SXM|02': 999, 'H100 SXM|03': 5 * hour },
      },
      ['2026-03-03', '2026-03-02', '2026-03-01'],
    );
    // 2026-03-01 whole and hourly gone → daily; 03-02 hourly; 03-03 only partly in range → skipped.
    const usage = await computeTenantUsage(
      src,
      'tenant-a',
      t('2026-03-01T00:00:00Z'),
      t('2026-03-03T12:00:00Z'),
      0,
    );
    expect(usage.rows).toEqual([
      {
        day: '2026-03-01',
        chip_model: 'H100 SXM',
        control_class: '3A090.a',
        gpu_seconds: 24 * 3600,
        h100e_seconds: 24 * 3600,
      },
      {
        day: '2026-03-02',
        chip_model: 'H100 SXM',
        control_class: '3A090.a',
        gpu_seconds: 2 * 3600,
        h100e_seconds: 2 * 3600,
      },
      {
        day: '2026-03-02',
        chip_model: 'L20',
        control_class: 'not-controlled',
        gpu_seconds: 2 * 3600,
        h100e_seconds: 2 * 3600 * (1912 / 15832),
      },
    ]);
    expect(usage.total_gpu_seconds).toBe(28 * 3600);
  });

  it('counts only the hours inside a range that cuts a day', async () => {
    const src = source(
      { '2026-03-02': { 'H100 SXM|00': hour, 'H100 SXM|10': hour, 'H100 SXM|23': hour } },
      {},
    );
    const usage = await computeTenantUsage(
      src,
      'tenant-a',
      t('2026-03-02T09:30:00Z'),
      t('2026-03-02T23:00:00Z'),
      0,
    );
    expect(usage.total_gpu_seconds).toBe(3600);
    expect([usage.effective_from_unix_ms, usage.effective_to_unix_ms]).toEqual([
      t('2026-03-02T09:00:00Z'),
      t('2026-03-02T23:00:00Z'),
    ]);
  });
});
