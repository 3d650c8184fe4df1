/**
 * What the transport writes on the stream: a Hello, or a spooled batch (or several merged into one
 * message), framed as an AgentMessage without decoding and re-encoding the spool's payload.
 */
import type { IHello } from '../../common/proto.js';
import { telemetryDefinition } from '../../common/proto.js';
import type { SpoolBatch } from '../spool/spool.js';

/** One message of the stream. */
export type Outgoing = { readonly hello: IHello } | { readonly batchPayload: Uint8Array };

/** Limits of one merged message. */
export interface MergeLimits {
  /** Segments at most (TransportConfig.maxMessageSegments). */
  readonly maxSegments: number;
  /** Payload bytes at most (TransportConfig.maxMessageBytes). */
  readonly maxBytes: number;
}

/** What mergeBatches made of the batches it read. */
export interface MergedBatch {
  /** The message's batch: every part's payload in order, under the last part's seq. */
  readonly batch: SpoolBatch;
  /** The batch read past the limits: the first of the next message. */
  readonly held: SpoolBatch | undefined;
  /** `following` ended: the spool has nothing more for now. */
  readonly caughtUp: boolean;
}

/**
 * `first` and the spooled batches that follow it, merged into one message as far as the limits
 * allow. A UsageBatch encoding is `seq` then `segments`; concatenated encodings decode as one
 * UsageBatch holding every segment in order, with the last seq (protobuf keeps the last value of
 * a scalar field): the collector stores them as one batch, and its cumulative ack covers every
 * merged seq. No decoding, no re-encoding.
 */
export async function mergeBatches(
  first: SpoolBatch,
  following: AsyncIterator<SpoolBatch> | undefined,
  limits: MergeLimits,
): Promise<MergedBatch> {
  const parts: SpoolBatch[] = [first];
  let held: SpoolBatch | undefined;
  let caughtUp = false;
  let segmentCount = first.segmentCount;
  let bytes = first.bytes;
  while (following !== undefined && segmentCount < limits.maxSegments) {
    const r = await following.next();
    if (r.done === true) {
      caughtUp = true;
      break;
    }
    if (segmentCount + r.value.segmentCount > limits.maxSegments || bytes + r.value.bytes > limits.maxBytes) {
      held = r.value;
      break;
    }
    parts.push(r.value);
    segmentCount += r.value.segmentCount;
    bytes += r.value.bytes;
  }
  const last = parts[parts.length - 1] ?? first;
  const payload = parts.length === 1 ? first.payload : Buffer.concat(parts.map((p) => p.payload));
  return { batch: { seq: last.seq, segmentCount, bytes, payload }, held, caughtUp };
}

/**
 * AgentMessage{batch} framed around the spool's already-encoded UsageBatch: field 2, wire
 * type 2, varint length, bytes — the same bytes pb.AgentMessage.encode would produce, without
 * decoding and re-encoding every batch on replay.
 */
export function serializeOutgoing(message: Outgoing): Buffer {
  if ('hello' in message) return telemetryDefinition.report.requestSerialize({ hello: message.hello });
  const payload = message.batchPayload;
  let n = payload.length;
  const prefix: number[] = [0x12];
  while (n > 0x7f) {
    prefix.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  prefix.push(n);
  const out = Buffer.allocUnsafe(prefix.length + payload.length);
  out.set(prefix, 0);
  out.set(payload, prefix.length);
  return out;
}
