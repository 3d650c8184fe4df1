/**
 * The agent's on-disk spool (docs/design.md §4): every batch is written here before it is sent, and
 * removed only when the collector's cumulative ack covers it, so a crash, a restart or a
 * collector outage loses nothing — unless the spool is full, and then the oldest data goes
 * first and every dropped segment is counted and logged.
 *
 * Directory layout (one agent per directory; files the spool does not know are left alone):
 *
 * ```
 * <dir>/
 *   spool-id                   random id of this spool (a UUID), created once; Hello.spool_id
 *   lock                       pid of the process using the directory
 *   acked                      highest seq the collector acknowledged (cumulative), replaced atomically
 *   seq-high                   no seq above this was handed out (see "Seq" below)
 *   0000000000000001.spool     segment files, named by the seq of their first record (16 digits)
 *   state-segments.json        the segment state (agent/segments/journaled-state-store.ts), not the spool's
 *   *.tmp                      half-done atomic replacements; removed on open
 * ```
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
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { pb, type IUsageSegment } from '../../common/proto.js';
import { AppError, errorMessage, quote } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import { systemClock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import { silentLogger } from '../../common/logger.js';
import { AgentMetrics, spoolWriteErrorReason, type SpoolWriteErrorReason } from '../agent-metrics.js';
import {
  FILE_HEADER_BYTES,
  FILE_MAGIC,
  MAX_RECORD_PAYLOAD_BYTES,
  RECORD_HEADER_BYTES,
  encodeRecord,
  recordIsIntact,
  recordSeq,
  scanSpoolFile,
} from './spool-format.js';

/** When a write counts as written. */
export type FsyncMode = 'always' | 'interval' | 'never';

/**
 * The file-system calls the spool makes: node:fs/promises by default; tests wrap it to inject
 * failures (ENOSPC, EIO) into real files.
 */
export type SpoolFs = Pick<
  typeof nodeFs,
  'open' | 'readFile' | 'rename' | 'unlink' | 'readdir' | 'mkdir' | 'truncate'
>;

export interface SpoolOptions {
  /** Directory of the spool; created if missing. */
  dir: string;
  /** Upper bound of the spool files' total size, bytes. Default 1 GiB. */
  maxBytes?: number;
  /**
   * Size at which the current segment file is closed and a new one started, bytes. Whole files
   * are what acks delete and what a full spool drops. Default `min(64 MiB, maxBytes / 8)`;
   * at most `maxBytes / 4`.
   */
  fileBytes?: number;
  /**
   * When an append counts as written. `always` (default): fsync before append() resolves;
   * `interval`: fsync every `fsyncIntervalMs` (a power loss loses at most that much);
   * `never`: leave it to the OS (a process crash loses nothing, a power loss may).
   */
  fsync?: FsyncMode;
  /** Period of the background fsync in `interval` mode, ms. Default 1000. */
  fsyncIntervalMs?: number;
  /** The ack position is persisted at most this often, ms (and on close). Default 1000. */
  ackPersistIntervalMs?: number;
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Registry for the agent metrics (AgentMetrics.forRegistry). Default: no metrics. */
  registry?: Registry;
  /** File-system seam. Default node:fs/promises. */
  fs?: SpoolFs;
}

export interface SpoolConfig {
  readonly dir: string;
  readonly maxBytes: number;
  readonly fileBytes: number;
  readonly fsync: FsyncMode;
  readonly fsyncIntervalMs: number;
  readonly ackPersistIntervalMs: number;
}

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

/** An append that did not reach the disk; the batch was not stored and its seq not used. */
export class SpoolWriteError extends AppError {
  readonly reason: SpoolWriteErrorReason;
  constructor(message: string, reason: SpoolWriteErrorReason, cause: unknown) {
    super('UNAVAILABLE', message, { cause });
    this.reason = reason;
  }
}

const DEFAULT_MAX_BYTES = 1024 ** 3;
const MAX_DEFAULT_FILE_BYTES = 64 * 1024 ** 2;
/** Seqs reserved per durable write of `seq-high` when fsync is not `always`. */
const SEQ_RESERVE_BLOCK = 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
const FILE_NAME = /^(\d{16})\.spool$/;

function fileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.spool`;
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function resolveConfig(options: SpoolOptions): SpoolConfig {
  const problems: string[] = [];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 4096)
    problems.push(`maxBytes: expected an integer ≥ 4096, got ${quote(maxBytes)}`);
  const fileBytes = options.fileBytes ?? Math.min(MAX_DEFAULT_FILE_BYTES, Math.floor(maxBytes / 8));
  if (!Number.isSafeInteger(fileBytes) || fileBytes < 1024 || fileBytes > maxBytes / 4)
    problems.push(
      `fileBytes: expected an integer in 1024…maxBytes/4 (${maxBytes / 4}), got ${quote(fileBytes)}`,
    );
  const fsync = options.fsync ?? 'always';
  if (fsync !== 'always' && fsync !== 'interval' && fsync !== 'never')
    problems.push(`fsync: expected "always", "interval" or "never", got ${quote(fsync)}`);
  const fsyncIntervalMs = options.fsyncIntervalMs ?? 1000;
  if (!(fsyncIntervalMs > 0)) problems.push(`fsyncIntervalMs: expected > 0, got ${quote(fsyncIntervalMs)}`);
  const ackPersistIntervalMs = options.ackPersistIntervalMs ?? 1000;
  if (!(ackPersistIntervalMs >= 0))
    problems.push(`ackPersistIntervalMs: expected ≥ 0, got ${quote(ackPersistIntervalMs)}`);
  if (problems.length > 0)
    throw new AppError('CONFIG_INVALID', `invalid spool options: ${problems.join('; ')}`);
  return Object.freeze({
    dir: options.dir,
    maxBytes,
    fileBytes,
    fsync,
    fsyncIntervalMs,
    ackPersistIntervalMs,
  });
}

/** Serialises the spool's mutations (appends, rolls, deletions). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** A segment file and the index of its intact records (typed arrays: a full spool may hold millions). */
class SpoolFile {
  readonly path: string;
  /** Bytes on disk that count against maxBytes. */
  size: number;
  count = 0;
  private seqs = new Float64Array(64);
  private offsets = new Float64Array(64);
  private lengths = new Uint32Array(64);
  /** cumulativeSegments[i] = segments in records 0…i. */
  private cumulativeSegments = new Float64Array(64);

  constructor(
    dir: string,
    readonly firstSeq: number,
    size: number,
  ) {
    this.path = join(dir, fileName(firstSeq));
    this.size = size;
  }

  get name(): string {
    return fileName(this.firstSeq);
  }

  push(seq: number, offset: number, bytes: number, segmentCount: number): void {
    if (this.count === this.seqs.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.seqs = grow(this.seqs, (n) => new Float64Array(n));
      this.offsets = grow(this.offsets, (n) => new Float64Array(n));
      this.lengths = grow(this.lengths, (n) => new Uint32Array(n));
      this.cumulativeSegments = grow(this.cumulativeSegments, (n) => new Float64Array(n));
    }
    const i = this.count;
    this.seqs[i] = seq;
    this.offsets[i] = offset;
    this.lengths[i] = bytes;
    this.cumulativeSegments[i] = (i === 0 ? 0 : (this.cumulativeSegments[i - 1] ?? 0)) + segmentCount;
    this.count += 1;
  }

  seqAt(i: number): number {
    return this.seqs[i] ?? NaN;
  }
  offsetAt(i: number): number {
    return this.offsets[i] ?? NaN;
  }
  bytesAt(i: number): number {
    return this.lengths[i] ?? 0;
  }
  segmentsAt(i: number): number {
    return (this.cumulativeSegments[i] ?? 0) - (i === 0 ? 0 : (this.cumulativeSegments[i - 1] ?? 0));
  }

  get lastSeq(): number | undefined {
    return this.count === 0 ? undefined : this.seqs[this.count - 1];
  }

  /** Index of the first record with seq ≥ `seq` (count when none). */
  indexAtLeast(seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] ?? Infinity) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records and segments with seq > `ackedSeq`, and their seq range. */
  unackedAfter(ackedSeq: number): { batches: number; segments: number; fromSeq: number; toSeq: number } {
    const i = this.indexAtLeast(ackedSeq + 1);
    const batches = this.count - i;
    if (batches === 0) return { batches: 0, segments: 0, fromSeq: NaN, toSeq: NaN };
    const total = this.cumulativeSegments[this.count - 1] ?? 0;
    const before = i === 0 ? 0 : (this.cumulativeSegments[i - 1] ?? 0);
    return { batches, segments: total - before, fromSeq: this.seqAt(i), toSeq: this.seqAt(this.count - 1) };
  }
}

/** Reads records of spool files through a window, so replay is a few large reads, not one per record. */
class RecordReader {
  private handle: FileHandle | undefined;
  private path: string | undefined;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly fs: SpoolFs) {}

  /**
   * The record bytes, or undefined when the file is shorter than the index says. `fileEnd`, the
   * end of the file's indexed records, keeps the window from reaching past them: a transport
   * that tails the spool reads one small record per cycle, not a 1 MiB window each time.
   */
  async read(
    path: string,
    offset: number,
    bytes: number,
    fresh: boolean,
    fileEnd = Infinity,
  ): Promise<Buffer | undefined> {
    if (this.path !== path || this.handle === undefined) {
      await this.close();
      this.handle = await this.fs.open(path, 'r');
      this.path = path;
    }
    const end = offset + bytes;
    if (fresh || offset < this.windowStart || end > this.windowStart + this.window.length) {
      const buffer = Buffer.allocUnsafe(Math.max(bytes, Math.min(READ_CHUNK_BYTES, fileEnd - offset)));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, offset);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = offset;
      if (bytesRead < bytes) return undefined;
    }
    return this.window.subarray(offset - this.windowStart, end - this.windowStart);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.path = undefined;
    this.window = Buffer.alloc(0);
    await handle?.close();
  }
}

export class Spool {
  /** Random id of this spool: Hello.spool_id. */
  readonly spoolId: string;
  readonly config: SpoolConfig;

  private readonly fs: SpoolFs;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly metrics: AgentMetrics | undefined;
  private readonly lock = new Mutex();
  /** Oldest first; the last one is being written. */
  private readonly files: SpoolFile[] = [];
  private activeHandle: FileHandle | undefined;
  /** The current file must not take more records (a failed write could not be undone). */
  private mustRoll = false;
  private totalBytes = 0;
  private nextSeqValue: number;
  private ackedSeqValue: number;
  private persistedAckSeq: number;
  private lastAckPersistMs = -Infinity;
  private seqHigh: number;
  private dirty = false;
  private dirDirty = false;
  private fsyncTimer: NodeJS.Timeout | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private warnedAckBeyond = false;
  private droppedSegments = 0;
  private droppedBatches = 0;
  private tornRecords = 0;
  private writeErrors = 0;

  private constructor(
    config: SpoolConfig,
    fs: SpoolFs,
    logger: Logger,
    clock: Clock,
    metrics: AgentMetrics | undefined,
    spoolId: string,
    ackedSeq: number,
    seqHigh: number,
  ) {
    this.config = config;
    this.fs = fs;
    this.logger = logger;
    this.clock = clock;
    this.metrics = metrics;
    this.spoolId = spoolId;
    this.ackedSeqValue = ackedSeq;
    this.persistedAckSeq = ackedSeq;
    this.seqHigh = seqHigh;
    this.nextSeqValue = 1;
  }

  /** Opens (or creates) the spool in `options.dir`, checking every file. */
  static async open(options: SpoolOptions): Promise<Spool> {
    const config = resolveConfig(options);
    const fs = options.fs ?? nodeFs;
    const logger = (options.logger ?? silentLogger).child({ component: 'spool' });
    const metrics = options.registry === undefined ? undefined : AgentMetrics.forRegistry(options.registry);
    await fs.mkdir(config.dir, { recursive: true });
    await acquireLock(fs, config.dir);
    try {
      const names = await fs.readdir(config.dir);
      for (const name of names.filter((n) => n.endsWith('.tmp')))
        await unlinkIfExists(fs, join(config.dir, name));
      const spoolId = await readOrCreateSpoolId(
        fs,
        config.dir,
        logger,
        names.some((n) => FILE_NAME.test(n)),
      );
      const ackedSeq = await readNumberFile(fs, join(config.dir, 'acked'), logger);
      const seqHigh = await readNumberFile(fs, join(config.dir, 'seq-high'), logger);
      const spool = new Spool(
        config,
        fs,
        logger,
        options.clock ?? systemClock,
        metrics,
        spoolId,
        ackedSeq,
        seqHigh,
      );
      await spool.load(names);
      metrics?.watchSpool(spool);
      if (config.fsync === 'interval') {
        spool.fsyncTimer = setInterval(() => {
          void spool.lock.run(() => spool.syncNow());
        }, config.fsyncIntervalMs);
        spool.fsyncTimer.unref();
      }
      return spool;
    } catch (err: unknown) {
      await unlinkIfExists(fs, join(config.dir, 'lock'));
      throw err;
    }
  }

  /** The seq the next append will take. */
  get nextSeq(): number {
    return this.nextSeqValue;
  }

  /** Cumulative ack position: every batch with seq ≤ this is acknowledged. */
  get ackedSeq(): number {
    return this.ackedSeqValue;
  }

  private async load(names: readonly string[]): Promise<void> {
    const { dir } = this.config;
    const found = names
      .map((n) => FILE_NAME.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (let i = 0; i < found.length; i++) {
      const firstSeq = found[i] ?? 0;
      const next = found[i + 1];
      const isLast = next === undefined;
      // A file whose successor starts at or below the ack position holds only acked records.
      if (!isLast && next - 1 <= this.ackedSeqValue) {
        await unlinkIfExists(this.fs, join(dir, fileName(firstSeq)));
        continue;
      }
      const file = new SpoolFile(dir, firstSeq, 0);
      const data = await this.fs.readFile(file.path);
      const scan = scanSpoolFile(data, firstSeq);
      for (const r of scan.records) file.push(r.seq, r.offset, r.bytes, r.segmentCount);
      file.size = data.length;
      if (scan.tornRecords > 0) {
        this.countTorn(scan.tornRecords);
        this.logger.warn('spool: skipped torn or corrupt records', {
          file: file.name,
          tornRecords: scan.tornRecords,
          intactRecords: scan.records.length,
          problems: scan.problems,
        });
      }
      if (scan.badHeader || (file.count === 0 && !isLast)) {
        // Nothing in it can be read back (its loss is counted above): reclaim the space.
        await unlinkIfExists(this.fs, file.path);
        continue;
      }
      if (isLast && scan.hasGarbageTail) {
        // Appends continue after the last intact record, so the torn tail must go.
        await this.fs.truncate(file.path, scan.goodEnd);
        file.size = scan.goodEnd;
      }
      this.files.push(file);
      this.totalBytes += file.size;
    }
    const last = this.files.at(-1);
    const lastRecordSeq = this.files.reduce((m, f) => Math.max(m, f.lastSeq ?? 0), 0);
    this.nextSeqValue = Math.max(1, lastRecordSeq + 1, this.ackedSeqValue + 1, this.seqHigh + 1);
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
        await unlinkIfExists(this.fs, last.path);
      }
    } else if (last !== undefined) {
      // A file cut off inside its header: a writer crashed while creating it.
      this.files.pop();
      this.totalBytes -= last.size;
      await unlinkIfExists(this.fs, last.path);
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
    if (this.closed || !Number.isSafeInteger(seq) || seq <= this.ackedSeqValue) return Promise.resolve();
    const last = this.nextSeqValue - 1;
    if (seq > last) {
      if (!this.warnedAckBeyond) {
        this.warnedAckBeyond = true;
        this.logger.warn('spool: ack beyond the last written seq; capped', { ackSeq: seq, lastSeq: last });
      }
      seq = last;
      if (seq <= this.ackedSeqValue) return Promise.resolve();
    }
    this.ackedSeqValue = seq;
    this.scheduleAckPersist();
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
        next = Math.max(next, this.ackedSeqValue + 1);
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
          if (!this.files.includes(file) || seq <= this.ackedSeqValue) continue;
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
      const u = file.unackedAfter(this.ackedSeqValue);
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
      ackedSeq: this.ackedSeqValue,
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
    clearInterval(this.fsyncTimer);
    clearTimeout(this.ackTimer);
    await this.lock.run(async () => {
      const durable = this.config.fsync !== 'never';
      try {
        if (this.activeHandle !== undefined) {
          if (durable) await this.activeHandle.datasync();
          await this.activeHandle.close();
          this.activeHandle = undefined;
        }
        await this.persistAck(true);
        await writeAtomic(this.fs, this.config.dir, 'seq-high', `${this.nextSeqValue - 1}\n`, durable);
      } catch (err: unknown) {
        this.logger.warn('spool: close did not finish cleanly', { error: errorMessage(err) });
      } finally {
        await unlinkIfExists(this.fs, join(this.config.dir, 'lock'));
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
    if (this.config.fsync === 'interval') this.dirty = true;
  }

  private async reserveSeq(seq: number): Promise<void> {
    if (this.config.fsync === 'always' || seq <= this.seqHigh) return;
    const high = seq + SEQ_RESERVE_BLOCK - 1;
    await writeAtomic(this.fs, this.config.dir, 'seq-high', `${high}\n`, true);
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
        if (this.config.fsync === 'always') await syncDir(this.fs, this.config.dir);
        else this.dirDirty = true;
      }
    } catch (err: unknown) {
      await handle.close();
      await unlinkIfExists(this.fs, file.path);
      throw err;
    }
    file.size = FILE_HEADER_BYTES;
    this.files.push(file);
    this.totalBytes += file.size;
    this.activeHandle = handle;
    this.mustRoll = false;
  }

  private async dropFile(file: SpoolFile, why: string): Promise<void> {
    const lost = file.unackedAfter(this.ackedSeqValue);
    await unlinkIfExists(this.fs, file.path);
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
      if (last !== undefined && last > this.ackedSeqValue) return;
      await unlinkIfExists(this.fs, oldest.path);
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

  private scheduleAckPersist(): void {
    if (this.ackTimer !== undefined || this.closed) return;
    const waitMs = Math.max(0, this.lastAckPersistMs + this.config.ackPersistIntervalMs - this.clock.nowMs());
    this.ackTimer = setTimeout(
      () => {
        this.ackTimer = undefined;
        void this.lock.run(() => this.persistAck(false));
      },
      Math.min(waitMs, this.config.ackPersistIntervalMs),
    );
    this.ackTimer.unref();
  }

  private async persistAck(closing: boolean): Promise<void> {
    const seq = this.ackedSeqValue;
    if (seq === this.persistedAckSeq) return;
    try {
      // Losing the ack position only means resending acked batches: the collector dedups them.
      await writeAtomic(this.fs, this.config.dir, 'acked', `${seq}\n`, this.config.fsync === 'always');
      this.persistedAckSeq = seq;
      this.lastAckPersistMs = this.clock.nowMs();
    } catch (err: unknown) {
      this.writeErrors += 1;
      this.metrics?.spoolWriteErrors.inc({ reason: spoolWriteErrorReason(err) });
      this.logger.warn('spool: could not persist the ack position; will retry', { error: errorMessage(err) });
      if (!closing) this.scheduleAckPersist();
    }
  }

  /** The background fsync of `interval` mode. */
  private async syncNow(): Promise<void> {
    try {
      if (this.dirty && this.activeHandle !== undefined) {
        this.dirty = false;
        await this.activeHandle.datasync();
      }
      if (this.dirDirty) {
        this.dirDirty = false;
        await syncDir(this.fs, this.config.dir);
      }
    } catch (err: unknown) {
      this.dirty = true;
      this.writeErrors += 1;
      this.metrics?.spoolWriteErrors.inc({ reason: spoolWriteErrorReason(err) });
      this.logger.warn('spool: background fsync failed; will retry', { error: errorMessage(err) });
    }
  }
}

async function unlinkIfExists(fs: SpoolFs, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (err: unknown) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}

async function syncDir(fs: SpoolFs, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `name` in `dir` with `text` via a temporary file and rename. */
async function writeAtomic(
  fs: SpoolFs,
  dir: string,
  name: string,
  text: string,
  durable: boolean,
): Promise<void> {
  const tmp = join(dir, `${name}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text);
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, join(dir, name));
  if (durable) await syncDir(fs, dir);
}

async function readNumberFile(fs: SpoolFs, path: string, logger: Logger): Promise<number> {
  let text: string;
  try {
    text = (await fs.readFile(path)).toString('utf8').trim();
  } catch (err: unknown) {
    if (errnoCode(err) === 'ENOENT') return 0;
    throw err;
  }
  const n = Number(text);
  if (text === '' || !Number.isSafeInteger(n) || n < 0) {
    logger.warn('spool: unreadable position file ignored', { path, content: quote(text) });
    return 0;
  }
  return n;
}

async function readOrCreateSpoolId(
  fs: SpoolFs,
  dir: string,
  logger: Logger,
  hasData: boolean,
): Promise<string> {
  const path = join(dir, 'spool-id');
  try {
    const id = (await fs.readFile(path)).toString('utf8').trim();
    if (/^[0-9a-f-]{8,64}$/i.test(id)) return id;
    logger.warn('spool: unreadable spool-id replaced', { content: quote(id) });
  } catch (err: unknown) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  const id = randomUUID();
  if (hasData)
    // The old id is gone, so the batches on disk go out under the new one; their seqs continue,
    // and their segments are deduplicated by segment identity if the collector has them already.
    logger.warn('spool: spool-id missing beside spooled data; using a new id', { spoolId: id });
  await writeAtomic(fs, dir, 'spool-id', `${id}\n`, true);
  return id;
}

async function acquireLock(fs: SpoolFs, dir: string): Promise<void> {
  const path = join(dir, 'lock');
  try {
    const holder = Number((await fs.readFile(path)).toString('utf8').trim());
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder))
      throw new AppError(
        'UNAVAILABLE',
        `spool directory ${quote(dir)} is in use by process ${holder}; give each agent its own --spool-dir (remove ${quote(path)} if that process is not an agent)`,
      );
  } catch (err: unknown) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  await writeAtomic(fs, dir, 'lock', `${process.pid}\n`, false);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return errnoCode(err) === 'EPERM';
  }
}
