/**
 * The collector with the real Redis stores and BullMQ queue (shared test Redis, a key prefix per
 * test), over real gRPC and HTTP: exactly-once totals under replays, usage across hour, day and
 * month edges through Query.TenantUsage, tenants through Tenants.Upsert/Get, alerts through Query.ListAlerts, admin auth, health,
 * metrics and probes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { Queue } from 'bullmq';
import { alertIdFor } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { queueNames } from '../../common/redis-keys.js';
import type { ITenant, IUsageSegment } from '../../common/proto.js';
import {
  AdminClient,
  ReportStreamClient,
  deliver,
  grpcFailure,
  hello,
  segment,
  type Batch,
} from '../helpers/agent-client.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';

const minute = 60_000;
const hourMs = 3_600_000;
// A whole hour two hours back: every test segment lies well inside the accepted window.
const base = Math.floor(Date.now() / hourMs) * hourMs - 2 * hourMs;
const adminToken = 'admin-token-0123456789abcdef';

let t: TestRedis;
let c: TestCollector;
let admin: AdminClient;

beforeEach(async () => {
  t = await openTestRedis();
  c = await startTestCollector({
    redis: t.redis,
    keys: t.keys,
    auth: { adminTokenFile: tempFile('admin-token', `${adminToken}\n`) },
  });
  admin = new AdminClient({ address: c.address, token: adminToken });
});

afterEach(async () => {
  admin.close();
  await c.stop();
  await t.cleanup();
});

/** `count` one-minute segments of one allocation from minute `from` after `base`. */
function minutes(agentId: string, tenantId: string, from: number, count: number): IUsageSegment[] {
  return Array.from({ length: count }, (_, i) =>
    segment(agentId, tenantId, base + (from + i) * minute, base + (from + i + 1) * minute),
  );
}

/** Splits segments into batches of `size`, numbered from `firstSeq`. */
function batches(segments: readonly IUsageSegment[], size: number, firstSeq = 1): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < segments.length; i += size) {
    out.push({ seq: firstSeq + out.length, segments: segments.slice(i, i + size) });
  }
  return out;
}

async function totalSeconds(tenantId: string): Promise<number> {
  return (await admin.tenantUsage({ tenant_id: tenantId })).total_gpu_seconds ?? 0;
}

describe('exactly-once totals', () => {
  const segments = [...minutes('node-1', 'tenant-a', 0, 30)];

  it('counts batches sent twice once', async () => {
    const all = batches(segments, 10);
    await deliver({ address: () => c.address, hello: hello('node-1'), batches: all });
    await deliver({ address: () => c.address, hello: hello('node-1'), batches: all });
    expect(await totalSeconds('tenant-a')).toBe(30 * 60);
  });

  it('counts a stream cut mid-way and resent once', async () => {
    const all = batches(segments, 5);
    const cut = ReportStreamClient.open({ address: c.address });
    cut.sendHello(hello('node-1'));
    for (const b of all.slice(0, 4)) cut.sendBatch(b.seq, b.segments);
    await cut.waitForAck(2);
    cut.cancel();
    expect((await cut.status).code).toBe(status.CANCELLED);
    // The agent only knows what was acked before the cut; it resends everything after.
    const acked = cut.ackedSeq;
    await deliver({
      address: () => c.address,
      hello: hello('node-1'),
      batches: all.filter((b) => b.seq > acked),
    });
    expect(await totalSeconds('tenant-a')).toBe(30 * 60);
  });

  it('counts segments re-batched under new seq numbers once', async () => {
    await deliver({
      address: () => c.address,
      hello: hello('node-1'),
      batches: batches(segments.slice(0, 20), 7),
    });
    // A new spool (wiped disk) restarts seq at 1 and re-sends overlapping data in other batches.
    await deliver({
      address: () => c.address,
      hello: hello('node-1', { spool_id: 'spool-after-reinstall' }),
      batches: batches(segments, 4),
    });
    // The old spool again, with seq numbers it never used for these segments.
    await deliver({ address: () => c.address, hello: hello('node-1'), batches: batches(segments, 9, 100) });
    expect(await totalSeconds('tenant-a')).toBe(30 * 60);
  });

  it('queues one evaluation per changed tenant however many batches arrive', async () => {
    await deliver({
      address: () => c.address,
      hello: hello('node-1'),
      batches: batches([...minutes('node-1', 'tenant-a', 0, 6)], 2),
    });
    const queue = new Queue(queueNames.evaluate, { connection: t.newClient(), prefix: t.keys.queuePrefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
      expect(jobs.map((j) => j.data as unknown)).toEqual([
        { tenantId: 'tenant-a', reason: 'usage', enqueuedAtMs: expect.any(Number) as number },
      ]);
    } finally {
      await queue.close();
    }
  });
});

describe('Query.TenantUsage across calendar edges', () => {
  // The start of the previous UTC month: always 28–62 days back, inside the accepted window.
  const now = new Date();
  const monthEdge = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

  beforeEach(async () => {
    // One hour-long segment across the edge: 30 min in the old month, 30 min in the new one.
    await deliver({
      address: () => c.address,
      hello: hello('node-1'),
      batches: [
        {
          seq: 1,
          segments: [segment('node-1', 'tenant-m', monthEdge - 30 * minute, monthEdge + 30 * minute)],
        },
      ],
    });
  });

  it('splits a segment at the hour, day and month edge it crosses', async () => {
    const usage = await admin.tenantUsage({ tenant_id: 'tenant-m' });
    expect(usage.total_gpu_seconds).toBe(3600);
    expect(usage.rows).toEqual([
      {
        day: day(monthEdge - 1),
        chip_model: 'H100 SXM',
        control_class: '3A090.a',
        gpu_seconds: 1800,
        h100e_seconds: 1800,
      },
      {
        day: day(monthEdge),
        chip_model: 'H100 SXM',
        control_class: '3A090.a',
        gpu_seconds: 1800,
        h100e_seconds: 1800,
      },
    ]);
  });

  it.each([
    ['the old month only', 0, monthEdge, 1800],
    ['the new month only', monthEdge, 0, 1800],
    ['the hour after the edge', monthEdge, monthEdge + hourMs, 1800],
    ['the hour before the edge', monthEdge - hourMs, monthEdge, 1800],
    ['both hours', monthEdge - hourMs, monthEdge + hourMs, 3600],
    ['the day before', monthEdge - 86_400_000, monthEdge, 1800],
    ['a range after the segment', monthEdge + hourMs, monthEdge + 2 * hourMs, 0],
  ])('counts exactly the part inside %s', async (_name, from, to, seconds) => {
    const usage = await admin.tenantUsage({ tenant_id: 'tenant-m', from_unix_ms: from, to_unix_ms: to });
    expect(usage.total_gpu_seconds).toBe(seconds);
  });

  it('widens a range that is not on whole hours, and says so', async () => {
    const usage = await admin.tenantUsage({
      tenant_id: 'tenant-m',
      from_unix_ms: monthEdge + 10 * minute,
      to_unix_ms: monthEdge + 20 * minute,
    });
    expect(usage.effective_from_unix_ms).toBe(monthEdge);
    expect(usage.effective_to_unix_ms).toBe(monthEdge + hourMs);
    expect(usage.total_gpu_seconds).toBe(1800);
  });

  it('refuses an inverted range, naming both ends', async () => {
    const details = await grpcFailure(
      admin.tenantUsage({ tenant_id: 'tenant-m', from_unix_ms: monthEdge, to_unix_ms: monthEdge - 1 }),
      status.INVALID_ARGUMENT,
    );
    expect(details).toBe(
      `to_unix_ms: expected 0 (now) or after from_unix_ms ${monthEdge}, got ${monthEdge - 1}`,
    );
  });
});

describe('Tenants', () => {
  const tenant: ITenant = {
    tenant_id: 'acme',
    legal_name: 'Acme Compute Ltd',
    aliases: ['Acme'],
    country: 'hk',
    account_created_unix_ms: 1_700_000_000_000,
    payment_fingerprint: 'card-123',
    email: 'ops@acme.example',
    admin_ips: ['203.0.113.7'],
    kyc_verified: true,
    attributes: { segment: 'enterprise' },
  };

  it('stores a tenant and gives it back, linkage attributes as digests', async () => {
    const response = await admin.upsertTenants({ tenants: [tenant] });
    expect(response).toMatchObject({ upserted: 1, rejected: [] });
    const stored = await admin.getTenant('acme');
    expect(stored).toMatchObject({
      tenant_id: 'acme',
      legal_name: 'Acme Compute Ltd',
      aliases: ['Acme'],
      country: 'HK',
      account_created_unix_ms: 1_700_000_000_000,
      kyc_verified: true,
      attributes: { segment: 'enterprise' },
    });
    expect(stored.payment_fingerprint).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(stored.email).toMatch(/^hmac-sha256:/);
    expect(stored.admin_ips).toEqual([expect.stringMatching(/^hmac-sha256:/)]);

    const queue = new Queue(queueNames.evaluate, { connection: t.newClient(), prefix: t.keys.queuePrefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
      expect(jobs.map((j) => (j.data as { tenantId: string; reason: string }).reason)).toEqual(['profile']);
    } finally {
      await queue.close();
    }
  });

  it('rejects a bad tenant alone, with its index, field and reason', async () => {
    const response = await admin.upsertTenants({
      tenants: [
        tenant,
        { ...tenant, tenant_id: 'beta', admin_ips: ['10.0.0.1', 'not-an-ip'] },
        { ...tenant, tenant_id: 'gamma', country: 'China' },
      ],
    });
    expect(response.upserted).toBe(1);
    expect(response.rejected).toEqual([
      {
        index: 1,
        field: 'admin_ips[1]',
        reason: 'expected an IPv4 or IPv6 address (optionally /prefix), got "not-an-ip"',
      },
      { index: 2, field: 'country', reason: 'expected an ISO 3166-1 alpha-2 code such as "CN", got "China"' },
    ]);
    await grpcFailure(admin.getTenant('beta'), status.NOT_FOUND);
  });

  it('answers NOT_FOUND naming the id', async () => {
    expect(await grpcFailure(admin.getTenant('nobody'), status.NOT_FOUND)).toBe('tenant "nobody" not found');
  });

  it('refuses a request with more than 10 000 tenants', async () => {
    const tenants = Array.from({ length: 10_001 }, (_, i) => ({ tenant_id: `t${i}` }));
    expect(await grpcFailure(admin.upsertTenants({ tenants }), status.INVALID_ARGUMENT)).toBe(
      'tenants: expected at most 10000 per request, got 10001; send smaller requests',
    );
  });

  it('needs the admin token', async () => {
    const anonymous = new AdminClient({ address: c.address });
    const wrong = new AdminClient({ address: c.address, token: 'not-the-admin-token-at-all' });
    try {
      expect(await grpcFailure(anonymous.getTenant('acme'), status.UNAUTHENTICATED)).toMatch(
        /needs the admin token/,
      );
      expect(await grpcFailure(wrong.upsertTenants({ tenants: [tenant] }), status.PERMISSION_DENIED)).toBe(
        'not the admin token (--admin-token-file)',
      );
      await grpcFailure(wrong.tenantUsage({ tenant_id: 'acme' }), status.PERMISSION_DENIED);
    } finally {
      anonymous.close();
      wrong.close();
    }
  });
});

describe('Query.ListAlerts', () => {
  it('answers from the alert store, newest first, filtered, and rejects bad filters by name', async () => {
    const store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: systemClock });
    for (const [clusterId, rule, lastSeenMs] of [
      ['c-1', 'structuring', base],
      ['c-2', 'shell_ring', base + hourMs],
    ] as const) {
      await store.applyFinding(
        {
          rule,
          severity: 'high',
          score: 3.5,
          tenantIds: ['t-2', 't-1'],
          anchorTenantId: 't-1',
          clusterId,
          firstSeenMs: base - hourMs,
          lastSeenMs,
          informational: false,
          evidence: { gpu_count: 64 },
        },
        'policy-7',
        lastSeenMs,
      );
    }
    const all = await admin.listAlerts({});
    expect(all.alerts?.map((a) => a.rule)).toEqual(['shell_ring', 'structuring']);
    expect(all.alerts?.[0]).toMatchObject({
      alert_id: alertIdFor('shell_ring', 'c-2', base - hourMs),
      severity: 'high',
      score: 3.5,
      tenant_ids: ['t-1', 't-2'],
      anchor_tenant_id: 't-1',
      state: 'open',
      policy_version: 'policy-7',
    });
    expect(Number(all.alerts?.[0]?.last_seen_unix_ms)).toBe(base + hourMs);
    expect(JSON.parse(all.alerts?.[0]?.evidence_json ?? '')).toEqual({ cluster_id: 'c-2', gpu_count: 64 });

    const filtered = await admin.listAlerts({ rule: 'structuring', state: 'open', limit: 5 });
    expect(filtered.alerts?.map((a) => a.rule)).toEqual(['structuring']);
    expect((await admin.listAlerts({ state: 'resolved' })).alerts ?? []).toEqual([]);

    expect(await grpcFailure(admin.listAlerts({ state: 'closed' }), status.INVALID_ARGUMENT)).toBe(
      'state: expected one of open, acknowledged, suppressed, resolved (or "" for any), got "closed"',
    );
    // A page size above the maximum is coerced to it (AIP-158), not refused.
    const failure = await grpcFailure(
      admin.listAlerts({ rule: 'nope', limit: 5000 }),
      status.INVALID_ARGUMENT,
    );
    expect(failure).toMatch(/^rule: expected one of effective_ownership, .* got "nope"$/s);
    expect((await admin.listAlerts({ limit: 5000 })).alerts).toHaveLength(2);
    const stranger = new AdminClient({ address: c.address, token: 'wrong-token-0123456789' });
    try {
      await grpcFailure(stranger.listAlerts({}), status.PERMISSION_DENIED);
    } finally {
      stranger.close();
    }
  });

  it('pages with opaque tokens, each alert once, and refuses a token that is not one', async () => {
    const store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: systemClock });
    // Seven alerts, three of them sharing one last_seen (ties are ordered by id).
    for (let i = 0; i < 7; i++) {
      const lastSeenMs = base + (i < 3 ? 0 : i) * hourMs;
      await store.applyFinding(
        {
          rule: i % 2 === 0 ? 'structuring' : 'shell_ring',
          severity: 'high',
          score: 1,
          tenantIds: [`t-${i}`],
          anchorTenantId: `t-${i}`,
          clusterId: `c-${i}`,
          firstSeenMs: base - hourMs,
          lastSeenMs,
          informational: false,
          evidence: {},
        },
        'policy-7',
        lastSeenMs,
      );
    }
    const whole = (await admin.listAlerts({})).alerts?.map((a) => a.alert_id) ?? [];
    expect(whole).toHaveLength(7);
    const paged: string[] = [];
    const tokens: string[] = [];
    let token = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await admin.listAlerts({ limit: 3, page_token: token });
      paged.push(...(page.alerts ?? []).map((a) => a.alert_id ?? ''));
      token = page.next_page_token ?? '';
      if (token === '') break;
      tokens.push(token);
    }
    expect(paged).toEqual(whole);
    expect(tokens).toHaveLength(2);
    // Filters travel with the token: the structuring alerts, two at a time.
    const first = await admin.listAlerts({ rule: 'structuring', limit: 2 });
    const second = await admin.listAlerts({
      rule: 'structuring',
      limit: 2,
      page_token: first.next_page_token ?? '',
    });
    expect(second.next_page_token).toBe('');
    expect([...(first.alerts ?? []), ...(second.alerts ?? [])].map((a) => a.rule)).toEqual(
      Array(4).fill('structuring'),
    );

    expect(await grpcFailure(admin.listAlerts({ page_token: 'not a token' }), status.INVALID_ARGUMENT)).toBe(
      'page_token: expected "" or the next_page_token of an earlier ListAlerts with the same state and rule, got "not a token"',
    );
    expect(
      await grpcFailure(
        admin.listAlerts({ rule: 'shell_ring', page_token: tokens[0] ?? '' }),
        status.INVALID_ARGUMENT,
      ),
    ).toMatch(
      /^page_token: expected "" or the next_page_token of an earlier ListAlerts with the same state and rule/,
    );
    const forged = Buffer.from(JSON.stringify({ v: 1, s: 'x', i: 1, st: '', r: '' })).toString('base64url');
    await grpcFailure(admin.listAlerts({ page_token: forged }), status.INVALID_ARGUMENT);
  });

  it('says so when the collector has no alert store, rather than answering "no alerts"', async () => {
    const bare = await startTestCollector({
      auth: { adminTokenFile: tempFile('admin-token', `${adminToken}\n`) },
    });
    const client = new AdminClient({ address: bare.address, token: adminToken });
    try {
      expect(await grpcFailure(client.listAlerts({}), status.UNIMPLEMENTED)).toMatch(/no alert store/);
    } finally {
      client.close();
      await bare.stop();
    }
  });
});

describe('health, probes and metrics', () => {
  it('serves gRPC health, /healthz, /readyz and /metrics', async () => {
    expect(await admin.healthCheck()).toEqual({ status: 1 }); // SERVING
    expect(await admin.healthCheck('gpuwatch.v1.Telemetry')).toEqual({ status: 1 });
    await grpcFailure(admin.healthCheck('no.such.Service'), status.NOT_FOUND);

    const healthz = await fetch(`${c.httpUrl}/healthz`);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`${c.httpUrl}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({
      ready: true,
      redis: 'ready',
      listening: true,
      draining: false,
    });

    await deliver({
      address: () => c.address,
      hello: hello('node-1'),
      batches: batches(minutes('node-1', 'tenant-a', 0, 3), 3),
    });
    const metrics = await fetch(`${c.httpUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain('gpuwatch_collector_segments_stored_total 3');
    expect(text).toContain('gpuwatch_collector_streams_total{result="ok"} 1');

    expect((await fetch(`${c.httpUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${c.httpUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('turns NOT_SERVING and not ready while shutting down', async () => {
    await c.collector.shutdown();
    expect(c.collector.readiness.report()).toMatchObject({ ready: false, draining: true });
  });
});
