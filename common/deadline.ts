/**
 * One way to wait with a deadline: every bounded wait of the programs (a source read, a drain at
 * shutdown, a storage call, a scrape) races its work against one timer through here, and the
 * timer is always cleared when the wait ends, whichever way it ends.
 */

/** What `beforeDeadline` resolves to when the deadline came first. */
export const timedOut: unique symbol = Symbol('timed out');

/** Starts a one-shot timer; the returned function cancels it. */
export type StartTimer = (fn: () => void, ms: number) => () => void;

/** setTimeout / clearTimeout. */
export const realTimer: StartTimer = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * Resolves with what `work` resolves to, or with `timedOut` once `ms` (clamped at 0) have passed;
 * rejects when `work` rejects first. The work itself is not cancelled: a caller that can stop it
 * (an AbortController, a forced close) does so on `timedOut`.
 *
 * @param startTimer the clock of the wait; tests of code on a hand-driven clock pass theirs.
 */
export async function beforeDeadline<T>(
  work: PromiseLike<T>,
  ms: number,
  startTimer: StartTimer = realTimer,
): Promise<T | typeof timedOut> {
  let cancel: (() => void) | undefined;
  const deadline = new Promise<typeof timedOut>((resolve) => {
    cancel = startTimer(() => resolve(timedOut), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    cancel?.();
  }
}
