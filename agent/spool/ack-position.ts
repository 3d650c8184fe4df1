/**
 * The spool's cumulative ack position: advanced in memory at once, written to the `acked` file at
 * most every `intervalMs` (and once more on close), under the spool's lock. Losing it only means
 * resending acked batches: the collector dedups them.
 */
import type { Clock } from '../../common/clock.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Mutex } from './mutex.js';
import type { SpoolDirectory } from './spool-directory.js';

/** What an AckPosition needs. */
export interface AckPositionOptions {
  readonly directory: SpoolDirectory;
  /** The position read when the spool opened. */
  readonly seq: number;
  /** Writes happen at most this often, ms (SpoolConfig.ackPersistIntervalMs). */
  readonly intervalMs: number;
  /** fsync every write (the spool's `fsync: always`). */
  readonly durable: boolean;
  readonly clock: Clock;
  /** The spool's lock: a write never runs beside another mutation of the directory. */
  readonly lock: Mutex;
  readonly logger: Logger;
  /** Counts a failed write among the spool's write errors. */
  readonly onWriteError: (err: unknown) => void;
}

/** Every batch with seq ≤ `seq` is acknowledged. */
export class AckPosition {
  private readonly o: AckPositionOptions;
  private value: number;
  private persisted: number;
  private lastPersistMs = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: AckPositionOptions) {
    this.o = options;
    this.value = options.seq;
    this.persisted = options.seq;
  }

  get seq(): number {
    return this.value;
  }

  /** Moves the position to `seq` (the caller keeps it growing) and schedules the write. */
  advance(seq: number): void {
    this.value = seq;
    this.schedule();
  }

  /** No more scheduled writes: the spool is closing and calls persist(true) itself. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Writes the position if it moved since the last write; a failure is retried unless `closing`. Run under the lock. */
  async persist(closing: boolean): Promise<void> {
    const seq = this.value;
    if (seq === this.persisted) return;
    try {
      await this.o.directory.writeAtomic('acked', `${seq}\n`, this.o.durable);
      this.persisted = seq;
      this.lastPersistMs = this.o.clock.nowMs();
    } catch (err: unknown) {
      this.o.onWriteError(err);
      this.o.logger.warn('spool: could not persist the ack position; will retry', {
        error: errorMessage(err),
      });
      if (!closing) this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.stopped) return;
    const waitMs = Math.max(0, this.lastPersistMs + this.o.intervalMs - this.o.clock.nowMs());
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.o.lock.run(() => this.persist(false));
      },
      Math.min(waitMs, this.o.intervalMs),
    );
    this.timer.unref();
  }
}
