import { describe, expect, it } from 'vitest';
import type { TenantIdentity } from '../../../detector/model.js';
import type { HourlyUsage } from '../../../common/usage/tenant-usage.js';
import { newAccountBurst } from '../../../detector/rules/new-account-burst.js';
import { cluster, dayMs, hourMs, nowMs, policy, profile, span, usage } from '../usage-fixtures.js';

function single(createdMs: number, pieces: HourlyUsage[][]) {
  return newAccountBurst(
    {
      cluster: cluster(['n']),
      profiles: [profile('n', { accountCreatedMs: createdMs })],
      usage: [usage('n', ...pieces)],
    },
    policy,
    nowMs,
  );
}

const created = nowMs - 10 * dayMs;
const hourAt = (ms: number, gpus: number, chipModel?: string) =>
  span({ fromMs: ms, toMs: ms + hourMs, gpus, ...(chipModel ? { chipModel } : {}) });

describe('new-account burst: one account', () => {
  it.each([
    ['64 controlled GPUs in one hour of day 1', [hourAt(created, 64)], true],
    ['63.99 GPUs', [hourAt(created, 63.99)], false],
    ['64 across two chip models in one hour', [hourAt(created, 40), hourAt(created, 24, 'H20')], true],
    ['64 not-controlled GPUs', [hourAt(created, 64, 'T4')], false],
    ['64 GPUs in the last hour of day 7', [hourAt(created + 7 * dayMs - hourMs, 64)], true],
    ['64 GPUs in the first hour of day 8', [hourAt(created + 7 * dayMs, 64)], false],
  ])('%s → %s', (_name, pieces, fires) => {
    expect(single(created, pieces) !== undefined).toBe(fires);
  });

  it.each([
    ['29 days 23 hours old', nowMs - 30 * dayMs + hourMs, nowMs],
    ['30 days old', nowMs - 30 * dayMs, nowMs],
    ['150 days old', nowMs - 150 * dayMs, nowMs - 120 * dayMs],
    ['creation time unknown', 0, undefined],
  ])('an account %s whose first day was a burst → episode ending %s', (_name, createdMs, endMs) => {
    // A fact of the account's first week, whenever its records arrive: the episode lasts while
    // the account is younger than maxAccountAgeDays, and no later than the watermark.
    const f = single(createdMs, [hourAt(createdMs, 128)]);
    expect(f?.lastSeenMs).toBe(endMs);
    if (f !== undefined) expect(f.firstSeenMs).toBe(createdMs);
  });

  it('an account created after the watermark is not judged yet', () => {
    expect(single(nowMs + dayMs, [hourAt(nowMs + dayMs, 128)])).toBeUndefined();
  });

  it('records the peak and is high', () => {
    expect(single(created, [hourAt(created + dayMs, 96)])).toMatchObject({
      severity: 'high',
      score: 1.5,
      firstSeenMs: created,
      evidence: {
        bursts: [{ tenantId: 'n', accountCreatedMs: created, peakControlledGpus: 96 }],
        sharedAttributeGroups: [],
      },
    });
  });
});

describe('new-account burst: accounts sharing an attribute', () => {
  const phone: TenantIdentity = { kind: 'phone', digest: 'hmac-sha256:phone-1' };
  function group(createdDaysAgo: number[], identities: TenantIdentity[] = [phone]) {
    const ids = createdDaysAgo.map((_, i) => `g${i}`);
    return newAccountBurst(
      {
        cluster: cluster(ids),
        profiles: ids.map((id, i) =>
          profile(id, { accountCreatedMs: nowMs - (createdDaysAgo[i] ?? 0) * dayMs, identities }),
        ),
        usage: [],
      },
      policy,
      nowMs,
    );
  }

  it.each([
    ['3 accounts created within 30 days', [1, 10, 20], 3],
    ['3 accounts created exactly 30 days apart (newest 1 day old)', [1, 15, 31], 3],
    ['3 accounts spread over 30 days and an hour', [1, 15, 31.05], undefined],
    ['2 accounts', [1, 2], undefined],
    ['4 accounts, 3 within the window', [1, 5, 9, 200], 3],
    ['3 accounts whose newest is 30 days old (a past episode)', [30, 40, 50], 3],
  ])('%s → group of %s', (_name, ages, size) => {
    const f = group(ages);
    const groups = f?.evidence.sharedAttributeGroups as { tenantIds: string[] }[] | undefined;
    expect(groups?.[0]?.tenantIds.length).toBe(size);
    if (size !== undefined) expect(f?.severity).toBe('medium');
  });

  it('a group opened long ago is an episode of its time', () => {
    const f = group([150, 155, 160]);
    expect(f).toMatchObject({ firstSeenMs: nowMs - 160 * dayMs, lastSeenMs: nowMs - 120 * dayMs });
  });

  it('names the shared attribute by kind and digest', () => {
    const f = group([1, 2, 3]);
    expect(f?.evidence.sharedAttributeGroups).toEqual([
      {
        kind: 'phone',
        digest: 'hmac-sha256:phone-1',
        tenantIds: ['g0', 'g1', 'g2'].reverse(),
        firstCreatedMs: nowMs - 3 * dayMs,
        lastCreatedMs: nowMs - dayMs,
      },
    ]);
  });

  it('needs one shared value, not three different ones', () => {
    const ids = ['x', 'y', 'z'];
    const f = newAccountBurst(
      {
        cluster: cluster(ids),
        profiles: ids.map((id) =>
          profile(id, {
            accountCreatedMs: nowMs - dayMs,
            identities: [{ kind: 'phone', digest: `d-${id}` }],
          }),
        ),
        usage: [],
      },
      policy,
      nowMs,
    );
    expect(f).toBeUndefined();
  });
});
