import { describe, expect, it } from 'vitest';
import type { TenantProfile } from '../../../detector/model.js';
import type { HourlyUsage } from '../../../common/usage/tenant-usage.js';
import { structuring } from '../../../detector/rules/structuring.js';
import { cluster, dayMs, lastDays, link, nowMs, policy, profile, span, usage } from '../usage-fixtures.js';

const unverified = (id: string, o: Partial<TenantProfile> = {}) => profile(id, { kycVerified: false, ...o });

function run(
  members: Record<string, HourlyUsage[][]>,
  o: { profiles?: TenantProfile[]; screenedParty?: boolean } = {},
) {
  const ids = Object.keys(members);
  const links = ids.slice(1).map((id) => link(ids[0] ?? '', id, ['payment_fingerprint']));
  return structuring(
    {
      cluster: cluster(ids, links),
      profiles: o.profiles ?? ids.map((id) => unverified(id)),
      usage: Object.entries(members).map(([id, pieces]) => usage(id, ...pieces)),
      screenedParty: o.screenedParty ?? false,
    },
    policy,
    nowMs,
  );
}

describe('structuring', () => {
  it.each([
    [
      'two accounts of 5 GPUs (10 together)',
      { a: [lastDays(90, 5)], b: [lastDays(90, 5)] },
      ['effective_ownership'],
    ],
    [
      'two accounts of 4 GPUs: 8.0 together',
      { a: [lastDays(90, 4)], b: [lastDays(90, 4)] },
      ['effective_ownership'],
    ],
    [
      'two accounts of 3.99 GPUs: 7.98 together',
      { a: [lastDays(90, 3.99)], b: [lastDays(90, 3.99)] },
      undefined,
    ],
    ['one member an owner alone (12 + 1)', { a: [lastDays(90, 12)], b: [lastDays(90, 1)] }, undefined],
    ['a single account', { a: [lastDays(90, 50)] }, undefined],
    ['a linked account without usage', { a: [lastDays(90, 50)], b: [] }, undefined],
    [
      'three owners at medium structured into one high (3 × 100 H100e)',
      { a: [lastDays(90, 100)], b: [lastDays(90, 100)], c: [lastDays(90, 100)] },
      ['h100e_high'],
    ],
    [
      'four accounts of 16 GPUs into 64 H100e (owner and medium only together)',
      { a: [lastDays(90, 16)], b: [lastDays(90, 16)], c: [lastDays(90, 16)], d: [lastDays(90, 16)] },
      ['h100e_medium'],
    ],
    [
      'four accounts of 2 GPUs: 8 together, nobody an owner',
      { a: [lastDays(90, 2)], b: [lastDays(90, 2)], c: [lastDays(90, 2)], d: [lastDays(90, 2)] },
      ['effective_ownership'],
    ],
  ])('%s → %j', (_name, members, crossed) => {
    const f = run(members);
    expect(f?.evidence.thresholdsCrossedOnlyTogether).toEqual(crossed);
  });

  it('catches usage split in time: two accounts taking turns by the day hold one 90-day tenure', () => {
    const start = nowMs - 90 * dayMs;
    const turn = (parity: number) =>
      span({ fromMs: start, toMs: nowMs, gpus: (h) => (Math.floor(h / dayMs) % 2 === parity ? 20 : 0) });
    const f = structuring(
      {
        cluster: cluster(['a', 'b'], [link('a', 'b', ['ssh_key'])]),
        profiles: [unverified('a'), unverified('b')],
        usage: [usage('a', turn(0)), usage('b', turn(1))],
        screenedParty: false,
      },
      { ...policy, effectiveOwnership: { ...policy.effectiveOwnership, tenureGapToleranceDays: 0 } },
      nowMs,
    );
    expect(f).toBeDefined();
    const members = f?.evidence.members as Record<string, { tenureDays: number; heldAlone: boolean }>;
    expect(members.a?.heldAlone).toBe(false);
    expect((f?.evidence.combined as { tenureDays: number }).tenureDays).toBe(90);
  });

  it('lists each member’s numbers and the combined ones, and alerts for an unverified cluster', () => {
    const f = run({ a: [lastDays(90, 5)], b: [lastDays(90, 6)] });
    expect(f).toMatchObject({
      rule: 'structuring',
      tenantIds: ['a', 'b'],
      informational: false,
      severity: 'low',
      evidence: {
        combined: { meanConcurrentGpus: 11, occupancy: 1, tenureDays: 90 },
        members: {
          a: { meanConcurrentGpus: 5, heldAlone: false },
          b: { meanConcurrentGpus: 6, heldAlone: false },
        },
      },
    });
  });

  it('takes rule 3’s context: verified accounts outside the countries of concern, not screened → informational', () => {
    const members = { a: [lastDays(90, 5)], b: [lastDays(90, 5)] };
    expect(run(members, { profiles: [profile('a'), profile('b')] })?.informational).toBe(true);
    expect(run(members, { profiles: [profile('a'), profile('b')], screenedParty: true })?.informational).toBe(
      false,
    );
    expect(run(members, { profiles: [profile('a'), profile('b', { country: 'MO' })] })?.informational).toBe(
      false,
    );
  });
});
