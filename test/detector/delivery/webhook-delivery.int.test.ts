/**
 * Webhook delivery against real Redis and a real HTTP receiver that verifies every request with
 * the standardwebhooks package: alert store → outbox → dispatcher → deliver jobs → signed POSTs,
 * under scripted 200/500/429/400/410/timeouts. The retry schedule is scaled down (time scale).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertFinding } from '../../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../../common/alerts/alert-store.js';
import { systemClock } from '../../../common/clock.js';
import { JsonLogger } from '../../../common/logger.js';
import { redeliver } from '../../../detector/delivery/deliver-job.js';
import { outboxGroup } from '../../../detector/delivery/outbox-dispatcher.js';
import { retryDelaysMs } from '../../../detector/delivery/retry-schedule.js';
import { WebhookDelivery } from '../../../detector/delivery/webhook-delivery.js';
import { WebhookEndpoints } from '../../../detector/delivery/webhook-endpoints.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../../helpers/redis.js';
import { WebhookReceiver, type Reply } from './webhook-receiver.js';

const logger = new JsonLogger({ level: 'error' });
const hourMs = 3_600_000;
const t0 = Date.UTC(2026, 0, 1);

let tr: TestRedis;
let dir: string;
let receiver: WebhookReceiver | undefined;
let delivery: WebhookDelivery | undefined;
let registry: Registry;
const connections: Redis[] = [];

beforeEach(async () => {
  tr = await openTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'gw-webhooks-'));
  registry = new Registry();
});

afterEach(async () => {
  await delivery?.close(2000);
  delivery = undefined;
  await receiver?.close();
  receiver = undefined;
  for (const c of connections.splice(0)) c.disconnect();
  rmSync(dir, { recursive: true, force: true });
  await tr.cleanup();
});

const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

interface EndpointSpec {
  name: string;
  min_severity?: string;
  rules?: string[];
  timeout?: string;
}

async function setup(
  reply: (index: number) => Reply,
  options: { endpoints?: EndpointSpec[]; scale?: number; claimIdleMs?: number; start?: boolean } = {},
): Promise<{ store: RedisAlertStore; receiver: WebhookReceiver; secret: string }> {
  const secret = newSecret();
  receiver = await WebhookReceiver.start([secret], (_r, i) => reply(i));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, `${secret}\n`);
  const list = (options.endpoints ?? [{ name: 'compliance' }]).map((e) => ({
    ...e,
    url: receiver?.url,
    secret_file: secretFile,
  }));
  const file = join(dir, 'webhooks.json');
  writeFileSync(file, JSON.stringify(list));
  delivery = new WebhookDelivery({
    redis: tr.redis,
    connect: () => {
      const c = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
      connections.push(c);
      return c;
    },
    keys: tr.keys,
    endpoints: new WebhookEndpoints({ webhooks: file, timeoutMs: 1000 }),
    registry,
    logger,
    clock: systemClock,
    retryScale: options.scale ?? 100_000,
    claimIdleMs: options.claimIdleMs ?? 30_000,
  });
  if (options.start !== false) await delivery.start();
  return {
    store: new RedisAlertStore({ redis: tr.redis, keys: tr.keys, clock: systemClock }),
    receiver,
    secret,
  };
}

function finding(overrides: Partial<AlertFinding> = {}): AlertFinding {
  return {
    rule: 'effective_ownership',
    severity: 'high',
    score: 0.8,
    tenantIds: ['t-a', 't-b'],
    anchorTenantId: 't-a',
    clusterId: 'c-1',
    firstSeenMs: t0,
    lastSeenMs: t0 + hourMs,
    informational: false,
    evidence: { meanConcurrentGpus: 64 },
    ...overrides,
  };
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  const v = m?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
  return v?.value ?? 0;
}

describe('webhook delivery', { timeout: 60_000 }, () => {
  it('delivers an alert opened then resolved as exactly those two events, signed and shaped as docs/design.md §7', async () => {
    const { store, receiver: r } = await setup(() => ({ status: 200 }));
    const { alert } = await store.applyFinding(finding(), 'policy-1', t0);
    // An hourly refresh of the numbers is not worth telling; a severity change is.
    await store.applyFinding(
      finding({ lastSeenMs: t0 + 2 * hourMs, score: 0.81, evidence: { meanConcurrentGpus: 65 } }),
      'policy-1',
      t0,
    );
    await store.applyFinding(
      finding({ lastSeenMs: t0 + 3 * hourMs, severity: 'critical', score: 0.81 }),
      'policy-1',
      t0,
    );
    await store.resolve(alert.alertId, 'analyst', 'reviewed: lawful customer', t0);
    await r.waitFor('three events', () => r.received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.unverified).toEqual([]);
    // Deliveries run concurrently, so arrival order is not promised (receivers upsert by alert id
    // and order by the revision in webhook-id): compare them in revision order.
    const revision = (id: string): number => Number(id.slice(id.lastIndexOf(':') + 1));
    const received = [...r.received].sort((x, y) => revision(x.id) - revision(y.id));
    expect(received.map((x) => [x.id, x.payload.type])).toEqual([
      [`${alert.alertId}:1`, 'alert.opened'],
      [`${alert.alertId}:3`, 'alert.updated'],
      [`${alert.alertId}:4`, 'alert.resolved'],
    ]);
    const opened = received[0]?.payload;
    expect(opened?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(opened?.data).toEqual({
      alert_id: alert.alertId,
      rule: 'effective_ownership',
      severity: 'high',
      score: 0.8,
      tenant_ids: ['t-a', 't-b'],
      anchor_tenant_id: 't-a',
      state: 'open',
      first_seen_unix_ms: t0,
      last_seen_unix_ms: t0 + hourMs,
      policy_version: 'policy-1',
      evidence: { cluster_id: 'c-1', meanConcurrentGpus: 64 },
    });
    expect(received[1]?.payload.data).toMatchObject({ severity: 'critical' });
    expect(received[2]?.payload.data).toMatchObject({ state: 'resolved' });
    expect(
      await metric('gpuwatch_detector_webhook_deliveries_total', {
        endpoint: 'compliance',
        result: 'delivered',
      }),
    ).toBe(3);
  });

  it('never sends an informational alert', async () => {
    const { store, receiver: r } = await setup(() => ({ status: 200 }));
    await store.applyFinding(
      finding({ clusterId: 'c-info', informational: true, severity: 'info' }),
      'p',
      t0,
    );
    await store.applyFinding(finding({ clusterId: 'c-real' }), 'p', t0);
    await r.waitFor('the real alert', () => r.received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received.map((x) => (x.payload.data.evidence as { cluster_id: string }).cluster_id)).toEqual([
      'c-real',
    ]);
  });

  it('retries 500s on the scaled schedule with the same webhook-id, then delivers', async () => {
    const scale = 1000;
    const { store, receiver: r } = await setup(
      (i) => (i < 3 ? { status: 500, body: 'busy' } : { status: 200 }),
      { scale },
    );
    const { alert } = await store.applyFinding(finding(), 'p', t0);
    await r.waitFor('four attempts', () => r.received.length >= 4, 15_000);
    expect(new Set(r.received.map((x) => x.id))).toEqual(new Set([`${alert.alertId}:1`]));
    expect(r.unverified).toEqual([]);
    // Each wait is at least the scheduled step (5 s, 5 min, 30 min divided by the scale).
    for (let i = 1; i < 4; i++) {
      const gap = (r.received[i]?.receivedAtMs ?? 0) - (r.received[i - 1]?.receivedAtMs ?? 0);
      expect(gap).toBeGreaterThanOrEqual((retryDelaysMs[i - 1] ?? 0) / scale - 2);
    }
    await expectEventually(
      async () =>
        (await metric('gpuwatch_detector_webhook_deliveries_total', {
          endpoint: 'compliance',
          result: 'delivered',
        })) === 1,
    );
    expect(
      await metric('gpuwatch_detector_webhook_deliveries_total', { endpoint: 'compliance', result: 'retry' }),
    ).toBe(3);
  });

  it('honours a longer Retry-After on a 429', async () => {
    const { store, receiver: r } = await setup((i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    await store.applyFinding(finding(), 'p', t0);
    await r.waitFor('the retry', () => r.received.length >= 2, 10_000);
    const gap = (r.received[1]?.receivedAtMs ?? 0) - (r.received[0]?.receivedAtMs ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(r.received[1]?.id).toBe(r.received[0]?.id);
  });

  it('treats a 400 as permanent: one attempt, a dead letter with the status and reason', async () => {
    const { store, receiver: r } = await setup(() => ({ status: 400, body: 'schema mismatch' }));
    const { alert } = await store.applyFinding(finding(), 'p', t0);
    const dead = delivery?.deadLetters;
    await expectEventually(async () => (await dead?.count()) === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.received).toHaveLength(1);
    const [letter] = (await dead?.list()) ?? [];
    expect(letter).toMatchObject({
      id: `compliance.${alert.alertId}.1`,
      endpoint: 'compliance',
      eventId: `${alert.alertId}:1`,
      type: 'alert.opened',
      attempts: 1,
      lastStatus: 400,
      lastError: 'HTTP 400: schema mismatch',
      reason: 'permanent failure (HTTP 400)',
    });
    expect(letter?.body).toBe(r.received[0]?.body);
    expect(
      await metric('gpuwatch_detector_webhook_deliveries_total', {
        endpoint: 'compliance',
        result: 'permanent_failure',
      }),
    ).toBe(1);
    expect(await metric('gpuwatch_detector_webhook_dead_letters', {})).toBe(1);
  });

  it('disables an endpoint that answers 410 until a redeliver re-enables it', async () => {
    let gone = true;
    const { store, receiver: r } = await setup(() => (gone ? { status: 410 } : { status: 200 }));
    const first = (await store.applyFinding(finding({ clusterId: 'c-1' }), 'p', t0)).alert;
    const dead = delivery?.deadLetters;
    await expectEventually(async () => (await dead?.isDisabled('compliance')) === true);
    const second = (await store.applyFinding(finding({ clusterId: 'c-2' }), 'p', t0)).alert;
    await expectEventually(async () => (await dead?.count()) === 2);
    expect(r.received).toHaveLength(1);
    const letters = (await dead?.list()) ?? [];
    expect(Object.fromEntries(letters.map((l) => [l.eventId, l.reason]))).toEqual({
      [`${first.alertId}:1`]: 'endpoint gone (HTTP 410): endpoint disabled',
      [`${second.alertId}:1`]: 'endpoint disabled',
    });
    expect(
      await metric('gpuwatch_detector_webhook_deliveries_total', {
        endpoint: 'compliance',
        result: 'disabled',
      }),
    ).toBe(2);

    gone = false;
    const queue = delivery?.queue;
    if (queue === undefined || dead === undefined) throw new Error('no delivery');
    const again = await redeliver(queue, dead, `compliance.${second.alertId}.1`);
    expect(again?.reEnabled).toBe(true);
    await r.waitFor('the redelivery', () => r.byId(`${second.alertId}:1`).length === 1);
    expect(await dead.isDisabled('compliance')).toBe(false);
    expect(await dead.count()).toBe(1);
    expect(r.unverified).toEqual([]);
  });

  it('dead-letters after the last of 8 attempts when the endpoint never answers in time', async () => {
    const { store, receiver: r } = await setup(() => 'hang', {
      endpoints: [{ name: 'slow', timeout: '100ms' }],
    });
    const { alert } = await store.applyFinding(finding(), 'p', t0);
    const dead = delivery?.deadLetters;
    await expectEventually(async () => (await dead?.count()) === 1, 20_000);
    expect(r.byId(`${alert.alertId}:1`)).toHaveLength(8);
    expect((await dead?.list())?.[0]).toMatchObject({
      endpoint: 'slow',
      attempts: 8,
      lastError: 'no response within 100 ms',
      reason: 'attempts exhausted',
    });
    expect((await dead?.list())?.[0]?.lastStatus).toBeUndefined();
    expect(
      await metric('gpuwatch_detector_webhook_deliveries_total', { endpoint: 'slow', result: 'retry' }),
    ).toBe(7);
    expect(
      await metric('gpuwatch_detector_webhook_deliveries_total', { endpoint: 'slow', result: 'dead_letter' }),
    ).toBe(1);
  }, 30_000);

  it("applies each endpoint's filters: minimum severity and rules", async () => {
    const { store, receiver: r } = await setup(() => ({ status: 200 }), {
      endpoints: [
        { name: 'all' },
        { name: 'high', min_severity: 'high' },
        { name: 'shells', rules: ['shell_ring'] },
      ],
    });
    await store.applyFinding(finding({ clusterId: 'c-med', severity: 'medium' }), 'p', t0);
    await store.applyFinding(finding({ clusterId: 'c-crit', severity: 'critical' }), 'p', t0);
    await store.applyFinding(finding({ clusterId: 'c-ring', rule: 'shell_ring', severity: 'low' }), 'p', t0);
    // all: 3, high: 1, shells: 1.
    await r.waitFor('five deliveries', () => r.received.length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = async (endpoint: string): Promise<number> =>
      metric('gpuwatch_detector_webhook_deliveries_total', { endpoint, result: 'delivered' });
    expect([await count('all'), await count('high'), await count('shells')]).toEqual([3, 1, 1]);
    expect(r.received).toHaveLength(5);
  });

  it('delivers an outbox entry read by a detector that died before enqueueing it', async () => {
    const { store, receiver: r } = await setup(() => ({ status: 200 }), { claimIdleMs: 300, start: false });
    await delivery?.start();
    await delivery?.close(1000);
    // A replica that read the event and died before enqueueing its jobs (and never acked it).
    const { alert } = await store.applyFinding(finding(), 'p', t0);
    const read = await tr.redis.xreadgroup(
      'GROUP',
      outboxGroup,
      'dead-replica',
      'COUNT',
      10,
      'STREAMS',
      tr.keys.alertOutbox(),
      '>',
    );
    expect(JSON.stringify(read)).toContain(`${alert.alertId}:1`);
    // A surviving replica claims it once idle.
    delivery = undefined;
    await setupAgain();
    await r.waitFor('the claimed event', () => r.byId(`${alert.alertId}:1`).length === 1, 10_000);
    const pending = (await tr.redis.xpending(tr.keys.alertOutbox(), outboxGroup)) as [number];
    expect(pending[0]).toBe(0);

    async function setupAgain(): Promise<void> {
      const file = join(dir, 'webhooks.json');
      delivery = new WebhookDelivery({
        redis: tr.redis,
        connect: () => {
          const c = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
          connections.push(c);
          return c;
        },
        keys: tr.keys,
        endpoints: new WebhookEndpoints({ webhooks: file, timeoutMs: 1000 }),
        registry: new Registry(),
        logger,
        clock: systemClock,
        retryScale: 100_000,
        claimIdleMs: 300,
      });
      await delivery.start();
    }
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
