/**
 * End to end with real Redis: tenants upserted and 91 days of hourly usage streamed through the
 * collector's Report stream (the collector enqueues `evaluate` per tenant), judged by
 * `gpuwatch detector` running as a child process of the built CLI on the same key prefix.
 */
import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { queueNames } from '../../common/redis-keys.js';
import { RedisScreeningListStore } from '../../detector/screening/screening-list-store.js';
import type { IHello, ITenant, IUsageSegment } from '../../common/proto.js';
import {
  AdminClient,
  deliver,
  h100Gpus,
  hello,
  hourlySegments,
  longTermTenant,
} from '../helpers/agent-client.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';
import { startDetector, type Detector } from './detector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';

const hourMs = 3_600_000;
const days = 91;
// The last whole hour: every segment ends at or before the wall clock.
const endMs = Math.floor(Date.now() / hourMs) * hourMs;
const adminToken = 'admin-token-0123456789abcdef';
const agentId = 'node-e2e';

const agentHello: IHello = hello(agentId, { cluster: 'e2e', site: 'e2e', gpus: h100Gpus(agentId, 18) });

/** Hourly segments of one allocation on GPUs [first, first + count), every `everyHours`, ending at endMs. */
const hourly = (tenantId: string, first: number, count: number, everyHours = 1): IUsageSegment[] =>
  hourlySegments({ agentId, tenantId, first, count, hours: days * 24, endMs, everyHours });

const tenant = (tenantId: string, fields: Partial<ITenant>): ITenant =>
  longTermTenant(tenantId, endMs, fields);

let tr: TestRedis;
let collector: TestCollector;
let admin: AdminClient;
let detector: Detector | undefined;

beforeEach(async () => {
  tr = await openTestRedis();
  collector = await startTestCollector({
    redis: tr.redis,
    keys: tr.keys,
    auth: { adminTokenFile: tempFile('admin-token', `${adminToken}\n`) },
  });
  admin = new AdminClient({ address: collector.address, token: adminToken });
});

afterEach(async () => {
  detector?.signal('SIGKILL');
  await detector?.exited;
  detector = undefined;
  admin.close();
  await collector.stop();
  await tr.cleanup();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; detector log:\n${detector?.stderr() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gpuwatch detector end to end', () => {
  it('alerts on a long-term 8×H100 holder in a country of concern, records a verified NL customer as info, and leaves a bursty user alone', async () => {
    detector = await startDetector(testRedisUrl, tr.prefix);
    await admin.upsertTenants({
      tenants: [
        tenant('cn-holder', { country: 'CN', kyc_verified: false }),
        tenant('nl-customer', { country: 'NL', kyc_verified: true }),
        tenant('bursty', { country: 'DE', kyc_verified: true }),
      ],
    });
    const segments = [
      ...hourly('cn-holder', 0, 8),
      ...hourly('nl-customer', 8, 8),
      // Two GPUs for one hour in every 24.
      ...hourly('bursty', 16, 2, 24),
    ];
    const batches = [];
    for (let i = 0; i < segments.length; i += 1000) {
      batches.push({ seq: batches.length + 1, segments: segments.slice(i, i + 1000) });
    }
    await deliver({ address: () => collector.address, hello: agentHello, batches });

    const store = new RedisAlertStore({ redis: tr.redis, keys: tr.keys, clock: systemClock });
    const byTenant = (all: StoredAlert[], id: string): StoredAlert[] =>
      all.filter((a) => a.tenantIds.includes(id));
    const alerts = await until(
      'the alerts of cn-holder and nl-customer',
      async () => {
        const all = await store.list({});
        return byTenant(all, 'cn-holder').length > 0 && byTenant(all, 'nl-customer').length > 0
          ? all
          : undefined;
      },
      15_000,
    );
    // Every tenant has been evaluated with all its usage once no evaluation waits or runs.
    const queue = new Queue(queueNames.evaluate, { connection: tr.newClient(), prefix: tr.keys.queuePrefix });
    try {
      await until(
        'the evaluate queue to drain',
        async () => {
          const pending = await queue.getJobCountByTypes('wait', 'prioritized', 'active');
          const text = await (await fetch(detector?.metricsUrl ?? '')).text();
          const ok = Number(/gpuwatch_detector_evaluations_total\{result="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
          return ok >= 3 &&
            pending === 0 &&
            /gpuwatch_detector_queue_depth\{queue="evaluate"\} 0\b/.test(text)
            ? true
            : undefined;
        },
        10_000,
      );
    } finally {
      await queue.close();
    }
    const final = await store.list({});
    expect(final.map((a) => a.alertId).sort()).toEqual(alerts.map((a) => a.alertId).sort());

    const holder = byTenant(final, 'cn-holder');
    expect(holder.map((a) => [a.rule, a.informational, a.state])).toEqual([
      ['effective_ownership', false, 'open'],
    ]);
    expect(holder[0]?.evidence).toMatchObject({ meanConcurrentGpus: 8 });
    expect(holder[0]?.policyVersion).toMatch(/\S/);

    const nl = byTenant(final, 'nl-customer');
    expect(nl.map((a) => [a.rule, a.severity, a.informational])).toEqual([
      ['effective_ownership', 'info', true],
    ]);

    expect(byTenant(final, 'bursty')).toEqual([]);
    const listed = await admin.listAlerts({});
    expect(listed.alerts?.length).toBe(2);

    const text = await (await fetch(detector.metricsUrl)).text();
    expect(text).toMatch(
      /gpuwatch_detector_alerts_total\{rule="effective_ownership",severity="low",event="opened"\} 1/,
    );

    detector.signal('SIGTERM');
    expect(await detector.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('sweeps every tenant when a new screening list is imported, and raises the match', async () => {
    detector = await startDetector(testRedisUrl, tr.prefix, ['--screening-check-interval', '200ms']);
    await admin.upsertTenants({
      tenants: [tenant('zeta', { legal_name: 'Zeta Quantum Dynamics Co., Ltd.', country: 'CN' })],
    });
    const store = new RedisAlertStore({ redis: tr.redis, keys: tr.keys, clock: systemClock });
    // Evaluated before the list exists: nothing to match.
    await until(
      'a first evaluation',
      async () => {
        const text = await (await fetch(detector?.metricsUrl ?? '')).text();
        return /gpuwatch_detector_evaluations_total\{result="ok"\} [1-9]/.test(text) ? true : undefined;
      },
      10_000,
    );
    expect(await store.list({})).toEqual([]);

    await new RedisScreeningListStore({ redis: tr.redis, keys: tr.keys }).replace(
      [
        {
          id: 'e2e-1',
          source: 'Entity List (EL) - Bureau of Industry and Security',
          type: 'Entity',
          name: 'Zeta Quantum Dynamics Co. Ltd.',
          altNames: [],
          addresses: [{ country: 'CN', city: 'Shenzhen', text: 'Shenzhen, CN' }],
          ids: [],
          programs: ['EAR'],
          countries: ['CN'],
          startDate: '2024-01-01',
          remarks: '',
          originalText: '',
        },
      ],
      { importedAtMs: Date.now(), source: 'e2e.json' },
    );
    const [alert] = await until(
      'the screening match',
      async () => {
        const all = await store.list({ rule: 'screening_match' });
        return all.length > 0 ? all : undefined;
      },
      10_000,
    );
    expect(alert).toMatchObject({ rule: 'screening_match', tenantIds: ['zeta'], informational: false });
    // The periodic sweep may come first and raise the match itself: wait for the one the list
    // change asked for, rather than take the alert as proof of it.
    await until(
      'the sweep the list change asks for',
      () =>
        Promise.resolve(
          /"msg":"sweep enqueued"[^\n]*"reason":"screening"/.test(detector?.stderr() ?? '') || undefined,
        ),
      10_000,
    );
    expect(detector.stderr()).toContain('screening list changed');
  }, 30_000);
});
