/**
 * The collector's side of Telemetry.Report framing: each AgentMessage arrives as bytes, is
 * decoded on first use (LazyAgentMessage), and a batch's segments are sliced out exactly as the
 * agent encoded them for the audit log (batchSegmentFrames). The contract itself, and the
 * client-side definition the agent uses, stay in common/proto.ts.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { pb, telemetryDefinition, type AgentMessage } from '../../common/proto.js';

/**
 * A decoded AgentMessage together with its size on the wire, so the collector can refuse an
 * oversized batch with a message naming the limit rather than a generic transport error.
 */
export interface SizedAgentMessage {
  readonly message: AgentMessage | undefined;
  readonly wireBytes: number;
  /**
   * For a batch: each segment exactly as the agent encoded it, framed as field 2 of a
   * UsageBatch (tag, length, bytes), in order — sliced from the frame, not re-encoded. The
   * concatenation of any of them is itself a valid UsageBatch encoding. Undefined for a hello,
   * or if the slices could not be matched to the decoded segments.
   */
  readonly segmentFrames: readonly Buffer[] | undefined;
  /** Set when the bytes did not decode; the message names the problem. */
  readonly decodeError: string | undefined;
}

/** Reads a varint at `pos`; returns [value, next position] or undefined past the end. */
function readVarint(buf: Uint8Array, pos: number): [number, number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = buf[pos + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos + i + 1];
    scale *= 128;
  }
  return undefined;
}

/** Position after the field whose value starts at `pos`; undefined when malformed. */
function skipValue(buf: Uint8Array, pos: number, wireType: number): number | undefined {
  switch (wireType) {
    case 0:
      return readVarint(buf, pos)?.[1];
    case 1:
      return pos + 8 <= buf.length ? pos + 8 : undefined;
    case 2: {
      const len = readVarint(buf, pos);
      return len !== undefined && len[1] + len[0] <= buf.length ? len[1] + len[0] : undefined;
    }
    case 5:
      return pos + 4 <= buf.length ? pos + 4 : undefined;
    default:
      return undefined;
  }
}

/**
 * The segments of an AgentMessage{batch} frame as framed slices (see SizedAgentMessage), found
 * by walking the wire format the way the decoder does: the last `batch` field wins, segments
 * in order. Undefined when the frame holds no batch or is malformed.
 */
export function batchSegmentFrames(frame: Buffer): Buffer[] | undefined {
  let batchStart = -1;
  let batchEnd = -1;
  for (let pos = 0; pos < frame.length;) {
    const tag = readVarint(frame, pos);
    if (tag === undefined) return undefined;
    const [key, valueAt] = tag;
    if (key === 0x12) {
      const len = readVarint(frame, valueAt);
      if (len === undefined || len[1] + len[0] > frame.length) return undefined;
      batchStart = len[1];
      batchEnd = len[1] + len[0];
      pos = batchEnd;
    } else {
      const next = skipValue(frame, valueAt, key & 7);
      if (next === undefined) return undefined;
      pos = next;
    }
  }
  if (batchStart < 0) return undefined;
  const frames: Buffer[] = [];
  for (let pos = batchStart; pos < batchEnd;) {
    const tag = readVarint(frame, pos);
    if (tag === undefined) return undefined;
    const [key, valueAt] = tag;
    const next = skipValue(frame, valueAt, key & 7);
    if (next === undefined || next > batchEnd) return undefined;
    if (key === 0x12) frames.push(frame.subarray(pos, next));
    pos = next;
  }
  return frames;
}

/**
 * Decodes on first use, not on arrival. Messages wait in grpc-js's and the collector's queues
 * as bytes (outside the JS heap) and become objects only when their turn comes, so queued
 * batches do not survive garbage collection after garbage collection: under load that copying
 * was a large part of the collector's CPU.
 */
class LazyAgentMessage implements SizedAgentMessage {
  private decoded = false;
  private decodedMessage: AgentMessage | undefined;
  private frames: Buffer[] | undefined;
  private error: string | undefined;
  constructor(private readonly bytes: Buffer) {}

  get wireBytes(): number {
    return this.bytes.length;
  }
  get message(): AgentMessage | undefined {
    this.decode();
    return this.decodedMessage;
  }
  get segmentFrames(): readonly Buffer[] | undefined {
    this.decode();
    return this.frames;
  }
  get decodeError(): string | undefined {
    this.decode();
    return this.error;
  }

  private decode(): void {
    if (this.decoded) return;
    this.decoded = true;
    try {
      const message = pb.AgentMessage.decode(this.bytes);
      const segments = message.batch?.segments;
      if (segments !== undefined && segments !== null && segments.length > 0) {
        const frames = batchSegmentFrames(this.bytes);
        this.frames = frames?.length === segments.length ? frames : undefined;
      }
      this.decodedMessage = message;
    } catch (err: unknown) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }
}

/**
 * Server-side view of Telemetry.Report: decoding happens in the handler's deserializer, but a
 * frame that does not decode is handed over as a decodeError instead of failing the call with
 * INTERNAL, so the collector can answer INVALID_ARGUMENT with the reason.
 */
export const telemetryServerDefinition = {
  report: {
    ...telemetryDefinition.report,
    requestDeserialize: (b: Buffer): SizedAgentMessage => new LazyAgentMessage(b),
  },
} satisfies ServiceDefinition;
