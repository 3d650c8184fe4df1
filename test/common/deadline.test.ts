import { describe, expect, it } from 'vitest';
import { beforeDeadline, timedOut, type StartTimer } from '../../common/deadline.js';

/** A hand-driven timer: fire() runs what is due; cancelled timers never run. */
function manualTimer(): { start: StartTimer; fire: () => void; pending: () => number } {
  const timers = new Set<() => void>();
  return {
    start: (fn) => {
      timers.add(fn);
      return () => timers.delete(fn);
    },
    fire: () => {
      for (const fn of [...timers]) {
        timers.delete(fn);
        fn();
      }
    },
    pending: () => timers.size,
  };
}

describe('beforeDeadline', () => {
  it('gives the value of work that ends first, and cancels its timer', async () => {
    const timer = manualTimer();
    await expect(beforeDeadline(Promise.resolve(7), 1000, timer.start)).resolves.toBe(7);
    expect(timer.pending()).toBe(0);
  });

  it('gives timedOut when the deadline comes first', async () => {
    const timer = manualTimer();
    const waiting = beforeDeadline(new Promise<never>(() => undefined), 1000, timer.start);
    timer.fire();
    await expect(waiting).resolves.toBe(timedOut);
  });

  it('passes on the rejection of work that fails first, and cancels its timer', async () => {
    const timer = manualTimer();
    await expect(beforeDeadline(Promise.reject(new Error('boom')), 1000, timer.start)).rejects.toThrow(
      'boom',
    );
    expect(timer.pending()).toBe(0);
  });

  it('times out on the real clock, a negative deadline counting as now', async () => {
    await expect(beforeDeadline(new Promise<never>(() => undefined), -5)).resolves.toBe(timedOut);
    await expect(beforeDeadline(new Promise((r) => setTimeout(() => r('late'), 200)), 10)).resolves.toBe(
      timedOut,
    );
  });
});
