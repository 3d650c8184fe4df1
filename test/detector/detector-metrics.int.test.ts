/**
 * The detector's scrape-time gauges against a real Redis alert store: live alerts counted by rule,
 * severity and state (resolved ones not), every (rule, severity, state) present at 0 before any
 * alert, Redis state reported as 1/0, and a queue or store read that fails leaving /metrics
 * answering (the failure counted) instead of failing the scrape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import type { AlertFinding } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { DetectorMetrics } from '../../detector/detector-metrics.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';

const t0 = Date.UTC(2026, 2, 1, 12);

let t: TestRedis;
let store: RedisAlertStore;

beforeEach(async () => {
  t = await openTestRedis();
  store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: systemClock });
});

afterEach(() => t.cleanup());

function finding(overrides: Partial<AlertFinding>): AlertFinding {
  return {
    rule: 'structuring',
    severity: 'high',
    score: 2,
    tenantIds: ['t-a', 't-b'],
    anchorTenantId: 't-a',
    clusterId: 'c-1',
    firstSeenMs: t0,
    lastSeenMs: t0,
    informational: false,
    evidence: {},
    ...overrides,
  };
}

/** The value of one series in the exposition, or undefined when it is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function metrics(depth: () => Promise<number> = () => Promise.resolve(0)): {
  registry: Registry;
  metrics: DetectorMetrics;
} {
  const registry = new Registry();
  return { registry, metrics: new DetectorMetrics(registry, depth, { processMetrics: false }) };
}

describe('gpuwatch_detector_live_alerts', () => {
  it('counts alerts that are not resolved by rule, severity and state', async () => {
    const a = (await store.applyFinding(finding({ clusterId: 'c-1' }), 'p1', t0)).alert;
    await store.applyFinding(finding({ clusterId: 'c-2' }), 'p1', t0);
    await store.applyFinding(
      finding({ clusterId: 'c-3', rule: 'shell_ring', severity: 'critical' }),
      'p1',
      t0,
    );
    const c = (
      await store.applyFinding(finding({ clusterId: 'c-4', rule: 'succession', severity: 'low' }), 'p1', t0)
    ).alert;
    await store.ack(a.alertId, 'analyst', 'looking', t0);
    await store.resolve(c.alertId, 'analyst', 'false positive', t0);

    const { registry, metrics: m } = metrics();
    m.watchAlerts(store);
    const text = await registry.metrics();
    const series = (rule: string, severity: string, state: string): number | undefined =>
      value(text, `gpuwatch_detector_live_alerts{rule="${rule}",severity="${severity}",state="${state}"}`);
    expect(series('structuring', 'high', 'open')).toBe(1);
    expect(series('structuring', 'high', 'acknowledged')).toBe(1);
    expect(series('shell_ring', 'critical', 'open')).toBe(1);
    expect(series('succession', 'low', 'open')).toBe(0); // resolved: not live
    expect(series('frontier_compute', 'info', 'suppressed')).toBe(0);
    expect(text).not.toContain('state="resolved"');
    // 7 rules × 5 severities × 3 live states, whatever the store holds.
    expect(text.match(/^gpuwatch_detector_live_alerts\{/gm)).toHaveLength(105);
  });

  it('counts every live alert however many there are, and none of the resolved ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 1200; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          store.applyFinding(
            finding({ clusterId: `many-${i + j}`, rule: 'structuring', severity: 'high' }),
            'p1',
            t0,
          ),
        ),
      );
      ids.push(...batch.map((r) => r.alert.alertId));
    }
    for (const id of ids.slice(0, 150)) await store.resolve(id, 'analyst', 'done', t0);
    const { registry, metrics: m } = metrics();
    m.watchAlerts(store);
    const text = await registry.metrics();
    expect(
      value(text, 'gpuwatch_detector_live_alerts{rule="structuring",severity="high",state="open"}'),
    ).toBe(1050);
  });

  it('keeps /metrics answering when the store cannot be read, and counts the failure', async () => {
    const { registry, metrics: m } = metrics();
    m.watchAlerts({ liveAlerts: () => Promise.reject(new Error('connection lost')) });
    await registry.metrics();
    // The counter is read while the gauges collect: a failure shows in the next scrape.
    const text = await registry.metrics();
    expect(
      value(text, 'gpuwatch_detector_scrape_read_errors_total{gauge="live_alerts"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value(text, 'gpuwatch_detector_scrape_read_errors_total{gauge="queue_depth"}')).toBe(0);
  });
});

describe('the other scrape-time gauges', () => {
  it('reports each queue depth and counts a depth read that fails', async () => {
    const { registry, metrics: m } = metrics(() => Promise.resolve(7));
    m.addQueue('deliver', () => Promise.reject(new Error('NOSCRIPT')));
    await registry.metrics();
    const text = await registry.metrics();
    expect(value(text, 'gpuwatch_detector_queue_depth{queue="evaluate"}')).toBe(7);
    expect(
      value(text, 'gpuwatch_detector_scrape_read_errors_total{gauge="queue_depth"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('reports the Redis connection as 1 or 0 at each scrape', async () => {
    const { registry, metrics: m } = metrics();
    let ready = true;
    m.watchRedis(() => ready);
    expect(value(await registry.metrics(), 'gpuwatch_detector_redis_up')).toBe(1);
    ready = false;
    expect(value(await registry.metrics(), 'gpuwatch_detector_redis_up')).toBe(0);
  });

  it('exports every rule × severity × event at 0 before the first alert', async () => {
    const { registry } = metrics();
    const text = await registry.metrics();
    expect(text.match(/^gpuwatch_detector_alerts_total\{.*\} 0$/gm)).toHaveLength(7 * 5 * 3);
    expect(value(text, 'gpuwatch_detector_evaluations_total{result="error"}')).toBe(0);
  });
});
