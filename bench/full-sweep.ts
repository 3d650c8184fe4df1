/**
 * The detector's sweep as production runs it (issue 4 goal: 100 000 tenants with 90 days of
 * hourly usage in ≤ 60 s on this machine): everything bench/detector-sweep.ts leaves out.
 *
 *   npm run build && node dist/bench/full-sweep.js [--tenants 100000] [--days 90] [--concurrency 4] [--chunk 250] [--keep]
 *
 * Redis: GPUWATCH_BENCH_REDIS_URL, else GPUWATCH_TEST_REDIS_URL, else redis://127.0.0.1:6379; keys
 * under a random prefix `bench-<hex>`, deleted at the end (unless --keep).
 *
 * Set-up (not timed): the fleet of bench/sweep-fleet.ts — usage in the collector's aggregate
 * layout, profiles with linkage attributes through the collector's RedisTenantStore (HMAC digests
 * and the identity index; ring members share a card, 60 % use a free-mail domain, 10 % sit behind
 * one of 50 NAT addresses), the sample screening list (deploy/screening/sample-csl.csv), the fleet
 * watermark at the end of the period.
 *
 * Timed: `EvaluationWorker.sweep()` enqueues every tenant on the BullMQ `evaluate` queue, and the
 * worker (in this process, `--concurrency` jobs at once; the linkage pass in a worker thread, as
 * in `gpuwatch detector`) runs the real Evaluator on each: linkage
 * (`clusterOf` over the identity index), profiles, 90 days of usage for every member, screening
 * of every member's names, the seven rules, and the alert store's lifecycle writes. The clock
 * stands one minute after the period's end, as a live detector's would.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { RedisTenantStore } from '../collector/tenants/redis-tenant-store.js';
import { alertRules } from '../common/alerts/alert-model.js';
import { RedisAlertStore } from '../common/alerts/alert-store.js';
import { ManualClock } from '../common/clock.js';
import { FleetWatermark } from '../common/usage/fleet-watermark.js';
import { silentLogger } from '../common/logger.js';
import { RedisKeys } from '../common/redis-keys.js';
import { deleteKeysWithPrefix } from '../common/redis.js';
import { DetectorMetrics } from '../detector/detector-metrics.js';
import { EvaluationWorker } from '../detector/evaluation-worker.js';
import { Evaluator } from '../detector/evaluator.js';
import { RedisIdentityGraph } from '../detector/linkage/identity-graph.js';
import { linkPopulationInThread } from '../detector/linkage/linkage-thread.js';
import { defaultPolicy, type Policy } from '../detector/policy.js';
import { parseCsl } from '../detector/screening/csl-import.js';
import { RedisScreeningListStore } from '../detector/screening/screening-list-store.js';
import { RedisTenantProfileReader } from '../detector/tenant-profile-reader.js';
import { RedisUsageReader } from '../common/usage/usage-reader.js';
import { tenantInput, writeFleetUsage } from './sweep-fleet.js';
import { randomBytes } from 'node:crypto';
import { argInt, benchRedisUrl } from './bench-support.js';

const tenantCount = argInt('tenants', 100_000);
const days = argInt('days', 90);
const concurrency = argInt('concurrency', 4);
const chunk = argInt('chunk', 250);
const keep = process.argv.includes('--keep');
const url = benchRedisUrl;
const endMs = Date.UTC(2026, 5, 1);
const policy: Policy = { ...defaultPolicy, version: 'bench' };
const round = (x: number): number => Math.round(x * 100) / 100;

async function setUp(redis: Redis, keys: RedisKeys, clock: ManualClock): Promise<void> {
  const written = await writeFleetUsage(redis, keys, tenantCount, days, endMs);
  const tenants = new RedisTenantStore({ redis, keys, hmacKey: Buffer.from('bench-hmac-key') });
  for (let from = 0; from < tenantCount; from += 1000) {
    const batch = [];
    for (let i = from; i < Math.min(from + 1000, tenantCount); i++) batch.push(tenantInput(i, days, endMs));
    await tenants.upsert(batch, endMs);
  }
  const csl = parseCsl(
    readFileSync(new URL('../../deploy/screening/sample-csl.csv', import.meta.url), 'utf8'),
    'sample-csl.csv',
  );
  await new RedisScreeningListStore({ redis, keys }).replace(csl.entries, {
    importedAtMs: clock.nowMs(),
    source: 'sample-csl.csv',
  });
  await new FleetWatermark({ redis, key: keys.fleetWatermark() }).advance(endMs);
  console.log(
    `set up ${tenantCount} tenants × ${days} days (${written.dayHashes} day hashes), profiles with linkage ` +
      `attributes, ${csl.entries.length} screening entries`,
  );
}

async function main(): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const workerRedis = new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const keys = new RedisKeys(prefix);
  const clock = new ManualClock(endMs + 60_000);
  let worker: EvaluationWorker | undefined;
  try {
    await setUp(redis, keys, clock);
    const alerts = new RedisAlertStore({ redis, keys, clock });
    const evaluator = new Evaluator({
      identityGraph: new RedisIdentityGraph({ redis, keys }),
      // As `gpuwatch detector` does: the sweep's linkage in a worker thread.
      linkPopulation: (linkage) => linkPopulationInThread(url, prefix, linkage),
      profiles: new RedisTenantProfileReader({ redis, keys }),
      usage: new RedisUsageReader({ redis, keys }),
      screening: new RedisScreeningListStore({ redis, keys }),
      alerts,
      policy: () => policy,
      clock,
      fleetWatermark: new FleetWatermark({ redis, key: keys.fleetWatermark() }),
    });
    const registry = new Registry();
    const metrics = new DetectorMetrics(registry, () => Promise.resolve(0));
    const running = new EvaluationWorker({
      redis,
      workerRedis,
      keys,
      evaluator,
      metrics,
      logger: silentLogger,
      clock,
      concurrency,
      sweepChunkTenants: chunk,
      sweepIntervalMs: 24 * 3_600_000,
    });
    worker = running;
    const evaluated = async (): Promise<{ ok: number; error: number }> => {
      const values = (await metrics.evaluations.get()).values;
      const of = (result: string): number => values.find((v) => v.labels.result === result)?.value ?? 0;
      return { ok: of('ok'), error: of('error') };
    };

    // How long the sweep holds the event loop (evaluations, metrics and lock renewals wait that long).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const t0 = performance.now();
    const { tenants: enqueued, clusters } = await running.sweep('sweep');
    const enqueueS = (performance.now() - t0) / 1000;
    await running.start();
    let done = await evaluated();
    let lastReport = performance.now();
    // Evaluations count clusters. The scheduler's own first sweep may enqueue some again once they
    // finished: count the first `clusters` evaluations.
    while (done.ok + done.error < clusters) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = await evaluated();
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(
          `  ${done.ok + done.error} of ${enqueued} evaluated after ${((lastReport - t0) / 1000).toFixed(0)} s`,
        );
      }
    }
    const totalS = (performance.now() - t0) / 1000;
    loopDelay.disable();

    const byRule: Record<string, number> = {};
    for (const rule of alertRules) {
      const found = await alerts.list({ rule, limit: 1000 });
      if (found.length > 0) byRule[rule] = found.length;
    }
    const result = {
      bench: 'full-sweep',
      tenants: tenantCount,
      days,
      concurrency,
      chunk,
      enqueueSeconds: round(enqueueS),
      sweepSeconds: round(totalS),
      clusters,
      tenantsPerSecond: Math.round(enqueued / totalS),
      errors: done.error,
      eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
      eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
      alertsByRule: byRule,
    };
    console.log(
      `full sweep: ${enqueued} tenants (${clusters} clusters) in ${totalS.toFixed(1)} s (${result.tenantsPerSecond} tenants/s, ` +
        `enqueue ${result.enqueueSeconds} s), ${done.error} errors; event loop delay p99 ${result.eventLoopDelayP99Ms} ms, ` +
        `max ${result.eventLoopDelayMaxMs} ms; alerts ${JSON.stringify(byRule)}`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await worker?.close(5000);
    if (!keep) await deleteKeysWithPrefix(redis, prefix);
    else console.log(`kept keys under ${prefix}:`);
    redis.disconnect();
    workerRedis.disconnect();
  }
}

await main();
