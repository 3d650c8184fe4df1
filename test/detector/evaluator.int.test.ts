import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisTenantStore } from '../../collector/tenants/redis-tenant-store.js';
import { RedisUsageStore } from '../../collector/storage/redis-usage-store.js';
import type { TenantInput } from '../../collector/tenants/tenant-store.js';
import type { AgentContext, InventoryGpu, ValidSegment } from '../../collector/storage/usage-store.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { ManualClock } from '../../common/clock.js';
import { FleetWatermark } from '../../common/usage/fleet-watermark.js';
import { Evaluator } from '../../detector/evaluator.js';
import { RedisIdentityGraph } from '../../detector/linkage/identity-graph.js';
import { parsePolicy } from '../../detector/policy.js';
import { InMemoryScreeningListStore } from '../../detector/screening/screening-list-store.js';
import { RedisTenantProfileReader } from '../../detector/tenant-profile-reader.js';
import { RedisUsageReader } from '../../common/usage/usage-reader.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';
import { tenantInput } from '../helpers/tenant-fixtures.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const endMs = Date.parse('2026-06-01T00:00:00Z');
const policy = parsePolicy({ version: 'eval-test-1' });

const allGpus = Array.from({ length: 16 }, (_, i) => `GPU-h100-${i}`);
const gpus = allGpus.slice(0, 8);
const agent: AgentContext = {
  agentId: 'node-1',
  spoolId: 'spool-1',
  inventory: new Map(
    allGpus.map((uuid): [string, InventoryGpu] => [
      uuid,
      { uuid, chipModel: 'H100 SXM', controlClass: '3A090.a', weight: 1 },
    ]),
  ),
};

/** `hours` hourly segments of `gpuUuids`, ending at endMs. */
function hourly(
  tenantId: string,
  hours: number,
  gpuUuids: readonly string[],
  everyHours = 1,
): ValidSegment[] {
  const out: ValidSegment[] = [];
  for (let h = hours; h >= 1; h -= everyHours) {
    out.push({
      index: out.length,
      tenantId,
      allocationId: `${tenantId}-alloc`,
      gpuUuids: [...gpuUuids],
      gpuUtilization: 0.9,
      memoryUsedBytes: 1_000_000,
      source: 'kubernetes',
      workloadFingerprint: '',
      labels: {},
      startMs: endMs - h * hourMs,
      endMs: endMs - (h - 1) * hourMs,
    });
  }
  return out;
}

function tenant(tenant_id: string, fields: Partial<TenantInput>): TenantInput {
  return tenantInput(tenant_id, {
    legal_name: `${tenant_id} Ltd`,
    country: 'CN',
    account_created_unix_ms: Date.parse('2025-01-01T00:00:00Z'),
    incorporated_unix_ms: Date.parse('2020-01-01T00:00:00Z'),
    registration_number: `reg-${tenant_id}`,
    address: `${tenant_id} street 1`,
    payment_fingerprint: `card-${tenant_id}`,
    email: `ops@${tenant_id}.example`,
    ...fields,
  });
}

let tr: TestRedis;
let evaluator: Evaluator;
let alerts: RedisAlertStore;
let clock: ManualClock;

beforeEach(async () => {
  tr = await openTestRedis();
  const { redis, keys } = tr;
  clock = new ManualClock(endMs + 60_000);
  const graph = new RedisIdentityGraph({ redis, keys });
  alerts = new RedisAlertStore({ redis, keys, clock });
  evaluator = new Evaluator({
    identityGraph: graph,
    profiles: new RedisTenantProfileReader({ redis, keys }),
    usage: new RedisUsageReader({ redis, keys }),
    screening: new InMemoryScreeningListStore(),
    alerts,
    policy: () => policy,
    clock,
    fleetWatermark: new FleetWatermark({ redis, key: keys.fleetWatermark() }),
  });
  const tenants = new RedisTenantStore({ redis, keys, hmacKey: Buffer.from('evaluator-test') });
  await tenants.upsert(
    [
      tenant('holder', {}),
      tenant('bursty', { country: 'DE' }),
      tenant('verified', { country: 'NL', kyc_verified: true }),
    ],
    endMs,
  );
  const usage = new RedisUsageStore({ redis, keys });
  const segments = [
    ...hourly('holder', 91 * 24, gpus),
    ...hourly('verified', 91 * 24, allGpus.slice(8)),
    // Two GPUs for one hour in every 24: small and bursty.
    ...hourly('bursty', 91 * 24, gpus.slice(0, 2), 24),
  ];
  for (let i = 0, seq = 1; i < segments.length; i += 10_000, seq++) {
    await usage.storeBatch(agent, seq, segments.slice(i, i + 10_000), endMs);
  }
});
afterEach(() => tr.cleanup());

describe('Evaluator.evaluateTenant', () => {
  it('raises one effective-ownership alert for a long-term 8×H100 holder, the same one when evaluated twice', async () => {
    const first = await evaluator.evaluateTenant('holder');
    expect(first.watermarkMs).toBe(endMs);
    expect(first.outcomes.effective_ownership).toBe('opened');
    const second = await evaluator.evaluateTenant('holder');
    expect(second.outcomes.effective_ownership).toBe('unchanged');
    expect(second.findings).toEqual(first.findings);

    const stored = await alerts.list({});
    expect(stored).toHaveLength(1);
    const [alert] = stored;
    expect(alert).toMatchObject({
      rule: 'effective_ownership',
      clusterId: first.clusterId,
      tenantIds: ['holder'],
      state: 'open',
      informational: false,
      policyVersion: 'eval-test-1',
      lastSeenMs: endMs,
    });
    // The holder has used its GPUs for 91 days; the whole window and the hour before it are read.
    expect(alert?.evidence).toMatchObject({ meanConcurrentGpus: 8, tenureDays: 91 });
  });

  it('records a verified customer outside the countries of concern as informational, severity info', async () => {
    const result = await evaluator.evaluateTenant('verified');
    expect(result.findings.map((f) => [f.rule, f.severity, f.informational])).toEqual([
      ['effective_ownership', 'info', true],
    ]);
    const [record] = await alerts.list({});
    expect(record).toMatchObject({ rule: 'effective_ownership', severity: 'info', informational: true });
    expect(record?.evidence).toMatchObject({ severityIfAlert: 'low' });
  });

  it('resolves the alert once the condition has not held for the policy period (event time)', async () => {
    expect((await evaluator.evaluateTenant('holder')).outcomes.effective_ownership).toBe('opened');
    // The holder drops to one GPU for the next 8 days: the 90-day mean falls under 8.
    const laterMs = endMs + 8 * 24 * hourMs;
    const tail = hourly('holder', 8 * 24, gpus.slice(0, 1)).map((seg) => ({
      ...seg,
      startMs: seg.startMs + 8 * 24 * hourMs,
      endMs: seg.endMs + 8 * 24 * hourMs,
    }));
    await new RedisUsageStore({ redis: tr.redis, keys: tr.keys }).storeBatch(agent, 100, tail, laterMs);

    clock.set(endMs + 3 * 24 * hourMs);
    const early = await evaluator.evaluateTenant('holder');
    // The history still holds the episode; it ended before the instant judged.
    expect(early.episodes.effective_ownership?.at(-1)?.endMs).toBeLessThan(early.watermarkMs - dayMs);
    expect(early.outcomes.effective_ownership).toBe('unchanged');

    clock.set(laterMs + 60_000);
    const late = await evaluator.evaluateTenant('holder');
    expect(late.watermarkMs).toBe(laterMs);
    expect(late.outcomes.effective_ownership).toBe('resolved');
    const [alert] = await alerts.list({});
    expect(alert?.state).toBe('resolved');
  });

  it('judges history of any age: an owner that stopped 15 days ago is an episode of its time, recorded resolved', async () => {
    // 95 days of 8 GPUs on another node, ending 15 days before the fleet's end: the 90 days
    // before the wall clock never hold the condition, the history does.
    const node2: AgentContext = {
      agentId: 'node-2',
      spoolId: 'spool-2',
      inventory: new Map(
        gpus.map((g): [string, InventoryGpu] => [
          `${g}-n2`,
          { uuid: `${g}-n2`, chipModel: 'H100 SXM', controlClass: '3A090.a', weight: 1 },
        ]),
      ),
    };
    const stoppedMs = endMs - 15 * dayMs;
    const former = hourly('former', 95 * 24, [...node2.inventory.keys()]).map((seg) => ({
      ...seg,
      startMs: seg.startMs - 15 * dayMs,
      endMs: seg.endMs - 15 * dayMs,
    }));
    await new RedisTenantStore({
      redis: tr.redis,
      keys: tr.keys,
      hmacKey: Buffer.from('evaluator-test'),
    }).upsert([tenant('former', {})], endMs);
    const usage = new RedisUsageStore({ redis: tr.redis, keys: tr.keys });
    for (let i = 0, seq = 1; i < former.length; i += 10_000, seq++)
      await usage.storeBatch(node2, seq, former.slice(i, i + 10_000), endMs);

    const result = await evaluator.evaluateTenant('former');
    expect(result).toMatchObject({ judgedAt: 'fleet', watermarkMs: endMs });
    expect(result.episodes.effective_ownership?.map((e) => [e.startMs, e.endMs])).toEqual([
      [stoppedMs - 95 * dayMs, stoppedMs],
    ]);
    const [alert] = await alerts.list({ rule: 'effective_ownership' });
    expect(alert).toMatchObject({
      tenantIds: ['former'],
      state: 'resolved',
      firstSeenMs: stoppedMs - 95 * dayMs,
      lastSeenMs: stoppedMs,
    });
    // Judged again, nothing changes: the ledger is a function of the stored records.
    expect((await evaluator.evaluateTenant('former')).outcomes.effective_ownership).toBe('unchanged');
  });

  it('raises nothing for a small bursty tenant', async () => {
    const result = await evaluator.evaluateTenant('bursty');
    expect(result.findings).toEqual([]);
    await evaluator.evaluateTenant('bursty');
    expect(await alerts.list({})).toEqual([]);
  });

  it('judges the whole window when the wall clock is late in the hour after the last usage', async () => {
    // A read anchored on the wall clock alone (58 minutes past the watermark's hour, plus the
    // allowed skew) would miss the window's first hour and see a mean just under 8 GPUs.
    clock.set(endMs + 58 * 60_000);
    const result = await evaluator.evaluateTenant('holder');
    expect(result.watermarkMs).toBe(endMs);
    expect(result.outcomes.effective_ownership).toBe('opened');
  });

  it('caps the watermark at the wall clock plus the allowed skew', async () => {
    const clock = new ManualClock(endMs - 10 * hourMs);
    const { redis, keys } = tr;
    const graph = new RedisIdentityGraph({ redis, keys });
    const early = new Evaluator({
      identityGraph: graph,
      profiles: new RedisTenantProfileReader({ redis, keys }),
      usage: new RedisUsageReader({ redis, keys }),
      screening: new InMemoryScreeningListStore(),
      alerts,
      policy: () => policy,
      clock,
    });
    const result = await early.evaluateTenant('holder');
    expect(result.watermarkMs).toBe(endMs - 10 * hourMs + 5 * 60_000);
  });
});

describe('Evaluator.evaluateClusters (the sweep path)', () => {
  it('raises the same alerts as evaluating each tenant, so the sweep and the event path agree', async () => {
    const clusters = await evaluator.clusterAll();
    expect(clusters.map((c) => c.tenantIds).sort()).toEqual([['bursty'], ['holder'], ['verified']]);
    const swept = await evaluator.evaluateClusters(clusters);
    expect(swept.map((r) => [r.tenantId, r.outcomes.effective_ownership]).sort()).toEqual([
      ['bursty', 'none'],
      ['holder', 'opened'],
      ['verified', 'opened'],
    ]);
    const afterSweep = await alerts.list({});
    for (const id of ['holder', 'verified', 'bursty']) {
      const one = await evaluator.evaluateTenant(id);
      expect(Object.values(one.outcomes).every((o) => o === 'unchanged' || o === 'none')).toBe(true);
    }
    expect(await alerts.list({})).toEqual(afterSweep);
  });
});

describe('Evaluator: succession with same-node evidence', () => {
  /** `pred` holds 8 H100s for 30 days, stopping 20 days before endMs; `succ` takes over 5 days later. */
  async function succession(successorNode: string): Promise<Record<string, unknown> | undefined> {
    const { redis, keys } = tr;
    await new RedisTenantStore({ redis, keys, hmacKey: Buffer.from('evaluator-test') }).upsert(
      [
        tenant('pred', { payment_fingerprint: 'card-shared' }),
        tenant('succ', { payment_fingerprint: 'card-shared' }),
      ],
      endMs,
    );
    const shift = (segs: ValidSegment[], byMs: number): ValidSegment[] =>
      segs.map((seg) => ({ ...seg, startMs: seg.startMs - byMs, endMs: seg.endMs - byMs }));
    const usage = new RedisUsageStore({ redis, keys });
    await usage.storeBatch(agent, 300, shift(hourly('pred', 30 * 24, gpus), 20 * 24 * hourMs), endMs);
    const other: AgentContext = { ...agent, agentId: successorNode };
    const node = successorNode === agent.agentId ? agent : other;
    await usage.storeBatch(node, 301, shift(hourly('succ', 15 * 24, allGpus.slice(8)), 0), endMs);
    const result = await evaluator.evaluateTenant('succ');
    return result.findings.find((f) => f.rule === 'succession')?.evidence;
  }

  it('adds weight when the successor landed on the predecessor’s nodes', async () => {
    const evidence = await succession('node-1');
    expect(evidence).toMatchObject({ predecessor: 'pred', successor: 'succ' });
    const [pair] = (evidence?.pairs ?? []) as { sameNodes: boolean; score: number }[];
    expect(pair).toMatchObject({
      sameNodes: true,
      score: policy.succession.sharedIdentifierWeight + policy.succession.sameNodesWeight,
    });
  });

  it('finds the succession on other nodes too, without that weight', async () => {
    const evidence = await succession('node-2');
    const [pair] = (evidence?.pairs ?? []) as { sameNodes: boolean; score: number }[];
    expect(pair).toMatchObject({ sameNodes: false, score: policy.succession.sharedIdentifierWeight });
  });
});

describe('Evaluator with the fleet watermark (docs/design.md §2: per tenant and globally)', () => {
  /** Usage of another tenant for `days` after endMs: the fleet goes on while the holder is quiet. */
  async function fleetGoesOn(days: number): Promise<number> {
    const laterMs = endMs + days * 24 * hourMs;
    const others = hourly('bursty', days * 24, gpus.slice(0, 2)).map((seg) => ({
      ...seg,
      startMs: seg.startMs + days * 24 * hourMs,
      endMs: seg.endMs + days * 24 * hourMs,
    }));
    await new RedisUsageStore({ redis: tr.redis, keys: tr.keys }).storeBatch(
      agent,
      200 + days,
      others,
      laterMs,
    );
    clock.set(laterMs + 60_000);
    return laterMs;
  }

  it('resolves the alert of a holder that stopped using GPUs once the fleet has moved on for the policy period', async () => {
    expect((await evaluator.evaluateTenant('holder')).outcomes.effective_ownership).toBe('opened');
    expect(await new FleetWatermark({ redis: tr.redis, key: tr.keys.fleetWatermark() }).read()).toBe(endMs);

    // Three days on: the holder is quiet and judged at the fleet's time, the condition no longer
    // holds (its tenure ended), but the alert stays open within the resolve period.
    const threeDays = await fleetGoesOn(3);
    const early = await evaluator.evaluateTenant('holder');
    expect(early).toMatchObject({ judgedAt: 'fleet', watermarkMs: threeDays });
    // The history still holds the episode; it ended with the holder's last hour of usage.
    expect(early.episodes.effective_ownership?.at(-1)?.endMs).toBe(endMs);
    expect(early.outcomes.effective_ownership).toBe('unchanged');

    const eightDays = await fleetGoesOn(8);
    const late = await evaluator.evaluateTenant('holder');
    expect(late).toMatchObject({ judgedAt: 'fleet', watermarkMs: eightDays });
    expect(late.outcomes.effective_ownership).toBe('resolved');
    expect((await alerts.list({}))[0]?.state).toBe('resolved');
  });

  it('judges a cluster that reports normally at its own watermark, not at the fleet’s latest minutes', async () => {
    // The fleet is 50 minutes ahead of the holder's last full hour (another node reports later).
    await new FleetWatermark({ redis: tr.redis, key: tr.keys.fleetWatermark() }).advance(endMs + 50 * 60_000);
    clock.set(endMs + 55 * 60_000);
    const result = await evaluator.evaluateTenant('holder');
    expect(result).toMatchObject({ judgedAt: 'cluster', watermarkMs: endMs });
    expect(result.outcomes.effective_ownership).toBe('opened');
  });
});
