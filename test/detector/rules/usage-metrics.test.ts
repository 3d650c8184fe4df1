import { describe, expect, it } from 'vitest';
import {
  activeSpan,
  addUtcMonths,
  atLeast,
  peakControlledGpus,
  severityFor,
  tenure,
  usageWindow,
  windowStats,
} from '../../../detector/rules/usage-metrics.js';
import { dayMs, hourMs, lastDays, nowMs, span, usage } from '../usage-fixtures.js';

const window90 = usageWindow(nowMs, 90);

describe('usageWindow', () => {
  it('ends at the last complete hour before the watermark', () => {
    const w = usageWindow(nowMs + 30 * 60_000, 90);
    expect(w).toEqual({ startMs: nowMs - 90 * dayMs, endMs: nowMs, hours: 2160 });
  });
});

describe('windowStats', () => {
  it('gives mean, peak and occupancy of controlled usage, per-class GPU-hours and the H100e held', () => {
    const s = windowStats(
      [usage('t', lastDays(90, 8), lastDays(90, 100, { chipModel: 'T4' }))],
      window90,
      0.8,
    );
    expect(s.meanGpus).toBe(8);
    expect(s.peakGpus).toBe(8);
    expect(s.occupancy).toBe(1);
    expect(s.meanH100e).toBeCloseTo(8, 9);
    expect(s.gpuHoursByClass).toEqual({ '3A090.a': 8 * 2160 });
    expect(s.firstUsageMs).toBe(window90.startMs);
    expect(s.lastUsageEndMs).toBe(nowMs);
  });

  it('counts unclassified chips as controlled and sums models and tenants within an hour', () => {
    const s = windowStats(
      [
        usage('a', lastDays(90, 2), lastDays(90, 2, { chipModel: 'no such chip' })),
        usage('b', lastDays(90, 4)),
      ],
      window90,
      0.8,
    );
    expect(s.meanGpus).toBe(8);
    expect(s.gpuHoursByClass).toEqual({ '3A090.a': 6 * 2160, unclassified: 2 * 2160 });
  });

  it('leaves out hours before the window and from the watermark hour on', () => {
    const s = windowStats([usage('t', lastDays(200, 8, { endMs: nowMs + 5 * hourMs }))], window90, 0.8);
    expect(s.meanGpus).toBe(8);
    expect(s.lastUsageEndMs).toBe(nowMs);
  });

  it.each([
    [1728, 0.8],
    [1727, 1727 / 2160],
  ])('occupancy is the share of hours at or above 0.8 × mean: %i busy hours → %f', (busy, occupancy) => {
    const s = windowStats(
      [usage('t', span({ fromMs: nowMs - busy * hourMs, toMs: nowMs, gpus: 10 }))],
      window90,
      0.8,
    );
    expect(s.occupancy).toBe(occupancy);
    expect(s.hoursAtFloor).toBe(busy);
  });

  it('has occupancy 0 without usage', () => {
    expect(windowStats([usage('t')], window90, 0.8)).toMatchObject({
      meanGpus: 0,
      occupancy: 0,
      firstUsageMs: 0,
    });
  });
});

describe('tenure', () => {
  const day = (n: number) => nowMs - n * dayMs; // start of the n-th day before the watermark
  it.each([
    ['usage on each of the last 90 days', [lastDays(90, 1)], 90],
    ['usage on each of the last 89 days', [lastDays(89, 1)], 89],
    [
      'one GPU for one hour a day is enough',
      [span({ fromMs: day(90), toMs: nowMs, gpus: (h) => (h % dayMs === 0 ? 1 : 0) })],
      90,
    ],
    [
      'a one-day gap inside the run counts in its length',
      [lastDays(45, 1), span({ fromMs: day(90), toMs: day(46), gpus: 1 })],
      90,
    ],
    ['a two-day gap ends the run', [lastDays(45, 1), span({ fromMs: day(90), toMs: day(47), gpus: 1 })], 45],
    [
      'one idle day at the end is tolerated and counted',
      [span({ fromMs: day(90), toMs: day(1), gpus: 1 })],
      90,
    ],
    ['two idle days at the end: no run', [span({ fromMs: day(90), toMs: day(2), gpus: 1 })], 0],
    ['not-controlled chips do not count', [lastDays(90, 8, { chipModel: 'T4' })], 0],
  ])('%s → %i days', (_name, pieces, days) => {
    const t = tenure([usage('t', ...pieces)], nowMs, 1);
    expect(t.days).toBe(days);
    expect(t.startMs).toBe(days === 0 ? 0 : nowMs - days * dayMs);
  });

  it('joins the days of several tenants: alternating accounts hold one run', () => {
    const even = span({
      fromMs: day(90),
      toMs: nowMs,
      gpus: (h) => (Math.floor(h / dayMs) % 2 === 0 ? 8 : 0),
    });
    const odd = span({
      fromMs: day(90),
      toMs: nowMs,
      gpus: (h) => (Math.floor(h / dayMs) % 2 === 1 ? 8 : 0),
    });
    expect(tenure([usage('a', even)], nowMs, 0).days).toBeLessThan(2);
    expect(tenure([usage('a', even), usage('b', odd)], nowMs, 0).days).toBe(90);
  });
});

describe('peak, span, severity and calendar helpers', () => {
  it('peakControlledGpus sums the models of an hour and skips not-controlled ones', () => {
    const u = usage(
      't',
      lastDays(1, 40),
      lastDays(1, 24, { chipModel: 'H20' }),
      lastDays(1, 500, { chipModel: 'T4' }),
    );
    expect(peakControlledGpus(u, nowMs - dayMs, nowMs)).toBe(64);
    expect(peakControlledGpus(u, nowMs, nowMs + dayMs)).toBe(0);
  });

  it('activeSpan gives the span, mean while active and the dominant class', () => {
    const u = usage(
      't',
      span({ fromMs: nowMs - 10 * dayMs, toMs: nowMs - 5 * dayMs, gpus: 16 }),
      span({ fromMs: nowMs - 10 * dayMs, toMs: nowMs - 9 * dayMs, gpus: 8, chipModel: 'H20' }),
    );
    const s = activeSpan(u, nowMs);
    expect(s).toMatchObject({
      startMs: nowMs - 10 * dayMs,
      endMs: nowMs - 5 * dayMs,
      dominantClass: '3A090.a',
    });
    expect(s?.meanGpus).toBeCloseTo(16 + (8 * 24) / (5 * 24), 9);
    expect(activeSpan(usage('t'), nowMs)).toBeUndefined();
  });

  it.each([
    [63.99, 'low'],
    [64, 'medium'],
    [255.99, 'medium'],
    [256, 'high'],
    [1698.99, 'high'],
    [1699, 'critical'],
  ] as const)('severityFor(%f H100e) is %s', (h100e, severity) => {
    expect(severityFor(h100e, { medium: 64, high: 256, critical: 1699 })).toBe(severity);
  });

  it('atLeast forgives float rounding but not a real shortfall', () => {
    expect(atLeast(0.1 + 0.7, 0.8)).toBe(true);
    expect(atLeast(7.99, 8)).toBe(false);
  });

  it('addUtcMonths clamps to the end of a shorter month', () => {
    expect(addUtcMonths(Date.parse('2026-01-31T12:00:00Z'), 1)).toBe(Date.parse('2026-02-28T12:00:00Z'));
    expect(addUtcMonths(Date.parse('2025-03-15T00:00:00Z'), 12)).toBe(Date.parse('2026-03-15T00:00:00Z'));
  });
});
