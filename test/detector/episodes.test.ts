import { describe, expect, it } from 'vitest';
import {
  HourlyPrefix,
  controlledGpuHours,
  episodesOf,
  judgeInstants,
  windowMeanMayReach,
  type HeldAt,
} from '../../detector/episodes.js';
import type { Finding } from '../../detector/model.js';
import { effectiveOwnership } from '../../detector/rules/effective-ownership.js';
import { cluster, dayMs, hourMs, nowMs, policy, profile, span, usage } from './usage-fixtures.js';

const finding = (
  firstSeenMs: number,
  lastSeenMs: number,
  severity: Finding['severity'] = 'low',
): Finding => ({
  rule: 'effective_ownership',
  severity,
  score: 1,
  tenantIds: ['t'],
  anchorTenantId: 't',
  firstSeenMs,
  lastSeenMs,
  informational: false,
  evidence: { at: lastSeenMs },
});

describe('judgeInstants', () => {
  it('is every UTC day end after the first hour and before the watermark, then the watermark', () => {
    const first = nowMs - 2 * dayMs + 5 * hourMs;
    expect(judgeInstants(first, nowMs + 3 * hourMs)).toEqual([nowMs - dayMs, nowMs, nowMs + 3 * hourMs]);
  });

  it('is empty without usage', () => {
    expect(judgeInstants(0, nowMs)).toEqual([]);
  });
});

describe('HourlyPrefix', () => {
  it('sums any range of hours in one subtraction, the same as summing them', () => {
    const u = usage('t', span({ fromMs: nowMs - 10 * hourMs, toMs: nowMs, gpus: (h) => (h / hourMs) % 7 }));
    const prefix = new HourlyPrefix([u], nowMs, controlledGpuHours);
    for (const [from, to] of [
      [nowMs - 10 * hourMs, nowMs],
      [nowMs - 7 * hourMs, nowMs - 2 * hourMs],
      [nowMs - 100 * hourMs, nowMs - 9 * hourMs],
      [nowMs - 3 * hourMs, nowMs + 50 * hourMs],
    ] as const) {
      const direct = u.hours
        .filter((h) => h.hourStartMs >= from && h.hourStartMs < to)
        .reduce((s, h) => s + h.gpuSeconds / 3600, 0);
      expect(prefix.sum(from, to)).toBeCloseTo(direct, 9);
    }
  });

  it('screens an instant only when the window mean cannot reach the threshold', () => {
    const u = usage('t', span({ fromMs: nowMs - 90 * dayMs, toMs: nowMs, gpus: 8 }));
    const prefix = new HourlyPrefix([u], nowMs, controlledGpuHours);
    expect(windowMeanMayReach(prefix, nowMs, 90, 8)).toBe(true);
    expect(windowMeanMayReach(prefix, nowMs - dayMs, 90, 8)).toBe(false);
  });
});

describe('episodesOf', () => {
  const at = (days: number, f: Finding | undefined): HeldAt => ({ atMs: nowMs + days * dayMs, finding: f });

  it('merges contiguous holds and starts a new episode after a gap', () => {
    const { episodes, latest } = episodesOf(
      [
        at(0, finding(nowMs - 5 * dayMs, nowMs, 'low')),
        at(1, finding(nowMs - 5 * dayMs, nowMs + dayMs, 'high')),
        at(2, undefined),
        at(3, undefined),
        at(4, finding(nowMs + 3 * dayMs, nowMs + 4 * dayMs, 'medium')),
      ],
      'v1',
    );
    expect(episodes.map((e) => [e.startMs, e.endMs, e.severity, e.policyVersion])).toEqual([
      [nowMs - 5 * dayMs, nowMs + dayMs, 'high', 'v1'],
      [nowMs + 3 * dayMs, nowMs + 4 * dayMs, 'medium', 'v1'],
    ]);
    expect(latest?.lastSeenMs).toBe(nowMs + 4 * dayMs);
  });

  it('joins a hold after a gap whose evidence reaches back into the previous episode', () => {
    const { episodes } = episodesOf(
      [
        at(0, finding(nowMs - 5 * dayMs, nowMs)),
        at(1, undefined),
        at(2, finding(nowMs - dayMs, nowMs + 2 * dayMs)),
      ],
      'v1',
    );
    expect(episodes.map((e) => [e.startMs, e.endMs])).toEqual([[nowMs - 5 * dayMs, nowMs + 2 * dayMs]]);
  });

  it('has no episode when the rule never held', () => {
    expect(episodesOf([at(0, undefined)], 'v1')).toEqual({ episodes: [], latest: undefined });
  });
});

describe('effective ownership judged across a history', () => {
  it('finds an episode of long ago: 100 days at 8 GPUs that ended 200 days before the watermark', () => {
    const endedMs = nowMs - 200 * dayMs;
    const u = usage('t', span({ fromMs: endedMs - 100 * dayMs, toMs: endedMs, gpus: 8 }));
    const inputs = {
      cluster: cluster(['t']),
      profiles: [profile('t', { kycVerified: false })],
      usage: [u],
      screenedParty: false,
    };
    const results = judgeInstants(u.hours[0]?.hourStartMs ?? 0, nowMs).map((atMs) => ({
      atMs,
      finding: effectiveOwnership(inputs, policy, atMs),
    }));
    const { episodes } = episodesOf(results, policy.version);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ startMs: endedMs - 100 * dayMs, endMs: endedMs });
  });
});
