/**
 * The `deliver` queue's worker: one webhook attempt per job run. 2xx = delivered; a retryable
 * failure throws so BullMQ retries on the docs/design.md §7 schedule (custom backoff, `Retry-After`
 * honoured when longer); a permanent failure (4xx other than 408/429), a 410 Gone (which also
 * disables the endpoint), a disabled or unconfigured endpoint, or the last attempt failing writes
 * a dead letter and ends the job with UnrecoverableError / a final failure. The dead letter is
 * written by the processor itself, before BullMQ records the failure, so it is never lost to a
 * crash between the two.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../../common/redis.js';
import type { Clock } from '../../common/clock.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { queueNames, type RedisKeys } from '../../common/redis-keys.js';
import type { RedisDeadLetterStore } from './dead-letter-store.js';
import type { DeliverJob } from './deliver-job.js';
import type { DeliveryMetrics, DeliveryResult } from './delivery-metrics.js';
import { deliveryAttempts, RetryableDeliveryError, retryDelayMs } from './retry-schedule.js';
import { deliveryDefaults } from './delivery-options.js';
import type { WebhookEndpoints } from './webhook-endpoints.js';
import { sendWebhook } from './webhook-sender.js';

export interface DeliverWorkerOptions {
  /** Connection for the worker (BullMQ needs maxRetriesPerRequest null). */
  readonly connection: RedisClient;
  readonly keys: RedisKeys;
  readonly endpoints: WebhookEndpoints;
  readonly deadLetters: RedisDeadLetterStore;
  readonly metrics: DeliveryMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Divides the retry schedule (1 = real time). Default deliveryDefaults.retryScale (1). */
  readonly retryScale?: number;
  /** Requests in flight at once. Default deliveryDefaults.concurrency (8). */
  readonly concurrency?: number;
}

export function createDeliverWorker(options: DeliverWorkerOptions): Worker<DeliverJob> {
  const { keys, endpoints, deadLetters, metrics, logger, clock } = options;
  const scale = options.retryScale ?? deliveryDefaults.retryScale;

  const finish = async (
    job: Job<DeliverJob>,
    result: DeliveryResult,
    reason: string,
    status: number | undefined,
    error: string,
  ): Promise<void> => {
    const data = job.data;
    metrics.deliveries.inc({ endpoint: data.endpoint, result });
    await deadLetters.add({
      id: job.id ?? '',
      endpoint: data.endpoint,
      eventId: data.eventId,
      type: data.type,
      alertId: data.alertId,
      body: data.body,
      attempts: job.attemptsMade + 1,
      lastStatus: status,
      lastError: error,
      reason,
      atMs: clock.nowMs(),
    });
    logger.warn('webhook dead-lettered', {
      endpoint: data.endpoint,
      webhookId: data.eventId,
      reason,
      error,
    });
  };

  const process = async (job: Job<DeliverJob>): Promise<void> => {
    const data = job.data;
    const endpoint = endpoints.get(data.endpoint);
    if (endpoint === undefined) {
      await finish(
        job,
        'permanent_failure',
        'endpoint not configured',
        undefined,
        `no endpoint named ${data.endpoint}`,
      );
      throw new UnrecoverableError(`endpoint ${data.endpoint} is not configured`);
    }
    if (await deadLetters.isDisabled(endpoint.name)) {
      await finish(
        job,
        'disabled',
        'endpoint disabled',
        undefined,
        'endpoint disabled by an earlier 410 Gone',
      );
      throw new UnrecoverableError(`endpoint ${endpoint.name} is disabled`);
    }
    const endTimer = metrics.duration.startTimer({ endpoint: endpoint.name });
    const outcome = await sendWebhook(
      {
        url: endpoint.url,
        keys: endpoint.keys,
        id: data.eventId,
        body: data.body,
        timeoutMs: endpoint.timeoutMs,
      },
      clock,
    );
    endTimer();
    switch (outcome.kind) {
      case 'delivered':
        metrics.deliveries.inc({ endpoint: endpoint.name, result: 'delivered' });
        logger.debug('webhook delivered', {
          endpoint: endpoint.name,
          webhookId: data.eventId,
          status: outcome.status,
        });
        return;
      case 'gone':
        await deadLetters.disable(endpoint.name, `HTTP 410 Gone for ${data.eventId}`, clock.nowMs());
        logger.error(
          'webhook endpoint answered 410 Gone: disabled until `gpuwatch alerts redeliver` re-enables it',
          {
            endpoint: endpoint.name,
          },
        );
        await finish(
          job,
          'disabled',
          'endpoint gone (HTTP 410): endpoint disabled',
          outcome.status,
          outcome.error,
        );
        throw new UnrecoverableError(outcome.error);
      case 'permanent':
        await finish(
          job,
          'permanent_failure',
          `permanent failure (HTTP ${outcome.status})`,
          outcome.status,
          outcome.error,
        );
        throw new UnrecoverableError(outcome.error);
      case 'retry':
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? deliveryAttempts)) {
          await finish(job, 'dead_letter', 'attempts exhausted', outcome.status, outcome.error);
          throw new UnrecoverableError(outcome.error);
        }
        metrics.deliveries.inc({ endpoint: endpoint.name, result: 'retry' });
        logger.info('webhook attempt failed: will retry', {
          endpoint: endpoint.name,
          webhookId: data.eventId,
          attempt: job.attemptsMade + 1,
          error: outcome.error,
        });
        throw new RetryableDeliveryError(outcome.error, outcome.retryAfterMs);
    }
  };

  const worker = new Worker<DeliverJob>(queueNames.deliver, process, {
    connection: options.connection,
    prefix: keys.queuePrefix,
    concurrency: options.concurrency ?? deliveryDefaults.concurrency,
    autorun: false,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
        retryDelayMs(
          attemptsMade,
          scale,
          err instanceof RetryableDeliveryError ? err.retryAfterMs : undefined,
        ),
    },
  });
  worker.on('error', (err: unknown) => logger.warn('deliver worker error', { error: errorMessage(err) }));
  return worker;
}
