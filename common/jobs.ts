/** Payloads of the BullMQ jobs that cross program boundaries (collector → detector). */

/** `evaluate` queue: one pending job per tenant (BullMQ deduplication id = tenant id). */
export interface EvaluateJob {
  readonly tenantId: string;
  /** Why: "usage" (collector), "profile" (Tenants.Upsert), "sweep", "policy", "screening". */
  readonly reason: 'usage' | 'profile' | 'sweep' | 'policy' | 'screening';
  /** Wall-clock ms when it was enqueued, for the ack-to-alert latency metric. */
  readonly enqueuedAtMs: number;
}

export const evaluateJobName = 'evaluate';

/**
 * Options of every `evaluate` job, whoever enqueues it: a failed evaluation (Redis restarting, a
 * transient error) is retried with exponential backoff (1 s, 2 s, 4 s, 8 s) before it counts as
 * failed; the next usage or sweep evaluates the tenant again in any case.
 */
export const evaluateJobRetry = Object.freeze({
  attempts: 5,
  backoff: Object.freeze({ type: 'exponential' as const, delay: 1000 }),
});
