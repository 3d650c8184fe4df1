/**
 * What the store makes of a segment that is not simply new (docs/design.md §3, §4): a byte-identical
 * replay of a stored segment is a duplicate (counted once, acked quietly); any other segment
 * starting before the end of its allocation's stored usage, or arriving in a batch whose seq is
 * not above the spool's stored seq, is rejected with a reason. Shared by RedisUsageStore (and the
 * Lua of usage-script.ts) and InMemoryUsageStore so both decide the same.
 *
 * "Identical" means: the same agent, the same start and the same encoded bytes of the segment
 * (what the audit log keeps). The agent resends spooled bytes unchanged, so its own replays
 * always match. The store remembers a 12-byte digest of each stored segment for the replay
 * window — CRC-32 of agent and bytes, and the start — appended to one string per tenant and UTC
 * hour of the segment's start (RedisKeys.segmentDigests), with a TTL.
 */
import { crc32 } from 'node:zlib';
import { quote } from '../../common/errors.js';
import { hourMs } from '../../common/usage/usage-time.js';
import type { StoreRejection, ValidSegment } from './usage-store.js';

/** Bytes of a segment digest. */
export const segmentDigestBytes = 12;

/** What the store makes of a segment: stored, a replay of a stored one, or an overlap (rejected). */
export type SegmentVerdict = 'new' | 'replay' | 'overlap';

/**
 * An agent's seed for its segments' checksums (segmentChecksum); compute once per batch.
 */
export function agentDigestSeed(agentId: string): number {
  return crc32(agentId);
}

/** CRC-32 of the segment's encoded bytes, seeded with the agent's (agentDigestSeed). */
export function segmentChecksum(agentSeed: number, frame: Uint8Array): number {
  return crc32(frame, agentSeed);
}

/**
 * The 12-byte digest of a segment as sent by one agent: its checksum (u32 LE) then its start
 * (f64 LE) — the layout the Lua of usage-script.ts reads from its argument. A collision can only
 * make a segment that is not stored anyway (it lies below its watermark) count as a duplicate
 * instead of a rejection: digests never decide what is stored or counted.
 */
export function segmentDigest(agentSeed: number, startMs: number, frame: Uint8Array): Buffer {
  const digest = Buffer.allocUnsafe(segmentDigestBytes);
  digest.writeUInt32LE(segmentChecksum(agentSeed, frame), 0);
  digest.writeDoubleLE(startMs, 4);
  return digest;
}

/** Start of the UTC hour whose digest string holds a segment starting at `startMs`. */
export function replayBucketStartMs(startMs: number): number {
  return Math.floor(startMs / hourMs) * hourMs;
}

/** Whether `digests` (concatenated digests, as stored) holds `digest` at a digest boundary. */
export function digestsInclude(digests: Buffer | undefined | null, digest: Buffer): boolean {
  if (digests === undefined || digests === null) return false;
  for (let at = digests.indexOf(digest); at >= 0; at = digests.indexOf(digest, at + 1)) {
    if (at % segmentDigestBytes === 0) return true;
  }
  return false;
}

/**
 * The verdict on a segment that is not new by the watermark test (isNewSegment of
 * usage-aggregates.ts): a replay when its digest is stored, else an overlap.
 */
export function verdictOf(isNew: boolean, storedBefore: boolean): SegmentVerdict {
  if (isNew) return 'new';
  return storedBefore ? 'replay' : 'overlap';
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/**
 * The rejection of a segment that starts before the end of its allocation's stored usage
 * (`storedEndMs`, the watermark) and is not a replay of a stored segment.
 */
export function overlapRejection(s: ValidSegment, storedEndMs: number): StoreRejection {
  return {
    index: s.index,
    field: 'start_unix_ms',
    reason:
      `expected ≥ ${iso(storedEndMs)} (the end of allocation ${quote(s.allocationId)}'s stored usage; ` +
      `an allocation's segments tile time in start order and one segment lists all its GPUs) ` +
      `or a byte-identical replay of a stored segment, got ${s.startMs} (${iso(s.startMs)})`,
  };
}

/**
 * The rejection of a segment that is not a replay, in a batch whose seq is not above the last
 * batch stored for the spool.
 */
export function staleSeqRejection(
  s: ValidSegment,
  seq: number,
  storedSeq: number,
  spoolId: string,
): StoreRejection {
  return {
    index: s.index,
    field: 'batch.seq',
    reason:
      `expected more than ${storedSeq} (the last batch stored for spool ${quote(spoolId)}; seq strictly ` +
      `increases per spool, and only byte-identical replays of stored segments may come again), got ${seq}`,
  };
}
