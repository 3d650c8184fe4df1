/**
 * The wire contract (proto/gpuwatch/v1) as protobufjs static code, and the grpc-js service
 * definitions built on it. Every program loads the contract from here.
 */
import protobuf from 'protobufjs/minimal.js';
import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import { gpuwatch, grpc as grpcHealth } from './generated/proto.js';

// int64 fields carry Unix milliseconds and byte counts, all well inside 2^53: decode them as
// numbers, never as Long objects (protobufjs picks Long whenever the "long" package is present).
(protobuf.util as { Long: unknown }).Long = undefined;
protobuf.configure();

export const pb = gpuwatch.v1;
export const healthPb = grpcHealth.health.v1;

export type AgentMessage = gpuwatch.v1.AgentMessage;
export type IAgentMessage = gpuwatch.v1.IAgentMessage;
export type CollectorMessage = gpuwatch.v1.CollectorMessage;
export type ICollectorMessage = gpuwatch.v1.ICollectorMessage;
export type Hello = gpuwatch.v1.Hello;
export type IHello = gpuwatch.v1.IHello;
export type Gpu = gpuwatch.v1.Gpu;
export type IGpu = gpuwatch.v1.IGpu;
export type UsageBatch = gpuwatch.v1.UsageBatch;
export type IUsageBatch = gpuwatch.v1.IUsageBatch;
export type UsageSegment = gpuwatch.v1.UsageSegment;
export type IUsageSegment = gpuwatch.v1.IUsageSegment;
export type Ack = gpuwatch.v1.Ack;
export type IAck = gpuwatch.v1.IAck;
export type IRejection = gpuwatch.v1.IRejection;
export type Tenant = gpuwatch.v1.Tenant;
export type ITenant = gpuwatch.v1.ITenant;
export type IUpsertTenantsRequest = gpuwatch.v1.IUpsertTenantsRequest;
export type IUpsertTenantsResponse = gpuwatch.v1.IUpsertTenantsResponse;
export type IGetTenantRequest = gpuwatch.v1.IGetTenantRequest;
export type ITenantUsageRequest = gpuwatch.v1.ITenantUsageRequest;
export type ITenantUsageResponse = gpuwatch.v1.ITenantUsageResponse;
export type IUsageRow = gpuwatch.v1.IUsageRow;
export type IListAlertsRequest = gpuwatch.v1.IListAlertsRequest;
export type IListAlertsResponse = gpuwatch.v1.IListAlertsResponse;
export type IAlert = gpuwatch.v1.IAlert;

interface Codec<T, I> {
  encode(message: I): { finish(): Uint8Array };
  decode(reader: Uint8Array): T;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Typed with the message interfaces (`IFoo`): callers may send plain objects, and what arrives
 * is a decoded message instance (every field set, defaults on the prototype).
 */
function method<ReqT extends ReqI, ReqI, ResT extends ResI, ResI>(
  path: string,
  req: Codec<ReqT, ReqI>,
  res: Codec<ResT, ResI>,
  requestStream: boolean,
  responseStream: boolean,
): MethodDefinition<ReqI, ResI> {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: (m: ReqI) => toBuffer(req.encode(m).finish()),
    requestDeserialize: (b: Buffer) => req.decode(b),
    responseSerialize: (m: ResI) => toBuffer(res.encode(m).finish()),
    responseDeserialize: (b: Buffer) => res.decode(b),
  };
}

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
    path: '/gpuwatch.v1.Telemetry/Report',
    requestStream: true,
    responseStream: true,
    requestSerialize: (m: IAgentMessage) => toBuffer(pb.AgentMessage.encode(m).finish()),
    requestDeserialize: (b: Buffer): SizedAgentMessage => new LazyAgentMessage(b),
    responseSerialize: (m: ICollectorMessage) => toBuffer(pb.CollectorMessage.encode(m).finish()),
    responseDeserialize: (b: Buffer) => pb.CollectorMessage.decode(b),
  },
} satisfies ServiceDefinition;

export const telemetryDefinition = {
  report: method('/gpuwatch.v1.Telemetry/Report', pb.AgentMessage, pb.CollectorMessage, true, true),
} satisfies ServiceDefinition;

export const tenantsDefinition = {
  upsert: method(
    '/gpuwatch.v1.Tenants/Upsert',
    pb.UpsertTenantsRequest,
    pb.UpsertTenantsResponse,
    false,
    false,
  ),
  get: method('/gpuwatch.v1.Tenants/Get', pb.GetTenantRequest, pb.Tenant, false, false),
} satisfies ServiceDefinition;

export const queryDefinition = {
  tenantUsage: method(
    '/gpuwatch.v1.Query/TenantUsage',
    pb.TenantUsageRequest,
    pb.TenantUsageResponse,
    false,
    false,
  ),
  listAlerts: method(
    '/gpuwatch.v1.Query/ListAlerts',
    pb.ListAlertsRequest,
    pb.ListAlertsResponse,
    false,
    false,
  ),
} satisfies ServiceDefinition;

export const healthDefinition = {
  check: method(
    '/grpc.health.v1.Health/Check',
    healthPb.HealthCheckRequest,
    healthPb.HealthCheckResponse,
    false,
    false,
  ),
  watch: method(
    '/grpc.health.v1.Health/Watch',
    healthPb.HealthCheckRequest,
    healthPb.HealthCheckResponse,
    false,
    true,
  ),
} satisfies ServiceDefinition;
