import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { ManualClock } from '../../common/clock.js';
import { evaluateJobName, evaluateJobRetry } from '../../common/jobs.js';
import { silentLogger } from '../../common/logger.js';
import { DetectorMetrics } from '../../detector/detector-metrics.js';
import { EvaluationWorker } from '../../detector/evaluation-worker.js';
import { Evaluator } from '../../detector/evaluator.js';
import type { Cluster } from '../../detector/model.js';
import { RedisIdentityGraph } from '../../detector/linkage/identity-graph.js';
import { parsePolicy } from '../../detector/policy.js';
import { InMemoryScreeningListStore } from '../../detector/screening/screening-list-store.js';
import { RedisTenantProfileReader } from '../../detector/tenant-profile-reader.js';
import { RedisUsageReader } from '../../common/usage/usage-reader.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';

const policy = parsePolicy({ version: 'worker-test-1' });
let tr: TestRedis;
let registry: Registry;
let worker: EvaluationWorker;
let evaluated: string[];
/** Tenants whose next evaluation throws (a transient failure), once each. */
let failNext: Set<string>;
let clock: ManualClock;

beforeEach(async () => {
  tr = await openTestRedis();
  const { redis, keys } = tr;
  clock = new ManualClock(Date.parse('2026-06-01T00:00:00Z'));
  const graph = new RedisIdentityGraph({ redis, keys });
  const evaluator = new Evaluator({
    identityGraph: graph,
    profiles: new RedisTenantProfileReader({ redis, keys }),
    usage: new RedisUsageReader({ redis, keys }),
    screening: new InMemoryScreeningListStore(),
    alerts: new RedisAlertStore({ redis, keys, clock }),
    policy: () => policy,
    clock,
  });
  evaluated = [];
  failNext = new Set();
  const counting = {
    evaluateTenant: async (tenantId: string) => {
      evaluated.push(tenantId);
      if (failNext.delete(tenantId)) throw new Error(`transient failure evaluating ${tenantId}`);
      return evaluator.evaluateTenant(tenantId);
    },
    clusterAll: () => evaluator.clusterAll(),
    evaluateClusters: async (clusters: readonly Cluster[]) => {
      evaluated.push(...clusters.flatMap((c) => c.tenantIds));
      return evaluator.evaluateClusters(clusters);
    },
  } as unknown as Evaluator;
  registry = new Registry();
  const metrics = new DetectorMetrics(registry, () => worker.depth());
  const workerRedis = tr.newClient();
  workerRedis.options.maxRetriesPerRequest = null;
  worker = new EvaluationWorker({
    redis,
    workerRedis,
    keys,
    evaluator: counting,
    metrics,
    logger: silentLogger,
    clock,
    sweepIntervalMs: 3_600_000,
    sweepChunkTenants: 2,
  });
});
afterEach(async () => {
  await worker.close(2000);
  await tr.cleanup();
});

describe('EvaluationWorker', () => {
  it('sweeps every tenant in chunks, a pending chunk not doubled by the next sweep, and counts the evaluations', async () => {
    await tr.redis.sadd(tr.keys.tenants(), 'a', 'b', 'c', 'd', 'e');
    expect(await worker.sweep('sweep')).toEqual({ tenants: 5, clusters: 5 });
    expect(await worker.sweep('sweep')).toEqual({ tenants: 5, clusters: 5 });
    // Chunks of two tenants: {a,b}, {c,d}, {e}.
    expect(await worker.depth()).toBe(3);
    await worker.start();
    const okCount = async (): Promise<number> =>
      Number(
        /gpuwatch_detector_evaluations_total\{result="ok"\} (\d+)/.exec(await registry.metrics())?.[1] ?? 0,
      );
    const deadline = Date.now() + 10_000;
    // The scheduler's first sweep may add one more round after the first five are done.
    while ((await okCount()) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect([...new Set(evaluated)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await okCount()).toBeGreaterThanOrEqual(5);
    expect(await registry.metrics()).toContain('gpuwatch_detector_queue_depth{queue="evaluate"}');
  });

  it('retries a failed evaluation with backoff until it succeeds', async () => {
    failNext.add('flaky');
    // As the collector enqueues it.
    await worker.queue.add(
      evaluateJobName,
      { tenantId: 'flaky', reason: 'usage', enqueuedAtMs: clock.nowMs() },
      { ...evaluateJobRetry, deduplication: { id: 'flaky' } },
    );
    await worker.start();
    const count = async (result: string): Promise<number> =>
      Number(
        new RegExp(`gpuwatch_detector_evaluations_total\\{result="${result}"\\} (\\d+)`).exec(
          await registry.metrics(),
        )?.[1] ?? 0,
      );
    const deadline = Date.now() + 15_000;
    while ((await count('ok')) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await count('error')).toBe(1);
    expect(await count('ok')).toBe(1);
    expect(evaluated.filter((t) => t === 'flaky')).toHaveLength(2);
    const latencies = /gpuwatch_detector_enqueue_to_evaluated_seconds_count (\d+)/.exec(
      await registry.metrics(),
    );
    expect(Number(latencies?.[1])).toBe(1);
  });

  it('keeps one sweep schedule however many replicas upsert it', async () => {
    const replicaRedis = tr.newClient();
    replicaRedis.options.maxRetriesPerRequest = null;
    const replica = new EvaluationWorker({
      redis: tr.newClient(),
      workerRedis: replicaRedis,
      keys: tr.keys,
      evaluator: {} as Evaluator,
      metrics: new DetectorMetrics(new Registry(), () => Promise.resolve(0)),
      logger: silentLogger,
      clock: new ManualClock(0),
      sweepIntervalMs: 3_600_000,
    });
    try {
      await worker.start();
      await replica.start();
      expect(await worker.queue.getJobSchedulersCount()).toBe(1);
    } finally {
      await replica.close(2000);
    }
  });
});
