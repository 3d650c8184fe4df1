/** One segment file of the spool: its name, and the index of its intact records. */
import { join } from 'node:path';

/** Segment files are named by the seq of their first record, 16 digits. */
export const spoolFileNamePattern = /^(\d{16})\.spool$/;

export function spoolFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.spool`;
}

/** A segment file and the index of its intact records (typed arrays: a full spool may hold millions). */
export class SpoolFile {
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
    this.path = join(dir, spoolFileName(firstSeq));
    this.size = size;
  }

  get name(): string {
    return spoolFileName(this.firstSeq);
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
