/**
 * The forwarder against a real Alertmanager (child process) and alerts in a real Redis: what is
 * sent, with which labels, what is left out, how a resolved alert ends, and how failures of the
 * Alertmanager are counted without throwing.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertFinding, StoredAlert } from '../../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../../common/alerts/alert-store.js';
import { systemClock } from '../../../common/clock.js';
import { JsonLogger } from '../../../common/logger.js';
import { RedisAlertScanner } from '../../../detector/alertmanager/alert-scanner.js';
import {
  AlertmanagerForwarder,
  type AlertmanagerForwarderOptions,
} from '../../../detector/alertmanager/alertmanager-forwarder.js';
import { AlertmanagerMetrics } from '../../../detector/alertmanager/alertmanager-metrics.js';
import { freePort } from '../../../common/free-port.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager-server.js';

const hourMs = 3_600_000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? NaN;
}

let am: RunningAlertmanager;
beforeAll(async () => {
  am = await startAlertmanager();
}, 30_000);
afterAll(async () => {
  await am?.stop();
});

let t: TestRedis;
let store: RedisAlertStore;
let registry: Registry;
let metrics: AlertmanagerMetrics;
let logLines: string[];
beforeEach(async () => {
  t = await openTestRedis();
  store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: systemClock });
  registry = new Registry();
  metrics = new AlertmanagerMetrics(registry);
  logLines = [];
});
afterEach(() => t.cleanup());

function forwarder(options: Partial<AlertmanagerForwarderOptions> = {}): AlertmanagerForwarder {
  return new AlertmanagerForwarder({
    url: am.url,
    alerts: new RedisAlertScanner({ redis: t.redis, keys: t.keys }),
    metrics,
    logger: new JsonLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    clock: systemClock,
    resendIntervalMs: 60_000,
    timeoutMs: 5000,
    ...options,
  });
}

/** A finding on a fresh cluster of its own (so alert ids never collide between tests). */
function finding(overrides: Partial<AlertFinding> = {}): AlertFinding {
  const cluster = `c-${randomBytes(6).toString('hex')}`;
  const start = Date.UTC(2026, 7, 1);
  return {
    rule: 'effective_ownership',
    severity: 'high',
    score: 312.5,
    tenantIds: [`${cluster}-acme`, `${cluster}-acme-shell`],
    anchorTenantId: `${cluster}-acme`,
    clusterId: cluster,
    firstSeenMs: start,
    lastSeenMs: start + 90 * 24 * hourMs,
    informational: false,
    evidence: { meanConcurrentGpus: 96, occupancy: 0.93, tenureDays: 90, nested: { ignored: true } },
    ...overrides,
  };
}

async function seed(f: AlertFinding): Promise<StoredAlert> {
  return (await store.applyFinding(f, 'policy-7', f.lastSeenMs)).alert;
}

describe('AlertmanagerForwarder with a real Alertmanager', () => {
  it('sends open and acknowledged alerts with bounded labels, and leaves out suppressed and informational ones', async () => {
    const open = await seed(finding());
    const acked = await seed(finding({ rule: 'structuring', severity: 'medium' }));
    await store.ack(acked.alertId, 'ana', 'looking', Date.now());
    const suppressed = await seed(finding({ rule: 'shell_ring', severity: 'critical' }));
    await store.suppress(suppressed.alertId, 'ana', 'known reseller', Date.now());
    const informational = await seed(finding({ severity: 'medium', informational: true }));
    const infoSeverity = await seed(finding({ rule: 'frontier_compute', severity: 'info' }));

    const before = Date.now();
    const result = await forwarder().sendOnce();
    // The suppressed alert goes out as resolved (it may have fired before the analyst silenced it).
    expect(result).toEqual({ ok: true, firing: 2, resolved: 1, posts: 1 });

    const ours = (await am.alerts({ source: 'gpuwatch' })).filter((a) =>
      [open, acked, suppressed, informational, infoSeverity].some((s) => s.alertId === a.labels.alert_key),
    );
    expect(ours.map((a) => a.labels.alert_key).sort()).toEqual([open.alertId, acked.alertId].sort());
    const sent = ours.find((a) => a.labels.alert_key === open.alertId);
    expect(sent?.labels).toEqual({
      alertname: 'GpuwatchComplianceAlert',
      rule: 'effective_ownership',
      severity: 'high',
      alert_key: open.alertId,
      source: 'gpuwatch',
    });
    expect(sent?.status.state).toBe('active');
    expect(sent?.annotations.summary).toContain(open.anchorTenantId);
    expect(sent?.annotations.description).toContain(open.tenantIds[1]);
    expect(sent?.annotations.description).toContain('meanConcurrentGpus=96');
    expect(sent?.annotations.description).toContain(`gpuwatch alerts show ${open.alertId}`);
    expect(sent?.annotations.policy_version).toBe('policy-7');
    expect(Date.parse(sent?.startsAt ?? '')).toBe(open.firstSeenMs);
    // endsAt 4 resend intervals ahead, so a stopped detector's alerts expire.
    const endsAt = Date.parse(sent?.endsAt ?? '');
    expect(endsAt).toBeGreaterThanOrEqual(before + 4 * 60_000);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 4 * 60_000);
    const ackedSent = ours.find((a) => a.labels.alert_key === acked.alertId);
    expect(ackedSent?.labels.severity).toBe('medium');
    expect(ackedSent?.annotations.state).toBe('acknowledged');

    // Alertmanager routed both onward to its receiver.
    const routed = await waitFor('both alerts at the webhook receiver', () => {
      const keys = new Set(
        am.notifications.filter((n) => n.status === 'firing').map((n) => n.labels.alert_key),
      );
      return Promise.resolve(keys.has(open.alertId) && keys.has(acked.alertId) ? keys : undefined);
    });
    expect(routed.has(informational.alertId)).toBe(false);
    expect(routed.has(infoSeverity.alertId)).toBe(false);

    const posts = (result: string): Promise<number> =>
      metricValue(registry, 'gpuwatch_detector_alertmanager_posts_total', { result });
    expect(await posts('ok')).toBe(1);
    expect(await posts('error')).toBe(0);
    const sentTotal = (state: string): Promise<number> =>
      metricValue(registry, 'gpuwatch_detector_alertmanager_alerts_sent_total', { state });
    expect(await sentTotal('firing')).toBe(2);
    expect(await sentTotal('resolved')).toBe(1);
  });

  it('re-sends firing alerts every round and ends a resolved alert at its resolve time', async () => {
    const alert = await seed(finding({ rule: 'succession', severity: 'high' }));
    const fwd = forwarder();
    expect((await fwd.sendOnce()).firing).toBe(1);
    expect((await fwd.sendOnce()).firing).toBe(1); // re-sent: the same Alertmanager alert
    expect(await am.alerts({ alert_key: alert.alertId })).toHaveLength(1);

    const resolved = await store.resolve(alert.alertId, 'ana', 'account closed', Date.now());
    const result = await fwd.sendOnce();
    expect(result).toMatchObject({ ok: true, firing: 0, resolved: 1 });

    // No longer active: the default listing leaves out alerts whose endsAt has passed.
    expect(await am.alerts({ alert_key: alert.alertId })).toEqual([]);
    const ended = await waitFor('the resolved notification', () =>
      Promise.resolve(
        am.notifications.find((n) => n.labels.alert_key === alert.alertId && n.status === 'resolved'),
      ),
    );
    expect(Date.parse(ended.endsAt)).toBe(resolved.updatedAtMs);
  });

  it('ends the old label set when an alert changes severity, and stops sending what stopped firing', async () => {
    const f = finding({ rule: 'new_account_burst', severity: 'medium' });
    const alert = await seed(f);
    const fwd = forwarder();
    await fwd.sendOnce();
    expect((await am.alerts({ alert_key: alert.alertId })).map((a) => a.labels.severity)).toEqual(['medium']);

    await seed({ ...f, severity: 'high', lastSeenMs: f.lastSeenMs + hourMs });
    expect(await fwd.sendOnce()).toMatchObject({ ok: true, firing: 1, resolved: 1 });
    expect((await am.alerts({ alert_key: alert.alertId })).map((a) => a.labels.severity)).toEqual(['high']);

    // Turned informational in place: neither firing nor resolved in the store, yet ended in Alertmanager.
    await seed({ ...f, severity: 'high', informational: true, lastSeenMs: f.lastSeenMs + 2 * hourMs });
    expect(await fwd.sendOnce()).toMatchObject({ ok: true, firing: 0 });
    expect(await am.alerts({ alert_key: alert.alertId })).toEqual([]);
  });

  it('splits a large set into POSTs of at most the batch size', async () => {
    const seeded = [];
    for (let i = 0; i < 5; i++) seeded.push(await seed(finding({ rule: 'screening_match' })));
    const result = await forwarder({ batchSize: 2 }).sendOnce();
    expect(result).toEqual({ ok: true, firing: 5, resolved: 0, posts: 3 });
    for (const a of seeded) expect(await am.alerts({ alert_key: a.alertId })).toHaveLength(1);
    expect(await metricValue(registry, 'gpuwatch_detector_alertmanager_posts_total', { result: 'ok' })).toBe(
      3,
    );
  });

  it('runs rounds on its own after start() until close()', async () => {
    const alert = await seed(finding({ rule: 'shell_ring' }));
    const fwd = forwarder({ resendIntervalMs: 100 });
    fwd.start();
    try {
      await waitFor('two rounds', async () =>
        (await metricValue(registry, 'gpuwatch_detector_alertmanager_posts_total', { result: 'ok' })) >= 2
          ? true
          : undefined,
      );
      expect(await am.alerts({ alert_key: alert.alertId })).toHaveLength(1);
    } finally {
      await fwd.close();
    }
    const after = await metricValue(registry, 'gpuwatch_detector_alertmanager_posts_total', { result: 'ok' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await metricValue(registry, 'gpuwatch_detector_alertmanager_posts_total', { result: 'ok' })).toBe(
      after,
    );
  });
});

describe('AlertmanagerForwarder when Alertmanager fails', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    const s = server;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  const errors = (): Promise<number> =>
    metricValue(registry, 'gpuwatch_detector_alertmanager_posts_total', { result: 'error' });

  it('counts and logs an unreachable Alertmanager without throwing', async () => {
    await seed(finding());
    const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const result = await forwarder({ url }).sendOnce();
    expect(result).toMatchObject({ ok: false, posts: 1, firing: 0 });
    expect(await errors()).toBe(1);
    expect(
      await metricValue(registry, 'gpuwatch_detector_alertmanager_rounds_total', { result: 'error' }),
    ).toBe(1);
    const warn = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.level === 'warn');
    expect(warn?.msg).toBe('alerts not accepted by alertmanager: retried next round');
    expect(String(warn?.error)).toContain('ECONNREFUSED');
  });

  it('gives up on a POST at the timeout', async () => {
    await seed(finding());
    const url = await serve(() => undefined); // accepts, never answers
    const result = await forwarder({ url, timeoutMs: 200 }).sendOnce();
    expect(result.ok).toBe(false);
    expect(await errors()).toBe(1);
    expect(logLines.join('\n')).toContain('no answer within 200 ms');
  });

  it('retries next round after a refused POST, and sends the bearer token from its file', async () => {
    const alert = await seed(finding());
    const bodies: { status: number; alerts: { labels: Record<string, string> }[]; auth: string }[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const status = bodies.length === 0 ? 500 : 200;
        bodies.push({ status, alerts: JSON.parse(body) as never, auth: req.headers.authorization ?? '' });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 500 ? 'store full' : '');
      });
    });
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/gwtest-am-token-`);
    try {
      writeFileSync(`${dir}/token`, 's3cret-token\n');
      const fwd = forwarder({ url, bearerTokenFile: `${dir}/token` });
      const first = await fwd.sendOnce();
      expect(first.ok).toBe(false);
      expect(logLines.join('\n')).toContain('HTTP 500: store full');
      expect(logLines.join('\n')).not.toContain('s3cret-token');
      const second = await fwd.sendOnce();
      expect(second).toMatchObject({ ok: true, firing: 1 });
      expect(bodies.map((b) => b.alerts.map((a) => a.labels.alert_key))).toEqual([
        [alert.alertId],
        [alert.alertId],
      ]);
      expect(bodies.every((b) => b.auth === 'Bearer s3cret-token')).toBe(true);
      expect(await errors()).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts a round whose alerts cannot be read from Redis', async () => {
    const broken = t.newClient();
    broken.disconnect();
    const result = await forwarder({
      alerts: new RedisAlertScanner({ redis: broken, keys: t.keys }),
    }).sendOnce();
    expect(result.ok).toBe(false);
    expect(
      await metricValue(registry, 'gpuwatch_detector_alertmanager_rounds_total', { result: 'error' }),
    ).toBe(1);
    expect(logLines.join('\n')).toContain('alerts not read from redis');
  });
});
