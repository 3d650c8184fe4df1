import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../agent/transport/backoff.js';

describe('Backoff', () => {
  it.each([
    // random, attempt ceilings with initial 500 ms, cap 30 s
    [0.999999, [499, 999, 1999, 3999, 7999, 15999, 29999, 29999]],
    [0.5, [250, 500, 1000, 2000, 4000, 8000, 15000, 15000]],
    [0, [0, 0, 0, 0, 0, 0, 0, 0]],
  ])('with random() = %s draws uniformly below min(cap, 500 × 2^n)', (r, expected) => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000, random: () => r });
    expect(expected.map(() => backoff.next())).toEqual(expected);
  });

  it('starts over after reset() and takes a per-call cap for refusals', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000, random: () => 0.999999 });
    for (let i = 0; i < 20; i++) backoff.next();
    expect(backoff.next(300_000)).toBe(299_999);
    expect(backoff.attempts).toBe(21);
    backoff.reset();
    expect(backoff.next()).toBe(499);
  });

  it('rejects a cap below the first delay', () => {
    expect(() => new Backoff({ initialMs: 1000, maxMs: 10 })).toThrow(/initialMs ≤ maxMs/);
  });
});
