/**
 * The alert store against the shared test Redis: the lifecycle of docs/design.md §7, idempotence, the
 * analyst's actions and the listing.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { alertIdFor, alertRules, type AlertFinding } from '../../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../../common/alerts/alert-store.js';
import { toWireAlert } from '../../../common/alerts/alert-wire.js';
import { ManualClock } from '../../../common/clock.js';
import { ValidationError } from '../../../common/errors.js';
import type { RuleId } from '../../../detector/model.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';

const hourMs = 3_600_000;
const t0 = Date.UTC(2026, 0, 5);

function finding(overrides: Partial<AlertFinding> = {}): AlertFinding {
  return {
    rule: 'effective_ownership',
    severity: 'high',
    score: 4.2,
    tenantIds: ['t-b', 't-a'],
    anchorTenantId: 't-a',
    clusterId: 'c-1',
    firstSeenMs: t0,
    lastSeenMs: t0 + 10 * hourMs,
    informational: false,
    evidence: { h100e_hours: 12_000, window_days: 30 },
    ...overrides,
  };
}

let t: TestRedis;
let store: RedisAlertStore;

beforeEach(async () => {
  t = await openTestRedis();
  store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: new ManualClock(t0) });
});
afterEach(() => t.cleanup());

describe('RedisAlertStore', () => {
  it('knows the rule ids of docs/design.md §6, the same the detector findings carry', () => {
    expect([...alertRules]).toEqual([
      'effective_ownership',
      'structuring',
      'shell_ring',
      'succession',
      'new_account_burst',
      'screening_match',
      'frontier_compute',
    ]);
    expectTypeOf<RuleId>().toEqualTypeOf<(typeof alertRules)[number]>();
  });

  it('opens, updates, ignores a repeated finding, and resolves after the period', async () => {
    const opened = await store.applyFinding(finding(), 'p1', t0 + 10 * hourMs);
    expect(opened.event).toBe('opened');
    expect(opened.alert).toMatchObject({
      alertId: alertIdFor('effective_ownership', 'c-1', t0),
      state: 'open',
      tenantIds: ['t-a', 't-b'],
      policyVersion: 'p1',
    });
    expect(opened.alert.alertId).toMatch(/^al-[0-9a-f]{20}$/);

    const same = await store.applyFinding(finding(), 'p1', t0 + 10 * hourMs);
    expect(same).toEqual({ alert: opened.alert, event: 'unchanged' });

    const newer = finding({
      lastSeenMs: t0 + 20 * hourMs,
      score: 6,
      severity: 'critical',
      tenantIds: ['t-a', 't-b', 't-c'],
    });
    const updated = await store.applyFinding(newer, 'p2', t0 + 20 * hourMs);
    expect(updated.event).toBe('updated');
    expect(updated.alert).toMatchObject({
      alertId: opened.alert.alertId,
      firstSeenMs: t0,
      lastSeenMs: t0 + 20 * hourMs,
      severity: 'critical',
      score: 6,
      tenantIds: ['t-a', 't-b', 't-c'],
      policyVersion: 'p2',
    });
    expect((await store.applyFinding(newer, 'p2', t0 + 20 * hourMs)).event).toBe('unchanged');
    // Older evidence arriving late changes nothing.
    expect((await store.applyFinding(finding(), 'p1', t0 + 20 * hourMs)).event).toBe('unchanged');

    const early = await store.conditionCleared('effective_ownership', 'c-1', t0 + 30 * hourMs, 24 * hourMs);
    expect(early.event).toBe('unchanged');
    const late = await store.conditionCleared('effective_ownership', 'c-1', t0 + 44 * hourMs, 24 * hourMs);
    expect(late.event).toBe('resolved');
    expect(late.alert?.state).toBe('resolved');
    expect((await store.get(opened.alert.alertId))?.state).toBe('resolved');
    expect((await store.conditionCleared('effective_ownership', 'c-1', t0 + 50 * hourMs, hourMs)).event).toBe(
      'none',
    );
    // Re-evaluating the old evidence does not reopen it.
    expect((await store.applyFinding(newer, 'p2', t0 + 50 * hourMs)).event).toBe('unchanged');

    const history = await store.history(opened.alert.alertId);
    expect(history.map((h) => [h.action, h.who])).toEqual([
      ['opened', 'detector'],
      ['resolved', 'detector'],
    ]);

    // A new episode later is a new alert.
    const again = await store.applyFinding(
      finding({ firstSeenMs: t0 + 100 * hourMs, lastSeenMs: t0 + 101 * hourMs }),
      'p2',
      t0 + 101 * hourMs,
    );
    expect(again.event).toBe('opened');
    expect(again.alert.alertId).not.toBe(opened.alert.alertId);
  });

  it('keeps one live alert per (rule, cluster) whatever first_seen later findings report', async () => {
    const a = await store.applyFinding(finding(), 'p1', t0);
    const b = await store.applyFinding(
      finding({ firstSeenMs: t0 + hourMs, lastSeenMs: t0 + 11 * hourMs }),
      'p1',
      t0,
    );
    expect(b).toMatchObject({ event: 'updated', alert: { alertId: a.alert.alertId, firstSeenMs: t0 } });
    const other = await store.applyFinding(finding({ clusterId: 'c-2' }), 'p1', t0);
    const otherRule = await store.applyFinding(finding({ rule: 'structuring' }), 'p1', t0);
    expect(new Set([a.alert.alertId, other.alert.alertId, otherRule.alert.alertId]).size).toBe(3);
    expect(await store.list({})).toHaveLength(3);
  });

  it('gives concurrent writers of the same finding one alert', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.applyFinding(finding(), 'p1', t0)),
    );
    expect(results.filter((r) => r.event === 'opened')).toHaveLength(1);
    expect(new Set(results.map((r) => r.alert.alertId)).size).toBe(1);
    expect(await store.list({})).toHaveLength(1);
  });

  it('keeps an acknowledged alert as the one alert, updating its evidence but not its state', async () => {
    const { alert } = await store.applyFinding(finding(), 'p1', t0);
    const acked = await store.ack(alert.alertId, 'ana', 'known reseller, under review', t0 + hourMs);
    expect(acked.state).toBe('acknowledged');
    const updated = await store.applyFinding(finding({ lastSeenMs: t0 + 20 * hourMs, score: 9 }), 'p1', t0);
    expect(updated).toMatchObject({
      event: 'updated',
      alert: { alertId: alert.alertId, state: 'acknowledged', score: 9 },
    });
    const suppressed = await store.suppress(alert.alertId, 'bob', 'false positive', t0 + 2 * hourMs);
    expect(suppressed.state).toBe('suppressed');
    expect(await store.history(alert.alertId)).toEqual([
      { action: 'opened', who: 'detector', note: '', atMs: t0 },
      { action: 'acknowledged', who: 'ana', note: 'known reseller, under review', atMs: t0 + hourMs },
      { action: 'suppressed', who: 'bob', note: 'false positive', atMs: t0 + 2 * hourMs },
    ]);

    await store.resolve(alert.alertId, 'ana', 'closed', t0 + 3 * hourMs);
    await expect(store.ack(alert.alertId, 'ana', 'x', t0)).rejects.toThrow(/is resolved/);
    await expect(store.ack('al-nope', 'ana', 'x', t0)).rejects.toThrow(/alert "al-nope" not found/);
    await expect(store.ack(alert.alertId, ' ', 'x', t0)).rejects.toBeInstanceOf(ValidationError);
    // Manually resolved: newer evidence reopens the pair's alert.
    const reopened = await store.applyFinding(finding({ lastSeenMs: t0 + 30 * hourMs }), 'p1', t0);
    expect(reopened).toMatchObject({ event: 'opened', alert: { alertId: alert.alertId, state: 'open' } });
  });

  it('stores informational findings as info alerts flagged in their evidence', async () => {
    const { alert } = await store.applyFinding(
      finding({ informational: true, severity: 'medium' }),
      'p1',
      t0,
    );
    expect(alert).toMatchObject({ severity: 'info', informational: true });
    const wire = toWireAlert(alert);
    expect(JSON.parse(wire.evidence_json ?? '')).toEqual({
      cluster_id: 'c-1',
      informational: true,
      h100e_hours: 12_000,
      window_days: 30,
    });
  });

  it('lists newest last_seen first, filtered by state and rule, bounded by the limit', async () => {
    for (let i = 0; i < 5; i++) {
      await store.applyFinding(
        finding({
          clusterId: `c-${i}`,
          rule: i % 2 === 0 ? 'structuring' : 'shell_ring',
          lastSeenMs: t0 + i * hourMs,
        }),
        'p1',
        t0,
      );
    }
    const all = await store.list({});
    expect(all.map((a) => a.clusterId)).toEqual(['c-4', 'c-3', 'c-2', 'c-1', 'c-0']);
    await store.ack(all[1]?.alertId ?? '', 'ana', 'seen', t0);
    expect((await store.list({ state: 'acknowledged' })).map((a) => a.clusterId)).toEqual(['c-3']);
    expect((await store.list({ state: 'open', rule: 'structuring' })).map((a) => a.clusterId)).toEqual([
      'c-4',
      'c-2',
      'c-0',
    ]);
    expect((await store.list({ limit: 2 })).map((a) => a.clusterId)).toEqual(['c-4', 'c-3']);
    await expect(store.list({ state: 'closed' })).rejects.toThrow(
      'state: expected one of open, acknowledged, suppressed, resolved (or "" for any), got "closed"',
    );
    await expect(store.list({ limit: 1001 })).rejects.toThrow(/limit: expected 0\.\.1000/);
  });

  it('pages by (last_seen, id) cursors, equal last_seen included, each alert once', async () => {
    for (let i = 0; i < 6; i++) {
      await store.applyFinding(finding({ clusterId: `c-${i}`, lastSeenMs: t0 + (i % 2) * hourMs }), 'p1', t0);
    }
    const all = await store.list({});
    const seen: string[] = [];
    let page = await store.listPage({ limit: 4 });
    seen.push(...page.alerts.map((a) => a.alertId));
    expect(page.next).toEqual({ lastSeenMs: page.alerts[3]?.lastSeenMs, alertId: page.alerts[3]?.alertId });
    page = await store.listPage({ limit: 4 }, page.next);
    seen.push(...page.alerts.map((a) => a.alertId));
    expect(page.next).toBeUndefined();
    expect(seen).toEqual(all.map((a) => a.alertId));
    // Exactly a page left: no next page.
    expect((await store.listPage({ limit: 6 })).next).toBeUndefined();
  });

  it('rejects a finding it cannot store, naming each problem', async () => {
    await expect(
      store.applyFinding(finding({ clusterId: '', lastSeenMs: t0 - 1, score: Number.NaN }), '', t0),
    ).rejects.toThrow(/clusterId: .*score: .*lastSeenMs: .*policyVersion: /s);
  });

  describe('outbox', () => {
    async function outbox(): Promise<{ id: string; type: string; state: string; severity: string }[]> {
      const entries = await t.redis.xrange(t.keys.alertOutbox(), '-', '+');
      return entries.map(([, fields]) => {
        const m = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i] ?? '', fields[i + 1] ?? '');
        const alert = JSON.parse(m.get('alert') ?? '{}') as { state: string; severity: string };
        return {
          id: m.get('id') ?? '',
          type: m.get('type') ?? '',
          state: alert.state,
          severity: alert.severity,
        };
      });
    }

    it('an evaluation that opens then resolves an alert yields exactly those two events, ids <alertId>:<rev>', async () => {
      const { alert } = await store.applyFinding(finding(), 'p1', t0 + 10 * hourMs);
      await store.conditionCleared('effective_ownership', 'c-1', t0 + 40 * hourMs, 24 * hourMs);
      expect(await outbox()).toEqual([
        { id: `${alert.alertId}:1`, type: 'alert.opened', state: 'open', severity: 'high' },
        { id: `${alert.alertId}:2`, type: 'alert.resolved', state: 'resolved', severity: 'high' },
      ]);
    });

    it('tells severity, tenant, state and ≥ 10 % score changes, not hourly number refreshes', async () => {
      const { alert } = await store.applyFinding(finding(), 'p1', t0);
      const id = alert.alertId;
      // rev 2: numbers refreshed, score +5 %: stored, not told.
      await store.applyFinding(
        finding({ lastSeenMs: t0 + 11 * hourMs, score: 4.41, evidence: { h100e_hours: 12_100 } }),
        'p1',
        t0,
      );
      // rev 3: another +5 % is +10 % since the last event: told.
      await store.applyFinding(finding({ lastSeenMs: t0 + 12 * hourMs, score: 4.63 }), 'p1', t0);
      // rev 4: severity; rev 5: a new member tenant; rev 6: acknowledged by an analyst.
      await store.applyFinding(
        finding({ lastSeenMs: t0 + 13 * hourMs, score: 4.63, severity: 'critical' }),
        'p1',
        t0,
      );
      await store.applyFinding(
        finding({
          lastSeenMs: t0 + 14 * hourMs,
          score: 4.63,
          severity: 'critical',
          tenantIds: ['t-a', 't-b', 't-c'],
        }),
        'p1',
        t0,
      );
      await store.ack(id, 'ana', 'seen', t0);
      // rev 7: suppressed; rev 8: resolved by the analyst.
      await store.suppress(id, 'ana', 'known customer', t0);
      await store.resolve(id, 'ana', 'closed', t0);
      expect((await outbox()).map((e) => [e.id, e.type, e.state])).toEqual([
        [`${id}:1`, 'alert.opened', 'open'],
        [`${id}:3`, 'alert.updated', 'open'],
        [`${id}:4`, 'alert.updated', 'open'],
        [`${id}:5`, 'alert.updated', 'open'],
        [`${id}:6`, 'alert.updated', 'acknowledged'],
        [`${id}:7`, 'alert.updated', 'suppressed'],
        [`${id}:8`, 'alert.resolved', 'resolved'],
      ]);
    });

    it('never tells about an informational alert, and tells once it stops being one', async () => {
      const info = finding({ informational: true, severity: 'medium' });
      const { alert } = await store.applyFinding(info, 'p1', t0);
      await store.applyFinding({ ...info, lastSeenMs: t0 + 11 * hourMs, score: 9 }, 'p1', t0);
      await store.ack(alert.alertId, 'ana', 'fine', t0);
      expect(await outbox()).toEqual([]);
      // KYC lapsed: the same alert is now a real one, announced as opened.
      await store.applyFinding(finding({ lastSeenMs: t0 + 12 * hourMs }), 'p1', t0);
      expect(await outbox()).toEqual([
        { id: `${alert.alertId}:4`, type: 'alert.opened', state: 'acknowledged', severity: 'high' },
      ]);
    });

    it('announces a reopened alert again', async () => {
      const { alert } = await store.applyFinding(finding(), 'p1', t0);
      await store.resolve(alert.alertId, 'ana', 'done', t0);
      await store.applyFinding(finding({ lastSeenMs: t0 + 20 * hourMs }), 'p1', t0);
      expect((await outbox()).map((e) => e.type)).toEqual(['alert.opened', 'alert.resolved', 'alert.opened']);
    });

    it('appends nothing when a finding changes nothing', async () => {
      await store.applyFinding(finding(), 'p1', t0);
      await store.applyFinding(finding(), 'p1', t0);
      expect(await outbox()).toHaveLength(1);
    });
  });
});
