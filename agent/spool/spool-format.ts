/**
 * On-disk format of spool segment files (see agent/spool/spool.ts for the directory layout).
 *
 * A file starts with an 8-byte header, `GWSPOOL` + format version 1, followed by records:
 *
 * ```
 * offset  size  field
 *      0     4  payload length, u32 LE
 *      4     4  CRC-32 (IEEE, zlib) of bytes 8 … end of record, u32 LE
 *      8     8  seq, u64 LE (always < 2^53)
 *     16     4  segment count, u32 LE
 *     20     n  payload: the UsageBatch, protobuf-encoded (it carries the same seq)
 * ```
 *
 * seq and the segment count sit in the checksummed header so that opening a spool only needs
 * a checksum pass, not a protobuf decode of every batch. Records of one file have consecutive
 * seqs, which is what lets a scan resynchronise after a corrupt record (see scanSpoolFile).
 */
import { crc32 } from 'node:zlib';

export const FILE_MAGIC = Buffer.from('GWSPOOL\x01', 'latin1');
export const FILE_HEADER_BYTES = FILE_MAGIC.length;
export const RECORD_HEADER_BYTES = 20;
/** No record payload is larger (a batch is ≤ 4 MiB on the wire, docs/design.md §3); a larger length is corruption. */
export const MAX_RECORD_PAYLOAD_BYTES = 64 * 1024 * 1024;

const TWO_32 = 2 ** 32;

export function encodeRecord(seq: number, segmentCount: number, payload: Uint8Array): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.writeUInt32LE(seq % TWO_32, 8);
  record.writeUInt32LE(Math.floor(seq / TWO_32), 12);
  record.writeUInt32LE(segmentCount, 16);
  record.set(payload, RECORD_HEADER_BYTES);
  record.writeUInt32LE(crc32(record.subarray(8)), 4);
  return record;
}

/** The checksum of the record at `record[0…]` matches and its declared length fits `record`. */
export function recordIsIntact(record: Buffer): boolean {
  if (record.length < RECORD_HEADER_BYTES) return false;
  const length = record.readUInt32LE(0);
  if (RECORD_HEADER_BYTES + length !== record.length) return false;
  return crc32(record.subarray(8)) === record.readUInt32LE(4);
}

export function recordSeq(record: Buffer, at = 0): number {
  return record.readUInt32LE(at + 8) + record.readUInt32LE(at + 12) * TWO_32;
}

export function recordSegmentCount(record: Buffer, at = 0): number {
  return record.readUInt32LE(at + 16);
}

/** One intact record found by a scan. */
export interface ScannedRecord {
  readonly seq: number;
  readonly offset: number;
  /** Header + payload. */
  readonly bytes: number;
  readonly segmentCount: number;
}

export interface SpoolFileScan {
  readonly records: ScannedRecord[];
  /**
   * Records lost to corruption: each unreadable stretch counts as the seqs it swallowed when a
   * later record proves how many, else as one. A torn write at the end is one.
   */
  readonly tornRecords: number;
  /** End of the last intact record (or of the header): where a writer may continue. */
  readonly goodEnd: number;
  /** The bytes after goodEnd are not an intact record (a torn tail or trailing garbage). */
  readonly hasGarbageTail: boolean;
  /** The file header itself is missing or wrong: nothing in the file is trusted. */
  readonly badHeader: boolean;
  /** Human description of each problem, for the log. */
  readonly problems: string[];
}

function seqPattern(seq: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32LE(seq % TWO_32, 0);
  b.writeUInt32LE(Math.floor(seq / TWO_32), 4);
  return b;
}

/** Length and checksum of the record at `offset` are sound. */
function intactAt(data: Buffer, offset: number): boolean {
  if (offset < FILE_HEADER_BYTES || offset + RECORD_HEADER_BYTES > data.length) return false;
  const length = data.readUInt32LE(offset);
  if (length > MAX_RECORD_PAYLOAD_BYTES || offset + RECORD_HEADER_BYTES + length > data.length) return false;
  return (
    crc32(data.subarray(offset + 8, offset + RECORD_HEADER_BYTES + length)) === data.readUInt32LE(offset + 4)
  );
}

/** How many following seqs a resync looks for before it gives the rest of the file up. */
const RESYNC_LOOKAHEAD = 16;

/**
 * Finds the next intact record after a corrupt stretch starting at `from`: records of a file
 * carry consecutive seqs, so it searches for the byte pattern of the next few expected seqs and
 * accepts a hit only when that record's checksum holds (a false match is a 2^-32 event).
 */
function resync(
  data: Buffer,
  from: number,
  expectedSeq: number,
): { offset: number; seq: number } | undefined {
  for (let k = 0; k < RESYNC_LOOKAHEAD; k++) {
    const seq = expectedSeq + k;
    const pattern = seqPattern(seq);
    let at = data.indexOf(pattern, from + 8);
    while (at !== -1) {
      const offset = at - 8;
      if (intactAt(data, offset)) return { offset, seq };
      at = data.indexOf(pattern, at + 1);
    }
  }
  return undefined;
}

/**
 * Reads a whole spool file and returns its intact records. Never throws on bad content: a
 * torn tail, a flipped byte or a bad header are reported and the rest is kept.
 *
 * @param firstSeq the seq in the file's name: the seq its first record was written with.
 */
export function scanSpoolFile(data: Buffer, firstSeq: number): SpoolFileScan {
  const records: ScannedRecord[] = [];
  const problems: string[] = [];
  let tornRecords = 0;
  if (data.length < FILE_HEADER_BYTES || !data.subarray(0, FILE_HEADER_BYTES).equals(FILE_MAGIC)) {
    // A file created by a crashed writer may be shorter than its header: that lost nothing.
    const empty = data.length === 0 || FILE_MAGIC.subarray(0, data.length).equals(data);
    if (!empty) {
      problems.push(`file header is not ${JSON.stringify(FILE_MAGIC.toString('latin1'))}`);
      tornRecords = 1;
    }
    return {
      records,
      tornRecords,
      goodEnd: 0,
      hasGarbageTail: data.length > 0,
      badHeader: !empty,
      problems,
    };
  }
  let offset = FILE_HEADER_BYTES;
  let expectedSeq = firstSeq;
  let hasGarbageTail = false;
  let goodEnd = offset;
  while (offset < data.length) {
    if (intactAt(data, offset)) {
      const seq = recordSeq(data, offset);
      const bytes = RECORD_HEADER_BYTES + data.readUInt32LE(offset);
      records.push({ seq, offset, bytes, segmentCount: recordSegmentCount(data, offset) });
      expectedSeq = seq + 1;
      offset += bytes;
      goodEnd = offset;
      continue;
    }
    const found = resync(data, offset, expectedSeq);
    if (found === undefined) {
      problems.push(
        offset + RECORD_HEADER_BYTES > data.length ||
          offset + RECORD_HEADER_BYTES + data.readUInt32LE(offset) > data.length
          ? `torn record at byte ${offset} (seq ${expectedSeq}): ${data.length - offset} bytes after the last intact record`
          : `corrupt record at byte ${offset} (seq ${expectedSeq}): checksum mismatch, nothing intact after it`,
      );
      tornRecords += 1;
      hasGarbageTail = true;
      break;
    }
    // Garbage that swallowed no seq (a failed write) still counts once: something was torn.
    const lost = Math.max(1, found.seq - expectedSeq);
    problems.push(
      `corrupt data at bytes ${offset}…${found.offset} before seq ${found.seq}: skipped ${lost} record${lost === 1 ? '' : 's'}`,
    );
    tornRecords += lost;
    offset = found.offset;
  }
  return { records, tornRecords, goodEnd, hasGarbageTail, badHeader: false, problems };
}
