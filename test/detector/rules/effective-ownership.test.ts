import { describe, expect, it, vi } from 'vitest';
import type { TenantProfile } from '../../../detector/model.js';
import type { HourlyUsage } from '../../../common/usage/tenant-usage.js';
import { effectiveOwnership } from '../../../detector/rules/effective-ownership.js';
import {
  cluster,
  dayMs,
  hourMs,
  lastDays,
  link,
  nowMs,
  policy,
  profile,
  span,
  usage,
} from '../usage-fixtures.js';

function run(pieces: HourlyUsage[][], o: { profile?: Partial<TenantProfile>; screenedParty?: boolean } = {}) {
  return effectiveOwnership(
    {
      cluster: cluster(['t']),
      profiles: [profile('t', o.profile)],
      usage: [usage('t', ...pieces)],
      screenedParty: o.screenedParty ?? false,
    },
    policy,
    nowMs,
  );
}

/** 90 days of usage, every hour busy (at a level keeping the mean at 8.1) but the first ones at 2 GPUs. */
function occupancyOf(busyHours: number): HourlyUsage[] {
  const start = nowMs - 90 * dayMs;
  const lowHours = 2160 - busyHours;
  const busy = (8.1 * 2160 - lowHours * 2) / busyHours;
  return span({ fromMs: start, toMs: nowMs, gpus: (h) => ((h - start) / hourMs < lowHours ? 2 : busy) });
}

describe('effective ownership: thresholds', () => {
  it.each([
    ['mean 8.0 concurrent GPUs for 90 days', [lastDays(90, 8)], true],
    ['mean 7.99', [lastDays(90, 7.99)], false],
    [
      'mean 8 on unclassified chips (controlled until reviewed)',
      [lastDays(90, 8, { chipModel: 'mystery' })],
      true,
    ],
    ['mean 80 on not-controlled chips', [lastDays(90, 80, { chipModel: 'T4' })], false],
    ['occupancy 0.80', [occupancyOf(1728)], true],
    ['occupancy 0.7995 (one hour short)', [occupancyOf(1727)], false],
    ['tenure 90 days (9 GPUs)', [lastDays(90, 9)], true],
    ['tenure 89 days (9 GPUs, mean 8.9)', [lastDays(89, 9)], false],
    [
      'tenure broken by a two-day gap 30 days ago',
      [lastDays(30, 9), lastDays(58, 9, { endMs: nowMs - 32 * dayMs })],
      false,
    ],
    ['tenure through a one-day gap', [lastDays(30, 9), lastDays(59, 9, { endMs: nowMs - 31 * dayMs })], true],
  ])('%s → held: %s', (_name, pieces, held) => {
    expect(run(pieces) !== undefined).toBe(held);
  });

  it.each([
    ['12', true],
    ['24', true],
    ['11', false],
    ['', false],
    ['soon', false],
  ])('a reserved term of %j months stands in for occupancy and tenure → held: %s', (months, held) => {
    const pieces = [lastDays(30, 30)]; // mean 10, occupancy 0.33, tenure 30
    expect(run(pieces) !== undefined).toBe(false);
    expect(run(pieces, { profile: { attributes: { reserved_term_months: months } } }) !== undefined).toBe(
      held,
    );
  });

  it('a reserved term does not waive the size', () => {
    expect(
      run([lastDays(90, 7.99)], { profile: { attributes: { reserved_term_months: '36' } } }),
    ).toBeUndefined();
  });

  it.each([
    [8, 'low'],
    [63.99, 'low'],
    [64, 'medium'],
    [255.99, 'medium'],
    [256, 'high'],
    [1698.99, 'high'],
    [1699, 'critical'],
    [1699.01, 'critical'],
  ] as const)('%f H100e held → %s', (gpus, severity) => {
    const f = run([lastDays(90, gpus)]);
    expect(f?.severity).toBe(severity);
    expect(f?.score).toBeCloseTo(gpus, 6);
  });

  it('states H100-equivalents of the chips held, not GPU counts (H20 class counts at its TPP)', () => {
    const f = run([lastDays(90, 500, { chipModel: 'H20' })]);
    expect(f?.severity).toBe('medium'); // 500 × 0.1496 ≈ 74.8 H100e
    expect(f?.evidence.meanH100e).toBeCloseTo(74.79, 1);
  });
});

describe('effective ownership: evidence', () => {
  it('records the numbers, the window, the tenure and GPU-hours per class', () => {
    const f = run([
      lastDays(90, 8),
      lastDays(90, 2, { chipModel: 'H20' }),
      lastDays(90, 50, { chipModel: 'T4' }),
    ]);
    expect(f).toMatchObject({
      rule: 'effective_ownership',
      tenantIds: ['t'],
      anchorTenantId: 't',
      firstSeenMs: nowMs - 90 * dayMs,
      lastSeenMs: nowMs,
      evidence: {
        windowStartMs: nowMs - 90 * dayMs,
        windowEndMs: nowMs,
        windowHours: 2160,
        meanConcurrentGpus: 10,
        occupancy: 1,
        tenureDays: 90,
        tenureStartMs: nowMs - 90 * dayMs,
        gpuHoursByClass: { '3A090.a': 8 * 2160, 'licence-bandwidth': 2 * 2160 },
        criteriaMet: { meanGpus: true, occupancy: true, tenure: true, reservedTerm: false },
      },
    });
  });

  it('judges in event time: the same usage seen from a watermark a day later lacks a day of the window', () => {
    const pieces = [lastDays(90, 8)];
    expect(run(pieces)).toBeDefined();
    const later = effectiveOwnership(
      {
        cluster: cluster(['t']),
        profiles: [profile('t')],
        usage: [usage('t', ...pieces)],
        screenedParty: false,
      },
      policy,
      nowMs + dayMs,
    );
    expect(later).toBeUndefined();
  });
});

describe('effective ownership: context decides between informational record and alert', () => {
  const pieces = [lastDays(90, 16)];
  it.each([
    ['verified, NL, not screened', {}, false, true],
    ['not KYC-verified', { kycVerified: false }, false, false],
    ['headquartered in CN', { country: 'CN' }, false, false],
    ['headquartered in HK', { country: 'HK' }, false, false],
    ['headquartered in RU (lower case in the profile)', { country: 'ru' }, false, false],
    ['country unknown', { country: '' }, false, false],
    ['linked to a screened party', {}, true, false],
  ] as const)('%s → informational: %s', (_name, p, screenedParty, informational) => {
    const f = run(pieces, { profile: p, screenedParty });
    expect(f?.informational).toBe(informational);
    expect((f?.evidence.context as { alertReasons: string[] }).alertReasons.length === 0).toBe(informational);
  });

  it('one unverified member makes the whole cluster an alert', () => {
    const f = effectiveOwnership(
      {
        cluster: cluster(['a', 'b'], [link('a', 'b', ['payment_fingerprint'])]),
        profiles: [profile('a'), profile('b', { kycVerified: false })],
        usage: [usage('a', pieces[0] ?? [])],
        screenedParty: false,
      },
      policy,
      nowMs,
    );
    expect(f?.informational).toBe(false);
    expect(f?.evidence.context).toEqual({ screenedParty: false, alertReasons: ['b: not KYC-verified'] });
  });

  it('a member without a profile makes it an alert', () => {
    const f = effectiveOwnership(
      {
        cluster: cluster(['a', 'b']),
        profiles: [profile('a')],
        usage: [usage('a', ...pieces)],
        screenedParty: false,
      },
      policy,
      nowMs,
    );
    expect(f?.informational).toBe(false);
  });

  it('a large, verified, long-term customer in a country outside the concern list gets an informational record only', () => {
    const f = run([lastDays(400, 4096)], {
      profile: { country: 'US', legalName: 'Big Lab Inc.', attributes: { reserved_term_months: '36' } },
    });
    expect(f).toMatchObject({ severity: 'critical', informational: true });
  });
});

describe('effective ownership: purity', () => {
  it('depends on the watermark only, never the wall clock, and gives the same finding twice', () => {
    const pieces = [lastDays(90, 300)];
    const first = run(pieces);
    vi.useFakeTimers({ now: Date.parse('1999-01-01T00:00:00Z') });
    try {
      expect(run(pieces)).toEqual(first);
    } finally {
      vi.useRealTimers();
    }
    expect(first?.severity).toBe('high');
  });
});
