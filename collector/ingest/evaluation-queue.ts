/**
 * Tells the detector which tenants changed (docs/design.md §6, Triggering): one `evaluate` job per
 * tenant with BullMQ deduplication, so at most one waits per tenant however many batches arrive.
 */
import { Queue } from 'bullmq';
import type { RedisClient } from '../../common/redis.js';
import type { Clock } from '../../common/clock.js';
import { evaluateJobName, evaluateJobRetry, type EvaluateJob } from '../../common/jobs.js';
import { queueNames, type RedisKeys } from '../../common/redis-keys.js';

export interface EvaluationQueue {
  /** Asks for an evaluation of each tenant; resolves once Redis has the jobs. */
  enqueue(tenantIds: readonly string[], reason: EvaluateJob['reason']): Promise<void>;
  close(): Promise<void>;
}

export interface BullEvaluationQueueOptions {
  /** Connection to share (BullMQ leaves a shared connection open on close). */
  readonly redis: RedisClient;
  /** Key builder: the queue lives under `keys.queuePrefix`. */
  readonly keys: RedisKeys;
  readonly clock: Clock;
}

export class BullEvaluationQueue implements EvaluationQueue {
  private readonly queue: Queue<EvaluateJob>;
  private readonly clock: Clock;

  constructor(options: BullEvaluationQueueOptions) {
    this.clock = options.clock;
    this.queue = new Queue<EvaluateJob>(queueNames.evaluate, {
      connection: options.redis,
      prefix: options.keys.queuePrefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    });
  }

  async enqueue(tenantIds: readonly string[], reason: EvaluateJob['reason']): Promise<void> {
    const enqueuedAtMs = this.clock.nowMs();
    await Promise.all(
      [...new Set(tenantIds)].map((tenantId) =>
        this.queue.add(
          evaluateJobName,
          { tenantId, reason, enqueuedAtMs },
          // keepLastIfActive: a change that lands while the tenant is being evaluated gets one
          // more evaluation afterwards instead of being folded into the running one and lost.
          { ...evaluateJobRetry, deduplication: { id: tenantId, keepLastIfActive: true } },
        ),
      ),
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** Records jobs in memory, deduplicated per tenant like the real queue; for tests and dry runs. */
export class InMemoryEvaluationQueue implements EvaluationQueue {
  /** Pending jobs by tenant: the latest request for each. */
  readonly pending = new Map<string, EvaluateJob>();

  constructor(private readonly clock: Clock) {}

  enqueue(tenantIds: readonly string[], reason: EvaluateJob['reason']): Promise<void> {
    for (const tenantId of tenantIds) {
      if (!this.pending.has(tenantId))
        this.pending.set(tenantId, { tenantId, reason, enqueuedAtMs: this.clock.nowMs() });
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
