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
