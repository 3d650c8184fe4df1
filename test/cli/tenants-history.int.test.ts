/**
 * `gpuwatch tenants history ID`: every episode of every alert naming the tenant, across rules,
 * oldest first, read from the alert store in the shared test Redis by the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEpisode, AlertFinding } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { ManualClock } from '../../common/clock.js';
import { runCli } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import type { HistoryRow } from '../../cli/tenants-history.js';

const dayMs = 86_400_000;
const t0 = Date.UTC(2026, 0, 5);

function episode(startDay: number, endDay: number, tenantIds: string[]): AlertEpisode {
  return {
    startMs: t0 + startDay * dayMs,
    endMs: t0 + endDay * dayMs,
    severity: 'high',
    score: 2,
    tenantIds,
    policyVersion: 'p1',
    evidence: {},
  };
}

function finding(
  rule: AlertFinding['rule'],
  clusterId: string,
  tenantIds: string[],
  e: AlertEpisode,
): AlertFinding {
  return {
    rule,
    severity: 'high',
    score: 2,
    tenantIds,
    anchorTenantId: tenantIds[0] ?? '',
    clusterId,
    firstSeenMs: e.startMs,
    lastSeenMs: e.endMs,
    informational: false,
    evidence: {},
  };
}

let t: TestRedis;
beforeAll(async () => {
  t = await openTestRedis();
  const store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: new ManualClock(t0) });
  const resolveAfterMs = 7 * dayMs;
  // A burst in the account's first week, long over; ownership in two episodes; another tenant's alert.
  const burst = episode(0, 6, ['t-a']);
  await store.applyEpisodes(
    { finding: finding('new_account_burst', 'c-a', ['t-a'], burst), episodes: [burst], derivedFromMs: t0 },
    'p1',
    t0 + 200 * dayMs,
    resolveAfterMs,
  );
  const own = [episode(10, 100, ['t-a', 't-b']), episode(150, 190, ['t-a', 't-b'])];
  await store.applyEpisodes(
    {
      finding: finding('effective_ownership', 'c-ab', ['t-a', 't-b'], own[1] as AlertEpisode),
      episodes: own,
      derivedFromMs: t0,
    },
    'p1',
    t0 + 190 * dayMs,
    resolveAfterMs,
  );
  const other = episode(20, 30, ['t-z']);
  await store.applyEpisodes(
    { finding: finding('shell_ring', 'c-z', ['t-z'], other), episodes: [other], derivedFromMs: t0 },
    'p1',
    t0 + 200 * dayMs,
    resolveAfterMs,
  );
});
afterAll(() => t.cleanup());

const history = (args: string[]) =>
  runCli(['tenants', 'history', ...args, '--redis', testRedisUrl, '--key-prefix', t.prefix]);

describe('gpuwatch tenants history', () => {
  it('prints every episode naming the tenant, across rules, oldest first', async () => {
    const r = await history(['t-a']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('findings naming tenant t-a, in event time (episodes of every rule, oldest first)');
    expect(lines[1]).toMatch(/^FROM +TO +RULE +SEVERITY +SCORE +ALERT +STATE +TENANTS$/);
    expect(lines.slice(2).map((l) => l.split(/ {2,}/).slice(0, 3))).toEqual([
      ['2026-01-05T00:00:00Z', '2026-01-11T00:00:00Z', 'new_account_burst'],
      ['2026-01-15T00:00:00Z', '2026-04-15T00:00:00Z', 'effective_ownership'],
      ['2026-06-04T00:00:00Z', '2026-07-14T00:00:00Z', 'effective_ownership'],
    ]);
    expect(r.stdout).not.toContain('shell_ring');
  });

  it('answers JSON, and an empty history for a tenant without findings', async () => {
    const json = JSON.parse((await history(['t-b', '--json'])).stdout) as HistoryRow[];
    expect(
      json.map((row) => [row.rule, row.start_unix_ms, row.end_unix_ms, row.tenant_ids, row.episode]),
    ).toEqual([
      ['effective_ownership', t0 + 10 * dayMs, t0 + 100 * dayMs, ['t-a', 't-b'], true],
      ['effective_ownership', t0 + 150 * dayMs, t0 + 190 * dayMs, ['t-a', 't-b'], true],
    ]);
    const none = await history(['t-nobody']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('(no findings)');
  });

  it('names --redis when it is missing', async () => {
    const r = await runCli(['tenants', 'history', 't-a']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('--redis: tenants history reads the alert store in Redis');
  });
});
