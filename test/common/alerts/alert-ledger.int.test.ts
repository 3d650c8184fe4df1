/**
 * The alert as the ledger of its episodes (docs/design.md §7), against the shared test Redis:
 * first and last seen from the episodes, state from the watermark and the resolve period, reopening
 * by a later episode, an analyst's resolution kept, episodes withdrawn when the stored records no
 * longer show them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEpisode, AlertFinding } from '../../../common/alerts/alert-model.js';
import { RedisAlertStore, type EpisodeLedger } from '../../../common/alerts/alert-store.js';
import { ManualClock } from '../../../common/clock.js';
import { ValidationError } from '../../../common/errors.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';

const dayMs = 86_400_000;
const t0 = Date.UTC(2026, 0, 5);
const resolveAfterMs = 7 * dayMs;

function episode(
  startDay: number,
  endDay: number,
  severity: AlertEpisode['severity'] = 'high',
): AlertEpisode {
  return {
    startMs: t0 + startDay * dayMs,
    endMs: t0 + endDay * dayMs,
    severity,
    score: 2,
    tenantIds: ['t-a'],
    policyVersion: 'p1',
    evidence: { day: endDay },
  };
}

function ledger(episodes: AlertEpisode[], derivedFromDay = 0): EpisodeLedger {
  const last = episodes[episodes.length - 1];
  const finding: AlertFinding = {
    rule: 'new_account_burst',
    severity: last?.severity ?? 'high',
    score: 2,
    tenantIds: ['t-a'],
    anchorTenantId: 't-a',
    clusterId: 'c-1',
    firstSeenMs: episodes[0]?.startMs ?? t0,
    lastSeenMs: last?.endMs ?? t0,
    informational: false,
    evidence: {},
  };
  return { finding, episodes, derivedFromMs: t0 + derivedFromDay * dayMs };
}

let t: TestRedis;
let store: RedisAlertStore;

beforeEach(async () => {
  t = await openTestRedis();
  store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: new ManualClock(t0) });
});
afterEach(() => t.cleanup());

const outboxLength = () => t.redis.xlen(t.keys.alertOutbox());

describe('RedisAlertStore.applyEpisodes', () => {
  it('takes first_seen from the first episode and last_seen from the last, open while within the period', async () => {
    const { alert, event } = await store.applyEpisodes(
      ledger([episode(0, 3), episode(10, 12)]),
      'p1',
      t0 + 13 * dayMs,
      resolveAfterMs,
    );
    expect(event).toBe('opened');
    expect(alert).toMatchObject({ state: 'open', firstSeenMs: t0, lastSeenMs: t0 + 12 * dayMs });
    expect(alert.episodes).toHaveLength(2);
    expect(await outboxLength()).toBe(1);
  });

  it('records an episode long over as resolved at once, without a webhook event', async () => {
    const { alert, event } = await store.applyEpisodes(
      ledger([episode(0, 3)]),
      'p1',
      t0 + 100 * dayMs,
      resolveAfterMs,
    );
    expect(event).toBe('unchanged');
    expect(alert.state).toBe('resolved');
    expect(await outboxLength()).toBe(0);
    expect((await store.history(alert.alertId)).map((h) => h.action)).toEqual(['resolved']);
  });

  it('keeps one alert per rule and cluster: an earlier episode found late moves first_seen back', async () => {
    const first = await store.applyEpisodes(ledger([episode(10, 12)]), 'p1', t0 + 13 * dayMs, resolveAfterMs);
    const again = await store.applyEpisodes(
      ledger([episode(2, 4), episode(10, 12)]),
      'p1',
      t0 + 13 * dayMs,
      resolveAfterMs,
    );
    expect(again).toMatchObject({
      event: 'updated',
      alert: { alertId: first.alert.alertId, firstSeenMs: t0 + 2 * dayMs },
    });
    const same = await store.applyEpisodes(
      ledger([episode(2, 4), episode(10, 12)]),
      'p1',
      t0 + 13 * dayMs,
      resolveAfterMs,
    );
    expect(same.event).toBe('unchanged');
    expect(await store.list({})).toHaveLength(1);
  });

  it('resolves once the watermark is the period past the last episode, and a later episode reopens the same alert', async () => {
    const opened = await store.applyEpisodes(ledger([episode(0, 3)]), 'p1', t0 + 4 * dayMs, resolveAfterMs);
    const resolved = await store.applyEpisodes(
      ledger([episode(0, 3)]),
      'p1',
      t0 + 10 * dayMs,
      resolveAfterMs,
    );
    expect(resolved).toMatchObject({ event: 'resolved', alert: { state: 'resolved' } });
    const reopened = await store.applyEpisodes(
      ledger([episode(0, 3), episode(20, 21)]),
      'p1',
      t0 + 21 * dayMs,
      resolveAfterMs,
    );
    expect(reopened).toMatchObject({
      event: 'opened',
      alert: { alertId: opened.alert.alertId, state: 'open' },
    });
    expect((await store.history(opened.alert.alertId)).map((h) => h.action)).toEqual([
      'opened',
      'resolved',
      'reopened',
    ]);
  });

  it('keeps an analyst’s resolution until an episode ends after it', async () => {
    const opened = await store.applyEpisodes(ledger([episode(0, 3)]), 'p1', t0 + 4 * dayMs, resolveAfterMs);
    await store.resolve(opened.alert.alertId, 'ana', 'checked: a lab', t0);
    const same = await store.applyEpisodes(ledger([episode(0, 3)]), 'p1', t0 + 4 * dayMs, resolveAfterMs);
    expect(same.alert.state).toBe('resolved');
    const later = await store.applyEpisodes(ledger([episode(0, 5)]), 'p1', t0 + 5 * dayMs, resolveAfterMs);
    expect(later).toMatchObject({ event: 'opened', alert: { state: 'open' } });
  });

  it('keeps stored episodes older than the history read, replaces the rest', async () => {
    await store.applyEpisodes(
      ledger([episode(0, 3), episode(10, 12)]),
      'p1',
      t0 + 13 * dayMs,
      resolveAfterMs,
    );
    const { alert } = await store.applyEpisodes(
      ledger([episode(11, 13)], 8),
      'p1',
      t0 + 13 * dayMs,
      resolveAfterMs,
    );
    expect(alert.episodes?.map((e) => [e.startMs, e.endMs])).toEqual([
      [t0, t0 + 3 * dayMs],
      [t0 + 11 * dayMs, t0 + 13 * dayMs],
    ]);
  });

  it('refuses a ledger without episodes, naming the field', async () => {
    await expect(store.applyEpisodes(ledger([]), 'p1', t0, resolveAfterMs)).rejects.toThrow(ValidationError);
    await expect(store.applyEpisodes(ledger([]), 'p1', t0, resolveAfterMs)).rejects.toThrow(/episodes/);
  });
});

describe('RedisAlertStore.withdrawEpisodes', () => {
  it('withdraws episodes the stored records no longer show, and resolves an alert left with none', async () => {
    await store.applyEpisodes(ledger([episode(10, 12)]), 'p1', t0 + 13 * dayMs, resolveAfterMs);
    expect(await store.hasAlert([{ rule: 'new_account_burst', clusterId: 'c-1' }])).toEqual([true]);
    const { alert, event } = await store.withdrawEpisodes(
      'new_account_burst',
      'c-1',
      t0,
      t0 + 13 * dayMs,
      resolveAfterMs,
    );
    expect(event).toBe('resolved');
    expect(alert).toMatchObject({ state: 'resolved', episodes: [] });
    expect((await store.history(alert?.alertId ?? '')).at(-1)?.note).toMatch(/withdrawn/);
    // Its episodes back (the records complete again): the same alert opens again.
    const back = await store.applyEpisodes(ledger([episode(10, 12)]), 'p1', t0 + 13 * dayMs, resolveAfterMs);
    expect(back).toMatchObject({ event: 'opened', alert: { alertId: alert?.alertId, state: 'open' } });
  });

  it('keeps episodes older than the history read', async () => {
    await store.applyEpisodes(ledger([episode(0, 2)]), 'p1', t0 + 3 * dayMs, resolveAfterMs);
    const { event } = await store.withdrawEpisodes(
      'new_account_burst',
      'c-1',
      t0 + 5 * dayMs,
      t0 + 6 * dayMs,
      resolveAfterMs,
    );
    expect(event).toBe('unchanged');
  });

  it('answers none for a pair without an alert', async () => {
    expect((await store.withdrawEpisodes('structuring', 'c-9', t0, t0, resolveAfterMs)).event).toBe('none');
  });
});
