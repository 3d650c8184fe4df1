/**
 * The scaled topology end to end: a 3-primary Redis Cluster (redis-server processes joined by
 * `redis-cli --cluster create`), two `gpuwatch collector` and two `gpuwatch detector` processes
 * on it, two agents each streaming to a different collector (and replaying to the other one).
 * The same scenario then runs against one standalone Redis with the same process topology, and
 * the two runs must agree exactly: every tenant's usage (Query.TenantUsage) and every alert.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import type { IHello, ITenant, ITenantUsageResponse, IUsageSegment } from '../../common/proto.js';
import { connectRedis, type RedisClient } from '../../common/redis.js';
import { RedisKeys, queueNames } from '../../common/redis-keys.js';
import {
  AdminClient,
  deliver,
  h100Gpus,
  hello,
  hourlySegments,
  longTermTenant,
  type Batch,
} from '../helpers/agent-client.js';
import { tempFile } from '../helpers/collector.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { PrivateRedisCluster, PrivateRedisServer } from '../helpers/redis.js';
import { startDetector, type Detector } from '../detector/detector-process.js';

const hourMs = 3_600_000;
const days = 91;
const endMs = Math.floor(Date.now() / hourMs) * hourMs;
const adminToken = 'admin-token-0123456789abcdef';
const hmacKey = 'cluster-e2e-hmac-key-0123456789abcdef';
const tenantIds = ['cn-holder', 'nl-customer', 'bursty'];

const agentHello = (agentId: string, spoolId = `spool-${agentId}`): IHello =>
  hello(agentId, { spool_id: spoolId, cluster: 'e2e', site: 'e2e', gpus: h100Gpus(agentId, 16) });

/** Hourly segments of one allocation on GPUs [first, first + count) of an agent, ending at endMs. */
const hourly = (
  agentId: string,
  tenantId: string,
  first: number,
  count: number,
  everyHours = 1,
): IUsageSegment[] =>
  hourlySegments({
    agentId,
    tenantId,
    first,
    count,
    hours: days * 24,
    endMs,
    everyHours,
    allocationId: `alloc-${tenantId}-${agentId}`,
  });

/** Interleaves allocations by time (an agent sends every allocation's segments as they end). */
function batches(...allocations: IUsageSegment[][]): Batch[] {
  const all = allocations.flat().sort((a, b) => Number(a.end_unix_ms) - Number(b.end_unix_ms));
  const out: Batch[] = [];
  for (let i = 0; i < all.length; i += 500)
    out.push({ seq: out.length + 1, segments: all.slice(i, i + 500) });
  return out;
}

const tenant = (tenantId: string, fields: Partial<ITenant>): ITenant =>
  longTermTenant(tenantId, endMs, fields);

// cn-holder holds 4 H100s on each node (8 in all), nl-customer 8 on node B, bursty 2 for one
// hour a day on node A: two agents, each tenant's usage written through both collectors.
const agentA = batches(hourly('node-a', 'cn-holder', 0, 4), hourly('node-a', 'bursty', 4, 2, 24));
const agentB = batches(hourly('node-b', 'cn-holder', 0, 4), hourly('node-b', 'nl-customer', 4, 8));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Outcome {
  readonly usage: Record<string, ITenantUsageResponse>;
  /** Alerts without their ids and wall-clock times, sorted. */
  readonly alerts: unknown[];
  readonly collectorLogs: string[];
}

function comparable(a: StoredAlert): unknown {
  return {
    rule: a.rule,
    tenantIds: a.tenantIds,
    severity: a.severity,
    state: a.state,
    informational: a.informational,
    policyVersion: a.policyVersion,
    evidence: a.evidence,
  };
}

/** The scenario on the Redis behind `url`: 2 collectors, 2 detectors, 2 agents. */
async function runScenario(url: string, client: RedisClient): Promise<Outcome> {
  const prefix = `gwtest-${Math.random().toString(16).slice(2, 10)}`;
  const keys = new RedisKeys(prefix);
  const env = { GPUWATCH_HMAC_KEY: hmacKey };
  const args = [
    '--redis',
    url,
    '--key-prefix',
    prefix,
    '--admin-token-file',
    tempFile('admin', `${adminToken}\n`),
  ];
  const collectors: CollectorProcess[] = [];
  const detectors: Detector[] = [];
  const admins: AdminClient[] = [];
  try {
    collectors.push(
      ...(await Promise.all([CollectorProcess.start(args, env), CollectorProcess.start(args, env)])),
    );
    detectors.push(...(await Promise.all([startDetector(url, prefix), startDetector(url, prefix)])));
    const [c1, c2] = collectors as [CollectorProcess, CollectorProcess];
    admins.push(
      new AdminClient({ address: c1.grpcAddress, token: adminToken }),
      new AdminClient({ address: c2.grpcAddress, token: adminToken }),
    );
    const [admin1, admin2] = admins as [AdminClient, AdminClient];
    await admin1.upsertTenants({
      tenants: [
        tenant('cn-holder', { country: 'CN', kyc_verified: false }),
        tenant('nl-customer', { country: 'NL', kyc_verified: true }),
        tenant('bursty', { country: 'DE', kyc_verified: true }),
      ],
    });
    // Each agent to its own collector, at the same time.
    await Promise.all([
      deliver({
        address: () => Promise.resolve(c1.grpcAddress),
        hello: agentHello('node-a'),
        batches: agentA,
      }),
      deliver({
        address: () => Promise.resolve(c2.grpcAddress),
        hello: agentHello('node-b'),
        batches: agentB,
      }),
    ]);
    // Then as if each had reconnected to the other collector and resent everything: node-a with
    // the same spool (whole-batch duplicates), node-b with a new spool (segment watermarks).
    await Promise.all([
      deliver({
        address: () => Promise.resolve(c2.grpcAddress),
        hello: agentHello('node-a'),
        batches: agentA,
      }),
      deliver({
        address: () => Promise.resolve(c1.grpcAddress),
        hello: agentHello('node-b', 'spool-node-b-2'),
        batches: agentB,
      }),
    ]);

    const store = new RedisAlertStore({ redis: client, keys, clock: systemClock });
    await until(
      'the alerts of cn-holder and nl-customer',
      async () => {
        const all = await store.list({});
        const of = (id: string): boolean => all.some((a) => a.tenantIds.includes(id));
        return of('cn-holder') && of('nl-customer') ? true : undefined;
      },
      30_000,
    );
    const queue = new Queue(queueNames.evaluate, { connection: client, prefix: keys.queuePrefix });
    try {
      await until(
        'the evaluate queue to drain',
        async () =>
          (await queue.getJobCountByTypes('wait', 'prioritized', 'active')) === 0 ? true : undefined,
        30_000,
      );
    } finally {
      await queue.close();
    }
    const usage: Record<string, ITenantUsageResponse> = {};
    for (const [i, id] of tenantIds.entries()) {
      // Either collector answers for any tenant: they share the store.
      usage[id] = await (i % 2 === 0 ? admin1 : admin2).tenantUsage({ tenant_id: id });
    }
    const alerts = (await store.list({}))
      .map(comparable)
      .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
    return { usage, alerts, collectorLogs: collectors.map((c) => c.stderr()) };
  } finally {
    for (const a of admins) a.close();
    for (const d of detectors) d.signal('SIGKILL');
    await Promise.all(detectors.map((d) => d.exited));
    await Promise.all(collectors.map((c) => c.kill()));
  }
}

let cluster: PrivateRedisCluster;
let single: PrivateRedisServer;

beforeAll(async () => {
  [cluster, single] = await Promise.all([
    PrivateRedisCluster.start({ primaries: 3 }),
    PrivateRedisServer.start(),
  ]);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  await single?.stop();
});

describe('gpuwatch on a 3-primary Redis Cluster', () => {
  it('two collectors and two detectors get exactly the totals and alerts of a single-node run', async () => {
    const clusterClient = connectRedis(cluster.url, { name: 'test', maxRetriesPerRequest: null });
    const singleClient = connectRedis(single.url, { name: 'test', maxRetriesPerRequest: null });
    try {
      const onCluster = await runScenario(cluster.url, clusterClient);
      const onSingle = await runScenario(single.url, singleClient);

      // What the scenario must give at all (so two empty runs cannot agree).
      const gpuSeconds = (id: string): number => Number(onCluster.usage[id]?.total_gpu_seconds ?? 0);
      expect(gpuSeconds('cn-holder')).toBe(8 * days * 24 * 3600);
      expect(gpuSeconds('nl-customer')).toBe(8 * days * 24 * 3600);
      expect(gpuSeconds('bursty')).toBe(2 * days * 3600);
      expect(onCluster.alerts).toMatchObject([
        { rule: 'effective_ownership', tenantIds: ['cn-holder'], informational: false, state: 'open' },
        { rule: 'effective_ownership', tenantIds: ['nl-customer'], severity: 'info', informational: true },
      ]);

      // And the cluster run is the single-node run, number for number.
      expect(onCluster.usage).toEqual(onSingle.usage);
      expect(onCluster.alerts).toEqual(onSingle.alerts);

      // The data really is spread: every primary holds some of the run's keys.
      const perNode = await Promise.all(cluster.nodes.map(async (n) => Number(await n.client().dbsize())));
      expect(perNode.every((count) => count > 0)).toBe(true);
      // Both collectors detected durability on every primary (cluster mode), none on one server.
      expect(onCluster.collectorLogs.join('\n')).toMatch(/cluster primar/);
    } finally {
      clusterClient.disconnect();
      singleClient.disconnect();
    }
  }, 90_000);
});
