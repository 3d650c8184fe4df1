/**
 * The agent's on-disk spool (docs/design.md §4): every batch is written here before it is sent, and
 * removed only when the collector's cumulative ack covers it, so a crash, a restart or a
 * collector outage loses nothing — unless the spool is full, and then the oldest data goes
 * first and every dropped segment is counted and logged.
 *
 * Its parts, one job each: spool-config.ts (options), spool-directory.ts (layout, bookkeeping
 * files; one agent per directory), spool-file.ts (a file's record index), spool-recovery.ts (the
 * check at open), ack-position.ts, background-sync.ts (`fsync: interval`), record-reader.ts.
 *
 * Segment files are append-only, rolled at `fileBytes`; the format is in spool-format.ts
 * (length + CRC-32 + seq + segment count + protobuf UsageBatch per record). The newest file is
 * the one being written; older files are deleted whole once every record in them is acked, or
 * dropped whole (oldest first) when the spool or the disk is full. On open every file is
 * checked: a torn or corrupt record is skipped, counted and logged, never fatal; everything
 * intact around it is kept.
 *
 * Seq: a new spool id starts at seq 1 and each batch takes the next. With `fsync: 'always'` a
 * seq counts only once its record is on disk, so a restart continues right after the last
 * record. With `interval` or `never` a power loss can take the newest records with it — records
 * that may already have reached the collector — so seqs are reserved ahead in blocks (durably,
 * in `seq-high`) and an unclean restart continues above the reservation: a gap, which the
 * collector accepts, instead of a reused seq, which it would take for a duplicate. A clean close
 * records the exact last seq, so a clean restart leaves no gap.
 */
import * as nodeFs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { pb, type IUsageSegment } from '../../common/proto.js';
import { AppError, errorMessage, quote } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import { systemClock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import { silentLogger } from '../../common/logger.js';
import { AgentMetrics, spoolWriteErrorReason } from '../agent-metrics.js';
import {
  FILE_HEADER_BYTES,
  FILE_MAGIC,
  MAX_RECORD_PAYLOAD_BYTES,
  RECORD_HEADER_BYTES,
  encodeRecord,
  recordIsIntact,
  recordSeq,
} from './spool-format.js';
import { resolveSpoolConfig, type SpoolConfig, type SpoolOptions } from './spool-config.js';
import { SpoolDirectory, errnoCode, type SpoolFs } from './spool-directory.js';
import { SpoolFile, spoolFileNamePattern } from './spool-file.js';
import { recoverSpoolFiles } from './spool-recovery.js';
import { RecordReader } from './record-reader.js';
import { Mutex } from './mutex.js';
import { SpoolWriteError } from './spool-write-error.js';
import { AckPosition } from './ack-position.js';
import { BackgroundSync } from './background-sync.js';

/** One spooled batch, as pending() yields it. */
export interface SpoolBatch {
  readonly seq: number;
  readonly segmentCount: number;
  /** The protobuf-encoded UsageBatch (decode with pb.UsageBatch.decode). */
  readonly payload: Buffer;
  /** Size of the payload, bytes. */
  readonly bytes: number;
}

export interface SpoolStats {
  /** Bytes of spool files on disk. */
  readonly bytes: number;
  /** Batches not yet acked. */
  readonly depthBatches: number;
  /** Segments not yet acked. */
  readonly depthSegments: number;
  /** Lowest seq not yet acked, or undefined when everything is acked. */
  readonly oldestSeq: number | undefined;
  /** The seq the next append will take. */
  readonly nextSeq: number;
  /** Cumulative ack position. */
  readonly ackedSeq: number;
  /** Segments dropped unacked since open (spool or disk full). */
  readonly droppedSegments: number;
  /** Batches dropped unacked since open. */
  readonly droppedBatches: number;
  /** Torn or corrupt records skipped since open (the open scan included). */
  readonly tornRecords: number;
  /** Failed writes since open. */
  readonly writeErrors: number;
  /** Segment files on disk. */
  readonly files: number;
}

/** Seqs reserved per durable write of `seq-high` when fsync is not `always`. */
const SEQ_RESERVE_BLOCK = 1024;

export class Spool {
  /** Random id of this spool: Hello.spool_id. */
  readonly spoolId: string;
  readonly config: SpoolConfig;

  private readonly fs: SpoolFs;
  private readonly directory: SpoolDirectory;
  private readonly logger: Logger;
  private readonly metrics: AgentMetrics | undefined;
  private readonly lock = new Mutex();
  /** Oldest first; the last one is being written. */
  private readonly files: SpoolFile[] = [];
  private activeHandle: FileHandle | undefined;
  /** The current file must not take more records (a failed write could not be undone). */
  private mustRoll = false;
  private totalBytes = 0;
  private nextSeqValue = 1;
  private readonly acks: AckPosition;
  private seqHigh: number;
  /** With `fsync: interval`. */
  private readonly backgroundSync: BackgroundSync | undefined;
  private closed = false;
  private warnedAckBeyond = false;
  private droppedSegments = 0;
  private droppedBatches = 0;
  private tornRecords = 0;
  private writeErrors = 0;

  private constructor(
    config: SpoolConfig,
    directory: SpoolDirectory,
    logger: Logger,
    clock: Clock,
    metrics: AgentMetrics | undefined,
    spoolId: string,
    ackedSeq: number,
    seqHigh: number,
  ) {
    this.config = config;
    this.fs = directory.fs;
    this.directory = directory;
    this.logger = logger;
    this.metrics = metrics;
    this.spoolId = spoolId;
    this.acks = new AckPosition({
      directory,
      seq: ackedSeq,
      intervalMs: config.ackPersistIntervalMs,
      durable: config.fsync === 'always',
      clock,
      lock: this.lock,
      logger,
      onWriteError: (err) => this.countWriteError(err),
    });
    this.backgroundSync =
      config.fsync === 'interval'
        ? new BackgroundSync({
            intervalMs: config.fsyncIntervalMs,
            lock: this.lock,
            directory,
            activeFile: () => this.activeHandle,
            logger,
            onWriteError: (err) => this.countWriteError(err),
          })
        : undefined;
    this.seqHigh = seqHigh;
  }

  /** Opens (or creates) the spool in `options.dir`, checking every file. */
  static async open(options: SpoolOptions): Promise<Spool> {
    const config = resolveSpoolConfig(options);
    const fs = options.fs ?? nodeFs;
    const logger = (options.logger ?? silentLogger).child({ component: 'spool' });
    const metrics = options.registry === undefined ? undefined : AgentMetrics.forRegistry(options.registry);
    const directory = new SpoolDirectory(fs, config.dir);
    await fs.mkdir(config.dir, { recursive: true });
    await directory.lock();
    try {
      const names = await fs.readdir(config.dir);
      for (const name of names.filter((n) => n.endsWith('.tmp')))
        await directory.remove(directory.file(name));
      const spoolId = await directory.readOrCreateSpoolId(
        logger,
        names.some((n) => spoolFileNamePattern.test(n)),
      );
      const ackedSeq = await directory.readPosition('acked', logger);
      const seqHigh = await directory.readPosition('seq-high', logger);
      const spool = new Spool(
        config,
        directory,
        logger,
        options.clock ?? systemClock,
        metrics,
        spoolId,
        ackedSeq,
        seqHigh,
      );
      await spool.load(names);
      metrics?.watchSpool(spool);
      spool.backgroundSync?.start();
      return spool;
    } catch (err: unknown) {
      await directory.unlock();
      throw err;
    }
  }

  /** The seq the next append will take. */
  get nextSeq(): number {
    return this.nextSeqValue;
  }

  /** Cumulative ack position: every batch with seq ≤ this is acknowledged. */
  get ackedSeq(): number {
    return this.acks.seq;
  }

  private async load(names: readonly string[]): Promise<void> {
    const recovered = await recoverSpoolFiles({
      fs: this.fs,
      directory: this.directory,
      names,
      ackedSeq: this.acks.seq,
      logger: this.logger,
    });
    if (recovered.tornRecords > 0) this.countTorn(recovered.tornRecords);
    for (const file of recovered.files) {
      this.files.push(file);
      this.totalBytes += file.size;
    }
    const last = this.files.at(-1);
    const lastRecordSeq = this.files.reduce((m, f) => Math.max(m, f.lastSeq ?? 0), 0);
    this.nextSeqValue = Math.max(1, lastRecordSeq + 1, this.acks.seq + 1, this.seqHigh + 1);
    if (last !== undefined && last.size >= FILE_HEADER_BYTES) {
      const continues =
        last.count > 0 ? (last.lastSeq ?? 0) + 1 === this.nextSeqValue : last.firstSeq === this.nextSeqValue;
      if (continues) {
        this.activeHandle = await this.fs.open(last.path, 'r+');
        return;
      }
      if (last.count === 0) {
        // An empty file named for a seq that will not come: replace it.
        this.files.pop();
        this.totalBytes -= last.size;
        await this.directory.remove(last.path);
      }
    } else if (last !== undefined) {
      // A file cut off inside its header: a writer crashed while creating it.
      this.files.pop();
      this.totalBytes -= last.size;
      await this.directory.remove(last.path);
    }
    await this.createActiveFile();
    await this.deleteAckedFiles();
  }

  /**
   * Writes one batch and returns its seq. Resolves once the batch counts as written under the
   * fsync mode (with `always`: on disk). When the spool is full the oldest files are dropped
   * first (counted and logged). Rejects with SpoolWriteError when the disk refuses the write
   * even after dropping what can be dropped: the batch was not stored and its seq not used, so
   * the caller may keep the segments and try again later.
   */
  append(segments: readonly IUsageSegment[]): Promise<number> {
    this.assertOpen();
    return this.lock.run(async () => {
      this.assertOpen();
      const seq = this.nextSeqValue;
      const payload = pb.UsageBatch.encode({ seq, segments: [...segments] }).finish();
      if (
        payload.length > MAX_RECORD_PAYLOAD_BYTES ||
        RECORD_HEADER_BYTES + payload.length > this.config.fileBytes
      )
        throw new AppError(
          'VALIDATION_FAILED',
          `batch of ${segments.length} segments encodes to ${payload.length} bytes: more than a spool file holds (fileBytes ${this.config.fileBytes}); send smaller batches`,
        );
      const record = encodeRecord(seq, segments.length, payload);
      await this.writeRecord(record, seq, segments.length);
      this.nextSeqValue = seq + 1;
      return seq;
    });
  }

  /**
   * Marks every batch with seq ≤ `seq` acknowledged: they are no longer pending, files holding
   * only acked records are deleted, and the position is persisted (throttled). Never rejects.
   */
  ack(seq: number): Promise<void> {
    if (this.closed || !Number.isSafeInteger(seq) || seq <= this.acks.seq) return Promise.resolve();
    const last = this.nextSeqValue - 1;
    if (seq > last) {
      if (!this.warnedAckBeyond) {
        this.warnedAckBeyond = true;
        this.logger.warn('spool: ack beyond the last written seq; capped', { ackSeq: seq, lastSeq: last });
      }
      seq = last;
      if (seq <= this.acks.seq) return Promise.resolve();
    }
    this.acks.advance(seq);
    return this.lock
      .run(() => this.deleteAckedFiles())
      .catch((err: unknown) => {
        this.logger.warn('spool: could not delete acked files', { error: errorMessage(err) });
      });
  }

  /**
   * Unacked batches with seq ≥ `fromSeq`, in seq order. Live: batches appended while iterating
   * are yielded too; batches acked or dropped meanwhile are skipped. Ends when it has caught up.
   */
  async *pending(fromSeq = 1): AsyncGenerator<SpoolBatch, void, undefined> {
    const reader = new RecordReader(this.fs);
    let next = fromSeq;
    try {
      while (!this.closed) {
        next = Math.max(next, this.acks.seq + 1);
        const at = this.locate(next);
        if (at === undefined) return;
        const { file, index } = at;
        const seq = file.seqAt(index);
        const offset = file.offsetAt(index);
        const bytes = file.bytesAt(index);
        let record: Buffer | undefined;
        try {
          record = await reader.read(file.path, offset, bytes, false, file.size);
          if (record === undefined || !recordIsIntact(record) || recordSeq(record) !== seq)
            record = await reader.read(file.path, offset, bytes, true, file.size);
        } catch (err: unknown) {
          if (errnoCode(err) !== 'ENOENT') throw err;
          if (this.files.includes(file)) {
            // Removed behind the spool's back: what it held is lost, so count it as dropped.
            this.logger.error('spool: a spool file vanished', { file: file.name });
            await this.lock.run(() => this.dropFile(file, 'file vanished'));
          }
          continue;
        }
        next = seq + 1;
        if (record === undefined || !recordIsIntact(record) || recordSeq(record) !== seq) {
          if (!this.files.includes(file) || seq <= this.acks.seq) continue;
          this.countTorn(1);
          this.logger.warn('spool: record became unreadable; skipped', { file: file.name, seq, offset });
          continue;
        }
        const payload = record.subarray(RECORD_HEADER_BYTES);
        yield { seq, segmentCount: file.segmentsAt(index), payload, bytes: payload.length };
      }
    } finally {
      await reader.close();
    }
  }

  stats(): SpoolStats {
    let depthBatches = 0;
    let depthSegments = 0;
    let oldestSeq: number | undefined;
    for (const file of this.files) {
      const u = file.unackedAfter(this.acks.seq);
      depthBatches += u.batches;
      depthSegments += u.segments;
      if (oldestSeq === undefined && u.batches > 0) oldestSeq = u.fromSeq;
    }
    return {
      bytes: this.totalBytes,
      depthBatches,
      depthSegments,
      oldestSeq,
      nextSeq: this.nextSeqValue,
      ackedSeq: this.acks.seq,
      droppedSegments: this.droppedSegments,
      droppedBatches: this.droppedBatches,
      tornRecords: this.tornRecords,
      writeErrors: this.writeErrors,
      files: this.files.length,
    };
  }

  /** Flushes, persists the ack position and the exact last seq, and releases the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.backgroundSync?.stop();
    this.acks.stop();
    await this.lock.run(async () => {
      const durable = this.config.fsync !== 'never';
      try {
        if (this.activeHandle !== undefined) {
          if (durable) await this.activeHandle.datasync();
          await this.activeHandle.close();
          this.activeHandle = undefined;
        }
        await this.acks.persist(true);
        await this.directory.writeAtomic('seq-high', `${this.nextSeqValue - 1}\n`, durable);
      } catch (err: unknown) {
        this.logger.warn('spool: close did not finish cleanly', { error: errorMessage(err) });
      } finally {
        await this.directory.unlock();
      }
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('UNAVAILABLE', `spool ${quote(this.config.dir)} is closed`);
  }

  private get active(): SpoolFile | undefined {
    return this.files.at(-1);
  }

  /** The file and index of the first record with seq ≥ `seq`. */
  private locate(seq: number): { file: SpoolFile; index: number } | undefined {
    // Files are few (maxBytes / fileBytes): a linear walk from the newest matching is enough.
    let start = 0;
    for (let i = this.files.length - 1; i >= 0; i--) {
      if ((this.files[i]?.firstSeq ?? Infinity) <= seq) {
        start = i;
        break;
      }
    }
    for (let i = start; i < this.files.length; i++) {
      const file = this.files[i];
      if (file === undefined) continue;
      const index = file.indexAtLeast(seq);
      if (index < file.count) return { file, index };
    }
    return undefined;
  }

  private async writeRecord(record: Buffer, seq: number, segmentCount: number): Promise<void> {
    for (;;) {
      try {
        await this.reserveSeq(seq);
        await this.makeRoom(record.length);
        await this.writeOnce(record, seq, segmentCount);
        return;
      } catch (err: unknown) {
        const reason = spoolWriteErrorReason(err);
        this.writeErrors += 1;
        this.metrics?.spoolWriteErrors.inc({ reason });
        const full = reason === 'enospc' || reason === 'edquot';
        const oldest = this.files.length > 1 ? this.files[0] : undefined;
        if (full && oldest !== undefined) {
          this.logger.warn('spool: disk full; dropping the oldest spool file to make room', {
            seq,
            error: errorMessage(err),
          });
          try {
            await this.dropFile(oldest, 'disk full');
            continue;
          } catch (dropErr: unknown) {
            this.logger.error('spool: could not drop the oldest file', { error: errorMessage(dropErr) });
          }
        }
        this.logger.error('spool: write failed; the batch was not stored', {
          seq,
          reason,
          error: errorMessage(err),
        });
        throw new SpoolWriteError(
          `spool write to ${quote(this.config.dir)} failed (${errnoCode(err) ?? 'error'}): ${errorMessage(err)}`,
          reason,
          err,
        );
      }
    }
  }

  private async writeOnce(record: Buffer, seq: number, segmentCount: number): Promise<void> {
    const file = this.active;
    const handle = this.activeHandle;
    if (file === undefined || handle === undefined) throw new AppError('INTERNAL', 'spool has no open file');
    const at = file.size;
    try {
      let written = 0;
      while (written < record.length) {
        const { bytesWritten } = await handle.write(record, written, record.length - written, at + written);
        if (bytesWritten <= 0) throw new AppError('UNAVAILABLE', 'spool write made no progress');
        written += bytesWritten;
      }
      if (this.config.fsync === 'always') await handle.datasync();
    } catch (err: unknown) {
      // Take back a partial record so the next append does not follow garbage.
      try {
        await handle.truncate(at);
      } catch (truncateErr: unknown) {
        this.mustRoll = true;
        this.logger.warn('spool: could not cut off a failed write; starting a new file', {
          file: file.name,
          error: errorMessage(truncateErr),
        });
      }
      throw err;
    }
    file.push(seq, at, record.length, segmentCount);
    file.size += record.length;
    this.totalBytes += record.length;
    this.backgroundSync?.dataWritten();
  }

  private async reserveSeq(seq: number): Promise<void> {
    if (this.config.fsync === 'always' || seq <= this.seqHigh) return;
    const high = seq + SEQ_RESERVE_BLOCK - 1;
    await this.directory.writeAtomic('seq-high', `${high}\n`, true);
    this.seqHigh = high;
  }

  private async makeRoom(recordBytes: number): Promise<void> {
    const active = this.active;
    if (
      active === undefined ||
      this.activeHandle === undefined ||
      this.mustRoll ||
      (active.count > 0 && active.size + recordBytes > this.config.fileBytes)
    )
      await this.roll();
    while (this.totalBytes + recordBytes > this.config.maxBytes) {
      const oldest = this.files.length > 1 ? this.files[0] : undefined;
      if (oldest === undefined) break;
      await this.dropFile(oldest, 'spool full');
    }
  }

  private async roll(): Promise<void> {
    const old = this.activeHandle;
    if (old !== undefined) {
      this.activeHandle = undefined;
      try {
        if (this.config.fsync !== 'never') await old.datasync();
      } finally {
        await old.close();
      }
    }
    await this.createActiveFile();
    await this.deleteAckedFiles();
  }

  private async createActiveFile(): Promise<void> {
    const file = new SpoolFile(this.config.dir, this.nextSeqValue, 0);
    const handle = await this.fs.open(file.path, 'w+');
    try {
      await handle.write(FILE_MAGIC, 0, FILE_MAGIC.length, 0);
      if (this.config.fsync !== 'never') {
        await handle.datasync();
        if (this.config.fsync === 'always') await this.directory.sync();
        else this.backgroundSync?.directoryChanged();
      }
    } catch (err: unknown) {
      await handle.close();
      await this.directory.remove(file.path);
      throw err;
    }
    file.size = FILE_HEADER_BYTES;
    this.files.push(file);
    this.totalBytes += file.size;
    this.activeHandle = handle;
    this.mustRoll = false;
  }

  private async dropFile(file: SpoolFile, why: string): Promise<void> {
    const lost = file.unackedAfter(this.acks.seq);
    await this.directory.remove(file.path);
    if (!this.files.includes(file)) return;
    this.forget(file);
    if (lost.batches === 0) return;
    this.droppedSegments += lost.segments;
    this.droppedBatches += lost.batches;
    this.metrics?.droppedSegments.inc(lost.segments);
    this.logger.warn(`spool: ${why}; dropped the oldest unacknowledged batches`, {
      file: file.name,
      droppedSegments: lost.segments,
      droppedBatches: lost.batches,
      fromSeq: lost.fromSeq,
      toSeq: lost.toSeq,
      droppedSegmentsTotal: this.droppedSegments,
    });
  }

  private async deleteAckedFiles(): Promise<void> {
    while (this.files.length > 1) {
      const oldest = this.files[0];
      if (oldest === undefined) return;
      const last = oldest.lastSeq;
      if (last !== undefined && last > this.acks.seq) return;
      await this.directory.remove(oldest.path);
      this.forget(oldest);
    }
  }

  private forget(file: SpoolFile): void {
    const i = this.files.indexOf(file);
    if (i < 0) return;
    // Losing the file being written (it vanished): the next append must start a new one.
    if (i === this.files.length - 1) this.mustRoll = true;
    this.files.splice(i, 1);
    this.totalBytes -= file.size;
  }

  private countTorn(n: number): void {
    this.tornRecords += n;
    this.metrics?.spoolTornRecords.inc(n);
  }

  private countWriteError(err: unknown): void {
    this.writeErrors += 1;
    this.metrics?.spoolWriteErrors.inc({ reason: spoolWriteErrorReason(err) });
  }
}
