/**
 * Splits a cycle's segments into UsageBatches the collector accepts (docs/design.md §3: at most 10 000
 * segments and 4 MiB per batch, both configurable on the collector) and the spool can hold in
 * one record. Segments keep their order, so an allocation's segments stay in time order across
 * batches: the collector needs them that way (a segment that starts before the allocation's last
 * stored end is taken for a replay).
 */
import { pb, type IUsageSegment } from '../../common/proto.js';
import { AppError } from '../../common/errors.js';

/** Bounds of one batch. */
export interface BatchLimits {
  /** Segments per batch at most. */
  readonly maxSegments: number;
  /** Encoded UsageBatch size at most, bytes. */
  readonly maxBytes: number;
}

/** Field 2 (segments) tag, plus the seq field (tag + varint ≤ 10 bytes) of the batch itself. */
const BATCH_OVERHEAD_BYTES = 11;

function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    bytes += 1;
  }
  return bytes;
}

/** Bytes one segment adds to an encoded UsageBatch (tag, length, message). */
export function encodedSegmentBytes(segment: IUsageSegment): number {
  const length = pb.UsageSegment.encode(segment).finish().length;
  return 1 + varintBytes(length) + length;
}

/**
 * Splits `segments` into consecutive batches within `limits`. A single segment larger than
 * `maxBytes` on its own (impossible for the agent's own segments, which are a few hundred
 * bytes) is an error rather than a batch the collector would refuse.
 */
export function splitIntoBatches(segments: readonly IUsageSegment[], limits: BatchLimits): IUsageSegment[][] {
  if (!(limits.maxSegments >= 1) || !(limits.maxBytes > BATCH_OVERHEAD_BYTES))
    throw new AppError(
      'INTERNAL',
      `batch limits: expected maxSegments ≥ 1 and maxBytes > ${BATCH_OVERHEAD_BYTES}, got ${limits.maxSegments} and ${limits.maxBytes}`,
    );
  const batches: IUsageSegment[][] = [];
  let current: IUsageSegment[] = [];
  let currentBytes = BATCH_OVERHEAD_BYTES;
  for (const segment of segments) {
    const bytes = encodedSegmentBytes(segment);
    if (BATCH_OVERHEAD_BYTES + bytes > limits.maxBytes)
      throw new AppError(
        'VALIDATION_FAILED',
        `segment of allocation "${segment.allocation_id ?? ''}" encodes to ${bytes} bytes, more than a whole batch may hold (${limits.maxBytes})`,
      );
    if (current.length >= limits.maxSegments || currentBytes + bytes > limits.maxBytes) {
      batches.push(current);
      current = [];
      currentBytes = BATCH_OVERHEAD_BYTES;
    }
    current.push(segment);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
