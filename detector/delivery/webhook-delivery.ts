/**
 * Webhook delivery in the detector, assembled: the outbox dispatcher, the `deliver` queue and its
 * worker, dead letters, metrics. The dispatcher runs even with no endpoint configured, so the
 * outbox is consumed and trimmed (events nobody was configured to hear are not kept for later).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue, type Worker } from 'bullmq';
import type { RedisClient } from '../../common/redis.js';
import type { Registry } from 'prom-client';
import type { Clock } from '../../common/clock.js';
import { beforeDeadline, timedOut } from '../../common/deadline.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { queueNames, type RedisKeys } from '../../common/redis-keys.js';
import type { DetectorMetrics } from '../detector-metrics.js';
import { RedisDeadLetterStore } from './dead-letter-store.js';
import type { DeliverJob } from './deliver-job.js';
import { createDeliverWorker } from './deliver-worker.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { deliveryDefaults } from './delivery-options.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import type { WebhookEndpoint, WebhookEndpoints } from './webhook-endpoints.js';

export interface WebhookDeliveryOptions {
  /** Commands: queue, dead letters, outbox acks. */
  readonly redis: RedisClient;
  /** Opens a connection of its own (the worker's and the dispatcher's blocking reads). */
  readonly connect: (name: string) => RedisClient;
  readonly keys: RedisKeys;
  readonly endpoints: WebhookEndpoints;
  readonly registry: Registry;
  /** Gets the deliver queue depth as `gpuwatch_detector_queue_depth{queue="deliver"}`. */
  readonly detectorMetrics?: DetectorMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Divides the retry schedule. Default deliveryDefaults.retryScale (1). */
  readonly retryScale?: number;
  /** Requests in flight. Default deliveryDefaults.concurrency (8). */
  readonly concurrency?: number;
  /** Outbox entries idle this long with a consumer are claimed by another, ms. Default deliveryDefaults.claimIdleMs (30 s). */
  readonly claimIdleMs?: number;
}

export class WebhookDelivery {
  readonly queue: Queue<DeliverJob>;
  readonly deadLetters: RedisDeadLetterStore;
  readonly metrics: DeliveryMetrics;
  private readonly worker: Worker<DeliverJob>;
  private readonly dispatcher: OutboxDispatcher;
  private readonly connections: RedisClient[] = [];
  private readonly options: WebhookDeliveryOptions;

  constructor(options: WebhookDeliveryOptions) {
    this.options = options;
    const { redis, keys, logger } = options;
    this.deadLetters = new RedisDeadLetterStore(redis, keys);
    this.metrics = new DeliveryMetrics(options.registry, () => this.deadLetters.count());
    this.queue = new Queue<DeliverJob>(queueNames.deliver, { connection: redis, prefix: keys.queuePrefix });
    this.queue.on('error', (err: unknown) =>
      logger.warn('deliver queue error', { error: errorMessage(err) }),
    );
    const workerRedis = options.connect('gpuwatch-detector-deliver');
    const blockingRedis = options.connect('gpuwatch-detector-outbox');
    this.connections.push(workerRedis, blockingRedis);
    this.worker = createDeliverWorker({
      connection: workerRedis,
      keys,
      endpoints: options.endpoints,
      deadLetters: this.deadLetters,
      metrics: this.metrics,
      logger,
      clock: options.clock,
      retryScale: options.retryScale ?? deliveryDefaults.retryScale,
      concurrency: options.concurrency ?? deliveryDefaults.concurrency,
    });
    this.dispatcher = new OutboxDispatcher({
      redis,
      blockingRedis,
      keys,
      queue: this.queue,
      endpoints: options.endpoints,
      logger,
      consumer: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
      claimIdleMs: options.claimIdleMs ?? deliveryDefaults.claimIdleMs,
    });
    options.detectorMetrics?.addQueue('deliver', () => this.depth());
  }

  async start(): Promise<void> {
    await this.dispatcher.start();
    void this.worker
      .run()
      .catch((err: unknown) =>
        this.options.logger.error('deliver worker stopped', { error: errorMessage(err) }),
      );
    await this.worker.waitUntilReady();
    this.options.logger.info('webhook delivery started', {
      endpoints: this.options.endpoints.all().map(describe),
    });
  }

  /** Deliveries not yet done: waiting to run, or waiting for their next retry (delayed). */
  depth(): Promise<number> {
    return this.queue.getJobCountByTypes('wait', 'prioritized', 'paused', 'delayed');
  }

  /** Re-reads the endpoints and their secrets (SIGHUP); on a bad file the old ones stay. */
  reload(): void {
    try {
      const now = this.options.endpoints.reload();
      this.options.logger.info('webhook endpoints reloaded', { endpoints: now.map(describe) });
    } catch (err: unknown) {
      this.options.logger.error('webhook endpoints not reloaded: the previous ones stay in force', {
        error: errorMessage(err),
      });
    }
  }

  /** Stops reading the outbox and waits for requests in flight up to `deadlineMs`. */
  async close(deadlineMs: number): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
    const closed = await beforeDeadline(this.worker.close(), deadlineMs);
    if (closed === timedOut) await this.worker.close(true).catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    for (const c of this.connections) c.disconnect();
  }
}

/** What the log may say about an endpoint: never its secrets. */
function describe(e: WebhookEndpoint): Record<string, unknown> {
  return {
    name: e.name,
    url: e.url,
    secrets: e.keys.length,
    minSeverity: e.minSeverity,
    rules: e.rules ?? 'all',
    timeoutMs: e.timeoutMs,
  };
}
