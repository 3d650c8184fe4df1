/**
 * The `deliver` queue's jobs: one per (endpoint, event), job id `<endpoint>.<alertId>.<rev>`, so
 * the same event dispatched twice (an outbox entry replayed after a crash, two replicas) collapses
 * into one job while the first is kept (completed and failed jobs are kept, the newest 10 000).
 */
import type { Queue } from 'bullmq';
import type { AlertEventType } from '../../common/alerts/alert-events.js';
import { backoffType, deliveryAttempts } from './retry-schedule.js';
import type { RedisDeadLetterStore } from './dead-letter-store.js';

export const deliverJobName = 'deliver';

export interface DeliverJob {
  /** Configured endpoint name; URL and secrets are looked up at send time (never in Redis). */
  readonly endpoint: string;
  /** `webhook-id`: `<alertId>:<rev>`, the same for every attempt and every endpoint. */
  readonly eventId: string;
  readonly type: AlertEventType;
  readonly alertId: string;
  /** Request body, built once so every attempt sends the same bytes. */
  readonly body: string;
}

/** Deterministic job id of an (endpoint, event) pair (BullMQ ids may not contain ':'). */
export function deliveryIdFor(endpoint: string, eventId: string): string {
  return `${endpoint}.${eventId.replace(/:/g, '.')}`;
}

/** Options of every deliver job: the docs/design.md §7 schedule through the custom backoff. */
export function deliverJobOptions(jobId: string): {
  jobId: string;
  attempts: number;
  backoff: { type: string };
  removeOnComplete: { count: number };
  removeOnFail: { count: number };
} {
  return {
    jobId,
    attempts: deliveryAttempts,
    backoff: { type: backoffType },
    removeOnComplete: { count: 10_000 },
    removeOnFail: { count: 10_000 },
  };
}

/**
 * Sends a dead letter again with fresh attempts and the same `webhook-id`: re-enables its
 * endpoint when a 410 had disabled it, replaces any failed job of the same id, drops the dead
 * letter. Returns undefined when there is no such dead letter.
 */
export async function redeliver(
  queue: Queue<DeliverJob>,
  deadLetters: RedisDeadLetterStore,
  id: string,
): Promise<{ letter: DeliverJob; reEnabled: boolean } | undefined> {
  const letter = await deadLetters.get(id);
  if (letter === undefined) return undefined;
  const reEnabled = await deadLetters.enable(letter.endpoint);
  const old = await queue.getJob(id);
  if (old !== undefined) await old.remove();
  const data: DeliverJob = {
    endpoint: letter.endpoint,
    eventId: letter.eventId,
    type: letter.type,
    alertId: letter.alertId,
    body: letter.body,
  };
  await queue.add(deliverJobName, data, deliverJobOptions(id));
  await deadLetters.remove(id);
  return { letter: data, reEnabled };
}
