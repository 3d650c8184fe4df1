/**
 * The webhook retry schedule of docs/design.md §7: attempts immediately, then after 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h and 10 h (8 attempts over about 28 h), as a BullMQ custom backoff strategy. A
 * time scale divides the delays (tests and the demo run the whole schedule in seconds); a
 * `Retry-After` from the endpoint is honoured when it asks for longer than the schedule, up to
 * `maxRetryAfterMs`.
 */

/** Delay before each retry, ms: index 0 is the wait after the first attempt failed. */
export const retryDelaysMs: readonly number[] = Object.freeze([
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
]);

/** Attempts in all: the first plus one per retry delay. */
export const deliveryAttempts = retryDelaysMs.length + 1;

/** Name of the BullMQ backoff type the deliver jobs use. */
export const backoffType = 'webhook-schedule';

/** Longest `Retry-After` honoured (unscaled), ms: the longest step of the schedule. */
export const maxRetryAfterMs = 10 * 3_600_000;

/** An attempt that failed and may be retried; `retryAfterMs` is what the endpoint asked for. */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableDeliveryError';
  }
}

/**
 * Wait before the next attempt after `attemptsMade` attempts (1 = the first failed), ms.
 * @param scale divides the schedule (≥ 1; 1 = real time)
 */
export function retryDelayMs(attemptsMade: number, scale: number, retryAfterMs?: number): number {
  const step = retryDelaysMs[Math.min(Math.max(attemptsMade, 1), retryDelaysMs.length) - 1] ?? 0;
  const scheduled = Math.round(step / scale);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return scheduled;
  return Math.max(scheduled, Math.min(Math.round(retryAfterMs), maxRetryAfterMs));
}

/**
 * `Retry-After` as ms from `nowMs`: delay-seconds or an HTTP date; undefined when absent or
 * unreadable (then the schedule alone decides).
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const t = value.trim();
  if (/^\d{1,10}$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  if (Number.isNaN(at) || !/[A-Za-z]/.test(t)) return undefined;
  return Math.max(0, at - nowMs);
}
