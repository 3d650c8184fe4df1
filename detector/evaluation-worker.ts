/**
 * The detector's side of the `evaluate` queue (docs/design.md §6, Triggering): a BullMQ worker that
 * evaluates one tenant per job, and the periodic sweep. The sweep is a BullMQ job scheduler
 * upserted under one fixed id: however many replicas upsert it, Redis holds one schedule and
 * one pending sweep job, so the sweep runs from one place only. Its job enqueues every tenant
 * with the same per-tenant deduplication as the collector, so a sweep never doubles a pending job.
 */
import { createHash } from 'node:crypto';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { RedisClient } from '../common/redis.js';
import type { Clock } from '../common/clock.js';
import type { NumberRange } from '../common/config-schema.js';
import { beforeDeadline, timedOut } from '../common/deadline.js';
import { errorMessage } from '../common/errors.js';
import { evaluateJobRetry, type EvaluateJob } from '../common/jobs.js';
import type { Logger } from '../common/logger.js';
import { queueNames, type RedisKeys } from '../common/redis-keys.js';
import type { DetectorMetrics } from './detector-metrics.js';
import type { Evaluator } from './evaluator.js';
import type { Cluster } from './model.js';

/** Longest close() waits for the queue's connection after the worker, ms: Redis may be gone. */
const queueCloseMs = 2000;

/** Name of the sweep jobs and id of their scheduler. */
export const sweepJobName = 'sweep';

/** Payload of a sweep job: why every tenant is re-evaluated. */
export interface SweepJob {
  readonly reason: 'sweep' | 'policy' | 'screening';
}

/** Name of the jobs a sweep splits the population into. */
export const sweepChunkJobName = 'sweep-chunk';

/** Payload of a sweep chunk: linked clusters (from one linkage pass) to evaluate together. */
export interface SweepChunkJob {
  readonly reason: SweepJob['reason'];
  readonly clusters: readonly Cluster[];
}

type QueueJob = EvaluateJob | SweepJob | SweepChunkJob;

/** Defaults of EvaluationWorkerOptions. */
export interface EvaluationWorkerDefaults {
  /** Jobs evaluated at once. 2. */
  readonly concurrency: number;
  /** How long a job's lock lasts without renewal, ms. 30 s (BullMQ's). */
  readonly lockDurationMs: number;
  /** Tenants per sweep chunk. 250. */
  readonly sweepChunkTenants: number;
}

export const evaluationWorkerDefaults: EvaluationWorkerDefaults = Object.freeze({
  concurrency: 2,
  lockDurationMs: 30_000,
  sweepChunkTenants: 250,
});

/** Jobs evaluated at once: 1..64 (each holds a cluster's usage in memory). */
export const evaluationConcurrencyRange: NumberRange = Object.freeze({ min: 1, max: 64, int: true });

export interface EvaluationWorkerOptions {
  /** Connection for the queue (commands). */
  readonly redis: RedisClient;
  /** Blocking connection for the worker: BullMQ needs maxRetriesPerRequest null. */
  readonly workerRedis: RedisClient;
  readonly keys: RedisKeys;
  readonly evaluator: Evaluator;
  readonly metrics: DetectorMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Jobs evaluated at once, within evaluationConcurrencyRange. Default evaluationWorkerDefaults (2). */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, ms; also the period of the stalled-job check,
   * so a job held by a killed detector goes to another within about twice this. Default
   * evaluationWorkerDefaults (30 000, BullMQ's).
   */
  readonly lockDurationMs?: number;
  /** Period of the sweep, ms. */
  readonly sweepIntervalMs: number;
  /**
   * Tenants per sweep chunk: a sweep links the whole population once, then enqueues its clusters
   * in chunks of about this many tenants, each evaluated with batched reads. Default
   * evaluationWorkerDefaults (250).
   */
  readonly sweepChunkTenants?: number;
}

export class EvaluationWorker {
  readonly queue: Queue<QueueJob>;
  private readonly worker: Worker<QueueJob>;
  private readonly options: EvaluationWorkerOptions;

  constructor(options: EvaluationWorkerOptions) {
    this.options = options;
    const { keys, logger } = options;
    this.queue = new Queue<QueueJob>(queueNames.evaluate, {
      connection: options.redis,
      prefix: keys.queuePrefix,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 1000 } },
    });
    this.queue.on('error', (err: unknown) =>
      logger.warn('evaluate queue error', { error: errorMessage(err) }),
    );
    this.worker = new Worker<QueueJob>(queueNames.evaluate, (job) => this.process(job), {
      connection: options.workerRedis,
      prefix: keys.queuePrefix,
      concurrency: options.concurrency ?? evaluationWorkerDefaults.concurrency,
      lockDuration: options.lockDurationMs ?? evaluationWorkerDefaults.lockDurationMs,
      stalledInterval: options.lockDurationMs ?? evaluationWorkerDefaults.lockDurationMs,
      autorun: false,
    });
    this.worker.on('error', (err: unknown) =>
      logger.warn('evaluate worker error', { error: errorMessage(err) }),
    );
    this.worker.on('failed', (job, err: unknown) =>
      logger.error('evaluation failed', { job: job?.name, data: job?.data, error: errorMessage(err) }),
    );
  }

  /** Upserts the sweep schedule and starts taking jobs. */
  async start(): Promise<void> {
    await this.queue.upsertJobScheduler(
      sweepJobName,
      { every: this.options.sweepIntervalMs },
      { name: sweepJobName, data: { reason: 'sweep' } },
    );
    void this.worker
      .run()
      .catch((err: unknown) =>
        this.options.logger.error('evaluate worker stopped', { error: errorMessage(err) }),
      );
    await this.worker.waitUntilReady();
  }

  /** Asks for a sweep now (after a policy or screening-list change). */
  async requestSweep(reason: SweepJob['reason']): Promise<void> {
    await this.queue.add(sweepJobName, { reason }, { deduplication: { id: `${sweepJobName}:${reason}` } });
  }

  /**
   * Enqueues an evaluation of every tenant: one linkage pass over the whole identity index, then
   * the clusters in chunks (deduplicated by content, so a sweep never doubles a pending chunk of
   * the same clusters). Returns how many tenants and clusters were asked for.
   */
  async sweep(reason: SweepJob['reason']): Promise<{ tenants: number; clusters: number }> {
    const chunkTenants = this.options.sweepChunkTenants ?? evaluationWorkerDefaults.sweepChunkTenants;
    const clusters = await this.options.evaluator.clusterAll();
    const jobs: { name: string; data: SweepChunkJob; opts: JobsOptions }[] = [];
    let chunk: Cluster[] = [];
    let size = 0;
    let count = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const id = createHash('sha256')
        .update(chunk.map((c) => c.clusterId).join(','))
        .digest('hex')
        .slice(0, 32);
      jobs.push({
        name: sweepChunkJobName,
        data: { reason, clusters: chunk },
        opts: { ...evaluateJobRetry, deduplication: { id: `${sweepChunkJobName}:${id}` } },
      });
      chunk = [];
      size = 0;
    };
    for (const c of clusters) {
      // Linkage evidence stays; the values ignored for being too common are not used by the rules.
      chunk.push({
        clusterId: c.clusterId,
        tenantIds: c.tenantIds,
        anchorTenantId: c.anchorTenantId,
        links: c.links,
      });
      size += c.tenantIds.length;
      count += c.tenantIds.length;
      if (size >= chunkTenants) flush();
    }
    flush();
    for (let i = 0; i < jobs.length; i += 500) await this.queue.addBulk(jobs.slice(i, i + 500));
    this.options.metrics.sweeps.inc();
    return { tenants: count, clusters: clusters.length };
  }

  /**
   * Jobs waiting to run (waiting, prioritized or paused). Delayed jobs are left out: the sweep
   * scheduler always holds its next run as one.
   */
  depth(): Promise<number> {
    return this.queue.getJobCountByTypes('wait', 'prioritized', 'paused');
  }

  /**
   * Stops taking jobs and waits for the running ones up to `deadlineMs`; past it, closes without
   * waiting (BullMQ hands an unfinished job to another worker once its lock expires).
   */
  async close(deadlineMs: number): Promise<boolean> {
    const closed = (await beforeDeadline(this.worker.close(), deadlineMs)) !== timedOut;
    if (!closed) await this.worker.close(true).catch(() => undefined);
    await beforeDeadline(
      this.queue.close().catch(() => undefined),
      queueCloseMs,
    );
    return closed;
  }

  private async process(job: Job<QueueJob>): Promise<void> {
    if (job.name === sweepJobName) {
      const reason = (job.data as SweepJob).reason;
      const { tenants, clusters } = await this.sweep(reason);
      this.options.logger.info('sweep enqueued', { reason, tenants, clusters });
      return;
    }
    const { metrics } = this.options;
    if (job.name === sweepChunkJobName) {
      const { clusters } = job.data as SweepChunkJob;
      try {
        await this.options.evaluator.evaluateClusters(clusters);
        metrics.evaluations.inc({ result: 'ok' }, clusters.length);
      } catch (err: unknown) {
        metrics.evaluations.inc({ result: 'error' }, clusters.length);
        throw err;
      }
      return;
    }
    const { tenantId, enqueuedAtMs } = job.data as EvaluateJob;
    const end = metrics.evaluationDuration.startTimer();
    try {
      const result = await this.options.evaluator.evaluateTenant(tenantId);
      metrics.evaluations.inc({ result: 'ok' });
      if (Number.isFinite(enqueuedAtMs) && enqueuedAtMs > 0)
        metrics.enqueueToEvaluated.observe(Math.max(0, this.options.clock.nowMs() - enqueuedAtMs) / 1000);
      this.options.logger.debug('evaluated', {
        tenantId,
        clusterId: result.clusterId,
        watermarkMs: result.watermarkMs,
        judgedAt: result.judgedAt,
        findings: result.findings.map((f) => f.rule),
      });
    } catch (err: unknown) {
      metrics.evaluations.inc({ result: 'error' });
      throw err;
    } finally {
      end();
    }
  }
}
