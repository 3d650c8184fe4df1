/**
 * Exponential backoff with full jitter (each delay uniform in [0, min(cap, initial × 2^n))),
 * so a fleet of agents that lost the collector at the same moment does not come back in step.
 */

export interface BackoffOptions {
  /** Upper bound of the first delay, ms. Default 500. */
  initialMs?: number;
  /** Upper bound of any delay unless next() is given another cap, ms. Default 30 000. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  multiplier?: number;
  /** Uniform [0, 1) source. Default Math.random. */
  random?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly multiplier: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.multiplier = options.multiplier ?? 2;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.multiplier >= 1))
      throw new RangeError(
        `backoff: expected 0 < initialMs ≤ maxMs and multiplier ≥ 1, got ${this.initialMs}, ${this.maxMs}, ${this.multiplier}`,
      );
  }

  /** Failures since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The next delay, ms; `capMs` overrides maxMs for this attempt (e.g. a higher cap for auth failures). */
  next(capMs: number = this.maxMs): number {
    // Stop growing the exponent once it is past any cap: keeps the arithmetic finite.
    const ceiling = Math.min(capMs, this.initialMs * this.multiplier ** Math.min(this.attempt, 64));
    this.attempt += 1;
    return Math.floor(this.random() * ceiling);
  }

  reset(): void {
    this.attempt = 0;
  }
}
