import { describe, expect, it } from 'vitest';
import { chipByModel } from '../../../common/chips/chips.js';
import type { HourlyUsage } from '../../../common/usage/tenant-usage.js';
import { frontierCompute } from '../../../detector/rules/frontier-compute.js';
import { cluster, dayMs, hourMs, lastDays, nowMs, policy, usage } from '../usage-fixtures.js';

/** One hour of usage carrying `peakFlop` (GPU-seconds × dense peak FLOP/s). */
function hour(hourStartMs: number, peakFlop: number, gpuSeconds = 3600): HourlyUsage {
  return {
    hourStartMs,
    chipModel: 'H100 SXM',
    controlClass: '3A090.a',
    gpuSeconds,
    h100eSeconds: gpuSeconds,
    peakFlop,
  };
}

function run(members: Record<string, HourlyUsage[]>, now = nowMs) {
  const ids = Object.keys(members);
  return frontierCompute(
    { cluster: cluster(ids), profiles: [], usage: Object.entries(members).map(([id, h]) => usage(id, h)) },
    policy,
    now,
  );
}

describe('frontier-scale compute', () => {
  it.each([
    ['exactly 1e25 FLOP (2.5e25 peak × 0.4)', 2.5e25, 'info'],
    ['just under 1e25', 2.49e25, undefined],
    ['just under 1e26', 2.49e26, 'info'],
    ['exactly 1e26', 2.5e26, 'high'],
    ['over 1e26', 3e26, 'high'],
  ])('%s → %s', (_name, peakFlop, severity) => {
    expect(run({ a: [hour(nowMs - dayMs, peakFlop)] })?.severity).toBe(severity);
  });

  it('sums the cluster: two accounts of 0.5e25 each reach 1e25', () => {
    const f = run({ a: [hour(nowMs - dayMs, 1.25e25)], b: [hour(nowMs - 2 * dayMs, 1.25e25)] });
    expect(f?.score).toBeCloseTo(1e25, -10);
    expect(f).toMatchObject({
      tenantIds: ['a', 'b'],
      informational: false,
      firstSeenMs: nowMs - 2 * dayMs,
      lastSeenMs: nowMs - dayMs + hourMs,
    });
  });

  it('counts only hours inside the window ending at the watermark', () => {
    expect(run({ a: [hour(nowMs - 91 * dayMs, 3e26)] })).toBeUndefined();
    expect(run({ a: [hour(nowMs, 3e26)] })).toBeUndefined(); // the watermark hour is still filling
    expect(run({ a: [hour(nowMs, 3e26)] }, nowMs + hourMs)?.severity).toBe('high');
  });

  it('estimates from the chip table: 12 000 H100 SXM for 90 days at their dense peak', () => {
    const f = run({ a: lastDays(90, 12_000) });
    expect(f?.severity).toBe('info');
    expect(f?.evidence.estimatedTrainingFlop).toBeCloseTo(
      12_000 * 90 * 86_400 * (chipByModel('H100 SXM').densePeakFlops ?? NaN) * 0.4,
      -20,
    );
  });

  it('lists GPU-hours whose peak FLOP/s is unknown instead of guessing', () => {
    const f = run({ a: [hour(nowMs - dayMs, 3e25), hour(nowMs - dayMs, 0, 7200)] });
    expect(f?.evidence.gpuHoursWithoutKnownFlop).toBe(2);
  });
});
