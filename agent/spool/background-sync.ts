/**
 * The spool's `fsync: interval` mode: appends and new files are synced every `intervalMs` in the
 * background, under the spool's lock, rather than before each append resolves (a power loss
 * loses at most that much).
 */
import type { FileHandle } from 'node:fs/promises';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Mutex } from './mutex.js';
import type { SpoolDirectory } from './spool-directory.js';

/** What a BackgroundSync needs. */
export interface BackgroundSyncOptions {
  /** Period of the sync, ms (SpoolConfig.fsyncIntervalMs). */
  readonly intervalMs: number;
  /** The spool's lock: a sync never runs beside another mutation. */
  readonly lock: Mutex;
  readonly directory: SpoolDirectory;
  /** The segment file being written, if any. */
  readonly activeFile: () => FileHandle | undefined;
  readonly logger: Logger;
  /** Counts a failed sync among the spool's write errors. */
  readonly onWriteError: (err: unknown) => void;
}

/** Syncs what was written since the last round; a failed round is retried at the next. */
export class BackgroundSync {
  private readonly o: BackgroundSyncOptions;
  private dataDirty = false;
  private directoryDirty = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: BackgroundSyncOptions) {
    this.o = options;
  }

  /** Starts the rounds (once the spool is open; what was written while it opened is in the first round). */
  start(): void {
    this.timer ??= setInterval(() => {
      void this.o.lock.run(() => this.syncNow());
    }, this.o.intervalMs);
    this.timer.unref();
  }

  /** An append went to the active file. */
  dataWritten(): void {
    this.dataDirty = true;
  }

  /** A file was created in the directory. */
  directoryChanged(): void {
    this.directoryDirty = true;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async syncNow(): Promise<void> {
    try {
      const active = this.o.activeFile();
      if (this.dataDirty && active !== undefined) {
        this.dataDirty = false;
        await active.datasync();
      }
      if (this.directoryDirty) {
        this.directoryDirty = false;
        await this.o.directory.sync();
      }
    } catch (err: unknown) {
      this.dataDirty = true;
      this.o.onWriteError(err);
      this.o.logger.warn('spool: background fsync failed; will retry', { error: errorMessage(err) });
    }
  }
}
